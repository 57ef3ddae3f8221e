"""Dense and lexical candidates fused by rank, then re-ranked: the retriever the service uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.models import Passage
from assistant.retrieval.base import Filters, Retriever
from assistant.retrieval.fusion import reciprocal_rank_fusion

if TYPE_CHECKING:
    from assistant.retrieval.rerank import FeatureReranker


class HybridRetriever:
    """Dense and lexical candidates fused by reciprocal rank, optionally re-ranked by features
    (see assistant.retrieval.rerank); bench/retrieval.py measures each step."""

    def __init__(
        self,
        dense: Retriever,
        lexical: Retriever,
        *,
        depth: int = 20,
        weights: tuple[float, float] = (1.0, 1.0),
        rrf_k: int = 20,
        reranker: FeatureReranker | None = None,
    ) -> None:
        self.dense = dense
        self.lexical = lexical
        self.depth = depth
        self.weights = weights
        self.rrf_k = rrf_k
        self.reranker = reranker

    def retrieve(self, question: str, k: int, filters: Filters | None = None) -> list[Passage]:
        depth = max(k, self.depth)
        legs = [self.dense.retrieve(question, depth, filters),
                self.lexical.retrieve(question, depth, filters)]
        fused = reciprocal_rank_fusion(legs, self.weights, self.rrf_k)
        if self.reranker is not None:
            fused = self.reranker.rerank(question, fused[: self.depth])
        return fused[:k]
