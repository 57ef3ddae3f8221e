"""The dense leg: e5 embeddings of the question, nearest chunks in the store."""

from __future__ import annotations

from assistant.index.base import ChunkStore
from assistant.index.embedding import Embedder
from assistant.language.numbers import query_variants
from assistant.language.profile import QuestionProfile
from assistant.models import Passage
from assistant.retrieval.base import Filters, Question, text_of


class DenseRetriever:
    """Nearest neighbours of the e5 query embedding in Chroma."""

    def __init__(self, embedder: Embedder, store: ChunkStore) -> None:
        self.embedder = embedder
        self.store = store

    def retrieve(self, question: Question, k: int, filters: Filters | None = None
                 ) -> list[Passage]:
        # Numbers written the way the reports write them (`428.5 MSEK` -> `428,5 miljoner
        # kronor`) bring the query embedding closer to the passages that state them.
        vector = question.vector if isinstance(question, QuestionProfile) else None
        if vector is None:
            vector = self.embedder.embed([query_variants(text_of(question))], query=True)[0]
        return self.store.query(vector, k, (filters or Filters()).where())
