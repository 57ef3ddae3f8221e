"""Baseline diffing: regressions, improvements, metric drops, and clear errors for bad files."""

from __future__ import annotations

import json

import pytest

from assistant.errors import BaselineError
from eval.baseline import compare, load_baseline, make_baseline, render, save_baseline
from tests.eval.helpers import CORPUS, PICKED, make_run, right, wrong


def accepted(results) -> dict:
    return make_baseline(make_run(results), results)


def test_unchanged_run_passes():
    results = [right(i) for i in PICKED]
    cmp = compare(accepted(results), make_run(results), results)
    assert not cmp.failed and not cmp.improvements and not cmp.notes
    assert render(cmp).endswith("No regressions against the baseline.")


def test_regression_names_item_expected_fact_and_answer():
    before = [right(i) for i in PICKED]
    now = [wrong("kompetens-fordelat"), wrong("kompetens-forbrukat"), *before[2:]]
    cmp = compare(accepted(before), make_run(now), now)
    assert cmp.failed
    assert [r.item.id for r in cmp.regressions] == ["kompetens-fordelat", "kompetens-forbrukat"]
    text = render(cmp)
    assert "REGRESSED: 2 item(s)" in text
    assert "expected: 428,5 miljoner kronor" in text and "expected: 406 miljoner kronor" in text
    assert "answer:   Jag hittar inget stöd för det i dokumenten." in text
    assert "fact: abstained" in text
    assert "DROPPED: pass 100.0% -> 50.0%" in text


def test_improvements_are_reported_and_do_not_fail():
    before = [wrong("kompetens-fordelat"), *(right(i) for i in PICKED[1:])]
    now = [right(i) for i in PICKED]
    cmp = compare(accepted(before), make_run(now), now)
    assert not cmp.failed
    assert [r.item.id for r in cmp.improvements] == ["kompetens-fordelat"]
    assert "IMPROVED: 1 item(s) pass now: kompetens-fordelat" in render(cmp)


def test_metric_drop_beyond_tolerance_fails_without_an_item_regression():
    before = [right(i) for i in PICKED]
    base = accepted(before)
    base["metrics"]["retrieval"] = 1.0
    base["items"]["rb-medel-2009"]["passed"] = False  # it failed before, fails now: not news
    now = [right(i) for i in PICKED[:2]] + [wrong("rb-medel-2009"), right("ej-vardplatser")]
    cmp = compare(base, make_run(now), now, tolerance=0.02)
    assert not cmp.regressions
    assert ("hit@k", 1.0, pytest.approx(2 / 3)) in cmp.metric_drops
    assert cmp.failed
    assert not compare(base, make_run(now), now, tolerance=0.5).failed


def test_new_missing_items_and_corpus_changes_are_noted():
    before = [right(i) for i in PICKED[:3]]
    now = [right(i) for i in PICKED[1:]]
    changed = {"regeringsbeslut-2009-forsakringskassan": "c" * 64}
    cmp = compare(accepted(before), make_run(now, changed), now)
    assert cmp.new_items == ["ej-vardplatser"]
    assert cmp.missing_items == ["kompetens-fordelat"]
    assert "document removed since the baseline: socialstyrelsen-kompetenssatsning-2008-2011" \
        in cmp.notes
    assert "document changed since the baseline: regeringsbeslut-2009-forsakringskassan" \
        in cmp.notes


def test_baseline_round_trip_records_corpus_and_items(tmp_path):
    results = [right(i) for i in PICKED]
    path = tmp_path / "eval" / "baseline.json"
    save_baseline(path, accepted(results))
    loaded = load_baseline(path)
    assert loaded["corpus"] == CORPUS
    assert loaded["items"]["kompetens-forbrukat"] == {
        "passed": True, "checks": {"fact": True, "retrieval": True, "citation": True}}
    assert loaded["items"]["ej-vardplatser"]["checks"] == {"abstention": True}
    assert loaded["metrics"]["pass"] == 1.0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "Baseline not found"),
        ("{oops", "is not valid JSON"),
        ('{"results": []}', "is not an eval baseline"),
        ('{"format": 99, "items": {}}', "has baseline format 99"),
    ],
)
def test_bad_baseline_files_say_how_to_fix(tmp_path, content, message):
    path = tmp_path / "baseline.json"
    if content is not None:
        path.write_text(content, "utf-8")
    with pytest.raises(BaselineError, match=message) as info:
        load_baseline(path)
    assert "--update-baseline" in str(info.value) or content == "{oops"


def test_saved_baseline_is_stable_json(tmp_path):
    results = [right(i) for i in PICKED]
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    save_baseline(a, accepted(results))
    save_baseline(b, accepted(list(reversed(results))))
    assert json.loads(a.read_text()) == json.loads(b.read_text())
    assert a.read_text() == b.read_text()  # sorted keys: diffs in review show only changes


def test_committed_baseline_guards_the_cards_facts():
    """The committed baseline must say the card's facts pass, or losing them goes unnoticed."""
    from eval.runner import DEFAULT_BASELINE
    from tests.conftest import CORPUS

    accepted = load_baseline(DEFAULT_BASELINE)
    assert accepted["items"]["kompetens-fordelat"]["passed"]
    assert accepted["items"]["kompetens-forbrukat"]["passed"]
    assert len(accepted["corpus"]) == len(list(CORPUS.glob("*.txt"))) == 5
    assert accepted["k"] == 5
