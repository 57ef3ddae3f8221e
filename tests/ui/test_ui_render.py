"""How answers and sources are rendered for the chat, on a real passage of the corpus."""

from __future__ import annotations

import re

from assistant.models import Answer, Citation, DocumentInfo, Passage
from ui import render

# From the kompetenssatsning slutrapport, page 1 (a hard line break inside the quoted sentence,
# as PDF text exports have).
SENTENCE = ("På regeringens uppdrag fördelade Socialstyrelsen 428,5 miljoner kronor till kommuner "
            "och landsting under perioden 2008–2011.")
PASSAGE = Passage(
    id="socialstyrelsen-kompetenssatsning-2008-2011:00001",
    document="socialstyrelsen-kompetenssatsning-2008-2011",
    title="Kompetenssatsning inom psykiatri och socialtjänst 2008–2011: slutrapport",
    text="Förord\nPå regeringens uppdrag fördelade Socialstyrelsen 428,5 miljoner kronor till\n"
         "kommuner och landsting under perioden 2008–2011. Syftet var att förstärka kompetensen "
         "bland personal som kommer i kontakt med personer med psykisk sjukdom <eller> "
         "funktionsnedsättning.",
    score=0.9, page=1, publisher="Socialstyrelsen", year=2012,
)
Q = "Hur mycket pengar fördelade Socialstyrelsen till kommuner och landsting 2008–2011?"
ANSWER = Answer(Q, f"{SENTENCE} [1]", [Citation(1, PASSAGE, SENTENCE)], grounded=True)
NO_SUPPORT = Answer("Vad kostar en flygresa till Mars?",
                    "Jag hittar inget stöd för det i dokumenten.", related=[PASSAGE])


def test_quote_is_marked_across_line_breaks_and_text_is_escaped():
    out = render.highlight(PASSAGE.text, SENTENCE)
    assert f"<mark>{SENTENCE}</mark>" in out
    assert "&lt;eller&gt;" in out and "<eller>" not in out


def test_quote_not_found_leaves_text_unmarked():
    assert "<mark>" not in render.highlight(PASSAGE.text, "Något som inte står där.")


def test_source_card_shows_title_publisher_year_page_and_anchor():
    html = render.answer_sources_html(ANSWER, turn=3)
    assert "id='kalla-3-1'" in html and "<span class='badge'>1</span>" in html
    assert PASSAGE.title in html and "Socialstyrelsen · 2012 · s. 1" in html


def test_markers_in_chat_link_to_their_sources():
    md = render.chat_markdown(ANSWER, turn=2)
    assert "<a class='cite' href='#kalla-2-1'>[1]</a>" in md
    assert "slutrapport, s. 1" in md


def test_no_support_shows_related_passages_not_sources():
    html = render.answer_sources_html(NO_SUPPORT, turn=1)
    assert "Närliggande avsnitt" in html and "Källor (" not in html
    assert "class='badge'>" not in html and "id='kalla-" not in html
    assert "inte</strong> källor" in html


def test_plain_text_for_a_memo_has_answer_and_full_references():
    text = render.plain_text(ANSWER)
    assert text.splitlines()[0] == f"Fråga: {Q}"
    assert f"[1] {PASSAGE.title}. Socialstyrelsen, 2012, s. 1." in text
    assert "<" not in text
    assert "Närliggande avsnitt (inte källor):" in render.plain_text(NO_SUPPORT)


def test_earlier_answers_are_folded_under_the_latest():
    html = render.sources_panel_html([NO_SUPPORT, ANSWER])
    assert html.index("Fråga 2:") < html.index("<details") < html.index("Fråga 1:")


def test_documents_table_and_filter_choices():
    docs = [DocumentInfo("a", "Lägesrapport 2018", "a.txt", "Socialstyrelsen", 2018, 105),
            DocumentInfo("b", "Regeringsbeslut 2009", "b.txt", None, 2009, 4)]
    html = render.documents_html(docs)
    assert html.index("Regeringsbeslut") < html.index("Lägesrapport")  # oldest first
    assert "<td>105</td>" in html and "<td>–</td>" in html
    assert render.document_choices(docs)[1] == ("Lägesrapport 2018 (Socialstyrelsen, 2018)", "a")
    assert "assistant ingest" in render.documents_html([])


def test_report_text_in_the_chat_is_plain_markdown():
    hostile = ("Se [här](javascript:alert(1)) ![x](http://t.example/p.png) <img src=x "
               "onerror=alert(2)> www.example.com a@b.se *fet* 428,5 [1]")
    answer = Answer(Q, hostile, [Citation(1, PASSAGE, hostile)], grounded=True)
    md = render.chat_markdown(answer, turn=1)
    assert "<a class='cite' href='#kalla-1-1'>[1]</a>" in md  # our own link stays
    for live in ("](", "![", "<img", "www.", "://", "*fet*", "@b"):
        assert not re.search(r"(?<!\\)" + re.escape(live[0]) + re.escape(live[1:]), md), live
    assert r"\!\[x\]\(http\:\/\/t\.example\/p\.png\)" in md  # renders as the same text
