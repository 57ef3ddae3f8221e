"""The chat in a real browser: Debian's Chromium driven by Playwright, the real app on loopback.

Screenshots go to artifacts/ui/ (gitignored). Any request to a host other than loopback fails
the test (see conftest.open_chat): the chat must work with no internet.
"""

from __future__ import annotations

import json
import re
import sys

import pytest
from playwright.sync_api import Page, expect

from assistant.api.app import create_app
from tests.conftest import KOMPETENS_ID, Q_ALLOCATED
from tests.ui.browser import ARTIFACTS, LOOPBACK, ask, last_answer, open_chat, serve
from ui.chat import mount_ui

pytestmark = pytest.mark.slow

NO_SUPPORT = "Jag hittar inget stöd för det i dokumenten."
# An unanswerable item of eval/suites/core.jsonl (ej-lon-lanssamordnare).
Q_UNANSWERABLE = "Vilken månadslön har en länssamordnare för psykisk hälsa?"
KOMPETENS_TITLE = "Kompetenssatsning inom psykiatri och socialtjänst 2008–2011"


@pytest.fixture(scope="module")
def outgoing() -> list[str]:
    """Hosts outside loopback that this process resolves or connects to from now on.

    An audit hook cannot be removed, so it only records; the test below reads the record.
    """
    seen: list[str] = []

    def hook(event: str, args: tuple) -> None:
        host = None
        if event == "socket.getaddrinfo" and args:
            host = args[0].decode() if isinstance(args[0], bytes) else args[0]
        elif event == "socket.connect" and len(args) > 1 and isinstance(args[1], tuple):
            host = args[1][0]
        if host and str(host) not in LOOPBACK:
            seen.append(str(host))

    sys.addaudithook(hook)
    return seen


@pytest.fixture(scope="module")
def server(outgoing, indexed):
    """The real app (API + chat, as `assistant serve` builds it) over the two-report index."""
    with serve(create_app(indexed.settings, ui=mount_ui)) as url:
        yield url


@pytest.fixture
def page(browser, server, request):
    with open_chat(browser, server, request.node.name) as pg:
        yield pg


def test_answer_shows_amount_and_its_source_with_page(page: Page):
    ask(page, Q_ALLOCATED)
    expect(last_answer(page)).to_contain_text("428,5")
    card = page.locator("#sources #kalla-1-1")
    expect(card).to_contain_text(KOMPETENS_TITLE)
    meta = re.compile(r"Socialstyrelsen · 2012 · s\. \d+")
    expect(card.locator(".source-meta")).to_have_text(meta)
    expect(card.locator("mark")).to_contain_text("428,5")
    # The marker in the answer and the source carry the same number and are linked.
    marker = page.locator("#chat a.cite[href='#kalla-1-1']").first
    expect(marker).to_have_text("[1]")
    expect(card.locator(".badge")).to_have_text("1")
    marker.click()
    expect(card).to_be_in_viewport()
    # The plain-text copy for a memo.
    page.get_by_text("Kopiera svaret med källor").click()
    copy = page.locator("#copy-text textarea")
    expect(copy).to_have_value(re.compile(r"428,5.*Källor:\n\[1\] Kompetenssatsning", re.S))
    page.screenshot(path=str(ARTIFACTS / "answer-with-sources.png"), full_page=True)


def test_unanswerable_question_says_so_and_shows_related_not_sources(page: Page):
    ask(page, Q_UNANSWERABLE)
    expect(last_answer(page)).to_have_text(re.compile("^" + re.escape(NO_SUPPORT)))
    sources = page.locator("#sources")
    expect(sources).to_contain_text("Dokumenten ger inget stöd")
    expect(sources.locator(".source-card:not(.related)")).to_have_count(0)
    if sources.locator(".source-card.related").count():
        expect(sources).to_contain_text("Närliggande avsnitt")


def test_feedback_is_stored_with_question_answer_and_corpus_version(page: Page, indexed):
    path = indexed.settings.data_dir / "feedback.jsonl"
    before = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    ask(page, Q_ALLOCATED)
    expect(last_answer(page)).to_contain_text("428,5")
    page.locator("#feedback-comment textarea").fill("Tydligt, med sida.")
    page.locator("#feedback-up").click()
    expect(page.locator("#feedback-status")).to_contain_text("sparad")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(before) + 1
    record = json.loads(lines[-1])
    assert record["question"] == Q_ALLOCATED and record["rating"] == "up"
    assert record["comment"] == "Tydligt, med sida." and "428,5" in record["answer"]
    assert record["citations"][0]["document"] == KOMPETENS_ID
    assert isinstance(record["citations"][0]["page"], int)
    assert KOMPETENS_ID in record["corpus_version"] and record["timestamp"]
    expect(page.locator("#feedback-comment textarea")).to_have_value("")


def test_documents_tab_and_filter_limit_the_search(page: Page):
    page.get_by_role("tab", name="Rapporter").click()
    table = page.locator("#documents table")
    expect(table).to_contain_text(KOMPETENS_TITLE)
    expect(table).to_contain_text("Regeringsbeslut 2009")
    expect(table.locator("tbody tr")).to_have_count(2)
    page.get_by_role("tab", name="Fråga").click()
    page.get_by_text("Begränsa sökningen till vissa rapporter").click()
    page.locator("#doc-filter").get_by_text("Regeringsbeslut 2009").click()
    expect(page.get_by_text("Begränsa sökningen till vissa rapporter (1 vald)")).to_be_visible()
    ask(page, Q_ALLOCATED)
    # Only the government decision may be searched: the kompetenssatsning report is not cited.
    expect(page.locator("#sources")).not_to_contain_text(KOMPETENS_TITLE)


def test_empty_and_overlong_questions_get_a_notice_not_an_error(page: Page):
    page.locator("#question textarea").press("Enter")
    expect(page.locator("#notice")).to_contain_text("Skriv en fråga först.")
    page.locator("#question textarea").fill("x" * 1001)
    page.locator("#send").click()
    expect(page.locator("#notice")).to_contain_text("gränsen är 1000")
    expect(page.locator("#question textarea")).to_have_value("x" * 1001)
    assert "Traceback" not in page.content()


def test_server_reaches_nothing_outside_this_machine(page: Page, outgoing: list[str]):
    """Building the app, serving the page and answering: no analytics, no CDN, no hub."""
    ask(page, Q_ALLOCATED)
    expect(last_answer(page)).to_contain_text("428,5")
    assert outgoing == [], f"the server process tried to reach: {sorted(set(outgoing))}"


def test_two_questions_in_one_are_answered_in_the_chat_without_an_error(page: Page):
    # the card's question: its parts are answered whole and streamed as one piece (this once
    # ended in "Ett oväntat fel inträffade" after the sources were shown)
    ask(page, "Hur mycket pengar fördelade Socialstyrelsen 2008–2011, och hur mycket förbrukades?")
    expect(last_answer(page)).to_contain_text("428,5")
    expect(page.get_by_text("Ett oväntat fel")).to_have_count(0)
