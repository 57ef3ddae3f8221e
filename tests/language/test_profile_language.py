"""A keyword query in English has no function words to tell its language by; its English words
must not count as words the reports never use (which would make it unanswerable)."""

from __future__ import annotations

from assistant.language.profile import build_profile
from assistant.language.terms import analyse

# What the "index" knows: the words of a real passage (Vårdanalys, PRIO bilaga) and a few more.
CORPUS = set(analyse(
    "Nationella hjälplinjen fick 2013 medel inom ramen för PRIO. Försäkringskassan ska lämna en "
    "lägesrapport om kunskapsutveckling och rehabilitering senast den 31 mars 2011. Skåne "
    "budget psykiatri region plan projekt"))


def idf(term: str) -> float | None:
    return 2.0 if term in CORPUS else None


def test_an_english_keyword_query_is_english_and_its_words_are_translated():
    profile = build_profile("National helpline PRIO funding 2013", idf)
    assert profile.english
    assert "#2013" in profile.anchors and "prio" in profile.anchors
    assert not {"funding", "helplin"} & set(profile.anchors)  # no English word is an anchor
    assert {"medel", "hjalplinj"} <= set(profile.weights)


def test_a_swedish_keyword_query_stays_swedish():
    assert not build_profile("budget psykiatri 2012", idf).english
    assert not build_profile("region plan budget 2016", idf).english  # words both languages use


def test_an_english_word_in_a_swedish_question_stands_for_its_translation():
    profile = build_profile("Hur mycket funding fick hjälplinjen 2013?", idf)
    assert not profile.english
    assert "funding" not in profile.anchors and "medel" in profile.weights


def test_a_swedish_word_the_reports_never_use_is_still_an_anchor():
    profile = build_profile("Hur hög var månadslönen för projektledaren?", idf,
                            known=lambda word: word.startswith("månadslön"))
    assert any(a.startswith("manadslon") for a in profile.anchors)
