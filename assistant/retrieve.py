"""Retrievers: a question -> the passages most likely to answer it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from assistant.embedding import Embedder
from assistant.models import Passage
from assistant.store import ChromaStore


@dataclass(frozen=True)
class Filters:
    """Limit a search to some documents, publishers or years (empty = no limit)."""

    documents: tuple[str, ...] = ()
    publishers: tuple[str, ...] = ()
    years: tuple[int, ...] = ()

    def where(self) -> dict | None:
        """The Chroma `where` clause for these filters."""
        clauses = [
            {key: {"$in": list(values)}}
            for key, values in (
                ("document", self.documents),
                ("publisher", self.publishers),
                ("year", self.years),
            )
            if values
        ]
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
        vector = self.embedder.embed([question], query=True)[0]
        return self.store.query(vector, k, (filters or Filters()).where())
