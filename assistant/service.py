"""The answering service: what the API, the chat, the CLI and the evals all call."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import replace

from assistant.answer import Generator
from assistant.conversation import Preference, Resolution, Resolver, Turn, prefer, recent
from assistant.conversation.compound import combine, split_compound, without_conjunction
from assistant.conversation.followup import FollowUpResolver
from assistant.errors import (
    IndexEmptyError,
    InvalidQuestionError,
    UnknownDocumentError,
    clip,
)
from assistant.language.profile import QuestionProfile
from assistant.language.question import is_english
from assistant.models import Answer, DocumentInfo, Passage
from assistant.retrieval.base import Filters, Retriever


class AssistantService:
    """Resolve a follow-up against the conversation, analyse the question once, retrieve, then
    answer; knows which documents are indexed."""

    def __init__(
        self,
        retriever: Retriever,
        generator: Generator,
        documents: Callable[[], list[DocumentInfo]],
        analyse: Callable[[str], QuestionProfile],
        *,
        top_k: int = 5,
        max_question_chars: int = 1000,
        pin: Callable[[], AbstractContextManager[None]] = nullcontext,
        resolver: Resolver | None = None,
        preference: Preference | None = None,
    ) -> None:
        self.retriever = retriever
        self.generator = generator
        self._documents = documents
        self.analyse = analyse  # the one analysis of a question (assistant.language.profile)
        self.top_k = top_k
        self.max_question_chars = max_question_chars
        self._pin = pin  # holds one index generation for a whole question
        self.resolver = resolver or FollowUpResolver(documents)
        self.preference = preference or Preference()

    def documents(self) -> list[DocumentInfo]:
        """The indexed documents, by id."""
        return self._documents()

    def document(self, doc_id: str) -> DocumentInfo:
        for info in self.documents():
            if info.id == doc_id:
                return info
        raise UnknownDocumentError(f"No document with id {clip(doc_id)}; see GET /api/documents.")

    def search(
        self, query: str, top_k: int | None = None, documents: Sequence[str] = (),
        history: Sequence[Turn] = (),
    ) -> list[Passage]:
        """The best passages for `query` (after `history`: those `ask` answers from), all
        from one index generation."""
        with self._pin():
            resolution = self.resolve(self._check(query, top_k), history)
            return self.retrieve(self.analyse(resolution.question), top_k, documents,
                                 resolution.prefer)

    def resolve(self, question: str, history: Sequence[Turn] = ()) -> Resolution:
        """The standalone question to answer for `question` after `history` (oldest first;
        only the last 20 turns count)."""
        question = self._check(question, None)
        for i, turn in enumerate(history):
            if not isinstance(turn, Turn) or not (turn.question or "").strip():
                raise InvalidQuestionError(
                    f"history[{i}].question is empty: each earlier turn needs its question.")
        return self.resolver.resolve(question, recent(history))

    def retrieve(self, profile: QuestionProfile, top_k: int | None = None,
                 documents: Sequence[str] = (), preferred: Sequence[str] = ()) -> list[Passage]:
        """The best passages for an analysed question (the profile the answerer gets too);
        documents a conversation's earlier answers cited are `preferred`, not required."""
        filters = Filters(documents=tuple(documents))
        known = {d.id for d in self.documents()}
        if documents:
            unknown = [d for d in documents if d not in known]
            if unknown:
                raise UnknownDocumentError(
                    f"Unknown document id(s): {', '.join(clip(d) for d in unknown[:5])}; "
                    "see GET /api/documents."
                )
        if not known:
            raise IndexEmptyError()
        k = top_k or self.top_k
        preferred = [d for d in preferred if d in known]
        if not preferred:
            return self.retriever.retrieve(profile, k, filters)
        ranked = self.retriever.retrieve(profile, k * self.preference.widen, filters)
        return prefer(ranked, preferred, k, self.preference)

    def ask(self, question: str, top_k: int | None = None, documents: Sequence[str] = (),
            history: Sequence[Turn] = ()) -> Answer:
        """Answer `question` with citations, or say the documents do not support an answer.
        With `history`, a follow-up (`Och 2010?`) is answered as the standalone question it
        stands for, which the answer carries as `interpreted_question`. Two questions in one
        (`…, och hur mycket förbrukades?`) are answered part by part (conversation.compound)."""
        with self._pin():  # analysis, retrieval and answer read the same index generation
            resolution = self.resolve(self._check(question, top_k), history)
            parts = split_compound(resolution.question)
            if len(parts) == 1:
                answer = self._answer(resolution.question, top_k, documents, resolution.prefer)
                return replace(answer, interpreted_question=resolution.interpreted)
            return self._compound(question, parts, top_k, documents, resolution.prefer)

    def stream(
        self, question: str, top_k: int | None = None, documents: Sequence[str] = (),
        history: Sequence[Turn] = (),
    ) -> Iterator[str | Answer]:
        """Yield pieces of answer text as they are produced, then the final, checked Answer."""
        # Nothing is yielded while the generation is pinned: the reader may take the next
        # piece in another context (a server's thread pool), where the pin cannot be let go.
        with self._pin():
            resolution = self.resolve(self._check(question, top_k), history)
            parts = split_compound(resolution.question)
            compound = None
            if len(parts) > 1:  # answered whole, then sent as one piece
                compound = self._compound(question, parts, top_k, documents, resolution.prefer)
            else:
                profile = self.analyse(resolution.question.strip())
                passages = self.retrieve(profile, top_k, documents, resolution.prefer)
        if compound is not None:
            yield compound.text
            yield compound
            return
        for piece in self.generator.stream(profile, passages):
            if isinstance(piece, Answer):
                piece = replace(piece, interpreted_question=resolution.interpreted)
            yield piece

    def _answer(self, question: str, top_k: int | None, documents: Sequence[str],
                preferred: Sequence[str] = ()) -> Answer:
        profile = self.analyse(question.strip())
        return self.generator.answer(profile, self.retrieve(profile, top_k, documents,
                                                            preferred))

    def _compound(self, question: str, parts: tuple[str, ...], top_k: int | None,
                  documents: Sequence[str], preferred: Sequence[str]) -> Answer:
        """The first part alone, the second as its follow-up; one answer from the two."""
        first = self._answer(parts[0], top_k, documents, preferred)
        cited = tuple(dict.fromkeys(c.passage.document for c in first.citations))
        second = self.resolver.resolve(parts[1], [Turn(parts[0], first.text, cited)])
        second = replace(second, question=without_conjunction(second.question))
        answers = [first, self._answer(second.question, top_k, documents,
                                       second.prefer or preferred)]
        english = is_english(question)
        return replace(combine(question, parts, answers, english),
                       interpreted_question=f"{parts[0]} {second.question}")

    def corpus_version(self) -> dict[str, str]:
        """Which corpus answers come from: document id -> content hash."""
        return {d.id: d.sha256 or "" for d in self.documents()}

    def _check(self, question: str, top_k: int | None) -> str:
        question = (question or "").strip()
        if not question:
            raise InvalidQuestionError("The question is empty: write a question.")
        if not _is_text(question):
            raise InvalidQuestionError(
                "The question holds a character that is not text (a lone UTF-16 surrogate, "
                "U+D800 to U+DFFF): send it as valid UTF-8."
            )
        if len(question) > self.max_question_chars:
            raise InvalidQuestionError(
                f"The question is {len(question)} characters; the limit is "
                f"{self.max_question_chars}. Shorten it."
            )
        if top_k is not None and not 1 <= top_k <= 50:
            raise InvalidQuestionError(f"top_k must be between 1 and 50, got {top_k}.")
        return question


def _is_text(text: str) -> bool:
    """Does `text` encode as UTF-8 (no lone surrogates, which JSON can carry)?"""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
