"""The feedback store: one JSON line per rating, with everything needed to make an eval item."""

from __future__ import annotations

import json

import pytest

from assistant.errors import InvalidFeedbackError
from assistant.feedback import FeedbackStore
from assistant.models import Answer, Citation, Passage

# A real passage of the bundled corpus (kompetenssatsning slutrapport, page 1).
SENTENCE = ("På regeringens uppdrag fördelade Socialstyrelsen 428,5 miljoner kronor till kommuner "
            "och landsting under perioden 2008–2011.")
PASSAGE = Passage(
    id="socialstyrelsen-kompetenssatsning-2008-2011:00001",
    document="socialstyrelsen-kompetenssatsning-2008-2011",
    title="Kompetenssatsning inom psykiatri och socialtjänst 2008–2011: slutrapport",
    text=f"Förord\n{SENTENCE} Syftet var att förstärka kompetensen bland personal.",
    score=0.9, page=1, publisher="Socialstyrelsen", year=2012,
)
ANSWER = Answer(
    question="Hur mycket pengar fördelade Socialstyrelsen till kommuner och landsting 2008–2011?",
    text=f"{SENTENCE} [1]", citations=[Citation(1, PASSAGE, SENTENCE)], grounded=True,
)
VERSION = {"socialstyrelsen-kompetenssatsning-2008-2011": "1758a022"}


def test_rating_is_appended_with_question_answer_citations_and_corpus_version(tmp_path):
    store = FeedbackStore(tmp_path / "data" / "feedback.jsonl")
    store.add(ANSWER, "up", "  Precis vad jag behövde ", VERSION, (PASSAGE.document,))
    store.add(ANSWER, "down")
    lines = (tmp_path / "data" / "feedback.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    first = json.loads(lines[0])
    assert first["question"] == ANSWER.question and "428,5" in first["answer"]
    assert first["rating"] == "up" and first["comment"] == "Precis vad jag behövde"
    assert first["citations"] == [{
        "n": 1, "document": PASSAGE.document, "title": PASSAGE.title, "page": 1,
        "passage_id": PASSAGE.id, "quote": SENTENCE,
    }]
    assert first["corpus_version"] == VERSION
    assert first["timestamp"].endswith("+00:00")
    assert "428,5 miljoner" in lines[0]  # readable Swedish, not \u escapes
    assert [r["rating"] for r in store.read()] == ["up", "down"]


@pytest.mark.parametrize("rating", ["", "good", "UP", "👍"])
def test_unknown_rating_is_refused_and_nothing_is_written(tmp_path, rating):
    store = FeedbackStore(tmp_path / "feedback.jsonl")
    with pytest.raises(InvalidFeedbackError, match="'up' or 'down'"):
        store.add(ANSWER, rating)
    assert store.read() == []


def test_overlong_comment_is_refused_with_the_limit(tmp_path):
    store = FeedbackStore(tmp_path / "feedback.jsonl")
    with pytest.raises(InvalidFeedbackError, match="limit is 2000"):
        store.add(ANSWER, "down", "x" * 2001)


def test_a_damaged_line_is_named(tmp_path):
    path = tmp_path / "feedback.jsonl"
    FeedbackStore(path).add(ANSWER, "up")
    with path.open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    with pytest.raises(InvalidFeedbackError, match="line 2"):
        FeedbackStore(path).read()


def test_ratings_are_capped_per_minute_and_in_size(tmp_path):
    from dataclasses import replace

    from assistant.errors import RateLimitedError

    store = FeedbackStore(tmp_path / "feedback.jsonl", per_minute=3)
    for _ in range(3):
        store.add(ANSWER, "up")
    with pytest.raises(RateLimitedError, match="ASSISTANT_FEEDBACK_PER_MINUTE"):
        store.add(ANSWER, "down")
    assert len(store.read()) == 3  # the refused one left no trace
    huge = replace(ANSWER, text="x" * 40_000)
    with pytest.raises(InvalidFeedbackError, match="the limit is 32000"):
        FeedbackStore(tmp_path / "other.jsonl").add(huge, "up")
