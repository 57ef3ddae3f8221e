"""A passage's text -> the sentences an answer can quote.

The reports come as PDF text exports: lines broken mid-sentence, headings run into the first
sentence, table cells on lines of their own, signatures one name a line, footnotes run into the
text and the reports' own reference marks (`[3, 9]`). Each sentence comes out whole.
"""

from __future__ import annotations

import re

from assistant.language.question import PERSON_LINE

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9•–-])|(?<=:)\s+(?=[A-ZÅÄÖ])|\n+"
                           # a footnote run into the text: `(OECD, 2016) 8 Det Norska ...`
                           r"|(?<=[.)])\s+(?=\d{1,3} [A-ZÅÄÖ][a-zåäö])"
                           # a heading run into its first sentence, which the PDF export
                           # left without a full stop: `... för allmänna stimulansmedel
                           # Totalt har 250 miljoner ...`. Only words that start sentences,
                           # never names, mark the seam.
                           r"|(?<=[a-zåäö]{3}) (?=(?:Totalt|Under|Det|Den|De|Som|Av|I|Inom|För"
                           r"|Enligt|Efter|Vid|Med|Till|Om|Men|Dessa|Detta|Denna|Här|Där|Genom"
                           r"|Sammantaget|Även|Andelen|Antalet|Sedan|Syftet|Målet) [a-zåäö0-9])")
# A footnote's own number before its text (`8 Det Norska Helsedirektoratet ...`): not a value.
_FOOTNOTE_NUMBER = re.compile(r"^\d{1,3} (?=[A-ZÅÄÖ][a-zåäö]+ [a-zåäöA-ZÅÄÖ])")
_BULLET = re.compile(r"^[•\-–*]\s*")
# The reports' own reference marks (`psykoterapi [3, 9, 10].`): they would read as our `[n]`
# citations in an answer, and their numbers are not values.
_REFERENCE = re.compile(r"\s?\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]")


# A line that goes on with the sentence before it (`500 000 kronor.`, `och kommuner ...`).
_GOES_ON = re.compile(r"[a-zåäö]|\d[\d\s,]*\s(?:[a-zåäö]|%)")
_ENDS = (".", "!", "?", ":", ";")
# A line that is only table cells (`16 344 128`, `(13,7 %)`, `| 707 | 0`): it belongs to the row
# label on the line before it.
_CELLS = re.compile(r"[\d\s,.%()|*–-]+")
_CAPTION_LABEL = re.compile(r"(?:Tabell|Figur|Diagram|Bild)\s+\d+[.:]?")
_ABOUT_TABLE = re.compile(r"(?:Tabell \d+ (?:visar|redovisar|beskriver|sammanfattar)"
                          r"|I tabell \d+ (?:framgår|redovisas|presenteras|visas|beskrivs))\b")
_MIN_SENTENCE = 15  # characters: shorter lines are labels, cells or parts of a signature
# An abbreviation of dotted letters ends no sentence: `t.o.m. 2012`, `t.ex. Malmö`, `bl.a.`.
_DOTTED = re.compile(r"(?:^|\s)(?:[a-zåäö]{1,3}\.){2,}$")


def _joined_abbreviations(parts: list[str]) -> list[str]:
    """Parts split after a dotted abbreviation (`... projekttid, t.o.m.` | `2012.`) joined."""
    out: list[str] = []
    for part in parts:
        if out and _DOTTED.search(out[-1]):
            out[-1] = f"{out[-1]} {part.strip()}"
        else:
            out.append(part)
    return out


def sentences(text: str) -> list[str]:
    """The sentences (and list items, table rows) of a passage, without bullets or the
    reports' own reference marks."""
    lines: list[str] = []
    for line in text.split("\n"):
        line = _REFERENCE.sub("", line).strip()
        if lines and line and _CELLS.fullmatch(line):
            lines[-1] = f"{lines[-1]} | {line}"
        elif lines and line and _GOES_ON.match(line) and not lines[-1].endswith(_ENDS) \
                and not (lines[-1][-1:].isdigit() and line[:1].isdigit()):
            # (but `Prestationsmål 2` / `100 miljoner kronor` is no `2 100 miljoner`)
            lines[-1] = f"{lines[-1]} {line}"  # `... använda högst` / `500 000 kronor.`
        elif lines and line and (len(line) <= _MIN_SENTENCE or PERSON_LINE.fullmatch(line)) \
                and len(lines[-1]) <= 60 and not lines[-1].endswith(_ENDS):
            # a signature (`Stockholm i maj 2016` / `Hans Karlsson` / `Direktör`); a short
            # heading after a long sentence (`IPS`) is not part of it
            lines[-1] = f"{lines[-1]}, {line}"
        elif line:
            lines.append(line)
    parts: list[str] = []
    label = ""  # `Tabell 3:` stays with its caption
    for s in _joined_abbreviations(_SENTENCE_END.split("\n".join(lines))):
        s = _FOOTNOTE_NUMBER.sub("", _BULLET.sub("", s.strip()))
        if _CAPTION_LABEL.fullmatch(s):
            label = f"{s} "
            continue
        parts.append(label + s)
        label = ""
    return [s for s in parts if len(s) > _MIN_SENTENCE]


def is_caption(sentence: str) -> bool:
    """`Tabell 3: Landstingens redovisning av ...`, `Tabell 8 visar i vilka län de 113 projekten
    ...`: says what a table shows, not its figures."""
    label = _CAPTION_LABEL.match(sentence)  # `Tabell 3. Antal ...`, not `Tabell 3 visar`
    return bool(label and label.group().endswith((".", ":"))
                and sentence[label.end():label.end() + 1].isspace()
                or _ABOUT_TABLE.match(sentence))
