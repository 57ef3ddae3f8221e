"""Conversations: earlier turns turn an elliptical follow-up into a standalone question.

`Och 2010?` after `Hur många deltog i utbildningarna i Skåne 2012?` is answered as the Skåne
2010 question; a new, complete question inherits nothing. The service resolves every question
against its history before retrieval (see followup.py, and condense.py with an LLM).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

MAX_TURNS = 20  # a longer history uses its last 20 turns


@dataclass(frozen=True)
class Turn:
    """One earlier turn: the question as asked, the answer text and the documents it cited."""

    question: str
    answer: str | None = None
    documents: tuple[str, ...] = ()


@dataclass(frozen=True)
class Resolution:
    """What to answer: the standalone `question`, `interpreted` when it differs from what was
    asked (None: the question stood alone), and the documents retrieval should prefer."""

    question: str
    interpreted: str | None = None
    prefer: tuple[str, ...] = ()


@dataclass(frozen=True)
class Preference:
    """How retrieval prefers the documents the previous answer cited: it fetches `widen` times
    the passages asked for and moves each from a preferred document `promote` places up.
    Chosen on eval/suites/conv-dev.jsonl (`assistant eval --suite eval/suites/conv-dev.jsonl`)."""

    promote: int = 3
    widen: int = 2


class Resolver(Protocol):
    def resolve(self, question: str, history: Sequence[Turn]) -> Resolution:
        """The standalone question for `question` after `history` (oldest first)."""
        ...


def recent(history: Sequence[Turn]) -> tuple[Turn, ...]:
    """The last MAX_TURNS turns."""
    return tuple(history[-MAX_TURNS:])


def prefer(ranked: Sequence, documents: Sequence[str], k: int,
           preference: Preference | None = None) -> list:
    """`ranked` passages re-ordered so that those of `documents` move up; the best `k`."""
    if not documents:
        return list(ranked[:k])
    wanted, promote = set(documents), (preference or Preference()).promote
    order = sorted(range(len(ranked)),
                   key=lambda i: i - promote * (ranked[i].document in wanted))
    return [ranked[i] for i in order[:k]]


__all__ = ["MAX_TURNS", "Preference", "Resolution", "Resolver", "Turn", "prefer", "recent"]
