"""The condense step against the real model server of `make test-llm` (llama.cpp + Gemma 3 270M).

A 270M model is not expected to rewrite well. What must hold is the contract: whatever it writes,
the question used keeps the follow-up's own year, and a rewrite that fails the check is replaced
by the rule-based one; never an error. What the model wrote is saved to artifacts/llm/.
"""

from __future__ import annotations

import os

import pytest

from assistant.answer.llm import make_chat_model
from assistant.conversation import Turn
from assistant.conversation.condense import CondensingResolver, check_rewrite, messages
from assistant.conversation.followup import FollowUpResolver
from assistant.settings import Settings
from tests.assistant.test_conversation import DOCS, KOMPETENS, SKANE_2012
from tests.llm.test_real_model import TIMEOUT, record

pytestmark = [pytest.mark.llm, pytest.mark.timeout(1800)]
RULE_BASED = "Hur många deltog i kompetenssatsningens utbildningar i Skåne 2010?"


@pytest.fixture(scope="module")
def server_settings() -> Settings:
    url, model = os.environ.get("ASSISTANT_LLM_BASE_URL"), os.environ.get("ASSISTANT_LLM_MODEL")
    if not url or not model:
        pytest.fail("No model server: run these tests with `make test-llm`, which starts one "
                    "and sets ASSISTANT_LLM_BASE_URL and ASSISTANT_LLM_MODEL.")
    return Settings(_env_file=None, llm_base_url=url, llm_model=model, llm_timeout=TIMEOUT)


def test_the_real_model_condenses_a_follow_up_or_the_rules_do(server_settings):
    chat = make_chat_model(server_settings)
    history = [Turn(SKANE_2012, "Skåne, Deltagare 2012: 8 422. [1]", (KOMPETENS,))]
    raw = chat.invoke(messages("Och 2010?", history)).content
    resolver = CondensingResolver(chat, FollowUpResolver(lambda: DOCS), timeout=TIMEOUT)
    got = resolver.resolve("Och 2010?", history)
    record("condense-och-2010", raw=raw, used=got.question,
           rejected=check_rewrite("Och 2010?", str(raw).strip()))
    assert "2010" in got.question and got.interpreted == got.question
    assert got.prefer == (KOMPETENS,)
    if got.question != RULE_BASED:  # the model's rewrite was used: it passed the check
        assert check_rewrite("Och 2010?", got.question) is None
