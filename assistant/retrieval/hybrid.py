"""Dense and lexical candidates fused by rank, then re-ranked: the retriever the service uses."""

from __future__ import annotations

from collections.abc import Callable

from assistant.language.profile import QuestionProfile
from assistant.models import Passage
from assistant.retrieval.base import Filters, Question, Retriever
from assistant.retrieval.fusion import reciprocal_rank_fusion
from assistant.retrieval.rerank import Reranker


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
        reranker: Reranker | None = None,
        analyse: Callable[[str], QuestionProfile] | None = None,
    ) -> None:
        self.dense = dense
        self.lexical = lexical
        self.depth = depth
        self.weights = weights
        self.rrf_k = rrf_k
        self.reranker = reranker
        self.analyse = analyse  # a bare question (tests, tools) is analysed for the re-ranker

    def retrieve(self, question: Question, k: int, filters: Filters | None = None
                 ) -> list[Passage]:
        depth = max(k, self.depth)
        legs = [self.dense.retrieve(question, depth, filters),
                self.lexical.retrieve(question, depth, filters)]
        fused = reciprocal_rank_fusion(legs, self.weights, self.rrf_k)
        if self.reranker is not None:
            profile = question if isinstance(question, QuestionProfile) else None
            if profile is None and self.analyse is not None:
                profile = self.analyse(question)  # type: ignore[arg-type]
            if profile is not None:
                fused = self.reranker.rerank(profile, fused[: self.depth])
        return fused[:k]
