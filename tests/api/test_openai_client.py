"""/v1 through the official `openai` client over real HTTP (uvicorn on a loopback port)."""

from __future__ import annotations

import openai
import pytest

from tests.api.conftest import KEYS, app_for, serve
from tests.conftest import KOMPETENS_ID, Q_ALLOCATED

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base_url(indexed):
    with serve(app_for(indexed, api_keys=",".join(KEYS))) as url:
        yield f"{url}/v1"


@pytest.fixture(scope="module")
def ai(base_url) -> openai.OpenAI:
    return openai.OpenAI(base_url=base_url, api_key=KEYS[1], max_retries=0, timeout=120)


def test_models_lists_the_assistant(ai):
    assert [m.id for m in ai.models.list()] == ["rapportassistenten"]


def test_chat_completion_answers_with_sources_in_text_and_extra_field(ai, indexed):
    done = ai.chat.completions.create(
        model="rapportassistenten",
        messages=[{"role": "system", "content": "Svara kort."},
                  {"role": "user", "content": Q_ALLOCATED}],
        temperature=0.2,  # accepted and ignored
    )
    expected = indexed.service.ask(Q_ALLOCATED)
    text = done.choices[0].message.content
    assert done.choices[0].finish_reason == "stop" and done.model == "rapportassistenten"
    assert text.startswith(expected.text)
    extra = done.model_extra
    assert extra["generator"] == "extractive" and extra["grounded"] is expected.grounded
    assert [c["n"] for c in extra["citations"]] == [c.n for c in expected.citations]
    if expected.citations:
        assert "\n\nKällor:\n[1] " in text and f"({KOMPETENS_ID})" in text
        assert extra["citations"][0]["document"] == KOMPETENS_ID


def test_streamed_completion_has_the_same_text_and_citations_on_the_last_chunk(ai):
    kwargs = {"model": "rapportassistenten",
              "messages": [{"role": "user", "content": Q_ALLOCATED}]}
    whole = ai.chat.completions.create(**kwargs)
    chunks = list(ai.chat.completions.create(stream=True, **kwargs))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == whole.choices[0].message.content
    assert chunks[0].choices[0].delta.role == "assistant"
    last = chunks[-1]
    assert last.choices[0].finish_reason == "stop"
    assert last.model_extra["citations"] == whole.model_extra["citations"]


def test_a_wrong_key_is_an_authentication_error(base_url):
    bad = openai.OpenAI(base_url=base_url, api_key="wrong-key", max_retries=0)
    with pytest.raises(openai.AuthenticationError):
        bad.models.list()


@pytest.mark.parametrize("kwargs, field", [
    ({"messages": [{"role": "user", "content": "  "}]}, "messages"),
    ({"messages": [{"role": "user", "content": Q_ALLOCATED}],
      "extra_body": {"documents": ["finns-inte"]}}, "documents"),
    ({"messages": [{"role": "user", "content": Q_ALLOCATED}], "extra_body": {"top_k": 99}},
     "top_k"),
])
def test_bad_requests_are_422s_the_client_reports(ai, kwargs, field):
    with pytest.raises(openai.UnprocessableEntityError) as caught:
        ai.chat.completions.create(model="rapportassistenten", **kwargs)
    assert field in caught.value.message  # the client shows our error.message


def test_a_multi_turn_messages_list_gets_the_follow_up_answered(ai):
    """The earlier user/assistant pairs are the history: `Och 2010?` is the Skåne 2010 question,
    and a new question on another topic afterwards inherits nothing."""
    first_q = "Hur många deltog i kompetenssatsningens utbildningar i Skåne 2012?"
    messages = [{"role": "system", "content": "Svara kort."},
                {"role": "user", "content": first_q}]
    first = ai.chat.completions.create(model="rapportassistenten", messages=messages)
    assert "8 422" in first.choices[0].message.content
    messages += [{"role": "assistant", "content": first.choices[0].message.content},
                 {"role": "user", "content": "Och 2010?"}]
    follow = ai.chat.completions.create(model="rapportassistenten", messages=messages)
    assert "5 597" in follow.choices[0].message.content
    assert follow.model_extra["interpreted_question"] == first_q.replace("2012", "2010")
    messages += [{"role": "assistant", "content": follow.choices[0].message.content},
                 {"role": "user", "content": Q_ALLOCATED}]
    switch = ai.chat.completions.create(model="rapportassistenten", messages=messages)
    assert switch.model_extra["interpreted_question"] is None
    assert "428,5" in switch.choices[0].message.content
