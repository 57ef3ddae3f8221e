"""How answers and sources are rendered for the chat, on a real passage of the corpus."""

from __future__ import annotations

import re

from assistant.models import Answer, Citation, DocumentInfo, Passage
from ui import lang, render

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
# From the SKL report of 2016 (bilaga A): a Swedish heading, then an English quotation.
SKL_MIXED = ("A. Exempel på faktorer som driver goda resultat för strategier för psykisk hälsa "
             "(Centre for Mental Health, UK) Targets: mainstream health policy continues to be "
             "driven, at least partly, by targets and incentives, and mental health strategies "
             "have benefited from close alignment with these, and struggled where they are not. "
             "Scrutiny: visible accountability for achieving a strategy’s goals is essential to "
             "sustain implementation after early enthusiasm, both nationally and locally.")
# What the extractive answerer says to an English question (assistant/answer/extractive.py).
ENGLISH_ANSWER = Answer("How much money did Socialstyrelsen distribute 2008–2011?",
                        f"The documents say (quoted in Swedish): {SENTENCE} [1]",
                        [Citation(1, PASSAGE, SENTENCE)], grounded=True)


def test_quote_is_marked_across_line_breaks_and_text_is_escaped():
    out = render.highlight(PASSAGE.text, SENTENCE)
    assert f"<mark>{SENTENCE}</mark>" in out
    assert "&lt;eller&gt;" in out and "<eller>" not in out


def test_quote_not_found_leaves_text_unmarked():
    assert "<mark>" not in render.highlight(PASSAGE.text, "Något som inte står där.")


def test_source_card_shows_title_publisher_year_page_and_anchor():
    html = render.answer_sources_html(ANSWER, turn=3)
    assert "id='kalla-3-1'" in html and "<span class='badge' aria-hidden='true'>1</span>" in html
    assert PASSAGE.title in html and "Socialstyrelsen · 2012 · s. 1" in html


def test_sources_are_a_list_of_cards_with_headings_and_a_link_back_to_the_marker():
    html = render.answer_sources_html(ANSWER, turn=3)
    assert re.search(r"<ol class='source-list'>\s*<li class='source-card' id='kalla-3-1' "
                     r"tabindex='-1'>.*</li>\s*</ol>", html, re.S)
    heading = f"<h4 class='source-title'><span class='sr-only'>Källa 1: </span>{PASSAGE.title}</h4>"
    assert heading in html
    assert "<a class='back-to-answer' href='#ref-3-1'>" in html


def test_markers_in_chat_link_to_their_sources_and_say_what_they_point_to():
    md = render.chat_markdown(ANSWER, turn=2)
    name = f"källa 1: {PASSAGE.title}, sidan 1"
    # The first marker carries the id the card links back to; the list's marker does not.
    assert f"<a class='cite' href='#kalla-2-1' id='ref-2-1' title='{name}'>[1]</a>" in md
    assert f"- <a class='cite' href='#kalla-2-1' title='{name}'>[1]</a> " in md
    assert "slutrapport, s. 1" in md


def test_english_answer_marks_its_english_lead_in_not_the_swedish_quote():
    # report text is escaped Markdown (render.md_plain): compare what it shows
    md = render.chat_markdown(ENGLISH_ANSWER, turn=1).replace("\\", "")
    assert md.startswith(f"<span lang='en'>The documents say (quoted in Swedish):</span> "
                         f"{SENTENCE} <a class='cite'")
    assert render.question_markdown(ENGLISH_ANSWER.question).replace("\\", "") == (
        f"<span lang='en'>{ENGLISH_ANSWER.question}</span>")
    assert "lang=" not in render.chat_markdown(ANSWER, turn=1)


def test_english_passage_is_marked_english_its_swedish_heading_is_not():
    html = render.passage_html(SKL_MIXED)
    assert html.startswith("A. Exempel på faktorer")
    # "Targets:" and "Scrutiny:" are too short to judge and go with the English around them.
    assert re.search(r"<span lang='en'>mainstream health policy .* both nationally and "
                     r"locally\.</span>$", html)
    assert [code for code, _ in lang.runs(SKL_MIXED)] == ["sv", "en"]
    assert "lang=" not in render.passage_html(PASSAGE.text)


def test_answer_list_items_keep_their_bullet_outside_the_language_mark():
    md = render.chat_markdown(Answer("How?", "- The budget was set in the spring of 2009.\n"
                                            "- Budgeten beslutades av regeringen i maj."), 1)
    assert md.replace("\\", "").splitlines() == [
        "- <span lang='en'>The budget was set in the spring of 2009.</span>",
        "- Budgeten beslutades av regeringen i maj."]


def test_spoken_answer_says_markers_as_words_and_counts_sources():
    assert render.spoken_html(ANSWER, 2) == f"<p>Svar på fråga 2: {SENTENCE} (källa 1) 1 källa.</p>"
    assert render.spoken_html(NO_SUPPORT, 1).endswith("Inga källor.</p>")


def test_examples_are_whole_questions_english_ones_marked():
    long_q = "Hur mycket pengar fördelade Socialstyrelsen till kommuner och landsting 2008–2011?"
    html = render.examples_html([long_q, "How many goals are there in PRIO?"])
    assert f"<button type='button' class='example'>{long_q}</button>" in html
    assert "<span lang='en'>How many goals are there in PRIO?</span>" in html


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
    assert re.search(r"<a class='cite' href='#kalla-1-1'[^>]*>\[1\]</a>", md)  # ours stays
    for live in ("](", "![", "<img", "www.", "://", "*fet*", "@b"):
        assert not re.search(r"(?<!\\)" + re.escape(live[0]) + re.escape(live[1:]), md), live
    assert r"\!\[x\]\(http\:\/\/t\.example\/p\.png\)" in md  # renders as the same text
