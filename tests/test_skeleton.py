"""End to end on the real stack: two reports indexed, the card's two facts answered and cited."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from tests.conftest import KOMPETENS_ID, Q_ALLOCATED, Q_SPENT, run_ingest

pytestmark = pytest.mark.slow


def test_allocated_amount_is_answered_and_cited(indexed):
    answer = indexed.service.ask(Q_ALLOCATED)
    assert "428,5" in answer.text
    assert any(c.passage.document == KOMPETENS_ID for c in answer.citations)
    assert all(c.passage.page is not None for c in answer.citations)


def test_spent_amount_is_answered_and_cited(indexed):
    answer = indexed.service.ask(Q_SPENT)
    assert "406" in answer.text
    assert any(c.passage.document == KOMPETENS_ID for c in answer.citations)


def test_both_questions_over_http(indexed):
    client = TestClient(create_app(indexed.settings))
    for question, fact in ((Q_ALLOCATED, "428,5"), (Q_SPENT, "406")):
        res = client.post("/api/ask", json={"question": question})
        assert res.status_code == 200, res.text
        body = res.json()
        assert fact in body["answer"]
        assert body["citations"][0]["document"] == KOMPETENS_ID
        assert isinstance(body["citations"][0]["page"], int)
    res = client.post("/api/search", json={"query": "kursdagar", "top_k": 3})
    assert res.status_code == 200 and len(res.json()["passages"]) == 3


def test_ingesting_twice_adds_nothing(indexed, two_report_corpus):
    before = indexed.store.count()
    report = run_ingest(indexed, [two_report_corpus])
    assert report.indexed == [] and len(report.unchanged) == 2
    assert indexed.store.count() == before
