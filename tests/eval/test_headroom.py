"""eval.headroom: which stage an answerable question is lost at (reachable, first, answered)."""

from __future__ import annotations

import numpy as np

from eval.headroom import stages, table
from eval.models import Rows
from eval.suite import Item


def rows_of(question: str, labels: list[int], allowed: list[bool], answerable: bool = True
            ) -> Rows:
    item = Item(id=question, question=question, expect=("x",) if answerable else (),
                kind="amount" if answerable else "unanswerable")
    n = len(labels)
    return Rows(item, np.zeros((n, 1)), np.array(labels), np.array(allowed), [], [""] * n,
                frozenset())


def test_each_question_is_lost_at_one_stage_or_answered():
    rows = [
        rows_of("Hur mycket förbrukades?", [1, 0], [True, True]),  # right first, sure
        rows_of("Hur mycket fördelades?", [1, 0], [True, True]),  # right first, unsure
        rows_of("How much was spent?", [0, 1], [True, True]),  # right one second
        rows_of("Hur många deltog 2014?", [1, 0], [False, True]),  # right one barred
        rows_of("Hur många ungdomsmottagningar finns i Västerbotten?", [0], [True], False),
    ]
    probabilities = [np.array([0.7, 0.3])] * 4 + [np.array([1.0])]
    confidences = np.array([0.9, 0.4, 0.9, 0.9, 0.9])
    got = stages(rows, probabilities, confidences, threshold=0.6667)
    assert [(q["reachable"], q["first"], q["answered"]) for q in got] == [
        (True, True, True), (True, True, False), (True, False, False), (False, False, False)]
    assert [q["english"] for q in got] == [False, False, True, False]
    lines = table(got).splitlines()
    assert lines[1].split() == ["all", "75.0%", "50.0%", "25.0%", "4"]
    assert lines[2].split() == ["English", "100.0%", "0.0%", "0.0%", "1"]
