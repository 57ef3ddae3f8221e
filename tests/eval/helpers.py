"""Builders for runs of real suite items with hand-written answers (no index needed)."""

from __future__ import annotations

from assistant.answer import NO_SUPPORT
from eval.backends import Observation, Source
from eval.checks import ItemResult, evaluate
from eval.metrics import summary
from eval.suite import DEFAULT_SUITE, load_suite

ITEMS = {i.id: i for i in load_suite(DEFAULT_SUITE)}
CORPUS = {"socialstyrelsen-kompetenssatsning-2008-2011": "a" * 64,
          "regeringsbeslut-2009-forsakringskassan": "b" * 64}
SPENT = ("Utbildningsinsatserna har förbrukat 406 av de 428,5 miljoner kronor som fördelades "
         "från 2008 till och med 2011.")
PICKED = ("kompetens-fordelat", "kompetens-forbrukat", "rb-medel-2009", "ej-vardplatser")


def right(item_id: str) -> ItemResult:
    """A correct, cited answer (or a correct abstention)."""
    item = ITEMS[item_id]
    if not item.answerable:
        return evaluate(item, Observation(NO_SUPPORT, latency=0.05), 5)
    text = f"Enligt rapporten: {item.expect[0]} <script>alert(1)</script> [1]."
    cited = Source(item.document, item.page, f"… {item.expect[0]} … {SPENT}", n=1,
                   title="Kompetenssatsning & slutrapport")
    return evaluate(item, Observation(text, [cited], [cited], True, "extractive", 0.2), 5)


def wrong(item_id: str) -> ItemResult:
    """An abstention where a fact was expected (or an answer where none was)."""
    item = ITEMS[item_id]
    if item.answerable:
        return evaluate(item, Observation(NO_SUPPORT, latency=0.1), 5)
    cited = Source("regeringsbeslut-2009-forsakringskassan", 1, SPENT, n=1)
    return evaluate(item, Observation(SPENT, [cited], [cited], True, "extractive", 0.3), 5)


def make_run(results: list[ItemResult], corpus: dict[str, str] | None = None) -> dict:
    return {"started": "2026-11-22T08:00:00+00:00", "duration": 1.5, "backend": "in-process",
            "suite": {"path": "eval/suites/core.jsonl", "hash": "abc", "items": len(results)},
            "k": 5, "generator": "extractive", "corpus": dict(corpus or CORPUS),
            "summary": summary(results)}
