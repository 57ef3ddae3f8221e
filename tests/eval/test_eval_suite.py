"""The bundled suite is well-formed and every expected fact is really in its report."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from assistant.errors import SuiteError
from assistant.language.numbers import mentions
from eval.suite import DEFAULT_SUITE, UNANSWERABLE, asked_alone, load_suite, parse_item
from ingest.catalogue import load_catalogue
from ingest.loaders import load_file

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
ITEMS = load_suite(DEFAULT_SUITE)
CATALOGUE = {e.id: CORPUS / e.file for e in load_catalogue(CORPUS).values()}


def flat(text: str) -> str:
    """Undo line-end hyphenation and line breaks, as a reader of the PDF would see the text."""
    text = re.sub(r"(\w)-[ \t]*\n\s*(?=[a-zåäö])", r"\1", text)
    return re.sub(r"\s+", " ", text)


@cache
def pages(doc_id: str) -> dict[int, str]:
    return {p.number: flat(p.text) for p in load_file(CATALOGUE[doc_id]).pages}


def test_suite_size_and_coverage():
    assert len(ITEMS) >= 60
    assert sum(not i.answerable for i in ITEMS) >= 8
    assert {i.document for i in ITEMS if i.document} == set(CATALOGUE)
    assert sum(i.kind == "table" for i in ITEMS) >= 5
    english = [i for i in ITEMS if re.match(r"(How|What|Who|When|By what|Roughly)\b", i.question)]
    assert len(english) >= len(ITEMS) // 6


def test_the_cards_two_facts_are_in_the_suite():
    facts = {f: i.id for i in ITEMS for f in i.expect}
    assert "428,5 miljoner kronor" in facts
    assert "406 miljoner kronor" in facts


@pytest.mark.parametrize("item", [i for i in ITEMS if i.answerable], ids=lambda i: i.id)
def test_expected_fact_is_on_the_stated_page(item):
    assert item.document in CATALOGUE, f"{item.id}: unknown document {item.document}"
    by_page = pages(item.document)
    assert any(mentions(" ".join(by_page.values()), f) for f in item.expect), (
        f"{item.id}: none of {item.expect} occurs in {item.document}"
    )
    if item.page is not None:
        near = " ".join(by_page.get(n, "") for n in (item.page - 1, item.page, item.page + 1))
        found = [n for n, t in by_page.items() if any(mentions(t, f) for f in item.expect)]
        assert any(mentions(near, f) for f in item.expect), (
            f"{item.id}: {item.expect} not on page {item.page} (±1) of {item.document}; the "
            f"loader now finds it on page(s) {found[:5]}: update 'page' in the suite"
        )


@pytest.mark.parametrize("item", [i for i in ITEMS if not i.answerable], ids=lambda i: i.id)
def test_unanswerable_items_expect_nothing(item):
    assert item.kind == UNANSWERABLE and not item.expect and item.document is None


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "a", "question": "Hur?", "kind": "amount"}', "'expect' is empty"),
        ('{"id": "a", "question": "Hur?", "expect": ["1"], "kind": "unanswerable"}',
         "unanswerable item expects no facts"),
        ('{"id": "a", "question": "", "expect": ["1"], "kind": "amount"}', "'question'"),
        ('{"id": "a", "question": "Hur?", "expect": ["1"], "kind": "amount", "page": 0}',
         "'page' must be a whole number"),
        ('{"id": "a", "question": "Hur?", "expect": ["1"], "kind": "amount", "pgae": 3}',
         "unknown field(s) pgae"),
        ('{"id": "a", "question": "Hur?", "expect": [1], "kind": "amount"}',
         "list of non-empty strings"),
        ('{"id": "a", "question": "Hur?", "expect": ["1"], "kind": "compound", '
         '"expect_each": ["1", "2"]}', "'expect_each' must be a list of fact lists"),
    ],
)
def test_bad_items_are_named(line, message):
    with pytest.raises(SuiteError, match=re.escape(message)):
        parse_item(json.loads(line), "suite.jsonl:3")


def test_load_suite_names_file_and_line(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "a", "question": "Hur?", "expect": ["1"], "kind": "count"}\n'
                    '{"id": "a", "question": "Hur?", "expect": ["1"], "kind": "count"}\n', "utf-8")
    with pytest.raises(SuiteError, match=r"s\.jsonl:2: duplicate id 'a'"):
        load_suite(path)
    path.write_text("{not json\n", "utf-8")
    with pytest.raises(SuiteError, match=r"s\.jsonl:1: not valid JSON"):
        load_suite(path)
    with pytest.raises(SuiteError, match="Suite file not found"):
        load_suite(tmp_path / "missing.jsonl")


def test_the_compound_suite_loads_with_a_fact_list_per_part():
    items = load_suite(DEFAULT_SUITE.with_name("compound-test.jsonl"))
    assert len(items) >= 40 and all(len(i.expect_each) == 2 for i in items)
    assert sum(() in i.expect_each for i in items) >= 5  # parts the reports do not answer


def test_asked_alone_puts_the_writers_standalone_question_in_place_of_the_follow_up(tmp_path):
    path = tmp_path / "conv.jsonl"
    rows = [
        {"id": "c1", "turns": ["Hur många deltog i kompetenssatsningens utbildningar i Skåne "
                               "2012?"], "question": "Och 2010?",
         "standalone": "Hur många deltog i kompetenssatsningens utbildningar i Skåne 2010?",
         "expect": ["5 597"], "kind": "count", "type": "year"},
        {"id": "c2", "turns": ["Vem skrev rapporten?"], "question": "Och 2010?",
         "expect": ["5 597"], "kind": "count", "type": "year"},  # no standalone: unchanged
        {"id": "s1", "question": "Vem skrev rapporten?", "expect": ["Dick Lindberg"],
         "kind": "name"},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    items = load_suite(path)
    alone = asked_alone(items)
    assert alone[0].question == rows[0]["standalone"] and alone[0].turns == ()
    assert alone[0].type == "year" and alone[0].expect == ("5 597",)
    assert alone[1] == items[1] and alone[2] == items[2]


def test_standalone_must_be_a_string(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"id": "c", "turns": ["a"], "question": "b", "standalone": 3,
                                "expect": ["1"], "kind": "count"}), "utf-8")
    with pytest.raises(SuiteError, match="'standalone'"):
        load_suite(path)
