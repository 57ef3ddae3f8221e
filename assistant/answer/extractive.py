"""The default answerer: quotes the sentences that best answer the question. Offline, exact.

Every sentence and year-table cell of the retrieved passages is a candidate, described by named
features (assistant.answer.features) and scored by a choice model fitted on the dev split
(assistant.answer.weights): the probability that it, of all the candidates, states the answer.
The best one is the answer when its confidence (a second fitted stage: its probability, its lead
over the next candidate that says something else, its features) clears the threshold chosen on
dev; below it, the answer is "no support", with the nearest passages shown as not sources. A
question that names a year is never answered by a sentence whose passage lacks that year (unless
the sentence states none and its report's title spans it), nor one that names a county or
country by a sentence whose passage lacks that place.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass

from assistant.answer import NO_SUPPORT, NO_SUPPORT_EN, Generator
from assistant.answer.features import Candidate, Vectors, candidates
from assistant.answer.weights import Weights
from assistant.language.abbreviations import spells_out
from assistant.language.places import place_names
from assistant.language.profile import Idf, QuestionProfile, build_profile, figures, years
from assistant.language.question import is_english
from assistant.language.terms import analyse
from assistant.models import Answer, Citation, Passage

LEAD_IN_SV_QUOTES = "The documents say (quoted in Swedish): "
LEAD_IN_EN = "The documents say: "


@dataclass(frozen=True)
class Scored:
    probability: float
    candidate: Candidate


class ExtractiveGenerator(Generator):
    """Picks the most probable sentence (and a second as good one); abstains below the
    fitted confidence threshold."""

    name = "extractive"

    def __init__(self, idf: Idf | None = None, *,
                 document_terms: Callable[[str], Set[str]] | None = None,
                 weights: Weights | None = None, max_sentences: int = 2,
                 sentence_vectors: Vectors | None = None) -> None:
        self.idf = idf
        self.sentence_vectors = sentence_vectors  # e5 vectors of sentences, made at ingest
        self.document_terms = document_terms
        self.weights = weights or Weights.load()
        self.max_sentences = max_sentences

    def answer(self, question: str | QuestionProfile, passages: list[Passage]) -> Answer:
        profile = self.profile(question, passages)
        ranked = self.rank(profile, passages)
        allowed = [s for s in ranked if s.candidate.allowed]
        confidence = self.confidence(allowed, profile)
        if confidence < self.weights.threshold:
            text = NO_SUPPORT_EN if profile.english else NO_SUPPORT
            related = passages[:3]
            near = self._nearest(profile, ranked)
            if near is not None:  # the same fact for another year or place: said, not cited
                source = passages[near.passage]
                text = f"{text} {nearest_note(profile, near, source)}"
                related = [source, *(p for p in passages[:3] if p is not source)][:3]
            return Answer(question=profile.text if isinstance(question, str) else question.text,
                          text=text, related=related, generator=self.name,
                          confidence=round(confidence, 3))
        return self._compose(question, profile, passages, self._pick(allowed), confidence)

    def _nearest(self, profile: QuestionProfile, ranked: Sequence[Scored]) -> Candidate | None:
        """The candidate that would answer with confidence, were it not for another year or
        place than the question names (`8 422 deltagare i Skåne 2012` for Skåne 2014)."""
        barred = next((s for s in ranked if not s.candidate.allowed), None)
        if barred is None or not (profile.years or profile.places):
            return None
        # the same statement for several years (a table row's cells) is one statement here:
        # its years share its probability, and the one nearest the asked year is said
        same = [barred]
        if profile.years and years(barred.candidate.text):
            label = _without_years(barred.candidate.text)
            same = [s for s in ranked if not s.candidate.allowed
                    and s.candidate.passage == barred.candidate.passage
                    and _without_years(s.candidate.text) == label and years(s.candidate.text)]
        statement = Scored(sum(s.probability for s in same), barred.candidate)
        others = [statement, *(s for s in ranked if all(s is not t for t in same))]
        if self.confidence(others, profile) < self.weights.threshold:
            return None
        return min((s.candidate for s in same),
                   key=lambda c: min((abs(y - a) for y in years(c.text) for a in profile.years),
                                     default=0))

    def confidence(self, allowed: Sequence[Scored], profile: QuestionProfile) -> float:
        """How sure an answer to `profile` built on the best allowed candidate would be (0 with
        none)."""
        if not allowed:
            return 0.0
        best = allowed[0]
        rival = runner_up(best.candidate.text,
                          ((s.probability, s.candidate.text) for s in allowed[1:]),
                          profile.years, profile.spelled)
        return self.weights.confidence(best.candidate.features, best.probability, rival)

    def profile(self, question: str | QuestionProfile,
                passages: Sequence[Passage]) -> QuestionProfile:
        """The service hands a profile; a bare question (tests, tools) is analysed here."""
        if isinstance(question, QuestionProfile):
            return question
        return build_profile(question, self._idf_for(passages),
                             unknown_anchors=self.idf is not None)

    def rank(self, profile: QuestionProfile, passages: Sequence[Passage]) -> list[Scored]:
        """Every candidate of `passages`, most probable answer first."""
        found = candidates(profile, passages, self.document_terms, self.sentence_vectors)
        chances = self.weights.probabilities([c.features for c in found])
        scored = [Scored(p, c) for p, c in zip(chances, found, strict=True)]
        scored.sort(key=lambda s: (-s.probability, s.candidate.passage))
        return scored

    def _pick(self, ranked: list[Scored]) -> list[Scored]:
        best = ranked[0]
        picked = [best]
        stated = figures(best.candidate.text)
        for s in ranked[1:]:
            if len(picked) >= self.max_sentences or s.probability < 0.8 * best.probability:
                break
            said = figures(s.candidate.text)
            if said and said <= stated:
                continue  # says again what the answer says (`406 av de 428,5` twice)
            if all(not _same(s.candidate.said, p.candidate.said) for p in picked):
                picked.append(s)
                stated |= said
        return picked

    def _compose(self, question: str | QuestionProfile, profile: QuestionProfile,
                 passages: list[Passage], picked: list[Scored], confidence: float) -> Answer:
        numbers: dict[int, int] = {}
        quotes: dict[int, list[str]] = {}
        parts: list[str] = []
        for s in picked:
            c = s.candidate
            n = numbers.setdefault(c.passage, len(numbers) + 1)
            quotes.setdefault(c.passage, []).append(c.quote or c.said)
            parts.append(f"{_end(c.said)} [{n}]")
        citations = [Citation(n=n, passage=passages[i], quote=" ".join(quotes[i]))
                     for i, n in numbers.items()]
        text = " ".join(parts)
        if profile.english:  # say "quoted in Swedish" only when the quotes are Swedish
            swedish = any(not is_english(c.quote) for c in citations)
            text = (LEAD_IN_SV_QUOTES if swedish else LEAD_IN_EN) + text
        asked = question if isinstance(question, str) else question.text
        return Answer(question=asked, text=text, citations=citations, grounded=True,
                      generator=self.name, confidence=round(confidence, 3))

    def _idf_for(self, passages: Sequence[Passage]) -> Idf:
        """Global idf when the corpus index is known, else idf within `passages`."""
        if self.idf is not None:
            return self.idf
        docs = [set(analyse(f"{p.title} {p.text}")) for p in passages]

        def local_idf(term: str) -> float | None:
            df = sum(term in d for d in docs)
            return math.log(1 + (len(docs) + 1) / (df + 0.5)) if df else None

        return local_idf


def nearest_note(profile: QuestionProfile, near: Candidate, source: Passage) -> str:
    """What the reports do say, for another year or place than asked: `Närmast anger
    rapporterna, för 2012: "…" (Titel, s. 5).` It is no answer: it is shown, not cited."""
    other = ", ".join(
        [str(y) for y in sorted(years(near.text) - profile.years)] if not near.dated
        else place_names(f"{near.quote or near.text}"))
    where = f"{source.title}" + (f", {'p.' if profile.english else 's.'} {source.page}"
                                 if source.page else "")
    if profile.english:
        lead = f"The nearest the reports give is for {other}:" if other else \
            "The nearest the reports give is:"
        return f"{lead} “{_end(near.text)}” ({where})."
    lead = f"Närmast anger rapporterna, för {other}:" if other else "Närmast anger rapporterna:"
    return f"{lead} ”{_end(near.text)}” ({where})."


def runner_up(best: str, others: Iterable[tuple[float, str]], asked_years: Set[int] = frozenset(),
              spelled: frozenset[str] = frozenset()) -> float:
    """The probability of the best candidate (of `others`, most probable first) that would say
    something else than `best`. No rival are:
    - one stating only figures that `best` states: it agrees (`406 av de 428,5 miljoner`
      beside `406 miljoner kronor förbrukats`);
    - when both spell out the abbreviation asked about (`spelled`), one another passage's
      (`samordnad individuell plan (SIP)` beside `Samordnad individuell plan (SIP)`);
    - when the question names no single year (none, or a period: `2008–2011`), one giving a
      single year's figure while `best` does not (`36,7 miljoner förbrukades under 2009`): it
      answers a narrower question than was asked.
    """
    stated = figures(best)
    whole = len(asked_years) != 1 and len(years(best)) != 1
    spells = spells_out(best, spelled)
    for probability, text in others:
        said = figures(text)
        if said and said <= stated:
            continue
        if spells and spells_out(text, spelled):
            continue
        if whole and len(years(text)) == 1:
            continue
        return probability
    return 0.0


def _without_years(text: str) -> str:
    """`Skåne, Deltagare 2009: 2 185` -> `Skåne, Deltagare`: what a table row's cells share."""
    return re.sub(r"\b(?:19|20)\d\d\b", "", text.split(":")[0]).strip()


def _same(a: str, b: str) -> bool:
    return a == b or a in b or b in a


def _end(sentence: str) -> str:
    return sentence + "." if sentence[-1:].isalnum() else sentence
