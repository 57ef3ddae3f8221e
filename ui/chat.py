"""The Gradio chat: a question, its answer with [n] markers, and the sources under it."""

from __future__ import annotations

import html

import gradio as gr

from assistant.errors import AssistantError
from assistant.models import Answer
from assistant.service import AssistantService

EXAMPLES = [
    "Hur mycket pengar fördelade Socialstyrelsen till kommuner och landsting 2008–2011?",
    "Hur mycket av pengarna förbrukades?",
]


def sources_html(answer: Answer) -> str:
    """The cited passages as HTML: title, page and the passage text."""
    if not answer.citations:
        return "<p><em>Inga källor: dokumenten ger inget stöd för ett svar.</em></p>"
    items = []
    for c in answer.citations:
        p = c.passage
        page = f", s. {p.page}" if p.page is not None else ""
        items.append(
            f"<div class='source' id='source-{c.n}'><strong>[{c.n}] {html.escape(p.title)}"
            f"{page}</strong><p>{html.escape(p.text)}</p></div>"
        )
    return "\n".join(items)


def build_ui(service: AssistantService) -> gr.Blocks:
    """The chat app, wired to `service`."""

    def respond(question: str, history: list[dict]):
        history = list(history or [])
        history.append({"role": "user", "content": question})
        try:
            answer = service.ask(question)
        except AssistantError as exc:
            history.append({"role": "assistant", "content": f"⚠️ {exc}"})
            return "", history, ""
        history.append({"role": "assistant", "content": answer.text})
        return "", history, sources_html(answer)

    with gr.Blocks(title="Rapportassistenten") as demo:
        gr.Markdown("# Rapportassistenten\nStäll en fråga om rapporterna om psykisk hälsa.")
        chat = gr.Chatbot(label="Samtal", height=420)
        box = gr.Textbox(label="Din fråga", placeholder="Skriv en fråga och tryck Enter")
        sources = gr.HTML(label="Källor", elem_id="sources")
        gr.Examples(EXAMPLES, inputs=box)
        box.submit(respond, [box, chat], [box, chat, sources])
    return demo
