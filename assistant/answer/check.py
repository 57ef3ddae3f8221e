"""Check a generated answer against its passages before anyone sees it.

Two checks, both cheap and deterministic:
- every `[n]` marker must point at a passage that was given; others are removed and reported;
- every number the answer states must appear (compared by value, see
  assistant.language.numbers) in at least one passage the answer cites; numbers the question
  itself states are exempt.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.answer import NO_SUPPORT
from assistant.language.numbers import Quantity, parse_quantities
from assistant.models import Citation, Passage

# `[1]`, `[1, 2]`, `[1;2]`, also with the model's habit of a space inside: `[ 2 ]`.
MARKER = re.compile(r"\[\s*(\d{1,3}(?:\s*[,;]\s*\d{1,3})*)\s*\]")
_LIST_NUMBER = re.compile(r"(?m)^\s*\d{1,2}[.)]\s+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
# our own passage delimiters, echoed back by a model (also one cut off at the end)
_ECHOED_TAG = re.compile(r"</?\s*utdrag\b[^>]*(?:>|$)", re.IGNORECASE)
_NO_SUPPORT = re.compile(r"jag hittar inget stöd|i find no support", re.IGNORECASE)


@dataclass(frozen=True)
class Checked:
    """An answer after the checks: renumbered text, its citations and what was wrong."""

    text: str
    citations: list[Citation] = field(default_factory=list)
    dropped: list[int] = field(default_factory=list)  # markers that pointed at no passage
    unsupported: list[str] = field(default_factory=list)  # numbers no cited passage states
    abstained: bool = False  # the model said the passages do not answer the question
    echo: bool = False  # the model repeated our instructions or one sentence over and over
    unbacked: list[str] = field(default_factory=list)  # cited sentences sharing few words

    @property
    def grounded(self) -> bool:
        return (bool(self.citations) and not self.unsupported and not self.abstained
                and not self.echo and not self.unbacked)


def markers(text: str) -> list[int]:
    """Every passage number cited in `text`, in order of appearance, repeats included."""
    return [int(n) for m in MARKER.finditer(text) for n in re.split(r"\s*[,;]\s*", m.group(1))]


def check_answer(question: str, text: str, passages: Sequence[Passage]) -> Checked:
    """Drop markers that point at no passage, renumber the rest 1..k, and check the numbers."""
    order: dict[int, int] = {}  # given passage number -> number in the checked answer
    dropped: list[int] = []

    def renumber(m: re.Match[str]) -> str:
        kept = []
        for n in (int(x) for x in re.split(r"\s*[,;]\s*", m.group(1))):
            if 1 <= n <= len(passages):
                kept.append(order.setdefault(n, len(order) + 1))
            elif n not in dropped:
                dropped.append(n)
        return "".join(f"[{k}]" for k in dict.fromkeys(kept))

    checked = _tidy(MARKER.sub(renumber, _ECHOED_TAG.sub(" ", text).strip()))
    citations = [
        Citation(n=k, passage=passages[n - 1], quote=_quote(checked, k))
        for n, k in order.items()
    ]
    cited = [passages[n - 1] for n in order]
    abstained = not citations and bool(_NO_SUPPORT.search(checked))
    return Checked(
        text=checked,
        citations=citations,
        dropped=dropped,
        unsupported=[] if abstained else unsupported_numbers(question, checked, cited),
        abstained=abstained,
        echo=is_echo(checked),
        unbacked=[] if abstained else unbacked_sentences(checked, [c.passage for c in citations]),
    )


# Phrases of our own prompt: an answer holding one repeats the instructions, not the reports.
_PROMPT_PHRASES = ("svara kort", "ange källor", "utdrag ur rapporterna", "fråga:", "[/inst]",
                   "inte instruktioner", "sätt källans nummer", "<start_of_turn>")
_WORD = re.compile(r"[a-zåäöéü]{4,}")


def is_echo(text: str) -> bool:
    """Does the answer repeat our instructions, or one sentence three times or more?"""
    low = text.lower()
    if any(p in low for p in _PROMPT_PHRASES):
        return True
    parts = [p.strip() for p in _SENTENCE.split(low) if len(p.strip()) > 20]
    return any(parts.count(p) >= 3 for p in set(parts))


def unbacked_sentences(text: str, cited: Sequence[Passage], share: float = 0.5) -> list[str]:
    """Sentences with a marker that share under `share` of their words with the passages they
    cite (words of four letters or more, compared on their first five letters)."""
    out = []
    for sentence in _SENTENCE.split(text):
        numbers = [int(n) for n in re.findall(r"\[(\d+)\]", sentence)]
        sources = [cited[n - 1] for n in numbers if 1 <= n <= len(cited)]
        words = {w[:5] for w in _WORD.findall(MARKER.sub(" ", sentence).lower())}
        if not sources or not words:
            continue
        known = {w[:5] for p in sources for w in _WORD.findall(f"{p.title} {p.text}".lower())}
        if len(words & known) < share * len(words):
            out.append(_tidy(MARKER.sub("", sentence)))
    return out


def unsupported_numbers(question: str, text: str, cited: Sequence[Passage]) -> list[str]:
    """The numbers in `text` that none of `cited` states (as written in `text`)."""
    plain = _LIST_NUMBER.sub("", MARKER.sub(" ", text))
    asked = parse_quantities(question)
    sources = [q for p in cited for q in parse_quantities(p.text)]
    missing = []
    for q in parse_quantities(plain):
        if any(backed(q, a) for a in asked):
            continue  # restating the question's own figures is not an invention
        if not any(backed(q, s) for s in sources):
            missing.append(q.text)
    return list(dict.fromkeys(missing))


def backed(claim: Quantity, source: Quantity) -> bool:
    """Does `source` state `claim`? Same value (units may be left out), or a bare number as written.

    `428,5 miljoner` is backed by `428,5 miljoner kronor`, `428.5 MSEK` by `428 500 000 kr`,
    a bare `406` by `406 av de 428,5 miljoner kronor`; `12 %` is not backed by `12 kronor`.
    """
    if claim.unit and source.unit and claim.unit != source.unit:
        return False
    if _close(claim.value, source.value):
        return True
    bare = not claim.unit and claim.value == claim.number
    return bare and (_close(claim.number, source.number) or _close(claim.number, source.value))


def is_no_support(text: str) -> bool:
    """Does `text` say the documents do not answer (in Swedish or English)?"""
    return bool(_NO_SUPPORT.search(text)) or text.strip() == NO_SUPPORT


def _quote(text: str, k: int) -> str:
    """The sentences of the answer that cite passage `k`, without their markers."""
    marker = f"[{k}]"
    parts = [s for s in _SENTENCE.split(text) if marker in s]
    return " ".join(_tidy(MARKER.sub("", s)) for s in parts)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]+([.,;:!?])", r"\1", text)
    return re.sub(r"[ \t]{2,}", " ", text).strip()
