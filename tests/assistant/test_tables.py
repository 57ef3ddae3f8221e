"""Reading the cells of flattened tables, on tables as the bundled reports' exports give them."""

from __future__ import annotations

from assistant.answer.extractive import ExtractiveGenerator
from assistant.answer.tables import cells, columns_of
from assistant.models import Passage
from tests.answer.test_extractive import PLAIN

# Kompetenssatsningen, p. 18: a one-line header of years.
TABLE_9 = """Tabell 9. Antal projekt med speciella inriktningar och metoder 2009–2012.
Metod 2009 2010 2011 2012
ÅH/BM 27 59 71 65
CM ** 12 27 31 39
KBT 8 19 20 17
MI 8 34 38 39
ÅH/BM = Återhämtning/bemötande, CM = Case Management; KBT = Kognitiv beteendeterapi MI = \
Motiverande samtal; ESL = Ett självständigt liv."""

# Kompetenssatsningen, p. 9: one column heading a line, the unit in the caption, `|` cells.
TABLE_2 = """Tabell 2. Fördelade och förbrukade medel per år, fördelat per län, i tkr, 2008–2012.
Län Statsbidrag 2008
Förbrukat 2009
Statsbidrag 2009
Förbrukat 2010
Stockholm 32 910 | 8 516 | 16 431 | 26 105
Gotland 707 | 0 | 210 | 937"""

# Kompetenssatsningen, p. 10: thousands spaces and no `|`, so some rows read several ways; `*`
# is a cell left out.
TABLE_3 = """Tabell 3. Antal projekt och antal deltagare i utbildningarna under 2009–2012, per län.
Län Projekt
2011
Deltagare
2011
Projekt
2012
Deltagare
2012
Stockholm 19 3 750 21 4 270
Kronoberg 2 184 1 100
Gotland 2 90 2 70
Blekinge 3 116 2 108
Skåne 14 5 887 16 8 422
Halland 1 1 260 1 670
V Götaland 11 8 650 14 9 061"""


# Kompetenssatsningen, p. 14: row labels that hold figures of their own (`0,5–1 dag`, `Mer än 10
# dagar`, `Högskola 7,5 hp *`).
TABLE_5 = """Tabell 5. Antalet utbildningsplatser fördelat på utbildningens längd 2009–2012.
Utbildningens längd 2009 2010 2011 2012
0,5–1 dag 4 321 25 274 21 594 27 382
2–5 dagar 4 646 12 421 15 065 11 495
Mer än 10 dagar 1 673 2 724 605 1 427
Högskola 7,5 hp * 389 1 038 952 1 104
Summa 12 010 44 194 40 572 44 712
* Högskola 7,5 poäng motsvarar cirka 11 kursdagar."""


def test_a_one_line_header_of_years():
    found = {(c.row, c.column): c.value for c in cells(TABLE_9)}
    assert found[("MI", "2012")] == "39"
    assert found[("CM", "2009")] == "12"  # the `**` of a footnote is not a figure
    assert len(found) == 16  # the footnote under the table is no row


def test_a_header_one_column_a_line_and_the_captions_unit():
    gotland = [c for c in cells(TABLE_2) if c.row == "Gotland"]
    assert [c.column for c in gotland] == ["Statsbidrag 2008", "Förbrukat 2009",
                                           "Statsbidrag 2009", "Förbrukat 2010"]
    assert gotland[0].text == "Gotland, Statsbidrag 2008: 707 tkr"
    assert gotland[0].quote.endswith("Gotland 707 | 0 | 210 | 937")


def test_a_row_that_reads_several_ways_takes_the_reading_that_fits_its_columns():
    found = {(c.row, c.column): c.value for c in cells(TABLE_3)}
    assert found[("Skåne", "Deltagare 2012")] == "8 422"  # reads one way
    # `11 8 650 14 9 061` also reads 11 | 8 | 650 | 14 ...: a project count of 650 fits no
    # other row, 8 650 participants does
    assert found[("V Götaland", "Deltagare 2011")] == "8 650"
    assert found[("V Götaland", "Deltagare 2012")] == "9 061"
    assert found[("Halland", "Deltagare 2011")] == "1 260"


def test_a_row_that_fits_no_reading_clearly_gives_no_cells():
    # one row that reads one way is too little to tell 1 | 1 260 | 1 | 670 from 1 | 1 | 260 | 1 670
    two_rows = ("Län Projekt 2011 Deltagare 2011 Projekt 2012 Deltagare 2012\n"
                "Gotland 2 90 2 70\nHalland 1 1 260 1 670")
    assert {c.row for c in cells(two_rows)} == {"Gotland"}


def test_a_left_out_cell_keeps_its_column():
    table = ("Län Projekt 2009 Deltagare 2009 Projekt 2010 Deltagare 2010\n"
             "Stockholm 12 798 18 612\nKronoberg 1 * 2 312\nGotland 2 214 4 85\n"
             "Blekinge 1 74 2 373")
    kronoberg = {c.column: c.value for c in cells(table) if c.row == "Kronoberg"}
    assert kronoberg == {"Projekt 2009": "1", "Projekt 2010": "2", "Deltagare 2010": "312"}


def test_columns_of_a_header():
    assert columns_of("År 2008 2009 2010 Totalt") == ["2008", "2009", "2010", "Totalt"]
    assert columns_of("Län Projekt 2009 Deltagare 2009") == ["Projekt 2009", "Deltagare 2009"]
    assert columns_of("Under 2009 fördelades 130 miljoner") is None
    assert columns_of("Metod 2012") is None  # one year is no header


def test_the_answer_is_the_cell_of_the_row_and_year_asked_for():
    passage = Passage(id="kompetens:00051", document="socialstyrelsen-kompetenssatsning-2008-2011",
                      title="Kompetenssatsning inom psykiatri och socialtjänst 2008–2011",
                      page=18, score=0.03, text=TABLE_9)
    # every word equally rare: the passage alone has no corpus to weigh the question's words
    answer = ExtractiveGenerator(idf=lambda term: 1.0, weights=PLAIN).answer(
        "Hur många projekt utbildade personal i motiverande samtal (MI) 2012?", [passage])
    assert answer.text.startswith("MI (Motiverande samtal), 2012: 39. [1]")
    assert answer.citations[0].quote == "Metod 2009 2010 2011 2012 … MI 8 34 38 39"


def test_a_row_label_may_hold_figures_of_its_own():
    found = {c.text for c in cells(TABLE_5)}
    assert {"0,5–1 dag, 2012: 27 382", "2–5 dagar, 2009: 4 646", "Mer än 10 dagar, 2011: 605",
            "Högskola 7,5 hp, 2010: 1 038", "Summa, 2012: 44 712"} <= found
    assert len(found) == 20  # five rows of four years, the footnote's star no cell


def test_a_sentence_ending_in_a_figure_is_no_row_of_a_table_above_it():
    text = f"{TABLE_9}\nAntalet MI-projekt under 2012 uppgick till 39"
    assert {c.row for c in cells(text)} == {"ÅH/BM", "CM", "KBT", "MI"}


# Kompetenssatsningen, p. 17 (abridged): columns are methods, the year is the caption's, rows with
# empty cells (`Uppsala | 1 | 1 | 1`) do not say which; `Jämtland` is a row left empty; the
# legend spells the columns out.
TABLE_8 = """Tabell 8. Länsvis fördelning av utbildningar med inriktning på speciella perspektiv \
och metoder under 2012.
Län Perspektiv och Metoder*
ÅH/BM CM** KBT MI ESL SE PPI
Stockholm 13 9 3 9 6 5 5
Uppsala | 1 | 1 | 1
Skåne 12 6 1 3 1 3 3
V Götaland 9 6 5 7 9 2 3
Jämtland
Hela landet 65 39 17 39 26 22 20
* ÅH/BM = Återhämtning/bemötande; CM = Case Management; KBT = Kognitiv beteendeterapi MI = \
Motiverande samtal; ESL = Ett självständigt liv; SE = Supported employment PPI = \
Pyskopedagogisk intervention."""

# Kompetenssatsningen, p. 19 (abridged): a column's name is several words after a capital.
TABLE_10 = """Tabell 10. Antal utbildningsprojekt med särskilda teman. Fördelning på län 2012.
Län Hot- och våldsproblematik
Självmord Hälsa och livsstil
Stockholm 3 4 6
Uppsala
Östergötland 1 | 1
Västerbotten 2 2 2
Hela landet 22 17 29"""

# Kompetenssatsningen, p. 15: the rows are years, `-` a cell left out.
TABLE_7 = """Tabell 7. Antal utbildningsprojekt med inriktning på personer med psykisk sjukdom \
eller psykisk funktionsnedsättning inom olika grupper, 2009–2012.
År Barn/unga Äldre Missbruk Neuropsyk Utländsk bakgrund
2009 10 9 8 12 -
2010 20 16 43 40 5"""


def test_category_columns_take_the_year_of_the_caption():
    found = {c.text for c in cells(TABLE_8)}
    assert {"Stockholm, ÅH/BM 2012: 13", "V Götaland, SE 2012: 2", "Hela landet, PPI 2012: 20",
            "Skåne, CM** 2012: 6"} <= found
    # Uppsala's three figures could stand under any three of seven columns
    assert {c.row for c in cells(TABLE_8)} == {"Stockholm", "Skåne", "V Götaland", "Hela landet"}
    assert len(found) == 4 * 7
    assert next(c for c in cells(TABLE_8) if c.text.startswith("Skåne, KBT")).year == 2012


def test_a_category_named_by_several_words():
    found = {c.text for c in cells(TABLE_10)}
    columns = ("Hot- och våldsproblematik", "Självmord", "Hälsa och livsstil")
    rows = {"Stockholm": "3 4 6", "Västerbotten": "2 2 2", "Hela landet": "22 17 29"}
    assert found == {f"{row}, {column} 2012: {value}" for row, values in rows.items()
                     for column, value in zip(columns, values.split(), strict=True)}


def test_rows_of_years_read_as_columns_of_years():
    found = {c.text for c in cells(TABLE_7)}
    assert {"Barn/unga, 2009: 10", "Missbruk, 2010: 43", "Utländsk bakgrund, 2010: 5"} <= found
    assert "Utländsk bakgrund, 2009: -" not in found and len(found) == 9  # `-` is no figure


def test_category_columns_need_a_caption_with_one_year():
    undated = TABLE_10.replace(" 2012.", ".")
    assert cells(undated) == ()
    # a caption heads one table: a second table after a closed one does not take it
    text = f"{TABLE_10}\nEn mening om något annat.\nLän Nord Syd\nSkåne 1 2"
    assert {c.row for c in cells(text)} == {"Stockholm", "Västerbotten", "Hela landet"}


def test_a_question_names_a_column_by_what_the_legend_spells_out():
    passage = Passage(id="kompetens:00047", document="socialstyrelsen-kompetenssatsning-2008-2011",
                      title="Kompetenssatsning inom psykiatri och socialtjänst 2008–2011",
                      page=17, score=0.03, text=TABLE_8)
    answer = ExtractiveGenerator(idf=lambda term: 1.0, weights=PLAIN).answer(
        "Hur många projekt hade utbildning i supported employment i Västra Götaland 2012?",
        [passage])
    # the answer says what the legend says `SE` stands for
    assert answer.text.startswith("V Götaland, SE (Supported employment) 2012: 2. [1]")
