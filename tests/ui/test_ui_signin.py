"""With ASSISTANT_API_KEYS set, the chat in a real browser: sign in with a key, then ask."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assistant.api.app import create_app
from tests.conftest import Q_ALLOCATED
from tests.ui.browser import ANSWER_TIMEOUT_MS, ARTIFACTS, ask, last_answer, serve
from ui.chat import mount_ui

pytestmark = pytest.mark.slow
KEY = "nyckel-for-test-123"


def test_the_chat_needs_a_sign_in_and_then_works(browser, indexed):
    settings = indexed.settings.model_copy(update={"api_keys": KEY})
    with serve(create_app(settings, components=indexed, ui=mount_ui)) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
        page = context.new_page()
        try:
            page.goto(url)
            expect(page).to_have_url(f"{url}login")
            page.fill("#secret", "fel-nyckel")
            page.click("button[type=submit]")
            expect(page.get_by_role("alert")).to_contain_text("Fel nyckel")
            page.fill("#secret", KEY)
            page.click("button[type=submit]")
            expect(page.locator("#question textarea")).to_be_visible(timeout=60_000)
            ask(page, Q_ALLOCATED)
            expect(last_answer(page)).to_contain_text("428,5", timeout=ANSWER_TIMEOUT_MS)
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "signed-in.png"))
            # The session cookie is not readable by scripts.
            assert "ra_session" not in page.evaluate("document.cookie")
        finally:
            context.close()
