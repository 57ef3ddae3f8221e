"""axe-core in the page, with the WCAG 2.0 and 2.1 A and AA rules, offline.

axe-playwright-python bundles axe-core (no CDN). Each run's violations are saved as
artifacts/ui/axe-<state>.json, so that a failure can be read in full after the run.
"""

from __future__ import annotations

import json

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.ui.browser import ARTIFACTS

WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_AA_TAGS}, "resultTypes": ["violations"]}
_AXE = Axe()


def violations(page: Page, state: str) -> list[dict]:
    """The WCAG A/AA violations axe-core finds on `page` now, of any impact."""
    response = _AXE.run(page, options=OPTIONS).response
    # Guard against a silent no-op (axe not injected, no rules selected): rules must have run.
    assert response["testEngine"]["version"].startswith("4.")
    assert len(response["passes"]) >= 10, f"axe ran only {len(response['passes'])} rules"
    found = response["violations"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / f"axe-{state}.json").write_text(
        json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")
    return found


def describe(found: list[dict]) -> str:
    """One line per violation and element: rule, impact, where, what to fix."""
    lines = []
    for v in found:
        for node in v["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"{v['id']} ({v['impact']}) at {node['target']}: {summary[:300]}")
    return "\n".join(lines)


def assert_no_violations(page: Page, state: str) -> None:
    """axe-core finds no WCAG 2.0/2.1 A or AA violation, of any impact, on `page`."""
    found = violations(page, state)
    assert not found, f"axe-core, {state}: {len(found)} rule(s) violated\n{describe(found)}"
