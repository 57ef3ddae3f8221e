"""Retrievers: a question -> the passages most likely to answer it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from assistant.embedding import Embedder
from assistant.fusion import reciprocal_rank_fusion
from assistant.glossary import bilingual
from assistant.models import Passage
from assistant.numbers import query_variants
from assistant.question import is_english
from assistant.store import ChromaStore

if TYPE_CHECKING:
    from assistant.lexical import LexicalIndexHolder
    from assistant.rerank import FeatureReranker


@dataclass(frozen=True)
class Filters:
    """Limit a search to some documents, publishers or years (empty = no limit)."""

    documents: tuple[str, ...] = ()
    publishers: tuple[str, ...] = ()
    years: tuple[int, ...] = ()

    def fields(self) -> dict[str, tuple]:
        """Metadata field -> allowed values, for the fields that are limited."""
        pairs = (("document", self.documents), ("publisher", self.publishers),
                 ("year", self.years))
        return {key: tuple(values) for key, values in pairs if values}

    def where(self) -> dict | None:
        """The Chroma `where` clause for these filters."""
        clauses = [{key: {"$in": list(values)}} for key, values in self.fields().items()]
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class Retriever(Protocol):
    def retrieve(self, question: str, k: int, filters: Filters | None = None) -> list[Passage]:
        """The `k` best passages for `question`, best first."""
        ...


class DenseRetriever:
    """Nearest neighbours of the e5 query embedding in Chroma."""

    def __init__(self, embedder: Embedder, store: ChromaStore) -> None:
        self.embedder = embedder
        self.store = store

    def retrieve(self, question: str, k: int, filters: Filters | None = None) -> list[Passage]:
        # Numbers written the way the reports write them (`428.5 MSEK` -> `428,5 miljoner
        # kronor`) bring the query embedding closer to the passages that state them.
        vector = self.embedder.embed([query_variants(question)], query=True)[0]
        return self.store.query(vector, k, (filters or Filters()).where())


class LexicalRetriever:
    """BM25 with Swedish stems and value-normalised numbers (see assistant.lexical)."""

    def __init__(self, holder: LexicalIndexHolder) -> None:
        self.holder = holder

    def retrieve(self, question: str, k: int, filters: Filters | None = None) -> list[Passage]:
        # English questions over Swedish reports: add the Swedish words for their English ones.
        query = bilingual(question) if is_english(question) else question
        return self.holder.get().search(query, k, (filters or Filters()).fields())


class HybridRetriever:
    """Dense and lexical candidates fused by reciprocal rank, optionally re-ranked by features
    (see assistant.rerank); bench/retrieval.py measures each step."""

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
