"""The evaluation runner behind `assistant eval`: run a suite, report, compare to a baseline.

    assistant eval                                   # in-process, on the current index
    assistant eval --api http://127.0.0.1:8000       # against a running server
    assistant eval --baseline eval/baseline.json     # exit 1 on a regression
    assistant eval --baseline eval/baseline.json --update-baseline   # accept the current results
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from assistant.conversation import Turn
from assistant.errors import BaselineError, EvalError
from eval.backends import Backend, Observation
from eval.baseline import (
    DEFAULT_TOLERANCE,
    compare,
    load_baseline,
    make_baseline,
    render,
    save_baseline,
)
from eval.checks import ItemResult, evaluate
from eval.metrics import conversation_table, parts_line, summary, text_table
from eval.reports import write_reports
from eval.suite import DEFAULT_SUITE, Item, asked_alone, load_suite, suite_hash

DEFAULT_BASELINE = Path(__file__).parent / "baseline.json"
DEFAULT_OUT = Path(__file__).parent / "out"  # git-ignored
DEFAULT_K = 5


def run_items(backend: Backend, items: list[Item], k: int = DEFAULT_K,
              progress: bool = True) -> list[ItemResult]:
    """Ask every item's question and check the answer. Progress: a bar on a terminal; one line
    per item on stdout when it is not a terminal (a log, CI), where a bar shows nothing."""
    from tqdm import tqdm

    results: list[ItemResult] = []
    lines = progress and not (hasattr(sys.stdout, "isatty") and sys.stdout.isatty())
    bar = tqdm(items, desc="Eval", unit="item", disable=None if progress else True,
               file=sys.stderr)
    for n, item in enumerate(bar, 1):
        clock = time.perf_counter()
        result = evaluate(item, converse(backend, item, k), k)
        results.append(result)
        bar.set_postfix(passed=sum(r.passed for r in results), refresh=False)
        if lines:
            print(f"[{n}/{len(items)}] {'pass' if result.passed else 'FAIL'}  {item.id} "
                  f"in {time.perf_counter() - clock:.2f} s", flush=True)
    bar.close()
    return results


def converse(backend: Backend, item: Item, k: int) -> Observation:
    """Ask the item's earlier turns in one conversation (each answer and its cited documents
    become history, as a chat or API client sends them), then its question."""
    history: list[Turn] = []
    for question in item.turns:
        history.append(backend.observe(question, k, history).turn(question))
    return backend.observe(item.question, k, history)


def run_suite(backend: Backend, suite: Path | None = None, k: int = DEFAULT_K,
              progress: bool = True, standalone: bool = False
              ) -> tuple[dict[str, Any], list[ItemResult]]:
    """Run a whole suite; returns the run record (what results.json holds) and the results.
    `standalone`: each conversation's last question asked alone, as its writer's standalone
    version (suite.asked_alone)."""
    suite = Path(suite or DEFAULT_SUITE)
    items = asked_alone(load_suite(suite)) if standalone else load_suite(suite)
    if not 1 <= k <= 50:
        raise EvalError(f"-k must be between 1 and 50, got {k}")
    corpus = backend.corpus_version()
    if not corpus:
        raise EvalError("The index is empty: run `assistant ingest` before `assistant eval`.")
    started = datetime.now(UTC)
    clock = time.perf_counter()
    results = run_items(backend, items, k, progress)
    generators = Counter(r.observation.generator for r in results if r.observation.generator)
    run = {
        "started": started.isoformat(timespec="seconds"),
        "duration": round(time.perf_counter() - clock, 2),
        "backend": getattr(backend, "url", backend.name),
        "suite": {"path": _display(suite), "hash": suite_hash(suite), "items": len(items),
                  **({"standalone": True} if standalone else {})},
        "k": k,
        "generator": generators.most_common(1)[0][0] if generators else "",
        "corpus": corpus,
        "summary": summary(results),
    }
    return run, results


def evaluate_command(backend: Backend, *, suite: Path | None = None, k: int = DEFAULT_K,
                     out: Path, baseline: Path | None = None, update_baseline: bool = False,
                     tolerance: float = DEFAULT_TOLERANCE, progress: bool = True,
                     standalone: bool = False) -> int:
    """Everything `assistant eval` does; returns the exit status (1 on a regression)."""
    accepted = None
    if baseline is not None:
        try:
            accepted = load_baseline(baseline)  # fail before the run, not after it
        except BaselineError:
            if not update_baseline:
                raise  # with --update-baseline a missing or broken baseline is replaced
    run, results = run_suite(backend, suite, k, progress, standalone)
    comparison = None
    if accepted is not None:
        assert baseline is not None
        comparison = compare(accepted, run, results, tolerance)
        run["baseline"] = {"path": _display(baseline), "created": accepted.get("created"),
                           "tolerance": tolerance, "metrics": accepted.get("metrics"),
                           **comparison.to_dict()}
    paths = write_reports(out, run, results, comparison)
    print(text_table(run["summary"]))
    if run["summary"].get("conversation"):
        print("\n" + conversation_table(run["summary"]))
    if run["summary"].get("parts"):
        print("\n" + parts_line(run["summary"]))
    print(f"\n{len(results)} items in {run['duration']:.0f}s on {len(run['corpus'])} documents "
          f"({run['backend']}); reports: {', '.join(_display(p) for p in paths)}")
    if comparison is not None:
        print("\n" + render(comparison))
    if update_baseline:
        target = baseline or DEFAULT_BASELINE
        save_baseline(target, make_baseline(run, results))
        print(f"\nBaseline updated: {_display(target)} "
              f"({sum(r.passed for r in results)}/{len(results)} items pass). Commit it.")
        return 0
    return 1 if comparison is not None and comparison.failed else 0


def _display(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
