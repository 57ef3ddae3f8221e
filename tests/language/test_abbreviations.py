"""What an abbreviation stands for: the questions that ask it, and the sentences of the reports
that spell one out (lines from the bundled corpus)."""

from __future__ import annotations

import pytest

from assistant.answer.extractive import runner_up
from assistant.language.abbreviations import definitions, spells_out
from assistant.language.question import spelled_out, topic


@pytest.mark.parametrize(("question", "short"), [
    ("Vad står SIP för?", "sip"),
    ("vad star siss for", "siss"),  # no å, lower case
    ("Vad står förkortningen Finsam för i SKL:s rapport?", "finsam"),
    ("BBIC vad står det för", "bbic"),
    ("What does NSK stand for?", "nsk"),
    ("metis förkortning", "metis"),
    ("Vad står NPÖ för?", "npo"),  # matched without diacritics
    ("What does the acronym NSK stand for?", "nsk"),  # not also `the` of `the acronym`
])
def test_a_question_that_asks_what_an_abbreviation_stands_for(question, short):
    assert spelled_out(question) == {short}


@pytest.mark.parametrize("question", [
    "Hur mycket pengar fick SKL för arbetet?",
    "vad står det i rapporten om SIP?",
    "What does the report say about PRIO?",
])
def test_other_questions_ask_for_no_long_form(question):
    assert spelled_out(question) == frozenset()


def test_the_words_that_ask_for_the_long_form_are_no_topic():
    assert topic("Vad står SIP för?").split() == ["Vad", "SIP", "?"]
    assert "står" not in topic("vad står SIP för i PRIO?")


@pytest.mark.parametrize(("sentence", "short", "long"), [
    ("arbete inom Finsam (finansiell samordning av rehabiliteringsinsatser)48, trots att",
     "finsam", "finansiell samordning"),
    ("upprättande av Samordnad Individuell Plan (SIP) för de personer som får",
     "sip", "Samordnad Individuell Plan"),
    ("84 NSK – Nationell samverkansgrupp för kunskapsstyrning inom hälso- och sjukvården.",
     "nsk", "Nationell samverkansgrupp"),
    ("Nationell prevention av suicid och psykisk ohälsa, NASP (Karolinska Institutet).",
     "nasp", "Nationell prevention av suicid och psykisk ohälsa"),
    ("Statens beredning för medicinsk och social utvärdering (SBU) granskar metoderna.",
     "sbu", "Statens beredning för medicinsk och social utvärdering"),
    # a table's legend (Kompetenssatsningen, p. 18)
    ("MI = Motiverande samtal, ESL = Ett självständigt liv, SE = Supported employment, PPI = "
     "Pyskopedagogisk intervention.", "se", "Supported employment"),
    ("ÅH/BM = Återhämtning/bemötande; CM = Case Management; KBT = Kognitiv beteendeterapi MI = "
     "Motiverande samtal", "kbt", "Kognitiv beteendeterapi"),
    ("ÅH/BM = Återhämtning/bemötande; CM = Case Management", "cm", "Case Management"),
])
def test_a_sentence_that_spells_out_an_abbreviation(sentence, short, long):
    assert definitions(sentence)[short] == long
    assert spells_out(sentence, frozenset({short}))


@pytest.mark.parametrize("sentence", [
    " CEPI:s verksamhetsberättelse 2012 (CEPI 2012) ",  # a reference, no definition
    "49 Fyra år med Finsam (Statskontoret, 2008); FINSAM – en uppföljning av finansiell",
    "styrelsen, NASP, NSPH och SKL) har varit knuten till uppdraget.",  # a list of names
    "En styrgrupp med representanter från SPF/Svenska Psykiatriska Föreningen, SKL, "
    "METIS-projektet, IPULS, samt ledamöter.",
    "där NASP = 5 procent av kostnaden",  # an equation, not a name
])
def test_a_sentence_that_only_names_an_abbreviation_spells_nothing_out(sentence):
    assert not any(spells_out(sentence, frozenset({s})) for s in
                   ("cepi", "finsam", "nasp", "nsph", "skl", "metis"))


def test_two_passages_that_spell_out_the_same_abbreviation_agree():
    best = "upprättande av Samordnad Individuell Plan (SIP) för de personer som får"
    same = "Arbete med Samordnad Individuell Plan (SIP) och ökad tillgänglighet till"
    other = "Antalet inrapporterade SIP:ar har ökat."
    sip = frozenset({"sip"})
    assert runner_up(best, [(0.3, same), (0.1, other)], spelled=sip) == 0.1
    assert runner_up(best, [(0.3, same), (0.1, other)]) == 0.3  # a question of another kind


def test_the_reranker_puts_the_passage_that_spells_it_out_first():
    from assistant.language.profile import build_profile
    from assistant.models import Passage
    from assistant.retrieval.rerank import FeatureReranker

    title = "Lägesrapport 2018"
    mentions = Passage(id="sos:1", document="sos", title=title, score=0.05, page=40,
                       text="Antalet inrapporterade SIP:ar har ökat, men många barn och unga "
                            "som är i behov av en plan står fortfarande utan.")
    spells = Passage(id="sos:2", document="sos", title=title, score=0.01, page=12,
                     text="• upprättande av Samordnad Individuell Plan (SIP) för de personer "
                          "som får stöd från både kommuner och landsting")
    asked = build_profile("Vad står SIP för?", lambda t: 1.0)
    assert [p.id for p in FeatureReranker().rerank(asked, [mentions, spells])] == \
        ["sos:2", "sos:1"]
    other = build_profile("Hur många SIP:ar har rapporterats?", lambda t: 1.0)
    assert FeatureReranker().rerank(other, [mentions, spells])[0].id == "sos:1"
