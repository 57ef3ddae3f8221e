"""The LLM condense step, with LangChain's own fake chat model as a test double: no model server
runs in the default test suite. The real model server is exercised by
tests/llm/test_condense_real.py under `make test-llm`."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from assistant.conversation import Turn
from assistant.conversation.condense import CondensingResolver, check_rewrite, messages
from assistant.conversation.followup import FollowUpResolver
from tests.assistant.test_conversation import DOCS, KOMPETENS, SKANE_2012

HISTORY = [Turn(SKANE_2012, "8 422 personer deltog [1].", (KOMPETENS,))]
RULES = FollowUpResolver(lambda: DOCS)
RULE_BASED = "Hur många deltog i kompetenssatsningens utbildningar i Skåne 2010?"


class Failing(FakeListChatModel):
    def _call(self, *args: Any, **kwargs: Any) -> str:
        raise ConnectionError("endpoint down")


def condenser(chat: FakeListChatModel, timeout: float = 5.0) -> CondensingResolver:
    return CondensingResolver(chat, RULES, timeout=timeout)


def test_the_models_rewrite_is_used_when_it_keeps_the_follow_ups_own_year():
    rewrite = "Hur många personer deltog i utbildningarna i Skåne år 2010?"
    chat = FakeListChatModel(responses=[f"Fristående fråga: {rewrite}\n"])
    got = condenser(chat).resolve("Och 2010?", HISTORY)
    assert got.question == rewrite and got.interpreted == rewrite
    assert got.prefer == (KOMPETENS,)  # retrieval still prefers the cited report


@pytest.mark.parametrize("reply, why", [
    ("Hur många deltog i utbildningarna i Skåne 2012?", "lost the number(s) 2010"),
    ("Och 2010?", "the follow-up unchanged"),
    ("", "empty"),
    ("8 422 personer deltog 2010 [1].", "an answer, not a question"),
])
def test_a_rewrite_that_fails_the_check_falls_back_to_the_rules(reply, why):
    assert check_rewrite("Och 2010?", reply) == why
    got = condenser(FakeListChatModel(responses=[reply or " "])).resolve("Och 2010?", HISTORY)
    assert got.question == RULE_BASED


def test_a_rewrite_must_keep_the_follow_ups_names():
    assert check_rewrite("och Gotland?", "Hur många deltog i Skåne 2012?") == \
        "lost the name(s) gotland"
    assert check_rewrite("och Gotland?", "Hur många deltog på Gotland 2012?") is None


def test_an_endpoint_failure_or_a_timeout_falls_back_to_the_rules():
    assert condenser(Failing(responses=["x"])).resolve("Och 2010?", HISTORY).question == \
        RULE_BASED
    slow = FakeListChatModel(responses=["Hur många deltog i Skåne 2010?"], sleep=2.0)
    assert condenser(slow, timeout=0.2).resolve("Och 2010?", HISTORY).question == RULE_BASED


def test_a_complete_question_never_reaches_the_model():
    chat = FakeListChatModel(responses=["Hur många deltog i Skåne 2010?"])
    question = "Vem undertecknade regeringsbeslutet om Försäkringskassans uppdrag?"
    got = condenser(chat).resolve(question, HISTORY)
    assert got.question == question and got.interpreted is None and chat.i == 0


def test_the_prompt_is_the_history_aware_pattern():
    got = messages("Och 2010?", HISTORY)
    assert [type(m) for m in got] == [SystemMessage, HumanMessage, AIMessage, HumanMessage]
    assert "fristående fråga" in got[0].content and got[-1].content == "Och 2010?"
    assert got[1].content == SKANE_2012
