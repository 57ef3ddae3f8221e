"""Text cleanup for PDF-exported Swedish text: pure functions from raw page text to blocks.

A block is a heading, a paragraph, a bullet, a table caption or a table row, so the chunker can
keep structure: headings become chunk sections and rows carry their table's caption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.language.dictionary import Lexicon

# No-break, thin and other fixed-width spaces -> plain space (inside numbers: `10 000`).
_SPACES = re.compile(r"[\u00a0\u2007\u2009\u202f\u2002\u2003\u2004\u2005\u2006\u2008\u200a]")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\ufeff]")  # soft hyphen, zero widths, BOM
# Bullet glyphs of PDF exports, including the private-use  (U+F0B7) of Symbol fonts.
_BULLET = re.compile(r"^\s*[•\uf0b7\uf0a7\uf076\uf0d8▪■●◦○►➢✓\u2013\u2014-]\s+(?=\S)")
_CAPTION = re.compile(r"^(Tabell|Table|Figur|Figure|Diagram|Bild)\s+\d+[.:](\s|$)", re.I)
_HEADING_NUM = re.compile(r"^(\d+(\.\d+)*\.?)\s*[A-ZÅÄÖ]")
_LINE_HYPHEN = re.compile(r"(?P<left>[\w]+)-[ \t]*$")
_FIRST_WORD = re.compile(r"^(?P<right>[\wåäö]+)(?P<rest>.*)$", re.S)
# Suspended compounds: `hälso- och sjukvård`, `brukar-, patient- och`: keep the hyphen.
_CONJ = {"och", "eller", "samt", "respektive", "resp", "som", "till", "liksom", "men", "&"}
_NUMERIC = re.compile(r"^[\d.,%*–\-+()/]+$|^-$")
_TERMINAL = (".", "!", "?", ":", ";")
# A line ending in one of these is mid-sentence, never a heading.
_FUNCTION_WORDS = set(
    "och i av till för med på att som en ett den det de om från eller samt är har vid inom "
    "under mellan efter genom utan mot både".split()
)

BLOCK_KINDS = ("heading", "paragraph", "bullet", "caption", "row")


@dataclass(frozen=True)
class Block:
    kind: str
    text: str


def normalise_spaces(text: str) -> str:
    """Unify odd spaces and drop invisible characters; keep å, ä, ö and typographic dashes."""
    return _INVISIBLE.sub("", _SPACES.sub(" ", text)).replace("\r\n", "\n").replace("\r", "\n")


def join_word(left: str, right: str, lexicon: Lexicon | None = None) -> str | None:
    """How `left-` at a line end and `right` at the next line's start are rejoined.

    Returns the joined word (`psykisk`, or `ACT-modellen` when the hyphen is real), or None
    when the hyphen ends a suspended compound (`hälso-` + `och`) and the line break is a space.
    """
    if right.lower() in _CONJ or not right[:1].isalnum():
        return None
    lex = lexicon or Lexicon()
    joined, hyphened = left + right, f"{left}-{right}"
    if lex.has_seen(joined) or (not lex.has_seen(hyphened) and lex.known(joined)):
        return joined
    if lex.has_seen(hyphened):
        return hyphened
    # Acronyms, digits, single letters and capitalised second parts keep their hyphen
    # (`SKL-rapporten`, `e-hälsa`, `2008-års`, `Stockholms-Gotland`).
    if left.isupper() or any(ch.isdigit() for ch in left) or len(left) == 1 or right[0].isupper():
        return hyphened
    return joined  # typesetters hyphenate; an unknown word is most likely a split one


def join_hyphenated(text: str, lexicon: Lexicon | None = None) -> str:
    """Join words split across line ends, keeping suspended compounds like `hälso- och`."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _LINE_HYPHEN.search(line)
        j = i + 1
        while m and j < len(lines) and not lines[j].strip():
            j += 1  # double-spaced exports put a blank line between every line
        if m and j < len(lines):
            nxt = _FIRST_WORD.match(lines[j].lstrip())
            word = join_word(m["left"], nxt["right"], lexicon) if nxt else None
            if nxt and word is not None:
                lines[j] = line[: m.start()] + word + nxt["rest"]
                i = j
                continue
        out.append(line)
        i += 1
    return "\n".join(out)


def is_table_row(line: str) -> bool:
    """A flattened table row: at least as many numbers as words (`Stockholm 32 910  8 516`)."""
    tokens = line.split()
    numeric = sum(1 for t in tokens if _NUMERIC.match(t))
    words = len(tokens) - numeric
    if numeric and not words:
        return True
    return numeric >= 2 and numeric >= words and not line.rstrip().endswith(("?", "!"))


def _is_heading(line: str, width: int, after_break: bool, next_starts_block: bool) -> bool:
    text = line.strip()
    if not text or not after_break or not next_starts_block or is_table_row(text):
        return False
    if len(text) > min(90, 0.7 * width) or text.endswith((*_TERMINAL, ",", "-", "–")):
        return False
    words = text.split()
    if len(words) > 12 or words[-1].lower() in _FUNCTION_WORDS:
        return False
    return bool(_HEADING_NUM.match(text)) or text[0].isupper()


def _line_width(lines: list[str]) -> int:
    lengths = sorted(len(x.strip()) for x in lines if x.strip())
    return max(40, lengths[int(len(lengths) * 0.9)]) if lengths else 80


def _logical_lines(text: str) -> list[str | None]:
    """Content lines with `None` at paragraph breaks; copes with double-spaced exports."""
    raw = text.split("\n")
    content = [x for x in raw if x.strip()]
    double = len(content) >= 6 and sum(1 for x in raw if not x.strip()) >= 0.7 * len(content)
    out: list[str | None] = []
    blanks = 0
    for line in raw:
        if line.strip():
            if out and (blanks >= (2 if double else 1)):
                out.append(None)
            out.append(line)
            blanks = 0
        else:
            # In double-spaced text a whitespace-only line (" ") is an empty line of its own.
            blanks += 2 if (double and line) else 1
    return out


def blocks(text: str, lexicon: Lexicon | None = None) -> list[Block]:
    """Raw page text -> headings, paragraphs, bullets, captions and table rows, in order."""
    text = join_hyphenated(normalise_spaces(text), lexicon)
    lines = _logical_lines(text)
    width = _line_width([x for x in lines if x])
    result: list[Block] = []
    kind, parts = "", list[str]()

    def flush() -> None:
        nonlocal kind, parts
        joined = re.sub(r"\s+", " ", " ".join(parts)).strip()
        if joined:
            result.append(Block(kind or "paragraph", joined))
        kind, parts = "", []

    def open_sentence() -> bool:
        return bool(parts) and kind in ("paragraph", "bullet") and not parts[-1].endswith(
            _TERMINAL
        )

    pending_break = True
    for idx, line in enumerate(lines):
        if line is None:
            pending_break = True
            continue
        s = line.strip()
        if pending_break and parts and not (open_sentence() and s[:1].islower()):
            flush()  # a blank line ends a block, unless the sentence plainly goes on
        after_break = pending_break or not parts or parts[-1].endswith(_TERMINAL)
        pending_break = False
        nxt = next((x for x in lines[idx + 1 :] if x is None or x.strip()), None)
        next_starts_block = nxt is None or bool(
            _BULLET.match(nxt) or nxt.strip()[:1].isupper() or _HEADING_NUM.match(nxt.strip())
        )
        if kind == "caption" and len(parts) < 3 and not parts[-1].endswith("."):
            parts.append(s)
        elif _CAPTION.match(s):
            flush()
            kind, parts = "caption", [s]
        elif (bullet := _BULLET.match(line)) and not is_table_row(s):
            flush()
            kind, parts = "bullet", ["• " + line[bullet.end():].strip()]
        elif is_table_row(s) and not (open_sentence() and len(s.split()) == 1):
            flush()
            result.append(Block("row", re.sub(r"\s{2,}", " | ", s)))
        elif _is_heading(s, width, after_break, next_starts_block):
            flush()
            result.append(Block("heading", re.sub(r"\s+", " ", s)))
        else:
            if kind == "caption" or (parts and parts[-1][-1:].isdigit() and s[:1].isdigit()):
                # `Prestationsmål 2` / `100 miljoner kronor fördelas ...` joined would read
                # `2 100 miljoner`: a line that starts with a figure after one that ends with
                # one starts a block of its own (no report breaks a number over two lines)
                flush()
            parts.append(s)
            kind = kind or "paragraph"
        # A short line that ends a sentence ends its paragraph: the only paragraph cue the
        # double-spaced exports give.
        if parts and s.endswith(_TERMINAL) and len(s) < 0.8 * width and kind != "caption":
            flush()
    flush()
    return result


def paragraphs(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """The text of every block of a page, in order (headings and rows included)."""
    return [b.text for b in blocks(text, lexicon)]
