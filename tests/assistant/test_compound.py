"""Two questions in one (`…, och hur mycket förbrukades?`): split, answered part by part, joined
with their citations numbered once. The splitting and joining on real phrasings; the whole path
through the service on the real index of two bundled reports."""

from __future__ import annotations

import pytest

from assistant.answer import NO_SUPPORT, NO_SUPPORT_EN
from assistant.conversation.compound import combine, split_compound, without_conjunction
from assistant.models import Answer, Citation, Passage

CARD = "Hur mycket pengar fördelade Socialstyrelsen 2008–2011, och hur mycket förbrukades?"
KOMPETENS = "socialstyrelsen-kompetenssatsning-2008-2011"
TITLE = "Kompetenssatsning inom psykiatri och socialtjänst 2008–2011: slutrapport"
FOREWORD = Passage(id="k:1", document=KOMPETENS, title=TITLE, page=1, score=1.0,
                   text="På regeringens uppdrag fördelade Socialstyrelsen 428,5 miljoner kronor "
                        "till kommuner och landsting under perioden 2008–2011.")
SUMMARY = Passage(id="k:2", document=KOMPETENS, title=TITLE, page=2, score=1.0,
                  text="Utbildningsinsatserna har förbrukat 406 av de 428,5 miljoner kronor som "
                       "fördelades från 2008 till och med 2011.")


def cited(text: str, passage: Passage, n: int = 1) -> Answer:
    return Answer(question="?", text=f"{text} [{n}]", grounded=True, confidence=0.9,
                  citations=[Citation(n=n, passage=passage, quote=text)])


@pytest.mark.parametrize(("question", "parts"), [
    (CARD, ("Hur mycket pengar fördelade Socialstyrelsen 2008–2011?",
            "och hur mycket förbrukades?")),
    ("When was the agreement signed and how much money did it include?",
     ("When was the agreement signed?", "and how much money did it include?")),
    ("hur manga projekt fick medel samt hur manga deltog i utbildningarna",
     ("hur manga projekt fick medel?", "samt hur manga deltog i utbildningarna")),
    ("What share of the youth clinic funds went to staffing, and in how many counties?",
     ("What share of the youth clinic funds went to staffing?", "and in how many counties?")),
])
def test_a_conjunction_before_a_question_word_opens_a_second_question(question, parts):
    assert split_compound(question) == parts


@pytest.mark.parametrize("question", [
    "Hur många kommuner och landsting deltog i kompetenssatsningen?",  # no second question word
    "Vilka kommuner och vilka landsting deltog 2012?",  # `Vilka kommuner` is no question alone
    "Hur många deltog i kompetenssatsningens utbildningar i Skåne 2012?",
])
def test_one_question_stays_whole(question):
    assert split_compound(question) == (question,)


def test_the_second_part_alone_does_without_its_conjunction():
    assert without_conjunction("och hur mycket förbrukades – pengar 2008–2011?") == \
        "Hur mycket förbrukades – pengar 2008–2011?"


def test_two_answers_join_with_their_citations_numbered_once():
    parts = split_compound(CARD)
    first = cited("På regeringens uppdrag fördelade Socialstyrelsen 428,5 miljoner kronor.",
                  FOREWORD)
    second = cited("Utbildningsinsatserna har förbrukat 406 av de 428,5 miljoner kronor.", SUMMARY)
    joined = combine(CARD, parts, [first, second], english=False)
    assert joined.grounded and joined.question == CARD
    assert joined.text.endswith("406 av de 428,5 miljoner kronor. [2]")
    assert [(c.n, c.passage.page) for c in joined.citations] == [(1, 1), (2, 2)]
    again = combine(CARD, parts, [first, cited("Socialstyrelsen fördelade medlen.", FOREWORD)],
                    english=False)
    assert [c.n for c in again.citations] == [1] and again.text.count("[1]") == 2


def test_a_part_without_support_says_so_and_the_other_is_still_answered():
    parts = split_compound(CARD)
    first = cited("På regeringens uppdrag fördelade Socialstyrelsen 428,5 miljoner kronor.",
                  FOREWORD)
    refused = Answer(question="?", text=NO_SUPPORT, confidence=0.3)
    joined = combine(CARD, parts, [first, refused], english=False)
    assert joined.grounded and joined.confidence == 0.3
    assert joined.text.endswith(f"Om ”hur mycket förbrukades?”: {NO_SUPPORT}")
    nothing = combine(CARD, parts, [refused, refused], english=False)
    assert nothing.text == NO_SUPPORT and not nothing.grounded and not nothing.citations
    english = combine("How much was allocated, and how much was spent?",
                      ("How much was allocated?", "and how much was spent?"),
                      [first, Answer(question="?", text=NO_SUPPORT_EN)], english=True)
    assert english.text.endswith(f"As for “how much was spent?”: {NO_SUPPORT_EN}")


def test_the_service_answers_each_part_and_shows_how_it_read_them(indexed):
    answer = indexed.service.ask(CARD)
    assert "428,5 miljoner kronor" in answer.text and answer.grounded
    first, second = answer.interpreted_question.split("? ", 1)
    assert first == "Hur mycket pengar fördelade Socialstyrelsen 2008–2011"
    assert second.startswith("Hur mycket förbrukades") and "2008–2011" in second
    assert all(f"[{c.n}]" in answer.text for c in answer.citations)
    streamed = list(indexed.service.stream(CARD))
    assert streamed[-1].text == answer.text and streamed[0] == answer.text


def test_one_sentence_that_answers_both_parts_is_said_once():
    parts = split_compound(CARD)
    both = cited("Utbildningsinsatserna har förbrukat 406 av de 428,5 miljoner kronor.", SUMMARY)
    joined = combine(CARD, parts, [both, both], english=False)
    assert joined.text == both.text and [c.n for c in joined.citations] == [1]


def test_a_statement_of_one_figure_does_not_answer_both_parts():
    question = ("hur manga personer traffade socialstyrelsen totalt vid intervjuerna och hur "
                "manga av dem var landstingsanstallda")
    parts = split_compound(question)
    total = cited("Totalt träffade vi 157 personer vid dessa intervjuer och fokusgrupper.",
                  SUMMARY)
    joined = combine(question, parts, [total, total], english=False)
    assert joined.grounded and joined.text.startswith(total.text)
    assert joined.text.endswith(f"Om ”hur manga av dem var landstingsanstallda”: {NO_SUPPORT}")
