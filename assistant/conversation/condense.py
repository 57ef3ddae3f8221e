"""With an LLM configured: the chat model rewrites a follow-up into a standalone question.

LangChain's history-aware-retriever pattern (a "contextualize question" prompt: the chat history,
then the follow-up; the model writes a standalone question and does not answer it). The rewrite
is checked before it is used: it must keep the follow-up's own years, numbers and names, be a
single question of sensible length, and differ from the follow-up. On a failure, a timeout or a
rewrite that fails the check, the deterministic resolution (followup.py) is used instead.

Only a question the rules find elliptical goes to the model: a new, complete question inherits
nothing and costs no model call.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING, Any

from assistant.conversation import Resolution, Resolver, Turn, recent
from assistant.conversation.cues import fold
from assistant.language.numbers import quantities
from assistant.language.terms import stems

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

CONDENSE_SYSTEM = (
    "Du får ett samtal och en följdfråga. Skriv om följdfrågan till en fristående fråga som "
    "går att förstå utan samtalet: ta med ämne, år, region och rapport från samtalet där "
    "följdfrågan inte själv anger dem. Behåll följdfrågans egna årtal, siffror och namn. "
    "Svara inte på frågan. Skriv bara den fristående frågan, på samma språk som följdfrågan."
)
MAX_ANSWER_CHARS = 400  # an earlier answer as context: its start says what it was about
MAX_REWRITE_CHARS = 600
_NAME = re.compile(r"\b[A-ZÅÄÖ][\wåäöÅÄÖé:-]*")


def names(text: str) -> set[str]:
    """The folded stems of the capitalised words of `text` after its first word (names,
    agencies, acronyms: `Skåne`, `PRIO`, `Vårdanalys`)."""
    found = [m.group() for m in _NAME.finditer(text) if m.start() > 0]
    return {fold(s) for s in stems(" ".join(found))}


def keeps_own(question: str, rewrite: str) -> str | None:
    """Why `rewrite` does not keep `question`'s own years, numbers and names; None if it does."""
    have = {q.value for q in quantities(rewrite)}
    lost = [q.text for q in quantities(question) if q.value not in have]
    if lost:
        return f"lost the number(s) {', '.join(lost)}"
    missing = names(question) - {fold(s) for s in stems(rewrite)}
    if missing:
        return f"lost the name(s) {', '.join(sorted(missing))}"
    return None


def check_rewrite(question: str, rewrite: str) -> str | None:
    """Why the model's rewrite cannot be used, or None when it can."""
    if not rewrite:
        return "empty"
    if len(rewrite) > MAX_REWRITE_CHARS:
        return f"{len(rewrite)} characters"
    if fold(rewrite).strip(" ?") == fold(question).strip(" ?"):
        return "the follow-up unchanged"
    if re.search(r"\[\d+\]", rewrite):
        return "an answer, not a question"
    return keeps_own(question, rewrite)


def messages(question: str, history: Sequence[Turn]) -> list[Any]:
    """The prompt: system instruction, the turns as human/AI messages, the follow-up."""
    from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder

    chat: list[tuple[str, str]] = []
    for turn in history:
        chat.append(("human", turn.question))
        if turn.answer:
            chat.append(("ai", turn.answer[:MAX_ANSWER_CHARS]))
    prompt = ChatPromptTemplate.from_messages(
        [("system", CONDENSE_SYSTEM), MessagesPlaceholder("chat_history"), ("human", "{input}")])
    return prompt.invoke({"chat_history": chat, "input": question}).to_messages()


class CondensingResolver:
    """The chat model's standalone question when it passes the check, else `fallback`'s."""

    def __init__(self, chat: BaseChatModel, fallback: Resolver, *, timeout: float = 10.0):
        self.chat = chat
        self.fallback = fallback
        self.timeout = timeout
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="condense")

    def resolve(self, question: str, history: Sequence[Turn]) -> Resolution:
        history = recent(history)
        rule = self.fallback.resolve(question, history)
        if rule.interpreted is None:  # the question stands alone: nothing to condense
            return rule
        try:
            future = self._pool.submit(self.chat.invoke, messages(question, history))
            reply = future.result(timeout=self.timeout)
        except FutureTimeout:
            log.warning("condense step: no rewrite within %g s; using the rule-based one",
                        self.timeout)
            return rule
        except Exception as exc:  # any endpoint failure: the rules still answer
            log.warning("condense step failed (%s: %s); using the rule-based rewrite",
                        type(exc).__name__, exc)
            return rule
        rewrite = _first_line(reply.content)
        why = check_rewrite(question, rewrite)
        if why:
            log.info("condense step: rewrite %r rejected (%s); using the rule-based one",
                     rewrite[:200], why)
            return rule
        return Resolution(rewrite, rewrite, rule.prefer)


def _first_line(content: Any) -> str:
    """The model's text, first non-empty line, without quotes or a `Fråga:` label."""
    if not isinstance(content, str):
        content = "".join(p.get("text", "") if isinstance(p, dict) else str(p)
                          for p in content or [])
    for line in content.splitlines():
        line = re.sub(r"^\s*(?:fristående fråga|standalone question|fråga|question)\s*:\s*", "",
                      line, flags=re.IGNORECASE).strip().strip("\"'“”*`").strip()
        if line:
            return line
    return ""
