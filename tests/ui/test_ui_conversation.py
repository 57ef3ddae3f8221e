"""A conversation in the chat, in Debian's Chromium: a question, a year-only follow-up answered
in context (with its *Tolkad som* line), a new question on another topic that inherits nothing,
and **Ny konversation**, after which a follow-up has nothing to follow."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from assistant.api.app import create_app
from tests.conftest import Q_ALLOCATED
from tests.ui.browser import ANSWER_TIMEOUT_MS, ARTIFACTS, last_answer, open_chat, serve
from ui.chat import mount_ui

pytestmark = pytest.mark.slow

Q_SKANE = "Hur många deltog i kompetenssatsningens utbildningar i Skåne 2012?"
INTERPRETED = "Tolkad som: Hur många deltog i kompetenssatsningens utbildningar i Skåne 2010?"


@pytest.fixture(scope="module")
def server(indexed):
    with serve(create_app(indexed.settings, ui=mount_ui)) as url:
        yield url


def ask_turn(page: Page, question: str, turn: int) -> None:
    """Type `question`, press Enter and wait until the sources panel shows answer `turn`."""
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    expect(page.locator("#sources .turn-question").first).to_contain_text(
        f"Fråga {turn}:", timeout=ANSWER_TIMEOUT_MS)


def test_a_follow_up_is_answered_in_context_and_a_new_topic_inherits_nothing(browser, server):
    with open_chat(browser, server, "conversation") as page:
        ask_turn(page, Q_SKANE, 1)
        expect(last_answer(page)).to_contain_text("8 422")
        expect(last_answer(page)).not_to_contain_text("Tolkad som")

        ask_turn(page, "Och 2010?", 2)
        expect(last_answer(page)).to_contain_text("5 597")
        expect(last_answer(page).locator(".interpreted")).to_have_text(INTERPRETED)
        page.screenshot(path=str(ARTIFACTS / "conversation-follow-up.png"), full_page=True)

        ask_turn(page, Q_ALLOCATED, 3)
        expect(last_answer(page)).to_contain_text("428,5")
        expect(last_answer(page)).not_to_contain_text("Tolkad som")
        # the three answers stay in the chat, each under its own question
        expect(page.locator("#chat .bot")).to_have_count(3)

        page.locator("#new-chat").click()
        expect(page.locator("#chat .bot")).to_have_count(0)
        ask_turn(page, "Och 2010?", 1)  # nothing to follow: answered as it stands
        expect(last_answer(page)).not_to_contain_text("Tolkad som")
