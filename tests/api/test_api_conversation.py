"""Conversations over /api on the real stack: history resolves follow-ups, a new question on
another topic inherits nothing, bad turns are 422s naming the field, 20 turns at most."""

from __future__ import annotations

import pytest

from tests.api.conftest import events
from tests.conftest import KOMPETENS_ID

pytestmark = pytest.mark.slow
BESLUT_ID = "regeringsbeslut-2009-forsakringskassan"
Q_SKANE = "Hur många deltog i kompetenssatsningens utbildningar i Skåne 2012?"
Q_SKANE_2010 = "Hur många deltog i kompetenssatsningens utbildningar i Skåne 2010?"
Q_BESLUT = "Hur mycket pengar kan Försäkringskassan bevilja 2009?"


def turn(client, question: str, history: list[dict]) -> dict:
    """Ask `question` after `history`; append it, as a client would, and return the body."""
    res = client.post("/api/ask", json={"question": question, "history": history})
    assert res.status_code == 200, res.text
    body = res.json()
    history.append({"question": question, "answer": body["answer"],
                    "documents": sorted({c["document"] for c in body["citations"]})})
    return body


def test_a_conversation_answers_the_follow_up_and_not_the_switch_in_context(client):
    history: list[dict] = []
    first = turn(client, Q_SKANE, history)
    assert "8 422" in first["answer"] and first["interpreted_question"] is None
    follow = turn(client, "Och 2010?", history)
    assert follow["interpreted_question"] == Q_SKANE_2010
    assert "5 597" in follow["answer"]
    assert follow["citations"][0]["document"] == KOMPETENS_ID
    report = turn(client, "Vem skrev rapporten?", history)
    assert report["interpreted_question"]  # about the report the answers cited
    assert "Dick Lindberg" in report["answer"] or not report["citations"]  # no other name
    switch = turn(client, Q_BESLUT, history)
    assert switch["interpreted_question"] is None  # a new, complete question inherits nothing
    assert {c["document"] for c in switch["citations"]} == {BESLUT_ID}
    alone = client.post("/api/ask", json={"question": Q_BESLUT}).json()
    assert switch["answer"] == alone["answer"]


def test_without_history_the_answer_is_as_before(client, indexed):
    body = client.post("/api/ask", json={"question": "Och 2010?"}).json()
    assert body["interpreted_question"] is None
    assert body["answer"] == indexed.service.ask("Och 2010?").text


def test_the_stream_carries_the_interpreted_question_on_its_answer_event(client):
    res = client.post("/api/ask/stream", json={"question": "Och 2010?",
                                               "history": [{"question": Q_SKANE}]})
    assert res.status_code == 200, res.text
    name, answer = events(res.text)[-1]
    assert name == "answer" and answer["interpreted_question"] == Q_SKANE_2010
    assert "5 597" in answer["answer"]


@pytest.mark.parametrize("history, field", [
    ([{"answer": "8 422"}], "history.0.question"),
    ([{"question": Q_SKANE}, {"question": "   "}], "history.1.question"),
    ([{"question": Q_SKANE, "documents": "kompetens"}], "history.0.documents"),
    ([{"question": Q_SKANE, "cited": []}], "history.0.cited"),
    ({"question": Q_SKANE}, "history"),
])
def test_a_malformed_turn_is_a_422_naming_the_field(client, history, field):
    res = client.post("/api/ask", json={"question": "Och 2010?", "history": history})
    assert res.status_code == 422
    assert res.json()["error"]["message"].startswith(f"{field}:"), res.json()


def test_a_long_history_uses_its_last_20_turns(client):
    # 25 turns: Skåne 2012, then 24 follow-ups `och Gotland?`. Had the first turn counted, the
    # last question would be the Gotland 2010 one; with the last 20 there is no topic to carry.
    history = [{"question": Q_SKANE}] + [{"question": "och Gotland?"}] * 24
    long = client.post("/api/ask", json={"question": "Och 2010?", "history": history})
    last20 = client.post("/api/ask", json={"question": "Och 2010?", "history": history[5:]})
    assert long.status_code == 200 and long.json() == last20.json()
    assert "kompetenssatsningens" not in (long.json()["interpreted_question"] or "")
    six = client.post("/api/ask", json={"question": "Och 2010?", "history": history[:6]})
    assert six.json()["interpreted_question"] == Q_SKANE_2010.replace("Skåne", "Gotland")
