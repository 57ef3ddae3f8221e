"""Deterministic follow-up resolution (no model call): elliptical question + the turn before ->
a standalone question, or the question unchanged when it stands alone.

Two shapes. A follow-up that only names a year, place, sector or report (`Och 2010?`, `och
gotland?`, `och året innan?`, `och enligt Vårdanalys?`) becomes the question before with that
slot replaced: `Hur många ... i Skåne 2010?`. One with words of its own (`vem undertecknade det
regeringsbeslutet?`) keeps them and gets the earlier question's topic words after a dash, less
what it replaces itself (its own year, place, sector, report). Which words name a report comes
from the indexed documents' titles and publishers, not from a list.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from assistant.conversation import Resolution, Turn, recent
from assistant.conversation.cues import (
    CARRY_RICH,
    CARRY_THIN,
    JOIN,
    OPENERS,
    PARTITIVE,
    QUESTION_WORDS,
    SECTOR,
    THIN,
    fold,
)
from assistant.conversation.profile import (
    Names,
    Profile,
    Span,
    places,
    profile,
    spans,
    stemset,
    year_spans,
)
from assistant.language.numbers import quantities
from assistant.language.question import Kind, classify, money_flows
from assistant.language.terms import stems
from assistant.models import DocumentInfo

_WORD = re.compile(r"[^\s?!.,;()\"”“]+(?:[.,:][^\s?!.,;()\"”“]+)*")
_OWN_KIND = (Kind.OTHER, Kind.WHICH)


class FollowUpResolver:
    """Resolve a question against the turns before it, by rules (see the module docstring)."""

    def __init__(self, documents: Callable[[], Sequence[DocumentInfo]] = list,
                 idf: Callable[[str], float | None] | None = None) -> None:
        self._documents = documents
        self._idf = idf

    def names(self) -> Names:
        docs = tuple(self._documents())
        return _names(tuple((d.id, d.title, d.publisher) for d in docs), docs)

    def resolve(self, question: str, history: Sequence[Turn]) -> Resolution:
        history = recent(history)
        if not history:
            return Resolution(question)
        names = self.names()
        before = history[0].question
        for previous, turn in zip(history, history[1:], strict=False):
            before = self.step(turn.question, before, previous.documents, names,
                               previous.answer).question
        return self.step(question, before, history[-1].documents, names, history[-1].answer)

    def step(self, question: str, before: str, cited: Sequence[str], names: Names,
             answer: str | None = None) -> Resolution:
        """`question` after the (standalone) question `before`, whose answer (`answer`) cited
        `cited`."""
        new = profile(question, names)
        if not new.elliptical:
            return Resolution(question)
        old = profile(before, names)
        other = bool(new.named) and not (new.named & set(cited)) and new.named != old.named
        prefer = tuple(sorted(new.named)) if other else tuple(cited)
        leftover = _place_words(new)
        if new.about_report and not new.deictic and not new.named and prefer:
            # `Vem skrev rapporten?`: the report the answer before cited, by its title
            title = names.titles.get(prefer[0], "")
            text = f"{question.strip().rstrip(' ?')}{JOIN}{title}?" if title else question
        elif not new.content or leftover:
            text = substitute(before, new, old, other, leftover, names)
        else:
            text = augment(new, before, old, other, names, self._rarity)
        stated = answered_figure(answer) if PARTITIVE.search(fold(question.lower())) else ""
        if stated and stated not in text:  # `av det` -> of the 428,5 miljoner kronor
            text = f"{text.rstrip(' ?')} {stated}?"
        text = re.sub(r"\s+", " ", text).strip()
        return Resolution(text, text if text != question.strip() else None, prefer)


    def _rarity(self, word: str) -> float:
        """How rare `word` is in the indexed reports (its rarest stem; unknown words 0): the
        rarer, the more it says which passage a follow-up is about."""
        if self._idf is None:
            return 1.0
        return max((w for s in stems(word) if (w := self._idf(s)) is not None), default=0.0)


def answered_figure(answer: str | None) -> str:
    """The first figure (not a year) the answer states, as written (`428,5 miljoner kronor`);
    empty for no answer or one without a figure."""
    text = re.sub(r"\[\d+(?:,\s*\d+)*\]", " ", answer or "")
    return next((q.text for q in quantities(text) if not q.is_year), "")


@lru_cache(maxsize=8)
def _names(key: tuple, docs: tuple[DocumentInfo, ...]) -> Names:
    return Names.of(docs)


def _place_words(new: Profile) -> str:
    """`och Vaxholm?`: a follow-up whose only content is a capitalised name -> that name."""
    if not new.content or len(new.content) > 2:
        return ""
    names = [w for w in _WORD.findall(new.text)[1:] if w[:1].isupper()]
    if names and stemset(" ".join(names)) >= new.content:
        return " ".join(names)
    return ""


def _replace(text: str, spans: Sequence[Span], value: str, last: bool = False) -> str:
    """`text` with one span (the first, or the last) replaced; `value` appended if none."""
    if not spans:
        return f"{text.rstrip(' ?')} {value}?"
    start, end = spans[-1] if last else spans[0]
    return text[:start] + value + text[end:]


def _cut(text: str, spans: Sequence[Span]) -> str:
    return " ".join(text[s:e] for s, e in spans)


def substitute(before: str, new: Profile, old: Profile, other: bool, leftover: str,
               names: Names) -> str:
    """The question before, with the follow-up's year, place, sector or report in place."""
    text = before
    if new.years or (new.relative and old.years):
        value = _cut(new.text, new.years)
        if not value:
            last = [q for q in quantities(_cut(before, old.years[-1:])) if q.is_year]
            value = str(int(last[-1].value) + new.relative)
        text = _replace(text, year_spans(text), value, last=True)
    place = _cut(new.text, new.places) or leftover
    if place:
        place = place[:1].upper() + place[1:]
        text = _replace(text, places(text), place)
    if new.sectors:
        text = _replace(text, spans(SECTOR, text), _cut(new.text, new.sectors))
    if other:
        tail = re.sub(rf"^\W*(?:{'|'.join(OPENERS)})\b", "", new.text, flags=re.I)
        stale = {s for s, docs in names.by_stem.items() if docs & old.named}
        text = f"{_without_names(text, stale).rstrip(' ?')} {tail.strip(' ?')}?"
    return text


def _without_names(text: str, stems_of_names: set[str]) -> str:
    """`text` less the words that name a report (`stems_of_names`) and a dangling preposition."""
    out = " ".join(w for w in _WORD.findall(text)
                   if w.isdigit() or not stemset(w) & stems_of_names)
    dangling = re.compile(r"\s+(?:enligt|i|om|av|från|för|according to|in|of|by)\s*$")
    while dangling.search(out):
        out = dangling.sub("", out)
    return out


def augment(new: Profile, before: str, old: Profile, other: bool, names: Names,
            rarity: Callable[[str], float]) -> str:
    """The follow-up, then the earlier question's rarest topic words it does not replace
    (CARRY_THIN of them after a thin follow-up, CARRY_RICH after one with words of its own)."""
    skip: list[Span] = []
    if new.years or new.relative:
        skip += old.years
    if new.places:
        skip += old.places
    if new.sectors:
        skip += old.sectors
    own_kind = classify(new.text).kind not in _OWN_KIND
    flows = money_flows(new.text)
    have = stemset(new.text)
    old_names = {s for s, docs in names.by_stem.items() if docs & old.named} if other else set()
    context: list[str] = []
    slots: set[str] = set()  # the earlier year, place and sector go along when not replaced
    seen: set[str] = set()
    for m in _WORD.finditer(before):
        word = m.group()
        if any(s <= m.start() < e for s, e in skip):
            continue
        stemmed = stemset(word)
        if not stemmed and not any(c.isdigit() for c in word):
            continue
        if fold(word) in QUESTION_WORDS or stemmed & (have | old_names):
            continue
        if own_kind and classify(word).kind not in _OWN_KIND:
            continue
        if flows and money_flows(word) - flows:  # `förbrukades` is not answered by `fördelade`
            continue
        if fold(word) not in seen:
            seen.add(fold(word))
            context.append(word)
            if any(s <= m.start() < e for s, e in (*old.years, *old.places, *old.sectors)):
                slots.add(word)
    carry = CARRY_THIN if len(new.content) <= THIN else CARRY_RICH
    if new.about_report and not new.deictic:  # the report itself, preferred: no topic words
        carry = 0
    if other and not new.deictic:  # another report, asked on its own terms: `och hur mycket
        carry = 0  # hade regeringen avsatt till PRIO totalt?` after the 2016 agreement
    keep = set(sorted(context, key=lambda w: (-rarity(w), context.index(w)))[:carry])
    context = [w for w in context if w in keep or w in slots]
    if new.relative and not new.years and old.years:
        last = [q for q in quantities(_cut(before, old.years[-1:])) if q.is_year]
        context.append(str(int(last[-1].value) + new.relative))
    if not context:
        return new.text
    return f"{new.text.rstrip(' ?')}{JOIN}{' '.join(context)}?"
