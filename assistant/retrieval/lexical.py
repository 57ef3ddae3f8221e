"""The lexical leg: BM25 over Swedish stems and number tokens (see assistant.index.lexical)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.language.glossary import bilingual
from assistant.language.question import is_english
from assistant.models import Passage
from assistant.retrieval.base import Filters

if TYPE_CHECKING:
    from assistant.index.lexical import LexicalIndexHolder


class LexicalRetriever:
    """BM25 with Swedish stems and value-normalised numbers (see assistant.index.lexical)."""

    def __init__(self, holder: LexicalIndexHolder) -> None:
        self.holder = holder

    def retrieve(self, question: str, k: int, filters: Filters | None = None) -> list[Passage]:
        # English questions over Swedish reports: add the Swedish words for their English ones.
        query = bilingual(question) if is_english(question) else question
        return self.holder.get().search(query, k, (filters or Filters()).fields())
