"""Metrics over item results: overall, per document and per kind."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from typing import Any

from eval.checks import CHECKS, ItemResult

# The rates a baseline guards, in the order reports show them.
RATES = ("pass", *CHECKS)
LABELS = {"pass": "pass", "fact": "fact", "retrieval": "hit@k", "citation": "citation",
          "abstention": "abstention"}


def rate(values: Iterable[bool | None]) -> float | None:
    """Share of True among the applicable (non-None) values; None when none applies."""
    applicable = [v for v in values if v is not None]
    return sum(applicable) / len(applicable) if applicable else None


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def summarise(results: list[ItemResult]) -> dict[str, Any]:
    """Counts, rates and latency for one group of items."""
    latencies = [r.observation.latency for r in results if r.observation.latency is not None]
    out: dict[str, Any] = {
        "n": len(results),
        "passed": sum(r.passed for r in results),
        "errors": sum(bool(r.observation.error) for r in results),
        "pass": rate(r.passed for r in results),
    }
    for name in CHECKS:
        out[name] = rate(r.checks[name].passed for r in results)
    out["latency_median"] = statistics.median(latencies) if latencies else None
    out["latency_p95"] = percentile(latencies, 0.95)
    return out


def summary(results: list[ItemResult]) -> dict[str, Any]:
    """Overall, per document (unanswerable items under "(unanswerable)") and per kind."""
    by_doc: dict[str, list[ItemResult]] = {}
    by_kind: dict[str, list[ItemResult]] = {}
    for r in results:
        by_doc.setdefault(r.item.document or "(unanswerable)", []).append(r)
        by_kind.setdefault(r.item.kind, []).append(r)
    return {
        "overall": summarise(results),
        "by_document": {k: summarise(v) for k, v in sorted(by_doc.items())},
        "by_kind": {k: summarise(v) for k, v in sorted(by_kind.items())},
    }


def fmt_rate(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def fmt_seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}s"


def table_rows(groups: dict[str, dict[str, Any]]) -> list[list[str]]:
    """One row per group: name, n, passed, each rate, median latency."""
    return [
        [name, str(s["n"]), str(s["passed"]), *(fmt_rate(s[r]) for r in RATES),
         fmt_seconds(s["latency_median"])]
        for name, s in groups.items()
    ]


HEADER = ["", "items", "passed", *(LABELS[r] for r in RATES), "latency"]


def text_table(summ: dict[str, Any]) -> str:
    """The terminal summary: overall, per document, per kind, as aligned columns."""
    sections = [("overall", {"overall": summ["overall"]}), ("document", summ["by_document"]),
                ("kind", summ["by_kind"])]
    rows: list[list[str]] = [HEADER]
    for title, groups in sections:
        rows.append([f"— {title}"] + [""] * (len(HEADER) - 1))
        rows.extend(table_rows(groups))
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [c.rjust(w) for c, w in zip(row[1:], widths[1:],
                                                                         strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
