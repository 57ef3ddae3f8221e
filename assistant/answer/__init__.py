"""Generators: an analysed question and its passages -> an Answer with `[n]` citations."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import TYPE_CHECKING

from assistant.models import Answer, Passage

if TYPE_CHECKING:
    from assistant.language.profile import QuestionProfile

NO_SUPPORT = "Jag hittar inget stöd för det i dokumenten."
NO_SUPPORT_EN = "I find no support for that in the documents."


class Generator(ABC):
    """One required method, `answer`; `stream` yields the whole text at once unless a
    generator can do better (the LLM's does)."""

    name: str

    @abstractmethod
    def answer(self, question: str | QuestionProfile, passages: list[Passage]) -> Answer:
        """Answer the question from `passages` only, citing them as [n]."""

    def stream(self, question: str | QuestionProfile,
               passages: list[Passage]) -> Iterator[str | Answer]:
        """Pieces of answer text as they come, then the final, checked Answer."""
        answer = self.answer(question, passages)
        yield answer.text
        yield answer
