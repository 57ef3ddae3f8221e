"""Places named in questions and passages: one key per county or country, however written."""

from __future__ import annotations

import pytest

from assistant.answer.extractive import ExtractiveGenerator
from assistant.answer.weights import Weights
from assistant.language.places import asked_places, places_in
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
