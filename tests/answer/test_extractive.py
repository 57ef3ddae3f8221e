"""The extractive answerer on passages taken from the bundled reports (no index needed).

Two kinds of test. The features (assistant.answer.features) are pure functions: they are
checked on real snippets. The answerer's mechanics (pick, cite, abstain, the year rule, the
English lead-in) are checked with small, stated weights (`PLAIN`), not the fitted ones: what the
fitted weights achieve is measured by the eval suites (dev, test, core), where it belongs.
"""

from __future__ import annotations

import json

import pytest

from assistant.answer import NO_SUPPORT, NO_SUPPORT_EN
from assistant.answer.extractive import ExtractiveGenerator, runner_up
from assistant.answer.features import FEATURES, anchor_fit, candidates, goes_on
from assistant.answer.weights import WEIGHTS_FILE, Weights
from assistant.language.profile import build_profile, period, single_years
from assistant.language.terms import analyse
from assistant.models import Passage

TITLE = "Kompetenssatsning inom psykiatri och socialtjänst 2008–2011: slutrapport"
SUMMARY = Passage(
    id="kompetens:00002", document="socialstyrelsen-kompetenssatsning-2008-2011", title=TITLE,
    page=2, score=0.03,
    text="Sammanfattning\nRegeringen har under fyra år satsat på att förstärka kompetensen för "
    "personal inom socialtjänsten och hälso- och sjukvården. Detta är Socialstyrelsens "
    "slutrapport.\nSocialstyrelsen har fördelat medel till 289 projekt, och huvudmännen har "
    "genomfört utbildningar motsvarande cirka 10 000 kursdagar. Minst 30 000 personer har "
    "deltagit i dessa utbildningar. Utbildningsinsatserna har förbrukat 406 av de 428,5 "
    "miljoner kronor som fördelades från 2008 till och med 2011.",
)
FIRST_YEAR = Passage(
    id="kompetens:00022", document="socialstyrelsen-kompetenssatsning-2008-2011", title=TITLE,
    page=8, score=0.032,
    text="Tabell 2 beskriver översiktligt hur Socialstyrelsen fördelade utvecklingsmedlen årsvis "
    "2008–2011 och hur dessa förbrukades under 2009–2012. Endast 36,7 av 130 miljoner kronor "
    "förbrukades under 2009.",
)
OTHER_GRANT = Passage(
    id="prio:00198", document="vardanalys-prio-psykisk-ohalsa-bilaga",
    title="Uppföljning av PRIO psykisk ohälsa 2012–2015: bilaga med insatserna", page=96,
    score=0.031,
    text="7 241 875,95 kr i outnyttjade medel betalades tillbaka till Kammarkollegiet. Det "
    "betyder att endast 2,8 miljoner kronor förbrukades.",
)
SIGNED = Passage(
    id="kompetens:00001", document="socialstyrelsen-kompetenssatsning-2008-2011", title=TITLE,
    page=1, score=0.03,
    text="Rapporten har skrivits av utredaren Dick Lindberg som också varit projektledare. "
    "Ansvarig enhetschef för uppdraget har varit Ann Holmberg.",
)
PASSAGES = [FIRST_YEAR, SUMMARY, OTHER_GRANT, SIGNED]


# SKL 2016, p. 44, as exported: the header gives the unit, the rows only their figures.
BUDGET_TABLE = Passage(
    id="skl:00101", document="skl-2016-utvecklingsstruktur", page=44, score=0.03,
    title="Förslag till nationell och regional stödstruktur för psykisk hälsa", publisher="SKL",
    text="Sammanställning av aktiviteter och kostnader 2016\nAktivitet Period Kostnad (kr)\n"
    "Förbereda etablering av resurscentra\nmaj - dec 12 000 000\n"
    "Nationell samordning och stöd till noder\nmaj - dec 7 000 000\n"
    "Total (exkl. förbrukade medel våren 2016)\n44 000 000",
)


# Weights a reader can follow: coverage, anchors and the kind of value asked for decide.
PLAIN = Weights(coef={"sent_cov": 4.0, "lean_cov": 1.0, "ctx_cov": 1.0, "anchored": 2.0,
                      "value": 2.0, "no_value": -2.0, "person_value": 3.0, "year_hit": 1.0,
                      "year_miss": -2.0, "caption": -3.0, "given_only": -3.0,
                      "flow_hit": 1.0, "flow_miss": -1.5, "period": 0.5, "single_year": -0.5},
                threshold=0.3)


def features_of(question: str, passages: list[Passage]) -> dict[str, dict[str, float]]:
    """Candidate text -> its features, as the answerer sees them (idf within the passages)."""
    gen = ExtractiveGenerator(weights=PLAIN)
    profile = gen.profile(question, passages)
    return {c.text: c.features for c in candidates(profile, passages)}


def about(found: dict[str, dict[str, float]], fragment: str) -> dict[str, float]:
    return next(f for text, f in found.items() if fragment in text)


def test_every_candidate_has_every_named_feature():
    found = features_of("Hur mycket av pengarna i kompetenssatsningen förbrukades?", PASSAGES)
    assert found and all(set(f) == set(FEATURES) for f in found.values())


def test_the_shipped_weights_were_fitted_on_dev_and_name_known_features():
    weights = Weights.load()
    data = json.loads(WEIGHTS_FILE.read_text("utf-8"))
    assert set(weights.coef) <= set(FEATURES)
    assert data["fitted"]["suite"] == "dev.jsonl" and "eval.fit" in data["fitted"]["command"]
    assert 0.0 < weights.threshold < 1.0


def test_the_kind_of_value_asked_for_is_a_feature():
    found = features_of("Hur många personer deltog i utbildningarna?", PASSAGES)
    assert about(found, "Minst 30 000 personer")["value"] == 1.0
    assert about(found, "Detta är Socialstyrelsens slutrapport")["no_value"] == 1.0
    who = features_of("Vem var ansvarig enhetschef för uppdraget?", PASSAGES)
    assert about(who, "Ann Holmberg")["person_value"] == 1.0


def test_years_asked_and_stated():
    found = features_of("Hur mycket av medlen förbrukades under 2009 i kompetenssatsningen?",
                        PASSAGES)
    assert about(found, "Endast 36,7 av 130")["year_hit"] == 1.0
    assert about(found, "406 av de 428,5")["year_miss"] == 1.0
    whole = features_of("Hur mycket av pengarna i kompetenssatsningen förbrukades?", PASSAGES)
    assert about(whole, "406 av de 428,5")["period"] == 1.0


def test_money_spent_is_not_money_allocated():
    found = features_of("Hur mycket av pengarna i kompetenssatsningen förbrukades?", PASSAGES)
    assert about(found, "406 av de 428,5")["flow_hit"] == 1.0


def test_a_figure_the_question_gives_is_not_its_answer():
    passage = Passage(
        id="prio:00150", document="vardanalys-prio-psykisk-ohalsa-bilaga",
        title="Uppföljning av PRIO psykisk ohälsa 2012–2015: bilaga med insatserna", page=78,
        score=0.03, publisher="Vårdanalys",
        text="Socialstyrelsen fick i uppdrag att genomföra en tillsyn av den psykiatriska "
        "vården. För uppdraget avsattes 50 miljoner kronor 2012. Av dessa användes 31 "
        "miljoner kronor för tillsynsinsatser.",
    )
    found = features_of("Hur mycket av de 50 miljonerna för Socialstyrelsens tillsyn av "
                        "psykiatrisk vård 2012 användes?", [passage])
    assert about(found, "avsattes 50 miljoner")["given_only"] == 1.0
    assert about(found, "användes 31 miljoner")["given_only"] == 0.0
    answer = ExtractiveGenerator(weights=PLAIN).answer(
        "Hur mycket av de 50 miljonerna för Socialstyrelsens tillsyn användes?", [passage])
    assert "31 miljoner" in answer.text


def test_a_table_caption_is_marked_as_one():
    passage = Passage(
        id="sos:00120", document="socialstyrelsen-2018-lagesrapport", page=40, score=0.03,
        title="Lägesrapport 2018", text="Tabell 3: Landstingens redovisning av hur de använt "
        "2017 års stimulansmedel för 21 landsting.\nTotalt redovisades 214 238 981 kronor.")
    found = features_of("Hur mycket redovisade landstingen 2017?", [passage])
    assert about(found, "Tabell 3")["caption"] == 1.0
    assert about(found, "Totalt redovisades")["caption"] == 0.0


def test_a_year_is_half_missing_from_a_passage_that_states_no_year():
    undated = set(analyse("Av de 280 kommuner som besvarade frågan har 156 en sådan plan."))
    other_year = set(analyse("I 2011 års enkät hade 58 procent en samlad kompetensplan."))
    assert anchor_fit(["#2012"], undated) == 0.25
    assert anchor_fit(["#2012"], other_year) == 0.0


def test_a_candidate_is_judged_against_the_best_one():
    found = features_of("Hur många personer deltog i utbildningarna?", PASSAGES)
    best = max(f["sent_cov"] for f in found.values())
    assert all(f["sent_gap"] == pytest.approx(best - f["sent_cov"]) for f in found.values())


def test_a_kronor_table_row_holds_an_amount():
    found = features_of("Vad kostar förberedelsen av resurscentra enligt SKL 2016?",
                        [BUDGET_TABLE])
    assert about(found, "12 000 000")["value"] == 1.0


def test_cells_of_a_year_table_are_candidates():
    table = Passage(
        id="kompetens:00040", document="socialstyrelsen-kompetenssatsning-2008-2011",
        title=TITLE, page=14, score=0.03,
        text="Tabell 9. Antal projekt med speciella inriktningar och metoder 2009–2012.\n"
        "Metod 2009 2010 2011 2012\nMI 8 34 38 39\nKBT 8 19 20 17")
    found = features_of("Hur många projekt utbildade i MI 2012?", [table])
    cell = about(found, "MI, 2012: 39")
    assert cell["cell"] == 1.0 and cell["year_hit"] == 1.0


def test_a_question_over_a_span_of_years_is_offered_no_single_years_cell():
    # `2009–2012` asks for the whole period, not for the 2012 column (a cell is one year's)
    spans = features_of("Hur många deltagare hade utbildningarna i Skåne 2009–2012?",
                        [PARTICIPANTS])
    assert not any(f["cell"] for f in spans.values())
    single = features_of("Hur många deltagare hade utbildningarna i Skåne 2012?",
                         [PARTICIPANTS])
    assert about(single, "Skåne, Deltagare 2012: 8 422")["cell"] == 1.0


def test_the_answer_quotes_and_cites_the_most_probable_sentence():
    answer = ExtractiveGenerator(weights=PLAIN).answer(
        "Hur mycket av pengarna i kompetenssatsningen förbrukades?", PASSAGES)
    assert "406 av de 428,5" in answer.text.split("[1]")[0]
    first = answer.citations[0]
    assert first.n == 1 and first.passage.page == 2 and "406 av de 428,5" in first.quote
    assert answer.grounded and answer.generator == "extractive"
    assert 0.3 <= answer.confidence <= 1.0
    for c in answer.citations:
        assert f"[{c.n}]" in answer.text and c.quote


def test_below_the_threshold_it_abstains_and_offers_related_passages():
    strict = Weights(PLAIN.coef, threshold=0.999)
    answer = ExtractiveGenerator(weights=strict).answer(
        "Hur mycket av pengarna i kompetenssatsningen förbrukades?", PASSAGES)
    assert answer.text == NO_SUPPORT and answer.abstained and not answer.grounded
    assert answer.related == PASSAGES[:3] and answer.confidence is not None


def test_a_year_the_passages_lack_is_never_answered_with_another_years_figure():
    answer = ExtractiveGenerator(weights=PLAIN).answer(
        "Hur mycket av pengarna i kompetenssatsningen förbrukades 2019?", PASSAGES)
    assert answer.abstained


def test_a_sentence_without_a_year_is_about_the_period_its_reports_title_names():
    # the title says 2008–2011; the sentence and its passage name no year
    undated = Passage(**{**SUMMARY.__dict__, "text": "Minst 30 000 personer har deltagit i "
                                                      "dessa utbildningar."})
    asked = build_profile("Hur många deltog i utbildningarna 2010?", lambda term: 1.0)
    assert all(c.dated for c in candidates(asked, [undated]))
    later = build_profile("Hur många deltog i utbildningarna 2019?", lambda term: 1.0)
    assert not any(c.dated for c in candidates(later, [undated]))
    assert period("Lägesrapport 2018: överenskommelserna 2016–2018") == {2016, 2017, 2018}


def test_single_years_are_the_years_named_on_their_own_not_a_spans_ends():
    assert single_years("Hur mycket fördelades 2008–2011?") == set()
    assert single_years("Totalt 28,7 miljoner 2013–2015, varav 9 miljoner 2014") == {2014}
    assert single_years("Hur många deltog 2010 och 2012?") == {2010, 2012}


def test_a_tables_column_labels_are_no_answer_but_its_cells_are():
    # Socialstyrelsen's final report, p. 9: the second chunk of Tabell 2, header carried
    table = Passage(**{**SUMMARY.__dict__, "id": "kompetens:00024", "page": 9, "text": (
        "[Tabell 2. Fördelade och förbrukade medel per år, fördelat per län, i tkr, "
        "2008–2012.]\nLän Statsbidrag 2008\nFörbrukat 2009\nStatsbidrag 2009\nFörbrukat 2010\n"
        "Statsbidrag 2010\nFörbrukat 2011\nStatsbidrag 2011\nFörbrukat 2012\n"
        "Dalarna 4 460 | 2 261 | 3 600 | 3 365 | 1 150 | 1 891 | 3 920 | 5 198\n"
        "Gävleborg 4 200 | 1 931 | 6 100 | 3 097 | 5 070 | 5 349 | 4 195 | 6 803")})
    asked = build_profile("Hur mycket statsbidrag fick Dalarna 2010?", lambda term: 1.0)
    texts = [c.text for c in candidates(asked, [table])]
    assert "Dalarna, Statsbidrag 2010: 1 150 tkr" in texts
    assert not any("Förbrukat 2010" in t and "Dalarna" not in t for t in texts)


def test_a_runner_up_that_states_the_same_figure_is_no_rival():
    best = "Utbildningsinsatserna har förbrukat 406 av de 428,5 miljoner kronor."
    others = [(0.7, "Endast 406 miljoner kronor förbrukades."),
              (0.4, "Endast 36,7 av 130 miljoner kronor förbrukades under 2009.")]
    assert runner_up(best, others, {2009}) == 0.4
    assert runner_up(best, others[:1]) == 0.0


def test_one_years_figure_is_no_rival_when_the_question_names_no_year():
    best = "När satsningen nu är avslutad har endast 406 miljoner kronor förbrukats."
    others = [(0.6, "Endast 36,7 av 130 miljoner kronor förbrukades under 2009."),
              (0.3, "Cirka 22,5 miljoner kronor har återbetalats.")]
    assert runner_up(best, others) == 0.3  # the whole was asked for, not 2009
    assert runner_up(best, others, {2009}) == 0.6
    # a period asked (`2008–2011`) is a whole too: one year's figure inside it answers less
    whole = ("Utbildningsinsatserna har förbrukat 406 av de 428,5 miljoner kronor som fördelades "
             "från 2008 till och med 2011.")
    assert runner_up(whole, others, {2008, 2011}) == 0.3


def test_a_second_sentence_that_only_repeats_the_answers_figures_is_left_out():
    again = Passage(**{**FIRST_YEAR.__dict__, "id": "kompetens:00023", "text": (
        "När satsningen nu är avslutad har endast 406 miljoner kronor förbrukats, av de 428,5 "
        "miljoner som fördelades. Resterande cirka 22,5 miljoner kronor har återbetalats.")})
    answer = ExtractiveGenerator(weights=PLAIN).answer(
        "Hur mycket av pengarna i kompetenssatsningen förbrukades?", [SUMMARY, again])
    assert answer.text.count("406") == 1


def test_english_lead_in_says_quoted_in_swedish_only_for_swedish_quotes():
    gen = ExtractiveGenerator(weights=PLAIN)
    answer = gen.answer("How many projects received funding in the competence initiative?",
                        PASSAGES)
    assert answer.text.startswith("The documents say (quoted in Swedish): ")
    manual = Passage(id="manual:1", document="manual", title="Operator manual", page=3,
                     score=0.03, text="The pump delivers at most 40 litres per minute. It "
                     "must be serviced every 12 months by a certified technician.")
    english = gen.answer("How many litres per minute does the pump deliver at most?", [manual])
    assert english.text.startswith("The documents say: ") and "40 litres" in english.text
    strict = ExtractiveGenerator(weights=Weights(PLAIN.coef, 0.999))
    assert strict.answer("How many projects received funding?", PASSAGES).text == NO_SUPPORT_EN


def test_no_passages_means_no_answer():
    assert ExtractiveGenerator(weights=PLAIN).answer("Hur mycket förbrukades?", []).abstained


def test_a_typo_is_mended_against_the_corpus_but_a_real_word_is_not():
    vocabulary = frozenset({"kompetenssatsningen", "förbrukades", "landstingen"})
    profile = build_profile("hur mycket forbrukades i kompetenssatningen", lambda t: 1.0,
                            vocabulary, known=lambda w: w == "månadslön")
    assert set(analyse("kompetenssatsningen förbrukades")) <= set(profile.weights)
    kept = build_profile("vilken månadslön har samordnaren", lambda t: None, vocabulary,
                         known=lambda w: w == "månadslön")
    assert "månadslön" in kept.text


# Socialstyrelsen's final report, p. 10: Tabell 3 as the index holds it (three rows of 21)
PARTICIPANTS = Passage(**{**SUMMARY.__dict__, "id": "kompetens:00028", "page": 10, "text": (
    "Tabell 3. Antal projekt och antal deltagare i utbildningarna under 2009–2012, per län.\n"
    "Län Projekt\n2009\nDeltagare\n2009\nProjekt\n2010\nDeltagare\n2010\nProjekt\n2011\n"
    "Deltagare\n2011\nProjekt\n2012\nDeltagare\n2012\n"
    "Stockholm 12 1 798 18 4 612 19 3 750 21 4 270\n"
    "Blekinge 1 74 2 373 3 116 2 108\n"
    "Skåne 8 2 185 16 5 597 14 5 887 16 8 422")})
CELLS = Weights(coef={**PLAIN.coef, "cell": 3.0, "year_hit": 1.0}, threshold=PLAIN.threshold)


def test_a_year_the_table_lacks_gets_the_nearest_year_said_but_not_cited():
    answer = ExtractiveGenerator(weights=CELLS).answer(
        "Hur många deltagare hade utbildningarna i Skåne 2014?", [PARTICIPANTS])
    assert answer.abstained and not answer.grounded and not answer.citations
    assert answer.text.startswith(NO_SUPPORT)
    assert "Närmast anger rapporterna, för 2012: ”Skåne, Deltagare 2012: 8 422.”" in answer.text
    assert f"({TITLE}, s. 10)" in answer.text and answer.related[0] is PARTICIPANTS


def test_the_asked_year_in_the_table_is_answered_and_cited():
    answer = ExtractiveGenerator(weights=CELLS).answer(
        "Hur många deltagare hade utbildningarna i Skåne 2012?", [PARTICIPANTS])
    assert answer.grounded and "Skåne, Deltagare 2012: 8 422" in answer.text
    assert "Närmast" not in answer.text


def test_no_nearest_is_offered_for_a_question_that_names_no_year_or_place():
    strict = Weights(CELLS.coef, threshold=0.999)
    answer = ExtractiveGenerator(weights=strict).answer(
        "Hur många deltagare hade utbildningarna?", [PARTICIPANTS])
    assert answer.text == NO_SUPPORT


def test_the_nearest_year_is_said_in_english_to_an_english_question():
    answer = ExtractiveGenerator(weights=CELLS).answer(
        "How many participants did the trainings have in Skåne in 2014?", [PARTICIPANTS])
    assert answer.text.startswith(NO_SUPPORT_EN) and not answer.citations
    assert "The nearest the reports give is for 2012: “Skåne, Deltagare 2012: 8 422.”" \
        in answer.text and "p. 10" in answer.text


def test_a_cell_is_anchored_by_its_own_table_not_by_the_rest_of_its_passage():
    # Tabell 3 counts projects per county; MI (a method) is named only in the text around it
    both = Passage(**{**PARTICIPANTS.__dict__, "text": "Flera projekt utbildade i MI.\n"
                                                      + PARTICIPANTS.text})
    found = features_of("Hur många projekt med MI fanns i Skåne 2012?", [both])
    assert found["Skåne, Projekt 2012: 16"]["anchored"] < 1.0
    methods = Passage(**{**PARTICIPANTS.__dict__, "text": (
        "Tabell 9. Antal projekt med speciella inriktningar och metoder 2009–2012.\n"
        "Metod 2009 2010 2011 2012\nMI 8 34 38 39\nKBT 8 19 20 17")})
    assert features_of("Hur många projekt med MI fanns 2012?", [methods]
                       )["MI, 2012: 39"]["anchored"] == 1.0


# SKL 2016, p. 22 and p. 23: the sentence that names a thing, then the one that says what it is.
REGISTERS = Passage(
    id="skl:00051", document="skl-2016-utvecklingsstruktur", page=22, score=0.03,
    title="Förslag till nationell och regional stödstruktur för psykisk hälsa", publisher="SKL",
    text="Inom psykiatriområdet finns sju register som rapporterar data och några ytterligare är "
    "under uppbyggnad. Uppstartsprocessen har tagit tid men nu finns ett så pass stort "
    "deltagande att landstingen gemensamt gått samman om ett verktyg, Psykiatrikompassen. "
    "Verktyget visar några indikatorer från varje register länsvis. Data från dessa register "
    "kommer allteftersom kunna visas i Vården i siffror och Öppna jämförelser.",
)


def test_a_sentence_that_goes_on_about_the_one_before_is_recognised():
    named = "I Norge finansierar staten det så kallade R-BUP systemet för barn och unga."
    assert goes_on(named, "Det finns idag fyra enheter med ansvar för allmänt stöd kring data.")
    assert goes_on("Landstingen har gått samman om ett verktyg, Psykiatrikompassen.",
                   "Verktyget visar några indikatorer från varje register länsvis.")
    assert not goes_on(named, "Ledarna för de olika enheterna träffas varje år.")
    assert not goes_on(named, "Figur 3. Grundkrav och prestationsområden.")


def test_a_description_quotes_the_sentence_that_says_what_the_named_thing_is():
    answer = ExtractiveGenerator(weights=PLAIN).answer("Vad är Psykiatrikompassen?", [REGISTERS])
    assert answer.grounded
    quoted = answer.citations[0].quote
    assert "ett verktyg, Psykiatrikompassen." in quoted
    assert "Verktyget visar några indikatorer från varje register länsvis." in quoted
    assert answer.text.index("Psykiatrikompassen.") < answer.text.index("Verktyget visar")
    assert answer.text.count("[1]") == 1


def test_a_question_for_a_value_quotes_its_sentence_alone():
    found = candidates(ExtractiveGenerator(weights=PLAIN).profile(
        "Hur många register finns inom psykiatriområdet?", [REGISTERS]), [REGISTERS])
    assert found and all(not c.more for c in found)
