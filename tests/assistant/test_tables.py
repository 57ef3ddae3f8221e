"""Reading the cells of flattened tables, on tables as the bundled reports' exports give them."""

from __future__ import annotations

from assistant.answer.extractive import ExtractiveGenerator
from assistant.answer.tables import cells, columns_of
from assistant.models import Passage

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

# Kompetenssatsningen, p. 10: thousands spaces, no `|`; some rows read only one way.
TABLE_3 = """Tabell 3. Antal projekt och antal deltagare i utbildningarna under 2009–2012, per län.
Län Projekt
2011
Deltagare
2011
Projekt
2012
Deltagare
2012
Skåne 14 5 887 16 8 422
V Götaland 11 8 650 14 9 061
Halland 1 1 260 1 670"""


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


def test_thousands_spaces_are_read_only_when_a_row_reads_one_way():
    found = {(c.row, c.column): c.value for c in cells(TABLE_3)}
    assert found[("Skåne", "Deltagare 2012")] == "8 422"
    # `11 8 650 14 9 061` reads one way; `1 1 260 1 670` two (1 | 1 260 | 1 | 670 and
    # 1 | 1 | 260 | 1 670): no cells rather than a guess
    assert found[("V Götaland", "Deltagare 2012")] == "9 061"
    assert not any(row == "Halland" for row, _ in found)


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
    answer = ExtractiveGenerator(idf=lambda term: 1.0).answer(
        "Hur många projekt utbildade personal i motiverande samtal (MI) 2012?", [passage])
    assert answer.text.startswith("MI, 2012: 39. [1]")
    assert answer.citations[0].quote == "Metod 2009 2010 2011 2012 … MI 8 34 38 39"
