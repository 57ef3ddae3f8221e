"""`assistant eval` on conversation items: the earlier turns go through the same conversation
path (in-process and over HTTP), the report has per-type figures and "switches inherit nothing"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.backends import HttpBackend, ServiceBackend
from eval.metrics import conversation_table
from eval.runner import run_suite
from tests.api.conftest import app_for, serve
from tests.conftest import KOMPETENS_ID

pytestmark = pytest.mark.slow
SKANE = "Hur många deltog i kompetenssatsningens utbildningar i Skåne 2012?"
ITEMS = [
    {"id": "c-year", "turns": [SKANE], "question": "Och 2010?", "expect": ["5 597"],
     "standalone": "Hur många deltog i kompetenssatsningens utbildningar i Skåne 2010?",
     "document": KOMPETENS_ID, "page": 10, "kind": "count", "type": "year"},
    {"id": "c-report", "turns": [SKANE, "Och 2010?"], "question": "Vem skrev rapporten?",
     "expect": ["Dick Lindberg"], "document": KOMPETENS_ID, "kind": "name", "type": "pronoun"},
    {"id": "c-switch", "turns": [SKANE],
     "question": "Hur mycket pengar kan Försäkringskassan bevilja 2009?",
     "expect": ["9 500 000 kronor"],
     "document": "regeringsbeslut-2009-forsakringskassan", "kind": "amount", "type": "switch"},
]


@pytest.fixture
def suite(tmp_path: Path) -> Path:
    path = tmp_path / "conv.jsonl"
    path.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in ITEMS), "utf-8")
    return path


def check(run: dict, results) -> None:
    by_id = {r.item.id: r for r in results}
    assert by_id["c-year"].passed and by_id["c-year"].observation.interpreted
    # `Vem skrev rapporten?` is resolved to the report the answers cited; whether the answerer
    # then names its author is a matter for the eval figures: here it must not name another.
    report = by_id["c-report"]
    assert report.observation.interpreted
    assert report.passed or not report.observation.citations
    assert by_id["c-switch"].passed and by_id["c-switch"].observation.interpreted is None
    conv = run["summary"]["conversation"]
    assert conv["followups_fact"] >= 0.5 and conv["switches_inherit_nothing"] == 1.0
    assert set(conv["by_type"]) == {"year", "pronoun", "switch"}
    table = conversation_table(run["summary"])
    assert "topic switches: inherit nothing (right, not interpreted) 100%" in table
    assert by_id["c-year"].to_dict()["interpreted"] == (
        "Hur många deltog i kompetenssatsningens utbildningar i Skåne 2010?")


def test_conversation_items_run_in_process(indexed, suite):
    check(*run_suite(ServiceBackend(indexed.service), suite, progress=False))


def test_conversation_items_run_over_http(indexed, suite):
    with serve(app_for(indexed)) as url:
        check(*run_suite(HttpBackend(url), suite, progress=False))


def test_standalone_asks_the_writers_version_alone_and_reports_it_by_type(indexed, suite):
    run, results = run_suite(ServiceBackend(indexed.service), suite, progress=False,
                             standalone=True)
    year = next(r for r in results if r.item.id == "c-year")
    assert year.passed and year.observation.interpreted is None  # asked alone, nothing resolved
    assert year.item.question.endswith("Skåne 2010?") and not year.item.turns
    assert run["suite"]["standalone"] is True
    assert run["summary"]["conversation"]["by_type"]["year"]["fact"] == 1.0
