"""The extractive answerer on passages taken from the bundled reports (no index needed)."""

from __future__ import annotations

from assistant.answer import NO_SUPPORT
from assistant.answer.extractive import NO_SUPPORT_EN, ExtractiveGenerator, sentences
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


def test_spent_amount_quotes_the_whole_period_not_one_year_or_another_grant():
    answer = ExtractiveGenerator().answer(
        "Hur mycket av pengarna i kompetenssatsningen förbrukades?", PASSAGES)
    assert answer.text.startswith("Utbildningsinsatserna har förbrukat 406 av de 428,5")
    first = answer.citations[0]
    assert first.n == 1 and first.passage.page == 2 and "406 av de 428,5" in first.quote
    assert answer.grounded and answer.generator == "extractive"
    assert len(answer.citations) <= 3


def test_a_year_in_the_question_picks_that_years_figure():
    answer = ExtractiveGenerator().answer(
        "Hur mycket av medlen förbrukades under 2009 i kompetenssatsningen?", PASSAGES)
    assert "36,7" in answer.text.split("[1]")[0]


def test_question_kind_picks_the_sentence_with_that_kind_of_value():
    gen = ExtractiveGenerator()
    assert "30 000" in gen.answer("Hur många personer deltog i utbildningarna?", PASSAGES).text
    assert "Ann Holmberg" in gen.answer("Vem var ansvarig enhetschef för uppdraget?",
                                        PASSAGES).text


def test_every_marker_points_at_a_citation_with_its_quote():
    answer = ExtractiveGenerator(max_sentences=3).answer(
        "Hur många projekt fick medel och hur många kursdagar blev det?", PASSAGES)
    for c in answer.citations:
        assert f"[{c.n}]" in answer.text
        assert c.quote and all(part in c.passage.text for part in [c.quote.split(". ")[0]])


def test_abstains_without_support_and_offers_related_passages():
    answer = ExtractiveGenerator().answer("Vilken månadslön har en länssamordnare?", PASSAGES)
    assert answer.text == NO_SUPPORT
    assert answer.abstained and not answer.grounded
    assert answer.related == PASSAGES[:3]


def test_a_name_or_year_the_passages_lack_means_no_answer():
    answer = ExtractiveGenerator().answer(
        "Hur mycket av pengarna förbrukade Region Gotland 2019?", PASSAGES)
    assert answer.abstained


def test_english_question_gets_an_english_lead_in_and_swedish_quote():
    gen = ExtractiveGenerator()
    answer = gen.answer("How many projects received funding in the competence initiative?",
                        PASSAGES)
    assert answer.text.startswith("The documents say")
    assert "289 projekt" in answer.text
    assert gen.answer("What is the monthly salary of a county coordinator?",
                      PASSAGES).text == NO_SUPPORT_EN


def test_no_passages_means_no_answer():
    assert ExtractiveGenerator().answer("Hur mycket förbrukades?", []).abstained


def test_sentences_split_on_ends_lines_and_bullets():
    text = "Första meningen är här. Andra meningen följer.\n• En punkt i en lista med text"
    assert sentences(text) == ["Första meningen är här.", "Andra meningen följer.",
                               "En punkt i en lista med text"]


def test_the_reports_own_reference_marks_are_neither_citations_nor_values():
    text = ("Bidraget skulle användas till att finansiera utbildningsplatser i "
            "legitimeringsgrundande psykoterapeututbildningar [3, 9, 10]. Beslutet byggde på "
            "den nationella psykiatrisamordnarens slutbetänkande [1].")
    assert sentences(text) == [
        "Bidraget skulle användas till att finansiera utbildningsplatser i "
        "legitimeringsgrundande psykoterapeututbildningar.",
        "Beslutet byggde på den nationella psykiatrisamordnarens slutbetänkande.",
    ]


def test_table_cells_on_their_own_lines_join_their_row_label():
    # Socialstyrelsen 2018, tabell 2, as the PDF export flattened it: one cell a line.
    text = ("Tabell 2. Kommunernas redovisning av hur de använt 2017 års allmänna "
            "stimulansmedel\nKompetenshöjande insatser för personal\n16 344 128\n(13,7 %)\n"
            "30 167 325\n(17,3 %)")
    rows = sentences(text)
    assert rows[-1] == ("Kompetenshöjande insatser för personal | 16 344 128 | (13,7 %) | "
                        "30 167 325 | (17,3 %)")


def test_a_signature_block_stays_one_sentence_with_its_name():
    text = ("Stort tack till alla som bidragit med underlag.\nStockholm i maj 2016\n"
            "Hans Karlsson\nDirektör")
    assert sentences(text)[-1] == "Stockholm i maj 2016, Hans Karlsson, Direktör"


def test_a_footnote_run_into_the_text_is_its_own_sentence_without_its_number():
    text = ("7 Bilder av Sverige i utlandet (UD, 2005); Economic Survey of Sweden 2015 "
            "(OECD, 2016) 8 Det Norska Helsedirektoratet har beräknat de totala "
            "samhällskostnaderna för psykisk ohälsa till 185 miljarder norska kronor per år.")
    assert sentences(text)[-1].startswith("Det Norska Helsedirektoratet har beräknat")


def test_a_figure_the_question_gives_is_not_its_answer():
    # Vårdanalys, PRIO bilaga p. 78: the 50 million is in the question; 31 million answers it.
    passage = Passage(
        id="prio:00150", document="vardanalys-prio-psykisk-ohalsa-bilaga",
        title="Uppföljning av PRIO psykisk ohälsa 2012–2015: bilaga med insatserna", page=78,
        score=0.03, publisher="Vårdanalys",
        text="Socialstyrelsen fick i uppdrag att genomföra en tillsyn av den psykiatriska "
        "vården. För uppdraget avsattes 50 miljoner kronor 2012. Av dessa användes 31 "
        "miljoner kronor för tillsynsinsatser.",
    )
    answer = ExtractiveGenerator().answer(
        "Hur mycket av de 50 miljonerna för Socialstyrelsens tillsyn av psykiatrisk vård 2012 "
        "användes?", [passage])
    assert answer.text.startswith("Av dessa användes 31 miljoner kronor")


def test_the_publisher_anchors_a_passage_that_does_not_name_it():
    # Socialstyrelsen's foreword names its author, not Socialstyrelsen: the publisher counts.
    signed = Passage(**{**SIGNED.__dict__, "publisher": "Socialstyrelsen"})
    answer = ExtractiveGenerator().answer(
        "Vem har skrivit Socialstyrelsens slutrapport om kompetenssatsningen?",
        [FIRST_YEAR, signed])
    assert "Dick Lindberg" in answer.text.split("[1]")[0]


def test_a_sentence_broken_before_its_amount_stays_one_sentence():
    # Regeringsbeslut 2009, p. 2: the export breaks the line between `högst` and the amount.
    text = ("Uppdraget omfattar även att informera och stimulera Arbetsförmedlingen. För detta "
            "får Försäkringskassan använda högst\n500 000 kronor.\nNärmare om uppdraget")
    assert "För detta får Försäkringskassan använda högst 500 000 kronor." in sentences(text)


def test_a_second_sentence_that_only_repeats_the_answers_figures_is_left_out():
    # Kompetenssatsningen p. 2 and p. 8 both say 406 of 428,5 million; the answer says it once.
    again = Passage(**{**FIRST_YEAR.__dict__, "id": "kompetens:00023", "text": (
        "När satsningen nu är avslutad har endast 406 miljoner kronor förbrukats, av de 428,5 "
        "miljoner som fördelades. Resterande cirka 22,5 miljoner kronor har återbetalats.")})
    answer = ExtractiveGenerator().answer(
        "Hur mycket av pengarna i kompetenssatsningen förbrukades?", [SUMMARY, again])
    assert answer.text.count("406") == 1


def test_a_heading_run_into_its_first_sentence_is_split_off():
    # Socialstyrelsen 2018, p. 46: the export left the heading without a full stop.
    text = ("Landstingens och regionernas ekonomiska redovisning för allmänna stimulansmedel "
            "Totalt har 250 miljoner kronor fördelats till landsting och regioner som allmänna "
            "stimulansmedel under 2017. Totalt redovisades 214 238 981 kronor av landstingen "
            "och regionerna.")
    assert sentences(text)[:2] == [
        "Landstingens och regionernas ekonomiska redovisning för allmänna stimulansmedel",
        "Totalt har 250 miljoner kronor fördelats till landsting och regioner som allmänna "
        "stimulansmedel under 2017.",
    ]
    # a name after a lower-case word is no seam
    assert len(sentences("Rapporten beställdes av Socialstyrelsen under 2016 och kom sedan.")) == 1


def test_a_country_matches_its_adjective():
    # SKL 2016, p. 7: the question says `Norge`, the report `norska kronor`.
    passage = Passage(
        id="skl:00012", document="skl-2016-utvecklingsstruktur", page=7, score=0.03,
        title="Förslag till nationell och regional stödstruktur för psykisk hälsa",
        text="Det Norska Helsedirektoratet har beräknat de totala samhällskostnaderna för "
        "psykisk ohälsa till 185 miljarder norska kronor per år, varav ca en tredjedel är "
        "direkta kostnader för det offentliga eller produktivitetsförluster.",
    )
    answer = ExtractiveGenerator().answer(
        "Hur mycket kostar psykisk ohälsa samhället i Norge per år?", [passage])
    assert "185 miljarder norska kronor" in answer.text


def test_an_english_agency_name_is_the_reports_swedish_name():
    # Kompetenssatsningen p. 25; `National Board of Health` is Socialstyrelsen, not `hälsa`.
    passage = Passage(
        id="kompetens:00090", document="socialstyrelsen-kompetenssatsning-2008-2011",
        title=TITLE, page=25, score=0.03, publisher="Socialstyrelsen",
        text="Socialstyrelsen genomförde vintern 2012–2013 en enkät till kommunerna. Enkäten "
        "skickades till samtliga kommuner och stadsdelar i landet och 280 av totalt 321 "
        "kommuner och stadsdelar svarade på enkäten, vilket ger en svarsfrekvens på 87 procent.",
    )
    answer = ExtractiveGenerator().answer(
        "What was the response rate of the National Board of Health and Welfare's municipal "
        "survey in the winter of 2012–2013?", [passage])
    assert "87 procent" in answer.text


def test_a_year_is_half_missing_from_a_passage_that_states_no_year():
    from assistant.answer.extractive import _anchor_fit
    from assistant.index.lexical import analyse

    undated = set(analyse("Av de 280 kommuner som besvarade frågan har 156 en sådan plan."))
    other_year = set(analyse("I 2011 års enkät hade 58 procent en samlad kompetensplan."))
    assert _anchor_fit(["#2012"], undated) == 0.25
    assert _anchor_fit(["#2012"], other_year) == 0.0


def test_an_english_word_and_its_translation_weigh_as_one_term():
    from assistant.language.question import classify
    from assistant.retrieval.rerank import question_profile

    question = "How much did the government set aside in total for PRIO?"
    weights, alternatives = question_profile(question, classify(question), lambda t: 1.0)
    assert "totalt" in weights and "total" not in weights
    assert "total" in alternatives["totalt"]


# SKL 2016, p. 44, as exported: the header gives the unit, the rows only their figures.
BUDGET_TABLE = Passage(
    id="skl:00101", document="skl-2016-utvecklingsstruktur", page=44, score=0.03,
    title="Förslag till nationell och regional stödstruktur för psykisk hälsa", publisher="SKL",
    text="Sammanställning av aktiviteter och kostnader 2016\nAktivitet Period Kostnad (kr)\n"
    "Förbereda etablering av resurscentra\nmaj - dec 12 000 000\n"
    "Nationell samordning och stöd till noder\nmaj - dec 7 000 000\n"
    "Total (exkl. förbrukade medel våren 2016)\n44 000 000",
)


def test_a_row_of_a_kronor_table_is_an_amount_in_kronor():
    from assistant.language.question import classify

    question = "Vad budgeterar SKL för nationell samordning och stöd till noder under 2016?"
    ranked = ExtractiveGenerator().rank(question, [BUDGET_TABLE], classify(question))
    row = next(s for s in ranked if s.sentence.startswith("Nationell samordning"))
    assert row.value == 1.0
    assert "7 000 000" in ExtractiveGenerator().answer(question, [BUDGET_TABLE]).text


def test_money_reported_is_not_money_allocated():
    # Socialstyrelsen 2018, p. 46: 250 million allocated, 214 238 981 kronor reported used.
    passage = Passage(
        id="lage:00120", document="socialstyrelsen-2018-lagesrapport", page=46, score=0.03,
        title="Lägesrapport 2018", publisher="Socialstyrelsen",
        text="Landstingens och regionernas ekonomiska redovisning för allmänna stimulansmedel "
        "Totalt har 250 miljoner kronor fördelats till landsting och regioner som "
        "allmänna stimulansmedel under 2017. Totalt redovisades 214 238 981 kronor av "
        "landstingen och regionerna. Tabell 3. Landstingens och regionernas redovisning av hur "
        "de använt 2017 års stimulansmedel",
    )
    answer = ExtractiveGenerator().answer(
        "Hur mycket redovisade landstingen och regionerna att de använt av 2017 års allmänna "
        "stimulansmedel?", [passage])
    assert "214 238 981 kronor" in answer.text


# Regeringsbeslut 2009, p. 3: the decision ends with the minister's and the official's names.
SIGNATURES = Passage(
    id="rb:00008", document="regeringsbeslut-2009-forsakringskassan", page=3, score=0.03,
    title="Uppdrag till Försäkringskassan om rehabilitering", publisher="Regeringen",
    section="Göran Hägglund",
    text="Göran Hägglund\nRickard Broddvall\nLikalydande till Socialstyrelsen\nKopia till",
)
TASK = Passage(
    id="rb:00004", document="regeringsbeslut-2009-forsakringskassan", page=1, score=0.04,
    title="Uppdrag till Försäkringskassan om rehabilitering", publisher="Regeringen",
    text="Regeringen uppdrar åt Försäkringskassan att stimulera utvecklingen av gemensamma "
    "utbildningsprogram om rehabilitering för personer med psykisk funktionsnedsättning.",
)


def test_names_under_a_signature_stay_together():
    assert sentences(SIGNATURES.text)[0] == "Göran Hägglund, Rickard Broddvall"


def test_who_signed_is_answered_by_the_names_under_the_signature():
    answer = ExtractiveGenerator().answer(
        "Vilken minister undertecknade regeringsbeslutet om Försäkringskassans uppdrag om "
        "rehabilitering?", [TASK, SIGNATURES])
    assert answer.text.startswith("Göran Hägglund")


def test_an_unknown_compound_is_weighed_as_its_known_parts():
    from assistant.retrieval.rerank import split_compound, term_weights

    known = {"utbildning": 2.0, "deltag": 3.0, "lön": 4.0, "månad": 3.5}.get
    assert split_compound("utbildningsdeltag", known) == ("utbildning", "deltag")
    assert term_weights(["utbildningsdeltag"], known) == {"utbildning": 2.0, "deltag": 3.0}
    # a short last part says too little alone: `månadslön` stays an unknown word
    assert split_compound("månadslön", known) is None


def test_a_table_caption_keeps_its_label_and_is_not_an_answer():
    # Socialstyrelsen 2018, p. 46: the caption's `21 landsting` is not the amount reported.
    text = ("Totalt redovisades 214 238 981 kronor av landstingen och regionerna.\n"
            "Tabell 3: Landstingens och regionernas redovisning av hur de använt 2017 års "
            "huvudsakliga stimulansmedel Uppgifter inrapporterade av 21 landsting och regioner.")
    assert sentences(text)[1].startswith("Tabell 3: Landstingens och regionernas redovisning")
    passage = Passage(id="lage:00121", document="socialstyrelsen-2018-lagesrapport", page=46,
                      score=0.03, title="Lägesrapport 2018", text=text)
    answer = ExtractiveGenerator().answer(
        "Hur mycket redovisade landstingen och regionerna att de använt av 2017 års "
        "stimulansmedel?", [passage])
    assert answer.text.startswith("Totalt redovisades 214 238 981 kronor")


def test_a_name_the_document_uses_elsewhere_is_half_an_anchor():
    from assistant.answer.extractive import _anchor_fit

    passage = {"prio", "överenskomm", "insats"}
    document = passage | {"skl", "kommun"}
    assert _anchor_fit(["prio", "skl"], passage, document) == 0.75 ** 2
    assert _anchor_fit(["prio", "skl"], passage) == 0.25
    # a year is no name: stated in another passage, it does not count for this one
    dated = passage | {"#2014"}
    assert _anchor_fit(["prio", "#2019"], dated, document | {"#2019"}) == 0.25


def test_what_happened_after_a_report_was_written_is_not_in_it():
    # Socialstyrelsen 2018, p. 79: plans for 2019 are no result of 2019.
    plans = Passage(
        id="lage:00190", document="socialstyrelsen-2018-lagesrapport", page=79, score=0.03,
        title="Lägesrapport 2018", publisher="Socialstyrelsen", year=2018,
        text="Under hösten 2018 och våren 2019 kommer en central del av Socialstyrelsens "
        "uppföljning utgöras av en fördjupad analys av resultaten av överenskommelsen om "
        "psykisk hälsa.",
    )
    generator = ExtractiveGenerator()
    assert generator.answer("Vad blev resultatet av överenskommelsen om psykisk hälsa 2019?",
                            [plans]).text == NO_SUPPORT
    planned = generator.answer("Vad ska Socialstyrelsens uppföljning av överenskommelsen om "
                               "psykisk hälsa analysera 2019?", [plans])
    assert planned.citations


def test_a_sentence_leans_on_its_chapter_and_section_headings():
    # Vårdanalys, PRIO bilaga p. 19: the sentence names neither the target nor money.
    total = Passage(
        id="prio:00044", document="vardanalys-prio-psykisk-ohalsa-bilaga", page=19, score=0.03,
        title="Uppföljning av PRIO psykisk ohälsa 2012–2015: bilaga med insatserna",
        chapter="2.6 PRESTATIONSMÅL: SAMORDNADE INDIVIDUELLA PLANER",
        section="Medel och tidsram",
        text="Insatsen tilldelas 550 miljoner kronor under 2012–2015.",
    )
    question = "Hur mycket pengar fick prestationsmålet om samordnade individuella planer?"
    answer = ExtractiveGenerator().answer(question, [total])
    assert answer.text.startswith("Insatsen tilldelas 550 miljoner kronor")
    # the same words in the title are context, not the sentence's headings: less support
    untitled = Passage(**{**total.__dict__, "chapter": None, "section": None,
                          "title": f"{total.title} {total.chapter} {total.section}"})
    from assistant.language.question import classify

    def support(p: Passage) -> float:
        return ExtractiveGenerator().rank(question, [p], classify(question))[0].support

    assert support(total) > support(untitled)


def test_a_word_inside_a_compound_counts_as_part_of_it():
    from assistant.index.lexical import analyse
    from assistant.retrieval.rerank import coverage

    # `redovisa` in `slutredovisningar`, `datum` in `Stoppdatum` (Kompetenssatsningen, p. 30)
    got = set(analyse("Stoppdatum för slutredovisningar av verksamheterna sattes till den "
                      "15 oktober 2012."))
    assert coverage({"redovis": 1.0}, got) == 0.5
    assert coverage({"datum": 1.0}, got) == 0.5
    assert coverage({"budget": 1.0}, got) == 0.0


def test_with_no_year_asked_a_figure_for_a_period_is_the_whole():
    from assistant.answer.extractive import _year_fit

    assert _year_fit(set(), {2013, 2015}) > _year_fit(set(), set()) > _year_fit(set(), {2013})
    assert _year_fit({2013}, {2013}) > _year_fit({2013}, {2014})
