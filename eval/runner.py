"""Seed evaluation runner: each item's question through the same answering code."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.service import AssistantService

DEFAULT_SUITE = Path(__file__).parent / "suites" / "core.jsonl"


def load_suite(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def run_suite(service: AssistantService, suite: Path | None = None) -> int:
    """Print PASS/FAIL per item; return a non-zero exit status when any item fails."""
    items = load_suite(suite or DEFAULT_SUITE)
    failed = 0
    for item in items:
        answer = service.ask(item["question"])
        ok = any(fact in answer.text for fact in item["expect"]) and any(
            c.passage.document == item["document"] for c in answer.citations
        )
        failed += not ok
        print(f"{'PASS' if ok else 'FAIL'} {item['id']}: {answer.text[:160]}")
    print(f"{len(items) - failed} passed, {failed} failed")
    return 1 if failed else 0
