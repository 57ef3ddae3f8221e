"""Baselines: the accepted results of a run, and what changed since.

A run fails against a baseline when an item that passed there fails now (a regression), or when
an overall rate drops by more than the tolerance. Items that newly pass are improvements.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import BaselineError
from eval.checks import ItemResult
from eval.metrics import LABELS, RATES

FORMAT = 1
DEFAULT_TOLERANCE = 0.02  # two percentage points: one item in a suite of ~90 is ~1.1


def make_baseline(run: dict[str, Any], results: list[ItemResult]) -> dict[str, Any]:
    """The part of a run worth committing: per item pass/fail, overall rates, corpus, suite."""
    overall = run["summary"]["overall"]
    return {
        "format": FORMAT,
        "created": run["started"],
        "suite": run["suite"],
        "k": run["k"],
        "generator": run["generator"],
        "corpus": run["corpus"],
        "metrics": {r: overall[r] for r in RATES},
        "items": {
            r.item.id: {
                "passed": r.passed,
                "checks": {n: c.passed for n, c in r.checks.items() if c.passed is not None},
            }
            for r in results
        },
    }


def save_baseline(path: Path, baseline: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(baseline, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, "utf-8")
    tmp.replace(path)


def load_baseline(path: Path) -> dict[str, Any]:
    """A baseline file, or a BaselineError that says how to make one."""
    if not path.is_file():
        raise BaselineError(f"Baseline not found: {path}. Create it with `assistant eval "
                            f"--baseline {path} --update-baseline`.")
    try:
        data = json.loads(path.read_text("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path} is not valid JSON ({exc}); restore it from git or "
                            f"recreate it with --update-baseline.") from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), dict):
        raise BaselineError(f"{path} is not an eval baseline (no 'items'); recreate it with "
                            f"`assistant eval --baseline {path} --update-baseline`.")
    if data.get("format") != FORMAT:
        raise BaselineError(f"{path} has baseline format {data.get('format')!r}, this version "
                            f"reads {FORMAT}; recreate it with --update-baseline.")
    return data


@dataclass
class Comparison:
    """What changed between a baseline and the current run."""

    regressions: list[ItemResult] = field(default_factory=list)
    improvements: list[ItemResult] = field(default_factory=list)
    metric_drops: list[tuple[str, float, float]] = field(default_factory=list)
    new_items: list[str] = field(default_factory=list)
    missing_items: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.regressions or self.metric_drops)

    def to_dict(self) -> dict[str, Any]:
        return {
            "failed": self.failed,
            "regressions": [r.item.id for r in self.regressions],
            "improvements": [r.item.id for r in self.improvements],
            "metric_drops": [{"metric": m, "baseline": b, "now": n}
                             for m, b, n in self.metric_drops],
            "new_items": self.new_items, "missing_items": self.missing_items,
            "notes": self.notes,
        }


def compare(baseline: dict[str, Any], run: dict[str, Any], results: list[ItemResult],
            tolerance: float = DEFAULT_TOLERANCE) -> Comparison:
    """Regressions, improvements and overall drops of `run` against `baseline`."""
    out = Comparison()
    before = baseline["items"]
    for r in results:
        old = before.get(r.item.id)
        if not isinstance(old, dict):
            out.new_items.append(r.item.id)
        elif old.get("passed") and not r.passed:
            out.regressions.append(r)
        elif not old.get("passed") and r.passed:
            out.improvements.append(r)
    current = {r.item.id for r in results}
    out.missing_items = sorted(set(before) - current)
    overall = run["summary"]["overall"]
    for name in RATES:
        was, now = baseline.get("metrics", {}).get(name), overall.get(name)
        if was is not None and now is not None and was - now > tolerance + 1e-9:
            out.metric_drops.append((LABELS[name], was, now))
    if baseline.get("k") not in (None, run["k"]):
        out.notes.append(f"baseline used k={baseline['k']}, this run k={run['k']}: hit@k differs")
    if baseline.get("suite", {}).get("hash") not in (None, run["suite"]["hash"]):
        out.notes.append("the suite changed since the baseline; items are matched by id")
    old_corpus, new_corpus = baseline.get("corpus") or {}, run["corpus"]
    for doc in sorted(set(old_corpus) | set(new_corpus)):
        if doc not in new_corpus:
            out.notes.append(f"document removed since the baseline: {doc}")
        elif doc not in old_corpus:
            out.notes.append(f"document added since the baseline: {doc}")
        elif old_corpus[doc] and new_corpus[doc] and old_corpus[doc] != new_corpus[doc]:
            # An empty hash is unknown (the HTTP API may not expose hashes), not a change.
            out.notes.append(f"document changed since the baseline: {doc}")
    return out


def explain(r: ItemResult, width: int = 240) -> str:
    """One regressed item: what was expected, which checks failed, what the answer said."""
    where = f"{r.item.document}, p. {r.item.page}" if r.item.page else (r.item.document or "")
    said = " ".join((r.observation.error or r.observation.answer or "(empty answer)").split())
    if len(said) > width:
        said = said[: width - 1] + "…"
    expected = " | ".join(r.item.expect) if r.item.expect else "an abstention (no support)"
    failed = "; ".join(f"{n}: {r.checks[n].detail}" for n in r.failed_checks)
    return (f"  {r.item.id}  [{where}]\n    question: {r.item.question}\n"
            f"    expected: {expected}\n    answer:   {said}\n    failed:   {failed}")


def render(cmp: Comparison) -> str:
    """The comparison as terminal text, regressions first."""
    lines: list[str] = []
    if cmp.regressions:
        lines.append(f"REGRESSED: {len(cmp.regressions)} item(s) that passed in the baseline "
                     f"fail now")
        lines += [explain(r) for r in cmp.regressions]
    for metric, was, now in cmp.metric_drops:
        lines.append(f"DROPPED: {metric} {100 * was:.1f}% -> {100 * now:.1f}%")
    if cmp.improvements:
        lines.append(f"IMPROVED: {len(cmp.improvements)} item(s) pass now: "
                     + ", ".join(r.item.id for r in cmp.improvements))
    if cmp.new_items:
        lines.append(f"new items (not in the baseline): {', '.join(cmp.new_items)}")
    if cmp.missing_items:
        lines.append(f"baseline items not in this suite: {', '.join(cmp.missing_items)}")
    lines += [f"note: {n}" for n in cmp.notes]
    if not cmp.failed:
        lines.append("No regressions against the baseline.")
    return "\n".join(lines)
