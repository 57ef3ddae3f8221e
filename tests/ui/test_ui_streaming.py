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
from tests.ui.axe import assert_no_violations
from tests.ui.browser import ask, last_answer, open_chat, serve
from ui.chat import mount_ui

pytestmark = pytest.mark.slow

FALLBACK = "Språkmodellen svarade inte; svaret nedan är utdrag ur dokumenten."
FIRST_PIECE = "Enligt slutrapporten "
# Records what the live regions (the answer's and the notices') hold after each change; the
# regions must stay the same elements for a screen reader to announce their changes.
WATCH_LIVE = """() => {
  window.__regions = {};
  for (const id of ['announce', 'notice']) {
    const region = document.querySelector('#' + id + ' [role=status]');
    window.__regions[id] = {node: region, texts: []};
    new MutationObserver(() => window.__regions[id].texts.push(region.textContent))
      .observe(region, {childList: true, subtree: true, characterData: true});
  }
}"""
SPOKEN = """id => ({same: document.querySelector('#' + id + ' [role=status]') ===
                       window.__regions[id].node, texts: window.__regions[id].texts})"""


def announcements(texts: list[str]) -> list[str]:
    """What a live region announced: each change to a new, non-empty text."""
    said: list[str] = []
    for text in texts:
        if text.strip() and (not said or text != said[-1]):
            said.append(text)
    return said


class SlowLlmDouble:
    """Streams FIRST_PIECE, waits for `release`, then answers extractively with a notice."""

    name = "llm-double"

    def __init__(self, extractive: ExtractiveGenerator) -> None:
        self.release = threading.Event()
        self.extractive = extractive  # the session index's, with the plumbing threshold

    def answer(self, question: str, passages: list[Passage]) -> Answer:
        return self.extractive.answer(question, passages)

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str | Answer]:
        if "FEL" in getattr(question, "text", question):
            raise BackendUnavailableError("LLM endpoint http://127.0.0.1:9/v1 did not answer.")
        yield FIRST_PIECE
        self.release.wait(timeout=120)
        yield dataclasses.replace(self.answer(question, passages), notice=FALLBACK)


@pytest.fixture(scope="module")
def llm(indexed):
    double = SlowLlmDouble(indexed.extractive)
    service = AssistantService(indexed.service.retriever, double, indexed.documents,
                               indexed.analyse)
    app = mount_ui(FastAPI(), service, indexed.settings.data_dir)
    with serve(app) as url:
        yield url, double


def test_answer_streams_then_shows_the_fallback_notice(browser, llm):
    url, double = llm
    with open_chat(browser, url, "streaming-fallback") as page:
        page.evaluate(WATCH_LIVE)
        ask(page, Q_ALLOCATED, wait=False)
        expect(page.locator("#chat .bot").last).to_contain_text(FIRST_PIECE.strip(),
                                                                timeout=180_000)
        # Half-streamed: the chat is not a live region and nothing has been announced yet.
        expect(page.locator("#chat [role=log]")).to_have_attribute("aria-live", "off")
        assert announcements(page.evaluate(SPOKEN, "announce")["texts"]) == []
        assert_no_violations(page, "half-streamed")  # Gradio's progress overlays included
        double.release.set()
        expect(page.locator("#sources #kalla-1-1")).to_be_visible()
        expect(last_answer(page)).to_contain_text("428,5")
        expect(page.locator("#notice")).to_contain_text(FALLBACK)
        expect(page.locator("#sources .notice")).to_contain_text(FALLBACK)
        # Complete: the answer announced once, whole; the fallback notice announced too.
        expect(page.locator("#announce [role=status]")).to_contain_text("1 källa.")
        spoken = page.evaluate(SPOKEN, "announce")
        said = announcements(spoken["texts"])
        assert spoken["same"] and len(said) == 1, said
        assert said[0].startswith("Svar på fråga 1: ") and "428,5" in said[0]
        notice = page.evaluate(SPOKEN, "notice")
        assert notice["same"] and announcements(notice["texts"]) == [FALLBACK]


def test_service_error_is_a_notice_and_the_question_is_kept(browser, llm):
    url, _ = llm
    with open_chat(browser, url, "backend-error") as page:
        page.evaluate(WATCH_LIVE)
        ask(page, "FEL: vad hände 2009?", wait=False)
        expect(page.locator("#notice")).to_contain_text("Tjänsten nås inte just nu")
        expect(page.locator("#question textarea")).to_have_value("FEL: vad hände 2009?")
        expect(page.locator("#chat .bot")).to_have_count(0)
        assert "Traceback" not in page.content()
        # Announced (a live region that was on the page before), and AA like the rest.
        notice = page.evaluate(SPOKEN, "notice")
        said = announcements(notice["texts"])
        assert notice["same"] and len(said) == 1 and "Tjänsten nås inte" in said[0], said
        assert announcements(page.evaluate(SPOKEN, "announce")["texts"]) == []
        assert_no_violations(page, "error-notice")


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
