"""The optional LLM answerer: any OpenAI-compatible chat endpoint, checked before it is shown.

The model is reached through LangChain's chat-model interface (`ChatOpenAI` with a `base_url`:
Ollama, vLLM, llama.cpp's server, OpenAI). Every answer goes through assistant.answer.check:
markers that point at no passage are removed; an answer without a valid citation, or with a
number that none of its cited passages states, is replaced by the extractive answer with a
notice saying why. A timeout or an unreachable endpoint also falls back, with a notice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from assistant.answer import NO_SUPPORT, NO_SUPPORT_EN, Generator
from assistant.answer.check import Checked, check_answer
from assistant.answer.prompt import build_messages
from assistant.errors import ConfigError
from assistant.models import Answer, Passage

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.language.profile import QuestionProfile
    from assistant.settings import Settings

log = logging.getLogger(__name__)

QUOTED_INSTEAD = "Svaret nedan är i stället ordagranna meningar ur dokumenten."


class LLMGenerator(Generator):
    """Answers with a chat model from the passages; checks citations and numbers; falls back."""

    name = "llm"

    def __init__(self, chat: BaseChatModel, fallback: Generator, *, timeout: float = 60.0):
        self.chat = chat
        self.fallback = fallback
        self.timeout = timeout

    def answer(self, question: str | QuestionProfile, passages: list[Passage]) -> Answer:
        """Ask the model, check what it wrote, and return it or the extractive answer."""
        if not passages:
            return self.fallback.answer(question, passages)
        try:
            message = self.chat.invoke(build_messages(_text_of(question), passages))
        except Exception as exc:  # any endpoint failure must become a quoted answer, not a 500
            return self._unavailable(question, passages, exc)
        return self.finish(question, _text(message.content), passages)

    def stream(self, question: str | QuestionProfile,
               passages: list[Passage]) -> Iterator[str | Answer]:
        """Yield the model's text as it arrives, then the checked Answer (which may differ)."""
        if not passages:
            yield from _whole(self.fallback.answer(question, passages))
            return
        pieces: list[str] = []
        try:
            for chunk in self.chat.stream(build_messages(_text_of(question), passages)):
                piece = _text(chunk.content)
                if piece:
                    pieces.append(piece)
                    yield piece
        except Exception as exc:  # mid-stream failures too: the final Answer replaces the text
            yield self._unavailable(question, passages, exc)
            return
        yield self.finish(question, "".join(pieces), passages)

    def finish(self, question: str | QuestionProfile, text: str,
               passages: list[Passage]) -> Answer:
        """Turn the model's raw text into a checked Answer (or the extractive one, with why).
        The fallback gets the analysed question as the service made it."""
        asked = _text_of(question)
        checked = check_answer(asked, text, passages)
        if checked.abstained:
            return Answer(question=asked, text=_no_support(text),
                          related=passages[:3], generator=self.name)
        if not checked.citations:
            why = "Språkmodellens svar hänvisade inte till något av utdragen."
            return self._replaced(question, passages, why, checked)
        if checked.echo:
            why = "Språkmodellen upprepade sina instruktioner i stället för att svara."
            return self._replaced(question, passages, why, checked)
        if checked.unbacked:
            why = ("Språkmodellens svar innehöll påståenden som inte står i de källor det "
                   "hänvisade till.")
            return self._replaced(question, passages, why, checked)
        if checked.unsupported:
            why = ("Språkmodellens svar innehöll siffror som inte står i de källor det hänvisade "
                   f"till ({', '.join(checked.unsupported)}).")
            return self._replaced(question, passages, why, checked)
        notice = None
        if checked.dropped:
            gone = ", ".join(f"[{n}]" for n in checked.dropped)
            notice = f"Hänvisningar till utdrag som inte finns togs bort: {gone}."
        return Answer(question=asked, text=checked.text, citations=checked.citations,
                      grounded=True, generator=self.name, notice=notice)

    def _replaced(self, question: str | QuestionProfile, passages: list[Passage], why: str,
                  checked: Checked) -> Answer:
        log.warning("LLM answer replaced: %s Raw (checked) text: %r", why, checked.text[:500])
        return _with_notice(self.fallback.answer(question, passages), f"{why} {QUOTED_INSTEAD}")

    def _unavailable(self, question: str | QuestionProfile, passages: list[Passage],
                     exc: Exception) -> Answer:
        log.warning("LLM endpoint failed (%s: %s); answering extractively", type(exc).__name__,
                    exc)
        if "timeout" in type(exc).__name__.lower():
            why = f"Språkmodellen svarade inte inom {self.timeout:g} sekunder."
        else:
            why = f"Språkmodellen gick inte att nå ({type(exc).__name__})."
        return _with_notice(self.fallback.answer(question, passages), f"{why} {QUOTED_INSTEAD}")


def make_chat_model(settings: Settings) -> BaseChatModel:
    """A LangChain chat model for the endpoint in settings (imported only when chosen)."""
    if not settings.llm_base_url:
        raise ConfigError("ASSISTANT_LLM_BASE_URL is not set: no LLM endpoint to use.")
    if not settings.llm_model:
        raise ConfigError(
            "ASSISTANT_LLM_MODEL is not set: name the model the endpoint at "
            f"{settings.llm_base_url} serves (for Ollama e.g. `llama3.1:8b`)."
        )
    try:
        from langchain_openai import ChatOpenAI
    except ImportError as exc:  # pragma: no cover - it is a core dependency
        raise ConfigError("langchain-openai is missing: run `uv sync`.") from exc
    options: dict[str, Any] = {  # a dict: ChatOpenAI's pydantic fields confuse mypy
        "model": settings.llm_model,
        "base_url": settings.llm_base_url,
        "api_key": settings.llm_api_key or "not-needed",  # local servers accept any key
        "timeout": settings.llm_timeout,
        "max_retries": 0,  # a retry doubles the wait; the extractive answer is the better retry
        "temperature": 0,
        "max_tokens": 400,
    }
    return ChatOpenAI(**options)


def _text(content: Any) -> str:
    """A message's content as plain text (some providers send a list of parts)."""
    if isinstance(content, str):
        return content
    return "".join(p.get("text", "") if isinstance(p, dict) else str(p) for p in content or [])


def _no_support(text: str) -> str:
    return NO_SUPPORT_EN if "no support" in text.lower() else NO_SUPPORT


def _with_notice(answer: Answer, notice: str) -> Answer:
    return replace(answer, notice=f"{notice} {answer.notice}" if answer.notice else notice)


def _whole(answer: Answer) -> Iterator[str | Answer]:
    yield answer.text
    yield answer


def _text_of(question: str | QuestionProfile) -> str:
    return question if isinstance(question, str) else question.text
