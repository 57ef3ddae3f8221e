"""Browser-test helpers: the app on a loopback port, an offline-guarded page, asking questions."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, Locator, Page, expect

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "ui"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync",
                 "--disable-quic"]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
ANSWER_TIMEOUT_MS = 180_000  # a cold embedder on 2 busy cores; the answer itself is quick


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn on a free loopback port in a thread; yields its URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(600):
        if srv.started or not thread.is_alive():
            break
        time.sleep(0.1)
    assert srv.started, "uvicorn did not start; see the log above"
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
        sock.close()


@contextmanager
def open_chat(browser: Browser, url: str, name: str, *, width: int = 1400,
              locale: str = "sv-SE", permissions: tuple[str, ...] = (),
              color_scheme: Literal["light", "dark"] = "light") -> Iterator[Page]:
    """A fresh page (Swedish locale unless told) on the chat at `url`; screenshot saved as
    `name`.png. `permissions` are granted to the page (e.g. clipboard-read); a dark
    `color_scheme` makes Gradio use its dark theme.

    Fails on any request to a host other than loopback: the chat must need no internet.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 1000}, locale=locale,
                                  color_scheme=color_scheme)
    if permissions:
        context.grant_permissions(list(permissions), origin=url.rstrip("/"))
    outside: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in LOOPBACK:
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    try:
        page.goto(url)
        expect(page.locator("#question textarea")).to_be_visible(timeout=60_000)
        yield page
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    finally:
        context.close()
    assert not outside, f"the page fetched from outside this machine: {outside}"


def ask(page: Page, question: str, *, wait: bool = True) -> None:
    """Type `question`, press Enter and (by default) wait until its sources panel shows."""
    box = page.locator("#question textarea")
    box.fill(question)
    box.press("Enter")
    if wait:
        expect(page.locator("#sources .turn-question").first).to_contain_text(
            question[:40], timeout=ANSWER_TIMEOUT_MS)


def last_answer(page: Page) -> Locator:
    """The latest answer in the chat (use with expect(): it re-checks while the page renders)."""
    return page.locator("#chat .bot").last
