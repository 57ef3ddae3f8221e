"""Run outputs: results.json (everything), report.md, report.html and junit.xml for CI."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from eval.baseline import Comparison, explain
from eval.checks import CHECKS, ItemResult, failed_first
from eval.html import render_html
from eval.metrics import HEADER, conversation_table, fmt_rate, fmt_seconds, parts_line, table_rows


def write_reports(out: Path, run: dict[str, Any], results: list[ItemResult],
                  comparison: Comparison | None = None) -> list[Path]:
    """Write the four outputs into `out` (created if needed); returns their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    record = {**run, "items": [r.to_dict() for r in results]}
    known = _known_failures(comparison, run, results)
    outputs = {
        "results.json": json.dumps(record, ensure_ascii=False, indent=1) + "\n",
        "report.md": markdown(run, results, comparison),
        "report.html": render_html(run, results, comparison),
        "junit.xml": junit(run, results, known),
    }
    paths = []
    for name, text in outputs.items():
        path = out / name
        path.write_text(text, "utf-8")
        paths.append(path)
    return paths


def _known_failures(comparison: Comparison | None, run: dict[str, Any],
                    results: list[ItemResult]) -> set[str]:
    """Items that fail now and failed in the baseline too (not news for CI)."""
    if comparison is None:
        return set()
    fresh = {r.item.id for r in comparison.regressions} | set(comparison.new_items)
    return {r.item.id for r in results if not r.passed and r.item.id not in fresh}


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    cells = [[c.replace("|", "\\|") for c in row] for row in rows]
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
            *("| " + " | ".join(row) + " |" for row in cells)]


def markdown(run: dict[str, Any], results: list[ItemResult],
             comparison: Comparison | None = None) -> str:
    """report.md: what was measured, what changed, the tables and every failed item."""
    s = run["summary"]
    overall = s["overall"]
    lines = [
        "# Rapportassistenten: evaluation report", "",
        f"- started: {run['started']} ({run['duration']:.0f} s), backend: {run['backend']}, "
        f"generator: {run['generator'] or '–'}",
        f"- suite: `{run['suite']['path']}` ({run['suite']['items']} items, "
        f"hash {run['suite']['hash']}), retrieval k = {run['k']}",
        f"- **{overall['passed']}/{overall['n']} items pass** ({fmt_rate(overall['pass'])}); "
        f"median latency {fmt_seconds(overall['latency_median'])}, "
        f"p95 {fmt_seconds(overall['latency_p95'])}",
        "", "## Corpus", "",
        *_md_table(["document", "sha256"],
                   [[d, f"`{h[:16]}`"] for d, h in sorted(run["corpus"].items())]),
    ]
    if comparison is not None:
        verdict = "FAILED" if comparison.failed else "passed"
        lines += ["", f"## Against the baseline: {verdict}", ""]
        if comparison.regressions:
            lines += [f"### Regressions ({len(comparison.regressions)})", "", "```",
                      *(explain(r) for r in comparison.regressions), "```", ""]
        lines += [f"- overall drop: {m} {fmt_rate(b)} → {fmt_rate(n)}"
                  for m, b, n in comparison.metric_drops]
        if comparison.improvements:
            lines.append("- improvements: " + ", ".join(f"`{r.item.id}`"
                                                       for r in comparison.improvements))
        lines += [f"- note: {n}" for n in comparison.notes]
        if not comparison.failed:
            lines.append("- no item that passed in the baseline fails now")
    lines += ["", "## Summary", ""]
    for title, groups in (("Overall", {"overall": overall}), ("Per document", s["by_document"]),
                          ("Per kind", s["by_kind"])):
        lines += [f"### {title}", "", *_md_table(HEADER, table_rows(groups)),
                  ""]
    if s.get("parts"):
        lines += ["### Two questions in one, part by part", "", parts_line(s), ""]
    if s.get("conversation"):
        lines += ["### Conversations", "", "```", conversation_table(s), "```", ""]
    regressed = {r.item.id for r in comparison.regressions} if comparison else set()
    failed = [r for r in failed_first(results, regressed) if not r.passed]
    lines += [f"## Failed items ({len(failed)})", ""]
    for r in failed:
        lines += [f"### `{r.item.id}` ({r.item.kind}; {r.item.document or 'unanswerable'}"
                  + (f", p. {r.item.page}" if r.item.page else "") + ")", "",
                  f"- question: {r.item.question}",
                  f"- expected: {' | '.join(r.item.expect) or 'an abstention'}",
                  f"- answer: {_one_line(r.observation.error or r.observation.answer)}",
                  *(f"- {n}: {'ok' if c.passed else 'FAIL'} – {c.detail}"
                    for n, c in r.checks.items() if c.passed is not None),
                  *(f"- cited [{c.n}] {c.document} p. {c.page}: {_one_line(c.text, 300)}"
                    for c in r.observation.citations), ""]
    lines += ["## All items", "", *_md_table(
        ["id", "kind", "document", "page", "pass", *CHECKS, "latency"],
        [[r.item.id, r.item.kind, r.item.document or "", str(r.item.page or ""),
          "yes" if r.passed else "NO", *(_mark(r.checks[c].passed) for c in CHECKS),
          fmt_seconds(r.observation.latency)] for r in results])]
    return "\n".join(lines) + "\n"


def junit(run: dict[str, Any], results: list[ItemResult],
          known: set[str] | frozenset[str] = frozenset()) -> str:
    """junit.xml: one test case per item; failures known from the baseline are `skipped`."""
    failures = sum(not r.passed and r.item.id not in known for r in results)
    suite = ET.Element("testsuite", {
        "name": "eval", "tests": str(len(results)), "failures": str(failures),
        "errors": "0", "skipped": str(len(known)), "time": f"{run['duration']:.3f}",
        "timestamp": run["started"],
    })
    props = ET.SubElement(suite, "properties")
    for name, value in (("suite", run["suite"]["path"]), ("k", run["k"]),
                        ("backend", run["backend"]), ("generator", run["generator"]),
                        *((f"corpus.{d}", h) for d, h in sorted(run["corpus"].items()))):
        ET.SubElement(props, "property", {"name": name, "value": str(value)})
    for r in results:
        case = ET.SubElement(suite, "testcase", {
            "classname": f"eval.{r.item.document or 'unanswerable'}", "name": r.item.id,
            "time": f"{r.observation.latency or 0:.3f}",
        })
        if r.passed:
            continue
        message = "; ".join(f"{n}: {r.checks[n].detail}" for n in r.failed_checks)
        body = (f"question: {r.item.question}\nexpected: {' | '.join(r.item.expect) or 'abstain'}"
                f"\nanswer: {r.observation.error or r.observation.answer}")
        tag = "skipped" if r.item.id in known else "failure"
        element = ET.SubElement(case, tag, {"message": (
            "known failure (fails in the baseline too): " if tag == "skipped" else "") + message})
        element.text = body
    ET.indent(suite)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, "unicode") + "\n"


def _mark(value: bool | None) -> str:
    return "–" if value is None else ("ok" if value else "FAIL")


def _one_line(text: str | None, width: int = 400) -> str:
    text = " ".join((text or "(empty)").split())
    return text if len(text) <= width else text[: width - 1] + "…"
