"""Streaming, the LLM-fallback notice and service errors, seen in a real browser.

No LLM server runs here, so `SlowLlmDouble` stands in for a model that answers (the only test
double of the UI tests): it streams a first piece, waits until the test has seen it in the page,
then returns the real extractive answer marked as a fallback, as the LLM answerer does when its
model fails. The retriever, index and embedder are the real ones of the `indexed` fixture, and
the last test drives the real LLM answerer against an endpoint that does not answer.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from playwright.sync_api import expect

from assistant.answer.extractive import ExtractiveGenerator
from assistant.api.app import create_app
from assistant.errors import BackendUnavailableError
from assistant.models import Answer, Passage
from assistant.service import AssistantService
from tests.conftest import Q_ALLOCATED
from tests.ui.browser import ask, last_answer, open_chat, serve
from ui.chat import mount_ui

pytestmark = pytest.mark.slow

FALLBACK = "Språkmodellen svarade inte; svaret nedan är utdrag ur dokumenten."
FIRST_PIECE = "Enligt slutrapporten "


class SlowLlmDouble:
    """Streams FIRST_PIECE, waits for `release`, then answers extractively with a notice."""

    name = "llm-double"

    def __init__(self) -> None:
        self.release = threading.Event()
        self.extractive = ExtractiveGenerator()

    def answer(self, question: str, passages: list[Passage]) -> Answer:
        return self.extractive.answer(question, passages)

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str | Answer]:
        if "FEL" in question:
            raise BackendUnavailableError("LLM endpoint http://127.0.0.1:9/v1 did not answer.")
        yield FIRST_PIECE
        self.release.wait(timeout=120)
        yield dataclasses.replace(self.answer(question, passages), notice=FALLBACK)


@pytest.fixture(scope="module")
def llm(indexed):
    double = SlowLlmDouble()
    service = AssistantService(indexed.service.retriever, double, indexed.documents)
    app = mount_ui(FastAPI(), service, indexed.settings.data_dir)
    with serve(app) as url:
        yield url, double


def test_answer_streams_then_shows_the_fallback_notice(browser, llm):
    url, double = llm
    with open_chat(browser, url, "streaming-fallback") as page:
        ask(page, Q_ALLOCATED, wait=False)
        expect(page.locator("#chat .bot").last).to_contain_text(FIRST_PIECE.strip(),
                                                                timeout=180_000)
        double.release.set()
        expect(page.locator("#sources #kalla-1-1")).to_be_visible()
        expect(last_answer(page)).to_contain_text("428,5")
        expect(page.locator("#notice")).to_contain_text(FALLBACK)
        expect(page.locator("#sources .notice")).to_contain_text(FALLBACK)


def test_service_error_is_a_notice_and_the_question_is_kept(browser, llm):
    url, _ = llm
    with open_chat(browser, url, "backend-error") as page:
        ask(page, "FEL: vad hände 2009?", wait=False)
        expect(page.locator("#notice")).to_contain_text("Tjänsten nås inte just nu")
        expect(page.locator("#question textarea")).to_have_value("FEL: vad hände 2009?")
        expect(page.locator("#chat .bot")).to_have_count(0)
        assert "Traceback" not in page.content()


def test_real_llm_generator_with_unreachable_endpoint_falls_back_with_a_notice(browser, indexed):
    """No double here: the real LLM answerer pointed at a closed loopback port."""
    settings = indexed.settings.model_copy(update={
        "llm_base_url": "http://127.0.0.1:9/v1", "llm_model": "ingen-modell", "llm_timeout": 10})
    app = create_app(settings, ui=mount_ui)
    with serve(app) as url, open_chat(browser, url, "llm-unreachable") as page:
        ask(page, Q_ALLOCATED)
        expect(last_answer(page)).to_contain_text("428,5")
        expect(page.locator("#notice")).to_contain_text("Språkmodellen gick inte att nå")
        expect(page.locator("#sources .notice")).to_contain_text("Språkmodellen")
