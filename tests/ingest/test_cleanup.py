"""Cleanup and chunking on real snippets of the bundled reports (pure functions, fast)."""

from __future__ import annotations

import pytest

from assistant.answer.tables import cells
from assistant.language.dictionary import Lexicon, dictionary_words, vocabulary
from ingest.chunking import chunk_pages, split_long
from ingest.cleanup import blocks, is_table_row, join_hyphenated, join_word, normalise_spaces
from ingest.loaders import Page, carry_split_words, complete_sentences, load_file, split_pages
from tests.conftest import CORPUS


def test_swedish_word_list_is_installed():
    words = dictionary_words()
    assert len(words) > 100_000 and "psykisk" in words


@pytest.mark.parametrize(("raw", "expected"), [
    # split words from the kompetenssatsning report
    ("personer med psy-\nkisk sjukdom", "personer med psykisk sjukdom"),
    ("Här redovisar Social-\nstyrelsen de", "Här redovisar Socialstyrelsen de"),
    ("Projektansökningarna ut-\nformades av", "Projektansökningarna utformades av"),
    ("kompetens-\nstärkande aktiviteter", "kompetensstärkande aktiviteter"),
    ("för perso-\nnal inom socialtjänsten", "för personal inom socialtjänsten"),
    # real hyphens stay
    ("i samverkan med \nbrukar-, patient- och anhörigföreningar", None),
    ("för brukar- \noch anhörigföreningar", "för brukar- och anhörigföreningar"),
    ("socialtjänsten och hälso- och sjukvården", None),
    ("inom hälso-\noch sjukvården", "inom hälso- och sjukvården"),
    ("Hälso- och sjukvårdsnämnden", None),
    ("under perioden 2008–2011. Syftet", None),
    ("ACT-\nmodellen går att implementera", "ACT-modellen går att implementera"),
])
def test_line_end_hyphens(raw, expected):
    joined = " ".join(join_hyphenated(raw).split())
    assert joined == " ".join((expected or raw).split())


def test_corpus_evidence_keeps_a_hyphen_seen_mid_line():
    lex = Lexicon(vocabulary("Arbetet med e-hälsa och vård-\nprogram"))
    assert join_word("e", "hälsa", lex) == "e-hälsa"
    assert join_word("vård", "program", lex) == "vårdprogram"
    assert join_word("hälso", "och", lex) is None


@pytest.mark.parametrize("raw", [
    "cirka\u00a010\u00a0000 kursdagar", "cirka\u202f10\u2009000 kursdagar",
    "cirka 10 000 kursdagar",
])
def test_no_break_and_thin_spaces_in_numbers(raw):
    assert normalise_spaces(raw) == "cirka 10 000 kursdagar"


def test_paragraphs_rejoin_and_keep_aao():
    raw = ("Regeringen har under fyra år satsat på att förstärka kompetensen för perso-\n"
           "nal inom socialtjänsten och hälso- och sjukvården som i sitt arbete kommer i \n"
           "kontakt med personer med psykisk sjukdom eller psykisk funktionsnedsätt-\n"
           "ning. Detta är Socialstyrelsens slutrapport. \n\n"
           "Socialstyrelsen har fördelat medel till 289 projekt.\n")
    got = blocks(raw)
    assert [b.kind for b in got] == ["paragraph", "paragraph"]
    assert "för personal inom socialtjänsten och hälso- och sjukvården" in got[0].text
    assert "psykisk funktionsnedsättning. Detta är" in got[0].text


def test_double_spaced_export_rejoins_paragraphs():
    # skl-2016 and vardanalys put a blank line between every line.
    raw = ("Bakgrund \n\nErfarenheter från senare års nationella utvecklingssatsningar mellan "
           "regeringen \n\noch Sveriges Kommuner och Landsting (SKL) inom bland annat området \n\n"
           "psykisk hälsa pekar på att infrastrukturen behöver stärkas.  \n\n \n\n"
           "Organisatoriska stuprör \n\nSverige har av tradition ett starkt lokalt och regionalt "
           "självstyre. \n\nMen det \n\nvar inte allt i hela den här rapporten om saken här.\n\n"
           "Ett tredje stycke som är kort nog. \n\n")
    got = blocks(raw)
    assert got[0].kind == "heading" and got[0].text == "Bakgrund"
    assert got[1].kind == "paragraph" and got[1].text.startswith("Erfarenheter från")
    assert got[1].text.endswith("infrastrukturen behöver stärkas.")
    assert ("heading", "Organisatoriska stuprör") in [(b.kind, b.text) for b in got]


def test_bullets_tables_and_captions():
    raw = ("Tabell 2. Fördelade och förbrukade medel per år, fördelat per län, i tkr, 2008–2012.\n"
           "\nStockholm 32 910  8 516  16 431  26 105 \nUppsala 4 500  657  3 910  5 403 \n\n"
           "• Det stora intresset för de grundläggande utbildningarna i denna satsning \n\n"
           "visar att det finns ett behov av en reguljär grundutbildning. \n")
    got = blocks(raw)
    assert [b.kind for b in got] == ["caption", "row", "row", "bullet"]
    assert got[1].text == "Stockholm 32 910 | 8 516 | 16 431 | 26 105"
    assert got[3].text.startswith("• Det stora") and got[3].text.endswith("grundutbildning.")


@pytest.mark.parametrize(("line", "row"), [
    ("Stockholm 32 910  8 516  16 431", True), ("Totalt 61 12 010 97 44 194", True),
    ("genomfört utbildningar motsvarande cirka 10 000 kursdagar. Minst 30 000", False),
    ("av 130 miljoner kronor förbrukades under 2009.", False),
])
def test_table_rows(line, row):
    assert is_table_row(line) is row


def test_long_text_is_never_cut_inside_a_number():
    text = " ".join(["Insatserna har förbrukat 406 av de 428,5 miljoner och 10 000"] * 30)
    for piece in split_long(text, 200):
        assert len(piece) <= 200
        assert not piece.startswith("000") and not piece.endswith(" 10")


def test_chunks_carry_page_section_and_caption():
    pages = [
        Page(1, "Resultat \n\nSatsningen har nått ut i hela landet. \n"),
        Page(2, "Tabell 2. Fördelade medel per län, i tkr.\n\n"
                + "\n".join(f"Län{i} {i} 910  8 516  16 431" for i in range(40))),
    ]
    chunks = chunk_pages("doc", pages, size=300, generation="g1")
    assert chunks[0].page == 1 and chunks[0].section == "Resultat"
    rows = [c for c in chunks if c.page == 2]
    caption = "Tabell 2. Fördelade medel per län, i tkr."
    assert len(rows) > 2 and all(c.caption == caption for c in rows)
    assert all("Tabell 2." in c.text for c in rows)  # each row chunk names its table
    assert all(c.section == "Resultat" and c.id.startswith("doc:g1:") for c in rows)


def test_a_table_that_runs_into_a_second_chunk_carries_its_header_there():
    # Socialstyrelsen's final report, Tabell 2: its header is one column a line, and its rows
    # run into a second chunk, which alone does not say which column is 2009's grant
    report = load_file(CORPUS / "socialstyrelsen-kompetenssatsning-2008-2011-slutrapport.txt")
    page = next(p for p in report.pages if "Dalarna 4 460" in p.text)
    chunks = chunk_pages("kompetens", [page], size=1000)
    second = next(c for c in chunks if "Dalarna 4 460" in c.text)
    assert not second.text.startswith("Tabell 2.")  # the table began in the chunk before
    assert second.text.startswith("[Tabell 2.") and "\nStatsbidrag 2009\n" in second.text
    found = [c.text for c in cells(second.text) if c.row == "Dalarna"]
    assert "Dalarna, Statsbidrag 2009: 3 600 tkr" in found


def test_chunks_under_a_numbered_heading_carry_it_as_their_chapter():
    # Vårdanalys, PRIO bilaga pp. 18-19: `Medel och tidsram` does not say which target.
    body = ("Vårdanalys har följt upp de insatser som regeringen har finansierat inom ramen "
            "för PRIO. \n")
    pages = [
        Page(18, f"{body}\n2.6 PRESTATIONSMÅL: SAMORDNADE INDIVIDUELLA PLANER \n\n"
                 "Underlagsdokument \n\nSe underlagsdokument under avsnitt 2.2. \n"),
        Page(19, "Medel och tidsram \n\nInsatsen tilldelas 550 miljoner kronor under "
                 "2012–2015. \n"),
    ]
    chunks = chunk_pages("prio", pages, size=300)
    last = chunks[-1]
    assert last.section == "Medel och tidsram"
    assert last.chapter == "2.6 PRESTATIONSMÅL: SAMORDNADE INDIVIDUELLA PLANER"
    assert chunk_pages("doc", [Page(1, "Resultat \n\nText här. \n")])[0].chapter is None


def test_a_chunk_never_runs_on_into_the_next_chapter():
    body = ("Vårdanalys har följt upp de insatser som regeringen har finansierat inom ramen "
            "för PRIO. \n")
    page = Page(15, f"{body}\nSammantaget är utfallet mycket svagt. \n\n"
                    "2.5 PRESTATIONSMÅL: TID TILL FÖRSTA BEDÖMNING \n\nMedel och tidsram \n\n"
                    "Insatsen tilldelas 540 miljoner kronor under 2013–2015. \n")
    chunks = chunk_pages("prio", [page], size=1000)
    assert len(chunks) == 2
    assert "540 miljoner" in chunks[1].text and "svagt" not in chunks[1].text
    assert chunks[1].chapter == "2.5 PRESTATIONSMÅL: TID TILL FÖRSTA BEDÖMNING"


def test_page_markers_of_the_text_exports():
    body = "Vanlig text på en rad som fyller ut sidan ordentligt. " * 40
    text = (f" Förord \n{body}\n Tabell 2. Medel\n 2008 \n{body}styr-\n"
            f" grupper, och de riktades\n{body}")
    pages = carry_split_words(split_pages(text))
    assert len(pages) == 3  # " 2008" right after a page start is a table cell, not a page
    assert "\n 2008" in pages[1]
    assert pages[1].rstrip().endswith("styr-\ngrupper,")
    assert pages[2].lstrip().startswith("och de riktades")


def test_a_sentence_cut_by_a_page_break_is_completed_on_the_page_where_it_starts():
    # Socialstyrelsen's final report, pp. 5-6, as exported
    pages = ["under längre tidsperioder. I augusti 2010 beslu-\ntade",
             "myndigheten därför att förlänga projekttiden för medel som fördelades \n"
             "2008–2009, och 2011 beslutades att samtliga projekt som hade beviljats \n"
             "medel 2008–2010 skulle få förlängd projekttid, t.o.m. 2012. \n\nStoppdatum för "
             "slutredovisningar sattes till den 15 oktober 2012."]
    done = complete_sentences(pages)
    assert done[0].endswith("förlängd projekttid, t.o.m. 2012.")
    assert done[1] == pages[1]  # the next page keeps its text
    # a page that ends a sentence, or a next page that opens a new one, is left as it is
    finished = ["Slutdatum var den 1 mars 2013.", "myndigheten beslutade."]
    assert complete_sentences(finished) == finished
    new = ["Tabell 3 visar", "Stockholm 3 500 1 057."]
    assert complete_sentences(new) == new


def test_a_line_that_starts_with_a_figure_after_one_that_ends_with_one_is_a_new_block():
    # Vårdanalys, PRIO bilaga p. 16 (double-spaced export): joined, `Prestationsmål 2` and
    # `100 miljoner kronor` would read as 2 100 miljoner.
    text = ("Resultat 17 landsting uppfyllde prestationsmålet. \n\nPrestationsmål 2 \n\n"
            "100 miljoner kronor fördelas mellan de landsting som når målet att minst 80 procent "
            "av barn och unga har påbörjat fördjupad utredning inom högst 30 dagar. \n\n"
            "Bedömningskriterier \n\n")
    texts = [b.text for b in blocks(text)]
    assert "Prestationsmål 2" in texts
    assert any(t.startswith("100 miljoner kronor fördelas") for t in texts)
