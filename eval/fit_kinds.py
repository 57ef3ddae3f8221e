"""Fit the question-kind model (assistant/language/kinds.json) on the dev split.

    uv run python -m eval.fit_kinds

Each answerable dev question is labelled by what its expected fact is: an amount, a count, a
share, a time (a date), a year, or none of these (a name, a description). Its `kind` says so;
for a table question, the expected figure does (kronor: an amount, per cent: a share, else a
count). A multinomial logistic regression (scikit-learn) over the question's e5 embedding learns
the labels. The threshold, the least probability at which the model overrides the rules
(assistant.language.question.classify) for questions they leave without a value kind, is chosen
on 5-fold out-of-fold predictions: the one that makes the most questions' kind right. Only `dev`
is read.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from assistant.language.kinds import KINDS_FILE, KindModel
from assistant.language.numbers import parse_quantities
from assistant.language.question import Kind
from assistant.settings import load_settings
from assistant.wiring import Components
from eval.models import Linear
from eval.suite import Item, load_suite, suite_hash

DEV = Path(__file__).parent / "suites" / "dev.jsonl"
_LABELS = {"amount": "amount", "count": "count", "share": "share", "date": "time",
           "year": "year", "name": "none", "other": "none"}
_RULES = {Kind.AMOUNT: "amount", Kind.COUNT: "count", Kind.SHARE: "share", Kind.TIME: "time",
          Kind.YEAR: "year"}


def label(item: Item) -> str | None:
    """What kind of value answers `item` (None: unanswerable, or a table fact with no figure)."""
    if item.kind in _LABELS:
        return _LABELS[item.kind]
    if item.kind != "table" or not item.expect:
        return None
    found = parse_quantities(item.expect[0])
    if not found:
        return None
    return "amount" if found[0].is_money else "share" if found[0].is_percent else "count"


def fit(x: np.ndarray, y: np.ndarray, c: float):
    """Classes, weights on the raw embedding and intercepts (eval.models.Linear)."""
    model = Linear(x, y, c)
    return model.classes_, model.coef_, model.intercept_


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--suite", type=Path, default=DEV)
    parser.add_argument("-C", type=float, default=0.1, help="inverse regularisation strength")
    parser.add_argument("--out", type=Path, default=KINDS_FILE)
    args = parser.parse_args(argv)
    if "test" in args.suite.name:
        print("error: the test split is for reporting only; fit on dev", file=sys.stderr)
        return 2
    components = Components(load_settings())
    labelled = [(item, label(item)) for item in load_suite(args.suite)]
    labelled = [(item, y) for item, y in labelled if y is not None]
    profiles = [components.analyse_by_rules(item.question) for item, _ in labelled]
    x = np.array([p.vector for p in profiles], dtype=float)
    y = np.array([y for _, y in labelled])
    rules = np.array([_RULES.get(p.kind, "none") for p in profiles])
    open_kind = np.array([p.kind in (Kind.OTHER, Kind.WHICH) for p in profiles])

    folds = np.arange(len(y)) % 5
    best = np.empty(len(y), dtype=object)
    sure = np.zeros(len(y))
    for k in range(5):
        classes, coef, intercept = fit(x[folds != k], y[folds != k], args.C)
        model = KindModel(tuple(classes), coef, intercept, 0.0)
        for i in np.flatnonzero(folds == k):
            p = model.probabilities(x[i])
            best[i] = max(p, key=p.__getitem__)
            sure[i] = p[best[i]]
    scores = {}
    for t in np.round(np.arange(0.3, 0.96, 0.05), 2):
        chosen = np.where(open_kind & (sure >= t) & (best != "none"), best, rules)
        scores[float(t)] = float((chosen == y).mean())
    threshold = max(scores, key=lambda t: (scores[t], t))
    print(f"{len(y)} dev questions; the rules alone name the right kind for "
          f"{(rules == y).mean():.3f}; with the model (out of fold) {scores[threshold]:.3f} "
          f"at threshold {threshold:.2f}")
    classes, coef, intercept = fit(x, y, args.C)
    model = KindModel(tuple(classes), coef, intercept, threshold, {
        "command": " ".join(["python -m eval.fit_kinds", *(argv or sys.argv[1:])]),
        "suite": args.suite.name, "suite_hash": suite_hash(args.suite), "items": len(y),
        "C": args.C, "date": datetime.now(UTC).date().isoformat(),
        "rules_right": round(float((rules == y).mean()), 3),
        "out_of_fold_right": round(scores[threshold], 3)})
    args.out.write_text(model.to_json(), "utf-8")
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
