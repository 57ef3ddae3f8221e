"""Answers, sources and documents as HTML, Markdown or plain text. Pure functions, no Gradio."""

from __future__ import annotations

import html
import re

from assistant.models import Answer, Citation, DocumentInfo, Passage
from ui import lang

MARKER = re.compile(r"\[(\d+)\]")
_SPACE = re.compile(r"\s+")
# Every ASCII punctuation character: CommonMark lets a backslash make each one literal, which
# turns document text into plain text in the chat (no link, image, HTML tag, autolink or
# emphasis a report or an LLM could smuggle in).
_ESCAPED_MARKER = re.compile(r"\\\[(\d+)\\\]")
_MD_SPECIAL = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")


def md_plain(text: str) -> str:
    """`text` as Markdown that renders as exactly that text: nothing live."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def anchor(turn: int, n: int) -> str:
    """The id of source `n` of answer `turn`; markers in the chat link to it."""
    return f"kalla-{turn}-{n}"


def back_anchor(turn: int, n: int) -> str:
    """The id of the first marker of source `n` in answer `turn`; its card links back to it."""
    return f"ref-{turn}-{n}"


def marker_name(n: int, c: Citation | None) -> str:
    """What a screen reader says for marker [n]: 'källa 1: <title>, sidan 8'."""
    if c is None:
        return f"källa {n}"
    page = f", sidan {c.passage.page}" if c.passage.page else ""
    return f"källa {n}: {c.passage.title}{page}"


def meta_line(p: Passage) -> str:
    """'Socialstyrelsen · 2012 · s. 12': what is known of where a passage comes from."""
    parts = [p.publisher or "", str(p.year) if p.year else "", f"s. {p.page}" if p.page else ""]
    return " · ".join(x for x in parts if x)


def highlight(text: str, quote: str) -> str:
    """`text` as HTML with `quote` (or each of its sentences) marked; whitespace-tolerant."""
    text = _SPACE.sub(" ", text).strip()
    quote = _SPACE.sub(" ", quote or "").strip()
    if not quote:
        return html.escape(text)
    pieces = [quote] if quote in text else [s for s in re.split(r"(?<=[.!?])\s+", quote) if s]
    spans = []
    for piece in pieces:
        start = text.find(piece)
        if start >= 0:
            spans.append((start, start + len(piece)))
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def passage_html(text: str, quote: str = "") -> str:
    """A passage as HTML: English sentences in `lang='en'`, the quote marked (see highlight)."""
    text = _SPACE.sub(" ", text).strip()
    return " ".join(lang.span(code, highlight(run, quote)) for code, run in lang.runs(text))


def _card(p: Passage, body: str, badge: str, label: str, extra: str = "") -> str:
    """One list item: a heading (the badge is only seen; `label` says the same to a screen
    reader), where the passage comes from, the passage, and `extra` (a link back)."""
    meta = html.escape(meta_line(p))
    return (
        f"<div class='source-head'>{badge}<div><h4 class='source-title'>"
        f"<span class='sr-only'>{label}: </span>{html.escape(p.title)}</h4>"
        f"<p class='source-meta'>{meta}</p></div></div>"
        f"<p class='source-text'>{body}</p>{extra}"
    )


def citation_html(c: Citation, turn: int) -> str:
    """One cited source: badge, title, publisher, year, page; the quote marked in its passage.

    Focusable by script (tabindex -1) so that a marker can move the focus here; the link at
    the end takes it back to the marker."""
    badge = f"<span class='badge' aria-hidden='true'>{c.n}</span>"
    back = (f"<a class='back-to-answer' href='#{back_anchor(turn, c.n)}'>"
            f"Tillbaka till svaret<span class='sr-only'> (källa {c.n})</span></a>")
    body = _card(c.passage, passage_html(c.passage.text, c.quote), badge, f"Källa {c.n}", back)
    return f"<li class='source-card' id='{anchor(turn, c.n)}' tabindex='-1'>{body}</li>"


def related_html(p: Passage) -> str:
    """A nearby passage shown after a 'no support' answer: not a source, so no number."""
    text = _SPACE.sub(" ", p.text).strip()
    short = text if len(text) <= 600 else text[:600].rsplit(" ", 1)[0] + " …"
    badge = "<span class='badge related' aria-hidden='true'>–</span>"
    return (f"<li class='source-card related'>"
            f"{_card(p, passage_html(short), badge, 'Närliggande avsnitt, inte källa')}</li>")


def answer_sources_html(answer: Answer, turn: int) -> str:
    """The evidence for one answer: its sources, or related passages when there is no support."""
    parts = []
    if answer.notice:
        notice = html.escape(answer.notice)
        parts.append(f"<div class='notice'><strong>Obs:</strong> {notice}</div>")
    if answer.citations:
        parts.append(f"<h3 class='panel-heading'>Källor ({len(answer.citations)})</h3>")
        parts.append("<ol class='source-list'>")
        parts.extend(citation_html(c, turn) for c in answer.citations)
        parts.append("</ol>")
    else:
        parts.append(
            "<div class='no-support'>Dokumenten ger inget stöd för ett svar på frågan. "
            "Avsnitten nedan liknar frågan men är <strong>inte</strong> källor till ett svar.</div>"
        )
        if answer.related:
            parts.append("<h3 class='panel-heading'>Närliggande avsnitt</h3>")
            parts.append("<ul class='source-list'>")
            parts.extend(related_html(p) for p in answer.related)
            parts.append("</ul>")
    return "\n".join(parts)


def sources_panel_html(answers: list[Answer]) -> str:
    """The sources panel: the latest answer's evidence open, earlier answers' folded below."""
    if not answers:
        return (
            "<div class='empty-panel'>Här visas källorna till svaret: dokument, utgivare, år "
            "och sida, med den mening som stöder svaret markerad.</div>"
        )
    latest = len(answers)
    parts = [
        f"<div class='turn' data-turn='{latest}'>"
        f"<h2 class='turn-question'>Fråga {latest}: {lang.tag(answers[-1].question)}</h2>"
        f"{answer_sources_html(answers[-1], latest)}</div>"
    ]
    for turn in range(latest - 1, 0, -1):
        a = answers[turn - 1]
        parts.append(
            f"<details class='turn'><summary>Fråga {turn}: {lang.tag(a.question)}</summary>"
            f"{answer_sources_html(a, turn)}</details>"
        )
    return "\n".join(parts)


def chat_markdown(answer: Answer, turn: int) -> str:
    """The answer as shown in the chat: [n] markers as links to their sources, named for screen
    readers, English sentences marked `lang='en'`, and a list of the sources."""
    cited = {c.n: c for c in answer.citations}
    first: set[int] = set()

    def marker(n: int) -> str:
        ident = "" if n in first else f" id='{back_anchor(turn, n)}'"  # the card links back here
        first.add(n)
        name = html.escape(marker_name(n, cited.get(n)), quote=True)
        # The chat's sanitizer drops aria-label; the title survives and a11y.js makes it the
        # marker's name (it also shows the source to a mouse user).
        return f"<a class='cite' href='#{anchor(turn, n)}'{ident} title='{name}'>[{n}]</a>"

    body = "\n".join(_markdown_line(line) for line in answer.text.split("\n"))
    # markers were escaped with the rest (`\[1\]`): they become the links to their sources
    text = _ESCAPED_MARKER.sub(lambda m: marker(int(m.group(1))), body)
    if not answer.citations:
        hint = ("Avsnitt som liknar frågan (men inte är källor) finns under rubriken "
                "Närliggande avsnitt." if answer.related else "")
        return f"{text}\n\n*{hint}*" if hint else text
    lines = [text, "", "**Källor**", ""]
    for c in answer.citations:
        p = c.passage
        where = f", s. {p.page}" if p.page else ""
        lines.append(f"- {marker(c.n)} {md_plain(p.title)}{where}")
    return "\n".join(lines)


_LIST_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+\.)\s+)?(.*)$")


def answer_markdown(text: str) -> str:
    """Answer text (quotes from the reports, or an LLM's words) as Markdown that shows exactly
    that text, markers included as text (a streamed answer, before its sources are known)."""
    return "\n".join(_markdown_line(line) for line in text.split("\n"))


def _markdown_line(line: str) -> str:
    """One line of answer text as Markdown that shows exactly that text (nothing from a report
    becomes a live link or image), its English sentences marked; a list item's bullet stays
    outside the mark so that Markdown still sees the list."""
    bullet, rest = _LIST_ITEM.match(line).groups()  # type: ignore[union-attr]
    return (bullet or "") + "".join(lang.span(code, md_plain(run))
                                    for code, run in lang.runs(rest))


def question_markdown(question: str) -> str:
    """The user's question as shown in the chat: escaped, English marked `lang='en'`."""
    return lang.tag(question)


def spoken_html(answer: Answer, turn: int) -> str:
    """What a screen reader announces once an answer is complete: its text, markers said as
    words ('källa 1'), and how many sources it has."""
    text = MARKER.sub(lambda m: f"(källa {m.group(1)})", answer.text)
    n = len(answer.citations)
    count = f"{n} källa." if n == 1 else f"{n} källor." if n else "Inga källor."
    return f"<p>Svar på fråga {turn}: {lang.tag(text)} {count}</p>"


def plain_text(answer: Answer) -> str:
    """The answer and its sources as plain text, for pasting into a memo."""
    lines = [f"Fråga: {answer.question}", "", answer.text]
    if answer.citations:
        lines += ["", "Källor:"]
        for c in answer.citations:
            p = c.passage
            where = ", ".join(x for x in (p.publisher, str(p.year) if p.year else None,
                                          f"s. {p.page}" if p.page else None) if x)
            lines.append(f"[{c.n}] {p.title}. {where}.")
            if c.quote:
                lines.append(f"    ”{_SPACE.sub(' ', c.quote).strip()}”")
    elif answer.related:
        lines += ["", "Närliggande avsnitt (inte källor):"]
        lines += [f"- {p.title}" + (f", s. {p.page}" if p.page else "") for p in answer.related]
    return "\n".join(lines)


def documents_html(docs: list[DocumentInfo]) -> str:
    """The indexed reports as a table: title, publisher, year, pages."""
    if not docs:
        return (
            "<div class='notice'>Inga rapporter är indexerade ännu. Kör "
            "<code>assistant ingest corpus/</code> och ladda om sidan.</div>"
        )
    rows = "".join(
        f"<tr><td>{html.escape(d.title)}</td><td>{html.escape(d.publisher or '–')}</td>"
        f"<td>{d.year or '–'}</td><td>{d.pages or '–'}</td></tr>"
        for d in sorted(docs, key=lambda d: (d.year or 0, d.title))
    )
    return (
        f"<p>Assistenten svarar bara utifrån dessa {len(docs)} rapporter.</p>"
        "<table class='documents'><thead><tr><th>Titel</th><th>Utgivare</th><th>År</th>"
        f"<th>Sidor</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def examples_html(questions: list[str]) -> str:
    """Example questions as buttons (head.html puts a clicked one in the question box)."""
    items = "".join(
        f"<li><button type='button' class='example'>{lang.tag(q)}</button></li>" for q in questions
    )
    return ("<p class='examples-title' id='examples-title'>Exempelfrågor</p>"
            f"<ul class='examples' aria-labelledby='examples-title'>{items}</ul>")


def document_choices(docs: list[DocumentInfo]) -> list[tuple[str, str]]:
    """(label, id) pairs for the document filter."""
    return [
        (f"{d.title} ({', '.join(x for x in (d.publisher, str(d.year or '')) if x)})", d.id)
        for d in sorted(docs, key=lambda d: (d.year or 0, d.title))
    ]
