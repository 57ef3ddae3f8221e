"""What every retriever offers: `retrieve(question, k, filters)` -> the best passages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from assistant.language.profile import QuestionProfile
from assistant.models import Passage

# What a retriever is asked: the analysed question (from the service) or its bare text.
Question = str | QuestionProfile


def text_of(question: Question) -> str:
    return question.text if isinstance(question, QuestionProfile) else question



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
    def retrieve(self, question: Question, k: int, filters: Filters | None = None
                 ) -> list[Passage]:
        """The `k` best passages for `question`, best first."""
        ...
