"""Reciprocal rank fusion of dense and lexical rankings."""

from __future__ import annotations

import pytest

from assistant.models import Passage
from assistant.retrieval.fusion import reciprocal_rank_fusion


def _p(pid: str, score: float = 0.0) -> Passage:
    return Passage(id=pid, document="d", title="t", text=pid, score=score)


def test_a_passage_both_legs_find_wins():
    dense = [_p("a", 0.9), _p("b", 0.8), _p("c", 0.7)]
    lexical = [_p("c", 12.0), _p("d", 9.0), _p("a", 3.0)]
    fused = reciprocal_rank_fusion([dense, lexical])
    assert [p.id for p in fused][:2] == ["a", "c"]
    assert {p.id for p in fused} == {"a", "b", "c", "d"}
    assert fused[0].score == pytest.approx(1 / 61 + 1 / 63, abs=1e-6)


def test_weights_and_stable_ties():
    dense = [_p("a"), _p("b")]
    lexical = [_p("b"), _p("a")]
    assert [p.id for p in reciprocal_rank_fusion([dense, lexical])] == ["a", "b"]  # tie: by id
    assert [p.id for p in reciprocal_rank_fusion([dense, lexical], [1.0, 2.0])] == ["b", "a"]


def test_weights_must_match_rankings():
    with pytest.raises(ValueError, match="2 rankings but 1 weights"):
        reciprocal_rank_fusion([[_p("a")], [_p("b")]], [1.0])
