"""Places named in questions and passages: one key per county or country, however written."""

from __future__ import annotations

import pytest

from assistant.answer.extractive import ExtractiveGenerator
from assistant.answer.weights import Weights
from assistant.language.places import asked_places, named_in, places_in
from assistant.models import Passage


@pytest.mark.parametrize(("text", "keys"), [
    ("Hur många deltog i Stockholms län?", {"stockholm"}),
    ("V Götaland och västra götaland", {"vgotaland"}),
    ("antal projekt i skane 2010", {"skane"}),
    ("Det Norska Helsedirektoratet har beräknat", {"norge"}),
    ("What does it cost in Norway?", {"norge"}),
    ("Region Jämtland Härjedalen", {"jamtland"}),
    ("Gotland 707 | 0 | 210", {"gotland"}),
])
def test_a_place_has_one_key_however_it_is_written(text, keys):
    assert places_in(text) == keys


@pytest.mark.parametrize(("question", "keys"), [
    ("Klarade Mora kommun grundkrav 2 om webbaserad information?", {"mora"}),
    ("Hur mycket statsbidrag fick Göteborgs stad 2010?", {"goteborg"}),
    ("Hur mycket fick Stockholms stad?", {"stockholm"}),  # the county's key
    ("Vilken kommun fick mest?", set()),  # a question word before `kommun` names none
    ("Hur mycket fick Sveriges kommuner och regioner?", set()),
])
def test_a_municipality_named_as_one_is_a_place(question, keys):
    assert asked_places(question) == keys


def test_a_municipality_is_found_by_its_name_as_a_word():
    assert named_in("I Göteborg och Göteborgs stad", frozenset({"goteborg"})) == {"goteborg"}
    assert named_in("av moraliska skäl", frozenset({"mora"})) == frozenset()


# The PRIO follow-up (Vårdanalys), p. 13, and Socialstyrelsen's final report, p. 5, as exported.
MORA = Passage(
    id="prio:00013", document="vardanalys-prio-psykisk-ohalsa-bilaga", page=13,
    title="Uppföljning av PRIO psykisk ohälsa 2012–2015: bilaga med insatserna", score=0.03,
    text="Samtliga landsting uppfyllde grundkravet. Kommunerna Hammarö, Mora, Nora, Töreboda "
         "och Valdemarsvik uppfyllde inte grundkravet eftersom deras hemsidor hade betydande "
         "brister.")
GRANTS = Passage(
    id="kompetens:00012", document="socialstyrelsen-kompetenssatsning-2008-2011", page=5,
    title="Kompetenssatsning inom psykiatri och socialtjänst 2008–2011: slutrapport", score=0.03,
    text="Regeringen avsatte 3 miljoner kronor för 2008, 6 miljoner för 2009 och 12 miljoner "
         "för 2010, för att stödja utbildning i evidensbaserad psykologisk behandling.")


def test_a_municipality_the_passage_lacks_is_never_answered_with_another_ones_figure():
    gen = ExtractiveGenerator(weights=PLAIN)
    assert gen.answer("Hur mycket statsbidrag fick Göteborgs stad 2010?", [GRANTS]).abstained
    assert not gen.answer("Hur mycket statsbidrag avsatte regeringen 2010?", [GRANTS]).abstained
    said = gen.answer("Uppfyllde Mora kommun grundkravet?", [MORA])
    assert not said.abstained and "Mora" in said.text


def test_the_whole_country_asks_for_no_place():
    assert asked_places("Hur många kommuner i Sverige hade en plan?") == frozenset()


# Socialstyrelsen's final report, p. 10, as exported: one county's row.
GOTLAND = Passage(
    id="kompetens:00030", document="socialstyrelsen-kompetenssatsning-2008-2011", page=10,
    title="Kompetenssatsning inom psykiatri och socialtjänst 2008–2011: slutrapport", score=0.03,
    text="På Gotland deltog 214 personer i utbildningarna 2011.")
PLAIN = Weights({"sent_cov": 4.0, "value": 2.0}, threshold=0.3)


def test_a_place_the_passage_lacks_is_never_answered_with_another_places_figure():
    gen = ExtractiveGenerator(weights=PLAIN)
    assert "214" in gen.answer("Hur många deltog i utbildningarna på Gotland 2011?",
                               [GOTLAND]).text
    assert gen.answer("Hur många deltog i utbildningarna i Skåne 2011?", [GOTLAND]).abstained


def test_the_reranker_puts_passages_that_could_answer_first():
    from assistant.language.profile import build_profile
    from assistant.retrieval.rerank import FeatureReranker

    # the Gotland sentence covers the question's words best, but names another county
    skane = Passage(id="kompetens:00031", document=GOTLAND.document, page=10, score=0.01,
                    title=GOTLAND.title, text="Tabell 3. Deltagare per län. Skåne 2 185 5 597")
    profile = build_profile("Hur många deltog i utbildningarna i Skåne 2011?", lambda t: 1.0)
    ranked = FeatureReranker().rerank(profile, [GOTLAND, skane])
    assert [p.id for p in ranked] == [skane.id, GOTLAND.id]
    # a question that names no place keeps the order of the features
    plain = build_profile("Hur många deltog i utbildningarna 2011?", lambda t: 1.0)
    assert FeatureReranker().rerank(plain, [GOTLAND, skane])[0].id == GOTLAND.id
