"""Where the answerable questions of a split are lost, stage by stage, out of fold:

    uv run python -m eval.headroom                 # eval/suites/dev.jsonl

- reachable: a right candidate is among the question's allowed candidates (retrieval and
  candidate making did their part);
- first: the choice model (fitted without the question's fold) ranks a right one first;
- answered: and its confidence (out of fold too) clears the shipped threshold.

The gaps between them say which stage a change should work on: the choice among candidates,
or the confidence. Each line is given for all questions and by language. Only `dev` is read
(the same rows as eval.fit; the test split is for reporting answers, not for diagnosis).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from assistant.answer.weights import Weights
from assistant.language.question import is_english
from eval.fit import DEV, dev_only, oof_confidence, out_of_fold, suite_rows
from eval.models import Rows

STAGES = ("reachable", "first", "answered")


def stages(rows: list[Rows], probabilities: list[np.ndarray],
           confidences: np.ndarray, threshold: float) -> list[dict[str, bool]]:
    """Per answerable question, which stages it passes (each implies the one before)."""
    out = []
    for r, p, confidence in zip(rows, probabilities, confidences, strict=True):
        if not r.item.answerable:
            continue
        allowed = np.flatnonzero(r.allowed)
        reachable = bool(r.y[allowed].any()) if len(allowed) else False
        first = bool(len(allowed)) and bool(r.y[allowed[np.argmax(p[allowed])]])
        out.append({"reachable": reachable, "first": first,
                    "answered": first and confidence >= threshold,
                    "english": is_english(r.item.question)})
    return out


def table(passed: list[dict[str, bool]]) -> str:
    """The share of questions past each stage: all, English, Swedish."""
    groups = {"all": passed, "English": [q for q in passed if q["english"]],
              "Swedish": [q for q in passed if not q["english"]]}
    lines = [f"{'':10}" + "".join(f"{name:>12}" for name in STAGES) + f"{'n':>6}"]
    for name, group in groups.items():
        shares = [sum(q[s] for q in group) / max(1, len(group)) for s in STAGES]
        lines.append(f"{name:10}" + "".join(f"{100 * v:11.1f}%" for v in shares)
                     + f"{len(group):6}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--suite", type=Path, default=DEV)
    parser.add_argument("--cache", type=Path, default=None,
                        help="keep the retrieved passages in this file between runs")
    args = parser.parse_args(argv)
    if not dev_only(args.suite, "diagnose"):
        return 2
    rows = suite_rows(args.suite, args.cache)
    probabilities = out_of_fold(rows)
    _, confidences, _ = oof_confidence(rows, probabilities)
    print(table(stages(rows, probabilities, confidences, Weights.load().threshold)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
