"""Metrics over item results: overall, per document and per kind."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from typing import Any

from eval.checks import CHECKS, ItemResult, answered_parts

# The rates a baseline guards, in the order reports show them.
RATES = ("pass", *CHECKS, "precision", "coverage")
LABELS = {"pass": "pass", "fact": "fact", "retrieval": "hit@k", "citation": "citation",
          "abstention": "abstention", "precision": "precision", "coverage": "answered"}


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
    answered = [r for r in results if r.observation.citations and not r.observation.error]
    right = [r for r in answered if r.item.answerable and r.checks["fact"].passed]
    answerable = [r for r in results if r.item.answerable]
    out["answered"] = len(answered)
    # of the answers that claimed a fact, how many stated the right one (an answered
    # unanswerable question is a wrong answer)
    out["precision"] = len(right) / len(answered) if answered else None
    out["coverage"] = (sum(bool(r.observation.citations) for r in answerable) / len(answerable)
                       if answerable else None)
    out["latency_median"] = statistics.median(latencies) if latencies else None
    out["latency_p95"] = percentile(latencies, 0.95)
    return out


def calibration(results: list[ItemResult], bins: int = 10) -> list[dict[str, Any]]:
    """Answered items by confidence bin: how many, and how many of them were right."""
    out = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        group = [r for r in results if r.observation.citations
                 and r.observation.confidence is not None
                 and (low <= r.observation.confidence < high
                      or (b == bins - 1 and r.observation.confidence == 1.0))]
        right = sum(bool(r.item.answerable and r.checks["fact"].passed) for r in group)
        out.append({"low": low, "high": high, "n": len(group),
                    "accuracy": right / len(group) if group else None})
    return out


def summary(results: list[ItemResult]) -> dict[str, Any]:
    """Overall, per document (unanswerable items under "(unanswerable)"), per kind, per
    language, and the calibration of the answerer's confidence."""
    by_doc: dict[str, list[ItemResult]] = {}
    by_kind: dict[str, list[ItemResult]] = {}
    for r in results:
        by_doc.setdefault(r.item.document or "(unanswerable)", []).append(r)
        by_kind.setdefault(r.item.kind, []).append(r)
    out = {
        "overall": summarise(results),
        "by_document": {k: summarise(v) for k, v in sorted(by_doc.items())},
        "by_kind": {k: summarise(v) for k, v in sorted(by_kind.items())},
        "by_lang": {k: summarise([r for r in results if r.item.lang == k])
                    for k in sorted({r.item.lang for r in results})},
        "calibration": calibration(results),
    }
    if any(r.item.turns or r.item.type for r in results):  # `type`: asked alone (--standalone)
        out["conversation"] = conversation(results)
    if any(r.item.expect_each for r in results):
        out["parts"] = parts(results)
    return out


def parts(results: list[ItemResult]) -> dict[str, Any]:
    """Two questions in one, counted part by part (an item passes only when every part is
    right, which hides how sure the parts that are answered are)."""
    found = [p for r in results if r.item.expect_each
             for p in answered_parts(r.item, r.observation)]
    answered = [right for given, right in found if given]
    return {"n": len(found), "answered": len(answered), "right": sum(answered),
            "precision": sum(answered) / len(answered) if answered else None}


def parts_line(summ: dict[str, Any]) -> str:
    p = summ["parts"]
    return (f"parts: {p['n']}, answered {p['answered']}, right {p['right']} "
            f"(precision of answered parts {fmt_rate(p['precision'])})")


SWITCH = "switch"  # a new, complete question on another topic: it must inherit nothing
UNANSWERABLE_TYPE = "unanswerable"


def conversation(results: list[ItemResult]) -> dict[str, Any]:
    """Conversation suites: per type of last turn, follow-ups' right-fact rate, and whether
    topic switches inherited nothing (answered right and with no interpreted question)."""
    by_type: dict[str, list[ItemResult]] = {}
    for r in results:
        by_type.setdefault(r.item.type or "(none)", []).append(r)
    follow = [r for r in results if (r.item.turns or r.item.type)
              and r.item.type not in (SWITCH, UNANSWERABLE_TYPE)]
    switches = [r for r in results if r.item.type == SWITCH]
    return {
        "by_type": {k: {**summarise(v), "interpreted": rate(
            r.observation.interpreted is not None for r in v)} for k, v in sorted(by_type.items())},
        "followups_fact": rate(r.checks["fact"].passed for r in follow),
        "followups_hit": rate(r.checks["retrieval"].passed for r in follow),
        "followups_interpreted": rate(r.observation.interpreted is not None for r in follow),
        "switches_inherit_nothing": rate(r.passed and r.observation.interpreted is None
                                         for r in switches),
        "switches_uninterpreted": rate(r.observation.interpreted is None for r in switches),
    }


def conversation_table(summ: dict[str, Any]) -> str:
    """The conversation figures under the main table: per type, then the headline rates."""
    conv = summ["conversation"]
    rows = [["type", "items", "fact", "hit@k", "pass", "interpreted"]]
    for name, s in conv["by_type"].items():
        rows.append([name, str(s["n"]), fmt_rate(s["fact"]), fmt_rate(s["retrieval"]),
                     fmt_rate(s["pass"]), fmt_rate(s["interpreted"])])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join([r[0].ljust(widths[0])] + [c.rjust(w) for c, w in
                                                   zip(r[1:], widths[1:], strict=True)])
             for r in rows]
    lines += [
        f"follow-ups: right fact {fmt_rate(conv['followups_fact'])}, expected passage "
        f"retrieved {fmt_rate(conv['followups_hit'])}, interpreted "
        f"{fmt_rate(conv['followups_interpreted'])}",
        f"topic switches: inherit nothing (right, not interpreted) "
        f"{fmt_rate(conv['switches_inherit_nothing'])}; not interpreted "
        f"{fmt_rate(conv['switches_uninterpreted'])}",
    ]
    return "\n".join(lines)


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
                ("kind", summ["by_kind"]), ("language", summ.get("by_lang", {}))]
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
