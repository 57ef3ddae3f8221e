"""The lexical leg: BM25 over Swedish stems and number tokens (see assistant.index.lexical)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.language.glossary import bilingual
from assistant.language.profile import QuestionProfile
from assistant.language.question import is_english
from assistant.models import Passage
from assistant.retrieval.base import Filters, Question, text_of

if TYPE_CHECKING:
    from assistant.index.lexical import LexicalIndexHolder


class LexicalRetriever:
    """BM25 with Swedish stems and value-normalised numbers (see assistant.index.lexical)."""

    def __init__(self, holder: LexicalIndexHolder) -> None:
        self.holder = holder

    def retrieve(self, question: Question, k: int, filters: Filters | None = None
                 ) -> list[Passage]:
        # English questions over Swedish reports: add the Swedish words for their English ones.
        text = text_of(question)
        english = question.english if isinstance(question, QuestionProfile) else is_english(text)
        query = bilingual(text) if english else text
        return self.holder.get().search(query, k, (filters or Filters()).fields())
