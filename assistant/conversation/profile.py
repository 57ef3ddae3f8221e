"""One question parsed once for follow-up resolution: its cues (opener, deictic, a reference to
the report), its slots (years, places, sectors, a relative year), the reports it names and its
content words. Which words name a report is read from the indexed documents."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.conversation.cues import (
    EXPLETIVE,
    OPENERS,
    QUESTION_WORDS,
    RELATIVE_YEARS,
    REPORT_DEFINITE,
    REPORT_REFERENCE,
    REPORT_WORD,
    SECTOR,
    THIN,
    fold,
)
from assistant.language.lexicon import DEICTICS
from assistant.language.numbers import quantities
from assistant.language.places import NAMED_PLACE, PLACE
from assistant.language.terms import stems
from assistant.models import DocumentInfo

Span = tuple[int, int]


def stemset(text: str) -> set[str]:
    return {fold(s) for s in stems(text)}


@dataclass(frozen=True)
class Names:
    """Which stems name which indexed documents: publisher, the title's first word, its
    capitalised words and its kind of report (`Socialstyrelsen`, `Lägesrapport`, `PRIO`,
    `Försäkringskassan`, `slutrapport`)."""

    by_stem: dict[str, frozenset[str]]
    titles: dict[str, str]

    @classmethod
    def of(cls, documents: Sequence[DocumentInfo]) -> Names:
        found: dict[str, set[str]] = {}
        for d in documents:
            title = d.title.split()
            words = [w for i, w in enumerate(title)
                     if i == 0 or w[:1].isupper() or REPORT_WORD.search(w)]
            for stem in stemset(" ".join([d.publisher or "", *words])):
                found.setdefault(stem, set()).add(d.id)
        return cls({s: frozenset(ids) for s, ids in found.items()},
                   {d.id: d.title for d in documents})

    def named(self, text_stems: set[str]) -> frozenset[str]:
        """The documents `text_stems` names best (a shared name counts less), or none."""
        score: dict[str, float] = {}
        for stem in text_stems:
            for doc in self.by_stem.get(stem, ()):
                score[doc] = score.get(doc, 0.0) + 1 / len(self.by_stem[stem])
        if not score:
            return frozenset()
        best = max(score.values())
        return frozenset(d for d, s in score.items() if s == best)


@dataclass(frozen=True)
class Profile:
    """What one question says on its own: cues, slots and its content words."""

    text: str
    opener: bool
    deictic: bool
    years: tuple[Span, ...]
    relative: int
    places: tuple[Span, ...]
    sectors: tuple[Span, ...]
    named: frozenset[str]
    content: frozenset[str]  # folded stems, not slots, names, question words or cues
    about_report: bool = False  # `vem undertecknade det regeringsbeslutet?`, `rapporten`

    @property
    def elliptical(self) -> bool:
        pointing = self.deictic or self.about_report
        return self.opener or not self.content or (pointing and len(self.content) <= THIN)


def year_spans(text: str) -> tuple[Span, ...]:
    """Years, a range (`2008–2011`, `2012 och 2013`) as one span."""
    spans: list[Span] = []
    for q in quantities(text):
        if not q.is_year:
            continue
        if spans and re.fullmatch(r"\s*(?:[-–—]|till|och|to|and)\s*", text[spans[-1][1]:q.start]):
            spans[-1] = (spans[-1][0], q.end)
        else:
            spans.append((q.start, q.end))
    return tuple(spans)


def spans(pattern: re.Pattern[str], text: str, folded: bool = True) -> tuple[Span, ...]:
    return tuple(m.span() for m in pattern.finditer(fold(text) if folded else text))


def places(text: str) -> tuple[Span, ...]:
    """Counties, countries and named municipalities; overlapping matches as one span."""
    merged: list[Span] = []
    for start, end in sorted(spans(PLACE, text) + spans(NAMED_PLACE, text, folded=False)):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


def _blank(text: str, parts: Sequence[Span]) -> str:
    for start, end in sorted(parts, reverse=True):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def profile(question: str, names: Names) -> Profile:
    """Parse `question` once: what it would replace in the turn before, and what it adds."""
    text = question.strip()
    folded = fold(text)
    words = re.findall(r"[a-z0-9]+", folded)
    relative, rel_spans = 0, list[Span]()
    for pattern, delta in RELATIVE_YEARS:
        for m in pattern.finditer(folded):
            relative, rel_spans = delta, [*rel_spans, m.span()]
    years, where, sectors = year_spans(text), places(text), spans(SECTOR, text)
    rest = _blank(text, [*years, *where, *sectors, *rel_spans])
    own = stemset(rest)
    named = names.named(own)
    name_stems = {s for s in own if s in names.by_stem} if named else set()
    content = frozenset(s for s in own - name_stems if s not in QUESTION_WORDS)
    pointing = {fold(w) for w in DEICTICS}
    about_report = bool(REPORT_REFERENCE.search(folded)
                        or (REPORT_DEFINITE.search(folded) and not named))
    unreferenced = REPORT_REFERENCE.sub(" ", EXPLETIVE.sub(" ", folded))
    deictic = any(w in pointing for w in re.findall(r"[a-z]+", unreferenced))
    return Profile(text, bool(words) and words[0] in OPENERS, deictic, years, relative,
                   where, sectors, named, content, about_report)
