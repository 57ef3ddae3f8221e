"""Passages -> the sentences an answer can quote, on text as the bundled reports' exports
give it."""

from __future__ import annotations

from assistant.language.sentences import sentences
from assistant.models import Passage

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


def test_a_sentence_broken_before_its_amount_stays_one_sentence():
    # Regeringsbeslut 2009, p. 2: the export breaks the line between `högst` and the amount.
    text = ("Uppdraget omfattar även att informera och stimulera Arbetsförmedlingen. För detta "
            "får Försäkringskassan använda högst\n500 000 kronor.\nNärmare om uppdraget")
    assert "För detta får Försäkringskassan använda högst 500 000 kronor." in sentences(text)


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


def test_names_under_a_signature_stay_together():
    assert sentences(SIGNATURES.text)[0] == "Göran Hägglund, Rickard Broddvall"


def test_a_dotted_abbreviation_ends_no_sentence():
    # Socialstyrelsen's final report, p. 5 (`t.o.m. 2012`) and p. 19 (`t.ex. Malmö`)
    text = ("Samtliga projekt som hade beviljats medel 2008–2010 skulle få förlängd projekttid, "
            "t.o.m. 2012. Stoppdatum för slutredovisningar sattes till den 15 oktober 2012. "
            "Några har också startat högskoleprogram, t.ex. Malmö högskola och Högskolan Väst.")
    assert sentences(text) == [
        "Samtliga projekt som hade beviljats medel 2008–2010 skulle få förlängd projekttid, "
        "t.o.m. 2012.",
        "Stoppdatum för slutredovisningar sattes till den 15 oktober 2012.",
        "Några har också startat högskoleprogram, t.ex. Malmö högskola och Högskolan Väst."]
