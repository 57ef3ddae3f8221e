"""The Gradio chat (Swedish UI): questions, answers with [n] markers, sources, feedback.

No answering logic here: everything goes through AssistantService.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
from fastapi import FastAPI

from assistant.conversation import Turn as ConversationTurn
from assistant.errors import (
    AssistantError,
    BackendUnavailableError,
    IndexEmptyError,
    RateLimitedError,
    UnknownDocumentError,
)
from assistant.feedback import FeedbackStore
from assistant.models import Answer
from assistant.service import AssistantService
from ui import render
from ui.theme import theme

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
STATEMENT = HERE / "tillganglighet.md"  # the accessibility statement, its own tab

# From eval/suites/core.jsonl, questions the answerer gets right (four reports, one in
# English); tests/ui checks that the English one is answered with its figure.
EXAMPLES = [
    "Hur mycket pengar fördelade Socialstyrelsen till kommuner och landsting 2008–2011?",
    "Hur många delmål finns det i PRIO psykisk ohälsa?",
    "Vad räknar SKL med att infrastrukturen för psykisk hälsa kostar 2017?",
    "När ska Socialstyrelsens uppdrag om överenskommelserna om psykisk hälsa slutredovisas?",
    "How many training participants did Västra Götaland have in 2012?",
]

FILTER_LABEL = "Begränsa sökningen till vissa rapporter"
# A live region that stays on the page while its content changes, so that a screen reader
# announces each new content (a region added together with its text is often not read).
LIVE = "<div class='live' role='status' aria-live='polite' aria-atomic='true'>${value}</div>"

def filter_label(ids: list[str]) -> Any:
    """The filter's heading, with how many reports are chosen."""
    if not ids:
        return gr.update(label=FILTER_LABEL)
    return gr.update(label=f"{FILTER_LABEL} ({len(ids)} vald{'a' if len(ids) > 1 else ''})")


# A turn is one answered question: the answer and the document filter it was asked with.
Turn = tuple[Answer, tuple[str, ...]]


def notice_html(message: str, kind: str = "warning") -> str:
    """An inline notice; not gr.Warning, whose toast heading Gradio shows in English.

    Shown in a LIVE region, which announces it; hence no role of its own."""
    return f"<div class='notice {kind}'>{render.html.escape(message)}</div>"


def swedish_error(exc: AssistantError) -> str:
    """What the user reads when the service refuses or fails; says what to do next."""
    if isinstance(exc, IndexEmptyError):
        return "Inga rapporter är indexerade ännu. Kör `assistant ingest corpus/` och försök igen."
    if isinstance(exc, UnknownDocumentError):
        return "En vald rapport finns inte längre i indexet. Ladda om sidan och välj igen."
    if isinstance(exc, BackendUnavailableError):
        return f"Tjänsten nås inte just nu. Försök igen om en stund. ({exc})"
    return f"Frågan kunde inte besvaras: {exc}"


def build_ui(service: AssistantService, feedback: FeedbackStore | None = None) -> gr.Blocks:
    """The chat app, wired to `service`; ratings go to `feedback` when given."""

    def ask(
        question: str, history: list[dict], turns: list[Turn], documents: list[str]
    ) -> Iterator[tuple[Any, ...]]:
        """Stream the answer into the chat, then show its sources. Outputs as in `outputs`."""
        question = (question or "").strip()
        history, turns = list(history or []), list(turns or [])
        keep = gr.skip()
        if not question:
            yield keep, keep, keep, keep, keep, notice_html("Skriv en fråga först."), keep
            return
        if len(question) > service.max_question_chars:
            message = (f"Frågan är {len(question)} tecken lång; gränsen är "
                       f"{service.max_question_chars}. Korta ner den.")
            yield keep, keep, keep, keep, keep, notice_html(message), keep
            return
        history += [{"role": "user", "content": render.question_markdown(question)},
                    {"role": "assistant", "content": "*Söker i rapporterna …*"}]
        yield "", history, keep, keep, keep, "", ""
        text = ""
        try:
            # The conversation so far: what each answer answered, its text, its documents.
            earlier = [ConversationTurn(a.question, a.text, tuple(dict.fromkeys(
                c.passage.document for c in a.citations))) for a, _ in turns]
            for piece in service.stream(question, None, tuple(documents or ()), earlier):
                if isinstance(piece, str):
                    text += piece
                    history[-1] = {"role": "assistant", "content": render.answer_markdown(text)}
                    yield keep, history, keep, keep, keep, keep, keep
                    continue
                turns.append((piece, tuple(documents or ())))
                history[-1] = {"role": "assistant",
                               "content": render.chat_markdown(piece, len(turns))}
                if piece.interpreted_question:
                    history[-1]["content"] += ("\n\n<p class='interpreted'><em>Tolkad som: "
                                               f"{render.html.escape(piece.interpreted_question)}"
                                               "</em></p>")
                panel = render.sources_panel_html([a for a, _ in turns])
                note = notice_html(piece.notice, "info") if piece.notice else ""
                # Announced once, now that the answer is complete (the chat log is not live).
                spoken = render.spoken_html(piece, len(turns))
                yield keep, history, panel, render.plain_text(piece), turns, note, spoken
        except AssistantError as exc:
            message = swedish_error(exc)
            yield question, history[:-2], keep, keep, keep, notice_html(message), keep
        except Exception:  # the UI boundary: log the trace, show a sentence
            log.exception("Unexpected error answering %r", question)
            message = "Ett oväntat fel inträffade (det är loggat på servern). Försök igen."
            yield question, history[:-2], keep, keep, keep, notice_html(message), keep

    def rate(rating: str, comment: str, turns: list[Turn]) -> tuple[Any, str]:
        """Store a thumbs up/down for the latest answer."""
        if feedback is None:
            return gr.skip(), notice_html("Återkoppling är avstängd på den här servern.")
        if not turns:
            return gr.skip(), notice_html("Ställ en fråga först; sedan kan du bedöma svaret.")
        answer, documents = turns[-1]
        try:
            feedback.add(answer, rating, comment, service.corpus_version(), documents)
        except RateLimitedError:
            return gr.skip(), notice_html("För många bedömningar på kort tid. Vänta en minut "
                                          "och försök igen.")
        except (AssistantError, OSError) as exc:
            log.exception("Could not store feedback")
            return gr.skip(), notice_html(f"Återkopplingen kunde inte sparas: {exc}")
        verdict = "bra" if rating == "up" else "dåligt"
        return "", (f"<div class='notice ok'>Tack! Din bedömning ({verdict} svar) "
                    f"av svaret på fråga {len(turns)} är sparad.</div>")

    def refresh() -> tuple[str, Any]:
        """Re-read the indexed documents when the page loads (the index may have grown)."""
        docs = service.documents()
        return render.documents_html(docs), gr.update(choices=render.document_choices(docs))

    def clear() -> tuple[list, list, str, str, str, str, str]:
        return [], [], render.sources_panel_html([]), "", "", "", ""

    docs = service.documents()
    with gr.Blocks(title="Rapportassistenten", analytics_enabled=False) as demo:
        gr.HTML(
            "<header class='app-header'><h1>Rapportassistenten</h1><p>Ställ frågor om "
            "offentliga rapporter. Varje svar hänvisar till dokument och sida, och om "
            "rapporterna inte ger stöd för ett svar säger assistenten det.</p></header>"
        )
        turns = gr.State([])
        with gr.Tabs():
            with gr.Tab("Fråga", id="fraga"):
                notice = gr.HTML("", elem_id="notice", html_template=LIVE)
                # The complete answer as a screen reader announces it; not shown (see chat.css).
                spoken = gr.HTML("", elem_id="announce", html_template=LIVE)
                with gr.Row(equal_height=False):
                    with gr.Column(scale=5):
                        chat = gr.Chatbot(
                            label="Samtal", elem_id="chat", height=520, buttons=[],
                            # Where the sources are depends on the screen's width: not said.
                            latex_delimiters=[],  # report text is plain text (render.md_plain)
                            placeholder="Ställ en fråga om rapporterna, på svenska eller "
                                        "engelska. Svaret visas här, med källor och sidnummer.",
                        )
                        with gr.Row():
                            box = gr.Textbox(
                                label="Din fråga", show_label=False, elem_id="question",
                                scale=8, max_lines=4,
                                placeholder="Skriv din fråga och tryck Enter",
                            )
                            send = gr.Button("Fråga", variant="primary", scale=1,
                                             elem_id="send")
                        # Not gr.Examples: it cuts questions off after 60 characters and
                        # cannot mark the English one lang="en". head.html fills the box.
                        gr.HTML(render.examples_html(EXAMPLES), elem_id="examples")
                        with gr.Accordion(FILTER_LABEL, open=False) as limit:
                            selected = gr.CheckboxGroup(
                                render.document_choices(docs), label="Sök bara i",
                                info="Inget val: sök i alla rapporter.", elem_id="doc-filter",
                            )
                        new = gr.Button("Ny konversation", size="sm", elem_id="new-chat")
                    with gr.Column(scale=4):
                        sources = gr.HTML(render.sources_panel_html([]), elem_id="sources")
                        with gr.Accordion("Kopiera svaret med källor (till PM)", open=False):
                            copy = gr.Textbox(
                                label="Svar och källor som text", lines=8, buttons=["copy"],
                                interactive=False, elem_id="copy-text",
                            )
                        with gr.Group(elem_id="feedback"):
                            gr.HTML("<div class='feedback-title'>Var svaret till hjälp?</div>")
                            comment = gr.Textbox(
                                label="Kommentar (valfritt)", lines=2, elem_id="feedback-comment",
                                placeholder="Vad saknades eller var fel?",
                            )
                            with gr.Row():
                                up = gr.Button("Bra svar", icon=HERE / "thumb-up.svg",
                                               elem_id="feedback-up")
                                down = gr.Button("Dåligt svar", icon=HERE / "thumb-down.svg",
                                                 elem_id="feedback-down")
                        status = gr.HTML("", elem_id="feedback-status", html_template=LIVE)
            with gr.Tab("Rapporter", id="rapporter"):
                documents = gr.HTML(render.documents_html(docs), elem_id="documents")
            with gr.Tab("Tillgänglighet", id="tillganglighet"):
                gr.Markdown(STATEMENT.read_text(encoding="utf-8"), elem_id="statement")

        outputs = [box, chat, sources, copy, turns, notice, spoken]
        box.submit(ask, [box, chat, turns, selected], outputs)
        send.click(ask, [box, chat, turns, selected], outputs)
        up.click(lambda c, t: rate("up", c, t), [comment, turns], [comment, status])
        down.click(lambda c, t: rate("down", c, t), [comment, turns], [comment, status])
        cleared = [chat, turns, sources, copy, notice, status, spoken]
        new.click(clear, None, cleared)
        chat.clear(clear, None, cleared)
        demo.load(refresh, None, [documents, selected])
        # A closed accordion must still say that a filter is on.
        selected.change(filter_label, selected, limit)
    return demo


def head() -> str:
    """The page's scripts: marker-to-source navigation, and fixes to Gradio's own markup."""
    script = (HERE / "a11y.js").read_text(encoding="utf-8")
    return (HERE / "head.html").read_text(encoding="utf-8") + f"<script>\n{script}</script>\n"


def mount_ui(app: FastAPI, service: AssistantService, data_dir: Path) -> FastAPI:
    """Mount the chat at `/` of `app`; feedback goes to `data_dir`/feedback.jsonl."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"  # nothing leaves the machine
    settings = getattr(app.state, "settings", None)  # set by create_app
    per_minute = getattr(settings, "feedback_per_minute", 30)
    demo = build_ui(service, FeedbackStore(Path(data_dir) / "feedback.jsonl", per_minute))
    return gr.mount_gradio_app(
        app, demo, path="/", footer_links=[], run_history=False,
        theme=theme(), css_paths=[HERE / "chat.css"], head=head(),
    )
