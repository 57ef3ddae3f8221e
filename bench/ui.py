"""Latency of the chat as a user sees it, in Debian's Chromium: page load and question -> sources.

    uv run python bench/ui.py --data-dir /tmp/me/data             # 5 runs
    uv run python bench/ui.py --data-dir data --runs 3

Serves the real app (`create_app`, API + chat, as `assistant serve` does) in this process with
uvicorn on loopback, warms it up with one question, then per run opens a fresh page and asks each
question, timing: page load (navigation until the question box is visible) and answer (Enter
until the answer's sources or 'no support' panel is shown). Prints each run and the medians.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTIONS = [
    "Hur mycket pengar fördelade Socialstyrelsen till kommuner och landsting 2008–2011?",
    "Hur mycket av pengarna i kompetenssatsningen förbrukades?",
    "Vilken månadslön har en länssamordnare för psykisk hälsa?",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ["ASSISTANT_DATA_DIR"] = str(args.data_dir)

    from playwright.sync_api import expect, sync_playwright

    from assistant.api.app import create_app
    from tests.ui.browser import CHROMIUM, CHROMIUM_ARGS, serve
    from ui.chat import mount_ui

    def ask(page, question: str) -> float:
        start = time.perf_counter()
        page.locator("#question textarea").fill(question)
        page.locator("#question textarea").press("Enter")
        expect(page.locator("#sources .turn-question").first).to_contain_text(
            question[:40], timeout=120_000)
        return time.perf_counter() - start

    loads: list[float] = []
    answers: list[float] = []
    with serve(create_app(ui=mount_ui)) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for run in range(args.runs + 1):  # run 0 warms up the embedder and the index
            page = browser.new_page(locale="sv-SE")
            start = time.perf_counter()
            page.goto(url)
            expect(page.locator("#question textarea")).to_be_visible(timeout=60_000)
            load = time.perf_counter() - start
            times = [ask(page, q) for q in (QUESTIONS if run else QUESTIONS[:1])]
            page.close()
            if run:
                loads.append(load)
                answers.extend(times)
                print(f"run {run}: page load {load * 1000:.0f} ms; answers "
                      + ", ".join(f"{t * 1000:.0f}" for t in times) + " ms")
        browser.close()
    print(f"median page load {statistics.median(loads) * 1000:.0f} ms over {len(loads)} runs; "
          f"median question -> sources {statistics.median(answers) * 1000:.0f} ms over "
          f"{len(answers)} questions")


if __name__ == "__main__":
    main()
