"""The answering service: what the API, the chat, the CLI and the evals all call."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from assistant.answer import Generator
from assistant.conversation import Preference, Resolution, Resolver, Turn, prefer, recent
from assistant.conversation.followup import FollowUpResolver
from assistant.errors import IndexEmptyError, InvalidQuestionError, UnknownDocumentError
from assistant.models import Answer, DocumentInfo, Passage
from assistant.retrieval.base import Filters, Retriever


class AssistantService:
    """Resolve a follow-up against the conversation, retrieve, then answer; knows which
    documents are indexed."""

    def __init__(
        self,
        retriever: Retriever,
        generator: Generator,
        documents: Callable[[], list[DocumentInfo]],
        *,
        top_k: int = 5,
        max_question_chars: int = 1000,
        resolver: Resolver | None = None,
        preference: Preference | None = None,
    ) -> None:
        self.retriever = retriever
        self.generator = generator
        self._documents = documents
        self.top_k = top_k
        self.max_question_chars = max_question_chars
        self.resolver = resolver or FollowUpResolver(documents)
        self.preference = preference or Preference()

    def documents(self) -> list[DocumentInfo]:
        """The indexed documents, by id."""
        return self._documents()

    def document(self, doc_id: str) -> DocumentInfo:
        for info in self.documents():
            if info.id == doc_id:
                return info
        raise UnknownDocumentError(f"No document with id {doc_id!r}; see GET /api/documents.")

    def search(
        self, query: str, top_k: int | None = None, documents: Sequence[str] = (),
        history: Sequence[Turn] = (),
    ) -> list[Passage]:
        """The best passages for `query` (after `history`: those `ask` answers from)."""
        query = self._check(query, top_k)
        if not history:
            return self._retrieve(query, top_k, documents)
        resolution = self.resolve(query, history)
        return self._retrieve(resolution.question, top_k, documents, resolution.prefer)

    def resolve(self, question: str, history: Sequence[Turn] = ()) -> Resolution:
        """The standalone question to answer for `question` after `history` (oldest first;
        only the last 20 turns count)."""
        question = self._check(question, None)
        for i, turn in enumerate(history):
            if not isinstance(turn, Turn) or not (turn.question or "").strip():
                raise InvalidQuestionError(
                    f"history[{i}].question is empty: each earlier turn needs its question.")
        return self.resolver.resolve(question, recent(history))

    def ask(self, question: str, top_k: int | None = None, documents: Sequence[str] = (),
            history: Sequence[Turn] = ()) -> Answer:
        """Answer `question` with citations, or say the documents do not support an answer.
        With `history`, a follow-up (`Och 2010?`) is answered as the standalone question it
        stands for, which the answer carries as `interpreted_question`."""
        self._check(question, top_k)
        resolution = self.resolve(question, history)
        passages = self._retrieve(resolution.question, top_k, documents, resolution.prefer)
        answer = self.generator.answer(resolution.question.strip(), passages)
        return replace(answer, interpreted_question=resolution.interpreted)

    def stream(
        self, question: str, top_k: int | None = None, documents: Sequence[str] = (),
        history: Sequence[Turn] = (),
    ) -> Iterator[str | Answer]:
        """Yield pieces of answer text as they are produced, then the final, checked Answer.

        Generators that can stream provide `stream(question, passages)` with the same contract;
        the others yield their whole text at once.
        """
        self._check(question, top_k)
        resolution = self.resolve(question, history)
        passages = self._retrieve(resolution.question, top_k, documents, resolution.prefer)
        standalone = resolution.question.strip()
        streamer = getattr(self.generator, "stream", None)
        pieces = (streamer(standalone, passages) if streamer is not None
                  else _whole(self.generator.answer(standalone, passages)))
        for piece in pieces:
            if isinstance(piece, Answer):
                piece = replace(piece, interpreted_question=resolution.interpreted)
            yield piece

    def _retrieve(self, query: str, top_k: int | None, documents: Sequence[str],
                  preferred: Sequence[str] = ()) -> list[Passage]:
        filters = Filters(documents=tuple(documents))
        known = {d.id for d in self.documents()}
        if documents:
            unknown = [d for d in documents if d not in known]
            if unknown:
                raise UnknownDocumentError(
                    f"Unknown document id(s): {', '.join(unknown)}; see GET /api/documents."
                )
        if not known:
            raise IndexEmptyError()
        k = top_k or self.top_k
        preferred = [d for d in preferred if d in known]
        if not preferred:
            return self.retriever.retrieve(query, k, filters)
        ranked = self.retriever.retrieve(query, k * self.preference.widen, filters)
        return prefer(ranked, preferred, k, self.preference)

    def corpus_version(self) -> dict[str, str]:
        """Which corpus answers come from: document id -> content hash."""
        return {d.id: d.sha256 or "" for d in self.documents()}

    def _check(self, question: str, top_k: int | None) -> str:
        question = (question or "").strip()
        if not question:
            raise InvalidQuestionError("The question is empty: write a question.")
        if len(question) > self.max_question_chars:
            raise InvalidQuestionError(
                f"The question is {len(question)} characters; the limit is "
                f"{self.max_question_chars}. Shorten it."
            )
        if top_k is not None and not 1 <= top_k <= 50:
            raise InvalidQuestionError(f"top_k must be between 1 and 50, got {top_k}.")
        return question


def _whole(answer: Answer) -> Iterator[str | Answer]:
    yield answer.text
    yield answer
