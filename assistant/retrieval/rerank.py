"""Re-ranking fused candidates with cheap, explainable features (no model call per passage).

A passage ranks higher when it covers more of the question's rare terms, holds the kind of value
the question asks for (an amount for `hur mycket`, a percentage for `hur stor andel`, ...) and
was ranked high by the fused dense+lexical retrieval. bench/retrieval.py measures the gain.
Passages that could answer come first: those that name the county or country the question
names and its year (or whose report's title spans that year), as the answerer requires; of
those, for a question that asks what an abbreviation stands for, the ones that spell it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from assistant.language.abbreviations import spells_out
from assistant.language.places import named_in
from assistant.language.profile import QuestionProfile, coverage, period, years
from assistant.language.question import signature_stems, value_match
from assistant.language.terms import analyse
from assistant.models import Passage


class Reranker(Protocol):
    def rerank(self, profile: QuestionProfile, passages: Sequence[Passage]) -> list[Passage]:
        """The same passages, best first for the question `profile` describes."""
        ...


@dataclass(frozen=True)
class RerankWeights:
    """What a passage's value kind and its fused rank add to its term coverage (coverage 1.0
    is the unit). Chosen with bench/retrieval.py on the core suite (hit@5), before the
    independent dev/test suites existed; see the README's retrieval table. A conditional logit
    fitted on dev later gave 0.26 and 0.38, and no better hit@5 out of fold (93.2 against
    93.4 %), so they stay (docs/evaluation.md, 2026-12-05, fifth)."""

    value: float = 0.3
    rank: float = 0.4


class FeatureReranker:
    """Orders candidates by coverage + value kind + fused rank (see the module docstring)."""

    def __init__(self, weights: RerankWeights = RerankWeights()) -> None:
        self.weights = weights

    def rerank(self, profile: QuestionProfile, passages: Sequence[Passage]) -> list[Passage]:
        if not passages:
            return []
        top = max(p.score for p in passages) or 1.0
        scored = []
        for i, p in enumerate(passages):
            terms = set(analyse(f"{p.title}\n{p.chapter or ''}\n{p.text}"))
            if profile.signer:  # the name under a signature is who signed
                terms |= signature_stems(p.text.split("\n"))
            cov = coverage(profile.weights, terms, profile.alternatives)
            value = value_match(p.text, profile.kind) if profile.wants_value else 0.0
            score = cov + self.weights.value * value + self.weights.rank * p.score / top
            spells = spells_out(p.text, profile.spelled)
            scored.append((not fits(profile, p), not spells, -score, i, p))
        scored.sort(key=lambda t: t[:4])
        return [replace(p, score=round(-s, 4)) for _, _, s, _, p in scored]


def fits(profile: QuestionProfile, passage: Passage) -> bool:
    """Could `passage` answer, by the answerer's rules? It names the places the question names,
    and one of its years (or its report's title spans them)."""
    where = f"{passage.title} {passage.chapter or ''} {passage.section or ''} {passage.text}"
    if profile.places and not profile.places <= named_in(where, profile.places):
        return False
    return (not profile.years or bool(profile.years & years(where))
            or profile.years <= period(passage.title or ""))
