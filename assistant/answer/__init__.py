"""Generators: a question and its passages -> an Answer with `[n]` citations."""

from __future__ import annotations

from typing import Protocol

from assistant.models import Answer, Passage

NO_SUPPORT = "Jag hittar inget stöd för det i dokumenten."


class Generator(Protocol):
    name: str

    def answer(self, question: str, passages: list[Passage]) -> Answer:
        """Answer `question` from `passages` only, citing them as [n]."""
        ...
