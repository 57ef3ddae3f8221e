"""Answers, sources and documents as HTML, Markdown or plain text. Pure functions, no Gradio."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from assistant.models import Answer, Citation, DocumentInfo, Passage

MARKER = re.compile(r"\[(\d+)\]")
_SPACE = re.compile(r"\s+")
# Every ASCII punctuation character: CommonMark lets a backslash make each one literal, which
# turns document text into plain text in the chat (no link, image, HTML tag, autolink or
# emphasis a report or an LLM could smuggle in).
_MD_SPECIAL = re.compile(r"""([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~])""")


def md_plain(text: str) -> str:
    """`text` as Markdown that renders as exactly that text: nothing live."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def anchor(turn: int, n: int) -> str:
    """The id of source `n` of answer `turn`; markers in the chat link to it."""
    return f"kalla-{turn}-{n}"


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


def _card(p: Passage, body: str, badge: str, ident: str = "", extra_class: str = "") -> str:
    id_attr = f" id='{ident}'" if ident else ""
    meta = html.escape(meta_line(p))
    return (
        f"<div class='source-card {extra_class}'{id_attr}>"
        f"<div class='source-head'>{badge}<div><div class='source-title'>"
        f"{html.escape(p.title)}</div><div class='source-meta'>{meta}</div></div></div>"
        f"<p class='source-text'>{body}</p></div>"
    )


def citation_html(c: Citation, turn: int) -> str:
    """One cited source: badge, title, publisher, year, page; the quote marked in its passage."""
    badge = f"<span class='badge'>{c.n}</span>"
    return _card(c.passage, highlight(c.passage.text, c.quote), badge, anchor(turn, c.n))


def related_html(p: Passage) -> str:
    """A nearby passage shown after a 'no support' answer: not a source, so no number."""
    text = _SPACE.sub(" ", p.text).strip()
    short = text if len(text) <= 600 else text[:600].rsplit(" ", 1)[0] + " …"
    return _card(p, html.escape(short), "<span class='badge related'>–</span>", "", "related")


def answer_sources_html(answer: Answer, turn: int) -> str:
    """The evidence for one answer: its sources, or related passages when there is no support."""
    parts = []
    if answer.notice:
        notice = html.escape(answer.notice)
        parts.append(f"<div class='notice'><strong>Obs:</strong> {notice}</div>")
    if answer.citations:
        parts.append(f"<h3 class='panel-heading'>Källor ({len(answer.citations)})</h3>")
        parts.extend(citation_html(c, turn) for c in answer.citations)
    else:
        parts.append(
            "<div class='no-support'>Dokumenten ger inget stöd för ett svar på frågan. "
            "Avsnitten nedan liknar frågan men är <strong>inte</strong> källor till ett svar.</div>"
        )
        if answer.related:
            parts.append("<h3 class='panel-heading'>Närliggande avsnitt</h3>")
            parts.extend(related_html(p) for p in answer.related)
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
        f"<div class='turn-question'>Fråga {latest}: {html.escape(answers[-1].question)}</div>"
        f"{answer_sources_html(answers[-1], latest)}</div>"
    ]
    for turn in range(latest - 1, 0, -1):
        a = answers[turn - 1]
        parts.append(
            f"<details class='turn'><summary>Fråga {turn}: {html.escape(a.question)}</summary>"
            f"{answer_sources_html(a, turn)}</details>"
        )
    return "\n".join(parts)


def chat_markdown(answer: Answer, turn: int) -> str:
    """The answer as shown in the chat: [n] markers as links to their sources, and a source list."""
    def link(m: re.Match[str]) -> str:
        return f"<a class='cite' href='#{anchor(turn, int(m.group(1)))}'>[{m.group(1)}]</a>"

    text = answer_markdown(answer.text, link)
    if not answer.citations:
        hint = "Närliggande avsnitt (inte källor) visas bredvid svaret." if answer.related else ""
        return f"{text}\n\n*{hint}*" if hint else text
    lines = [text, "", "**Källor**"]
    for c in answer.citations:
        p = c.passage
        where = f", s. {p.page}" if p.page else ""
        lines.append(
            f"<a class='cite' href='#{anchor(turn, c.n)}'>[{c.n}]</a> "
            f"{md_plain(p.title)}{where}"
        )
    return "\n".join(lines)


def answer_markdown(text: str, link: Callable[[re.Match[str]], str] | None = None) -> str:
    """Answer text (quotes from the reports, or an LLM's words) as plain-text Markdown; its [n]
    markers become `link(match)` when given (links to the sources), else stay as text."""
    if link is None:
        return md_plain(text)
    out, pos = [], 0
    for m in MARKER.finditer(text):
        out.append(md_plain(text[pos:m.start()]))
        out.append(link(m))
        pos = m.end()
    out.append(md_plain(text[pos:]))
    return "".join(out)


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


def document_choices(docs: list[DocumentInfo]) -> list[tuple[str, str]]:
    """(label, id) pairs for the document filter."""
    return [
        (f"{d.title} ({', '.join(x for x in (d.publisher, str(d.year or '')) if x)})", d.id)
        for d in sorted(docs, key=lambda d: (d.year or 0, d.title))
    ]
