"""The LLM path against a real model server (llama.cpp + Gemma 3 270M): `make test-llm`.

A 270M model is not expected to answer well; it echoes passages and cites passages that do not
exist. What must hold is the contract: whatever it writes, what we return has only citations to
given passages, no number that its cited passages do not state, and never an error. What the
model wrote (raw) and what we returned are saved to artifacts/llm/ for the README.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.answer.check import backed, check_answer, markers
from assistant.answer.extractive import ExtractiveGenerator
from assistant.answer.llm import LLMGenerator, make_chat_model
from assistant.answer.prompt import build_messages
from assistant.language.numbers import parse_quantities
from assistant.models import Answer
from assistant.settings import Settings
from assistant.wiring import Components
from tests.answer.test_prompt_and_check import FORBRUKAT, FORORD, PASSAGES, Q_SPENT
from tests.api.conftest import app_for
from tests.conftest import Q_ALLOCATED

pytestmark = [pytest.mark.llm, pytest.mark.timeout(1800)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "llm"
TIMEOUT = 600.0  # a 270M model on 2 shared cores; the default (60 s) is for real deployments


@pytest.fixture(scope="module")
def llm_settings() -> Settings:
    url, model = os.environ.get("ASSISTANT_LLM_BASE_URL"), os.environ.get("ASSISTANT_LLM_MODEL")
    if not url or not model:
        pytest.fail("No model server: run these tests with `make test-llm`, which starts one "
                    "and sets ASSISTANT_LLM_BASE_URL and ASSISTANT_LLM_MODEL.")
    return Settings(_env_file=None, llm_base_url=url, llm_model=model, llm_timeout=TIMEOUT)


@pytest.fixture(scope="module")
def generator(llm_settings) -> LLMGenerator:
    return LLMGenerator(make_chat_model(llm_settings), ExtractiveGenerator(), timeout=TIMEOUT)


def record(name: str, **data) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"{name}.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=2, default=str), encoding="utf-8")


def assert_contract(answer: Answer, passages) -> None:
    """Only given passages cited, every stated number backed by a cited passage."""
    assert answer.generator in ("llm", "extractive")
    cited = [c.passage for c in answer.citations]
    assert all(p in passages for p in cited)
    assert [c.n for c in answer.citations] == list(range(1, len(cited) + 1))
    if answer.generator == "llm" and answer.citations:
        assert answer.grounded
        assert set(markers(answer.text)) <= {c.n for c in answer.citations}
        for q in parse_quantities(answer.text):
            assert any(backed(q, s) for p in cited for s in parse_quantities(p.text)), q
    if answer.generator == "extractive":
        assert answer.notice, "a replaced LLM answer must say why"


def test_the_real_model_is_checked_before_anything_is_returned(generator):
    raw = generator.chat.invoke(build_messages(Q_SPENT, PASSAGES)).content
    answer = generator.finish(Q_SPENT, raw, PASSAGES)
    checked = check_answer(Q_SPENT, raw, PASSAGES)
    record("spent-3-passages", question=Q_SPENT, raw=raw, dropped=checked.dropped,
           unsupported=checked.unsupported, returned=answer.text, generator=answer.generator,
           notice=answer.notice, citations=[(c.n, c.passage.id) for c in answer.citations])
    assert isinstance(raw, str) and raw.strip()
    assert_contract(answer, PASSAGES)


def test_streaming_from_the_real_model_ends_with_a_checked_answer(generator):
    passages = [FORORD, FORBRUKAT]
    out = list(generator.stream(Q_ALLOCATED, passages))
    pieces, final = out[:-1], out[-1]
    record("allocated-stream-2-passages", question=Q_ALLOCATED, raw="".join(pieces),
           pieces=len(pieces), returned=final.text, generator=final.generator,
           notice=final.notice, citations=[(c.n, c.passage.id) for c in final.citations])
    assert pieces and all(isinstance(p, str) for p in pieces)
    assert isinstance(final, Answer)
    assert_contract(final, passages)


@pytest.mark.timeout(3600)  # indexes two reports, then two model answers on busy cores
def test_the_app_answers_through_the_model_over_the_api(indexed, llm_settings):
    """Settings choose the LLM in wiring; /api/ask and /v1 answer (or fall back), never 500."""
    components = Components(indexed.settings.model_copy(update={
        "llm_base_url": llm_settings.llm_base_url, "llm_model": llm_settings.llm_model,
        "llm_timeout": TIMEOUT, "top_k": 3}))
    assert isinstance(components.generator, LLMGenerator)
    with TestClient(app_for(components)) as client:
        res = client.post("/api/ask", json={"question": Q_SPENT})
        assert res.status_code == 200, res.text
        body = res.json()
        record("api-ask", question=Q_SPENT, **body)
        assert body["generator"] in ("llm", "extractive")
        assert body["generator"] == "llm" or body["notice"]
        v1 = client.post("/v1/chat/completions", json={
            "model": "rapportassistenten", "messages": [{"role": "user", "content": Q_SPENT}]})
        assert v1.status_code == 200, v1.text
        assert v1.json()["generator"] in ("llm", "extractive")
