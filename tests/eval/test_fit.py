"""The answerer's choice model: fitted by eval.fit, applied by assistant.answer.weights. The two
must give the same probabilities, and the fit must learn which candidate of a question is right
from its rivals, not from how many candidates a question has."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.answer.weights import Weights
from eval.models import Choice, Rows
from eval.suite import Item

pytest.importorskip("scipy")


def question(n: int, right: int, shift: float, rng: np.random.Generator) -> Rows:
    """`n` candidates with two features: `signal` is highest on the right one, `noise` is not;
    every candidate of the question is shifted alike (a question with high scores all round)."""
    signal = rng.normal(0.0, 1.0, n) + shift
    signal[right] = signal.max() + rng.uniform(0.1, 1.0)
    x = np.column_stack([signal, rng.normal(0.0, 1.0, n)])
    y = np.zeros(n, dtype=int)
    y[right] = 1
    item = Item(id=f"q{n}-{right}", question="?", expect=("x",), kind="amount")
    return Rows(item, x, y, np.ones(n, dtype=bool), [], [""] * n, frozenset())


def test_the_fit_learns_the_signal_and_ignores_the_noise():
    rng = np.random.default_rng(7)
    rows = [question(int(rng.integers(3, 12)), 0, float(rng.normal(0, 3)), rng)
            for _ in range(60)]
    model = Choice(rows)
    assert model.coef_[0] > 1.0 and abs(model.coef_[1]) < 0.5 * model.coef_[0]
    right_first = [int(np.argmax(model.probabilities(r.x)) == 0) for r in rows]
    assert sum(right_first) == len(rows)


def test_a_question_without_a_right_candidate_teaches_nothing():
    rng = np.random.default_rng(3)
    rows = [question(6, 0, 0.0, rng) for _ in range(30)]
    none_right = Rows(rows[0].item, rng.normal(0, 1, (5, 2)), np.zeros(5, dtype=int),
                      np.ones(5, dtype=bool), [], [""] * 5, frozenset())
    assert np.allclose(Choice(rows).coef_, Choice([*rows, none_right]).coef_, atol=1e-3)


def test_the_answerer_gives_the_probabilities_the_fit_gave():
    rng = np.random.default_rng(11)
    rows = [question(5, 2, 0.0, rng) for _ in range(20)]
    model = Choice(rows)
    weights = Weights(coef={"signal": float(model.coef_[0]), "noise": float(model.coef_[1])},
                      threshold=0.5)
    x = rows[0].x
    fitted = model.probabilities(x)
    served = weights.probabilities([{"signal": a, "noise": b} for a, b in x])
    assert np.allclose(fitted, served) and abs(sum(served) - 1.0) < 1e-9
    # a shift of every candidate's features changes nothing: only the rivals' scores matter
    shifted = weights.probabilities([{"signal": a + 5.0, "noise": b} for a, b in x])
    assert np.allclose(served, shifted)
    assert weights.probabilities([]) == []
