"""Fusing ranked lists of passages from several retrievers into one ranking."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from assistant.models import Passage

RRF_K = 60  # the constant from Cormack et al. (2009); damps the weight of the very top ranks


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[Passage]],
    weights: Sequence[float] | None = None,
    k: int = RRF_K,
) -> list[Passage]:
    """One ranking from several: each passage scores sum(weight / (k + rank)), best first.

    Scores are comparable across questions only roughly; they are kept on the Passage so the
    answerer can tell a passage both legs found from one only a single leg liked.
    """
    weights = list(weights) if weights is not None else [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError(f"{len(rankings)} rankings but {len(weights)} weights")
    scores: dict[str, float] = {}
    first: dict[str, Passage] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, passage in enumerate(ranking, start=1):
            scores[passage.id] = scores.get(passage.id, 0.0) + weight / (k + rank)
            first.setdefault(passage.id, passage)
    order = sorted(scores, key=lambda pid: (-scores[pid], pid))
    return [replace(first[pid], score=round(scores[pid], 6)) for pid in order]
