"""The checks, on real snippets of the bundled reports (fast, no index needed)."""

from __future__ import annotations

import pytest

from assistant.answer import NO_SUPPORT
from eval.backends import Observation, Source
from eval.checks import (
    abstained,
    answered_parts,
    check_abstention,
    check_citation,
    check_fact,
    check_retrieval,
    evaluate,
    failed_first,
    strip_markers,
)
from eval.metrics import parts
from eval.suite import Item

KOMPETENS = "socialstyrelsen-kompetenssatsning-2008-2011"
# Real sentences and table rows of corpus/, as the chunker hands them on.
SPENT = ("Utbildningsinsatserna har förbrukat 406 av de 428,5 miljoner kronor som fördelades "
         "från 2008 till och med 2011.")
ALLOCATED = ("På regeringens uppdrag fördelade Socialstyrelsen 428,5 miljoner kronor till "
             "kommuner och landsting under perioden 2008–2011.")
TABLE_ROW = "Stockholm 32 910  8 516  16 431  26 105  25 493  27 030  21 487  31 889"
RESPONSE = ("280 av totalt 321 kommuner och stadsdelar svarade på enkäten, vilket ger en "
            "svarsfrekvens på 87 procent.")
EXTENDED = ("I augusti 2010 beslutades att samtliga projekt som hade beviljats medel 2008–2010 "
            "skulle få förlängd projekttid, t.o.m. 2012.")
AUTHOR = ("Rapporten har skrivits av utredaren Dick Lindberg som också varit projektledare. "
          "Ansvarig enhetschef för uppdraget har varit Ann Holmberg.")
DEADLINE = "Slutdatum för redovisningen av resultaten sattes till den 15 oktober 2012."


def item(expect, kind="amount", page=8, document=KOMPETENS) -> Item:
    return Item(id="x", question="?", expect=tuple(expect), kind=kind, document=document,
                page=page)


def answer(text, *cited: Source) -> Observation:
    return Observation(answer=text, citations=list(cited), passages=list(cited), latency=0.1)


def src(text, page=8, document=KOMPETENS, n=1) -> Source:
    return Source(document=document, page=page, text=text, n=n)


@pytest.mark.parametrize(
    ("text", "expect", "ok"),
    [
        (SPENT, ["406 miljoner kronor"], True),  # `406 av de 428,5 miljoner kronor`
        (SPENT, ["428,5 miljoner kronor"], True),
        (ALLOCATED + " [1]", ["428,5 miljoner kronor"], True),
        ("Socialstyrelsen fördelade 428.5 MSEK [1].", ["428,5 miljoner kronor"], True),
        ("Totalt 428 500 000 kr fördelades.", ["428,5 miljoner kronor"], True),
        ("Totalt 428 miljoner kronor fördelades.", ["428,5 miljoner kronor"], False),
        (EXTENDED, ["12 miljoner kronor"], False),  # `12` is not inside `2012`
        (EXTENDED, ["12"], False),
        ("Stockholm hade 21 projekt [2].", ["2"], False),  # a citation marker is not a fact
        (TABLE_ROW, ["32 910 tkr", "32 910"], True),
        (TABLE_ROW, ["32 910 tkr"], False),  # the bare cell is not stated as thousands
        ("Stockholms län fick 32,91 miljoner kronor.", ["32 910 tkr"], True),
        (RESPONSE, ["87 procent"], True),
        ("Svarsfrekvensen var 87 %.", ["87 procent"], True),
        ("Totalt 87 kommuner svarade.", ["87 procent"], False),  # a count is not a share
        (AUTHOR, ["Dick Lindberg"], True),
        (AUTHOR, ["Taina Bäckström"], False),
        (DEADLINE, ["15 oktober 2012"], True),
        (DEADLINE, ["15 oktober 2013"], False),
    ],
)
def test_fact(text, expect, ok):
    check = check_fact(item(expect), answer(text, src(text)))
    assert check.passed is ok, check.detail


def test_fact_on_abstention_and_error():
    assert check_fact(item(["406 miljoner kronor"]), answer(NO_SUPPORT)).detail == "abstained"
    broken = Observation(answer="", error="HTTP 503 from /api/ask: index empty")
    assert check_fact(item(["406"]), broken).detail.startswith("error: HTTP 503")


def test_strip_markers_keeps_numbers_in_brackets_of_text():
    assert strip_markers("406 miljoner [1][2, 3] och [4–5].").split() == ["406", "miljoner",
                                                                          "och", "."]


@pytest.mark.parametrize(
    ("text", "cited", "expected"),
    [
        (NO_SUPPORT, False, True),
        ("I find no support for that in the documents.", False, True),
        ("Dokumenten säger inget om det; uppgiften framgår inte.", False, True),
        (NO_SUPPORT, True, False),  # citations contradict an abstention
        (ALLOCATED, False, False),
        ("", False, False),
    ],
)
def test_abstained(text, cited, expected):
    obs = answer(text, src(SPENT)) if cited else answer(text)
    assert abstained(obs) is expected


def test_abstention_check_only_for_unanswerable():
    unanswerable = Item(id="u", question="?", expect=(), kind="unanswerable")
    assert check_abstention(unanswerable, answer(NO_SUPPORT)).passed is True
    assert check_abstention(unanswerable, answer(SPENT, src(SPENT))).detail.startswith(
        "answered with 1 citation")
    assert check_abstention(item(["406"]), answer(NO_SUPPORT)).passed is None


def test_retrieval_by_page_or_by_fact():
    want = item(["406 miljoner kronor"], page=2)
    other_doc = src(SPENT, page=2, document="vardanalys-prio-psykisk-ohalsa-bilaga")
    same_page = src("Sammanfattning utan siffror.", page=2)
    fact_elsewhere = src(SPENT, page=9)
    assert check_retrieval(want, answer("", other_doc, same_page), 5).detail.startswith("rank 2")
    assert check_retrieval(want, answer("", other_doc, fact_elsewhere), 5).passed is True
    assert check_retrieval(want, answer("", other_doc, fact_elsewhere), 1).passed is False
    assert "not in top 5" in check_retrieval(want, answer("", other_doc), 5).detail


def test_citation_support():
    want = item(["406 miljoner kronor"])
    assert check_citation(want, answer(SPENT, src(ALLOCATED, n=1), src(SPENT, n=2))).detail \
        .startswith("[2]")
    assert check_citation(want, answer(SPENT, src(ALLOCATED))).passed is False
    assert check_citation(want, answer(SPENT)).detail == "no citations"
    quoted = Source(KOMPETENS, 2, "Sammanfattning", n=1, quote=SPENT)
    assert check_citation(want, answer(SPENT, quoted)).passed is True


def test_item_passes_with_fact_and_citation_and_fails_first():
    want = item(["406 miljoner kronor"])
    good = evaluate(want, answer(SPENT + " [1]", src(SPENT)), 5)
    uncited = evaluate(want, answer(SPENT), 5)
    assert good.passed and not uncited.passed
    assert uncited.failed_checks == ["retrieval", "citation"]
    assert failed_first([good, uncited]) == [uncited, good]
    record = uncited.to_dict()
    assert record["checks"]["citation"] == {"passed": False, "detail": "no citations"}
    assert record["answer"] == SPENT


def test_a_figure_named_beside_an_abstention_is_no_answer():
    # the answerer may say what the reports give for another year; the fact check never
    # counts that as the asked fact (nor the abstention check as an answer)
    said = (f"{NO_SUPPORT} Närmast anger rapporterna, för 2012: ”Skåne, Deltagare 2012: "
            "8 422.” (Kompetenssatsning inom psykiatri och socialtjänst 2008–2011: "
            "slutrapport, s. 10).")
    assert check_fact(item(["8 422"], kind="table"), answer(said)).detail == "abstained"
    unanswerable = Item(id="u", question="?", expect=(), kind="unanswerable")
    assert check_abstention(unanswerable, answer(said)).passed is True


def test_two_questions_in_one_need_every_part():
    both = Item(id="c", question="?", expect=("428,5 miljoner kronor", "406 miljoner kronor"),
                kind="compound", document=KOMPETENS,
                expect_each=(("428,5 miljoner kronor",), ("406 miljoner kronor",)))
    assert check_fact(both, answer(f"{ALLOCATED} [1] {SPENT} [2]", src(ALLOCATED))).passed
    half = check_fact(both, answer(f"{ALLOCATED} [1] Om ”hur mycket förbrukades?”: "
                                   f"{NO_SUPPORT}", src(ALLOCATED)))
    assert not half.passed and half.detail.startswith("part 2 states none of")
    refuse_second = Item(id="h", question="?", expect=("428,5 miljoner kronor",),
                         kind="compound", document=KOMPETENS,
                         expect_each=(("428,5 miljoner kronor",), ()))
    assert check_fact(refuse_second, answer(f"{ALLOCATED} [1] Om ”2019”: {NO_SUPPORT}",
                                            src(ALLOCATED))).passed
    assert check_fact(refuse_second, answer(f"{ALLOCATED} [1]", src(ALLOCATED))).detail == \
        "part 2 is not refused"


def test_two_questions_in_one_are_also_counted_part_by_part():
    card = "Hur mycket pengar fördelade Socialstyrelsen 2008–2011, och hur mycket förbrukades?"
    both = Item(id="c", question=card, expect=("428,5 miljoner kronor", "406 miljoner kronor"),
                kind="compound", document=KOMPETENS,
                expect_each=(("428,5 miljoner kronor",), ("406 miljoner kronor",)))
    said_both = answer(f"{ALLOCATED} [1] {SPENT} [2]", src(ALLOCATED))
    assert answered_parts(both, said_both) == [(True, True), (True, True)]
    second_refused = answer(f"{ALLOCATED} [1] Om ”hur mycket förbrukades?”: {NO_SUPPORT}",
                            src(ALLOCATED))
    assert answered_parts(both, second_refused) == [(True, True), (False, False)]
    assert answered_parts(both, answer(NO_SUPPORT)) == [(False, False), (False, False)]
    # the reports do not answer the second part: answering it anyway is a wrong part
    unanswered = Item(id="h", question=card, expect=("428,5 miljoner kronor",),
                      kind="compound", document=KOMPETENS,
                      expect_each=(("428,5 miljoner kronor",), ()))
    assert answered_parts(unanswered, said_both) == [(True, True), (True, False)]
    results = [evaluate(both, said_both, 5), evaluate(both, second_refused, 5),
               evaluate(unanswered, said_both, 5)]
    assert parts(results) == {"n": 6, "answered": 5, "right": 4, "precision": 0.8}
