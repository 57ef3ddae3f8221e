"""Fit the extractive answerer's weights on the dev split, and choose its confidence threshold.

    uv run python -m eval.fit                      # eval/suites/dev.jsonl -> weights.json
    uv run python -m eval.fit --precision 0.95     # the precision the threshold aims at

Every candidate sentence of every dev question is a row of named features
(assistant.answer.features) with a label: does it state an expected fact, from the expected
document? A conditional logit learns the weights: the softmax over a question's candidates
should put its mass on the right ones (a question none of whose candidates is right teaches
nothing about which one is). The confidence model and
the threshold are fitted on out-of-fold probabilities (5 folds by fact: the wordings of one
question share a fold), so that the answers given on dev reach the wanted precision;
unanswerable questions count as wrong when answered. Only `dev` is read.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from assistant.answer.extractive import runner_up
from assistant.answer.features import CONFIDENCE_FEATURES, FEATURES, candidates
from assistant.answer.weights import WEIGHTS_FILE, Weights
from assistant.settings import load_settings
from assistant.wiring import Components
from eval.checks import stated_facts
from eval.models import Choice, Linear, Rows, fold_of
from eval.suite import Item, load_suite, suite_hash

DEV = Path(__file__).parent / "suites" / "dev.jsonl"


def retrieve_all(components: Components, items: list[Item], cache: Path | None) -> list:
    """(item, profile, passages) for every item, as the service would; `cache` keeps them
    between runs (retrieval is most of the time; delete the file after changing retrieval)."""
    import pickle

    if cache is not None and cache.is_file():
        found = pickle.loads(cache.read_bytes())
        if [i.id for i, _, _ in found] == [i.id for i in items]:
            return found
    service = components.service
    found = []
    for item in items:
        profile = service.analyse(item.question)
        found.append((item, profile, service.retrieve(profile)))
    if cache is not None:
        cache.write_bytes(pickle.dumps(found))
    return found


def collect(components: Components, retrieved: list) -> list[Rows]:
    """Candidates and labels for every retrieved item."""
    out: list[Rows] = []
    for item, profile, passages in retrieved:
        found = candidates(profile, passages, components.document_terms,
                           components.answer_vectors)
        x = np.array([[c.features[f] for f in FEATURES] for c in found], dtype=float)
        y = np.array([bool(item.answerable
                           and (item.document is None
                                or passages[c.passage].document == item.document)
                           and stated_facts(f"{c.said}\n{c.quote}", item.expect, tables=True))
                      for c in found], dtype=int)
        out.append(Rows(item, x.reshape(-1, len(FEATURES)), y,
                        np.array([c.allowed for c in found], dtype=bool),
                        [c.features for c in found], [c.text for c in found], profile.years,
                        profile.spelled))
    return out


def fit(rows: list[Rows], c: float = 1.0) -> Choice:
    return Choice([r for r in rows if len(r.x)], c)


def tops(rows: list[Rows], probabilities: list[np.ndarray]) -> list[dict[str, float] | None]:
    """Per question, the confidence features of its best allowed candidate (None: none)."""
    out: list[dict[str, float] | None] = []
    for r, p in zip(rows, probabilities, strict=True):
        allowed = np.flatnonzero(r.allowed)
        if not len(allowed):
            out.append(None)
            continue
        order = allowed[np.argsort(-p[allowed])]
        runner = runner_up(r.texts[order[0]], ((float(p[j]), r.texts[j]) for j in order[1:]),
                           r.years, r.spelled)
        out.append({**r.features[order[0]], "probability": float(p[order[0]]),
                    "margin": float(p[order[0]]) - runner, "right": float(r.y[order[0]])})
    return out


def confidence_rows(found: list[dict[str, float] | None]) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([[f[n] for n in CONFIDENCE_FEATURES] if f else [0.0] * len(CONFIDENCE_FEATURES)
                  for f in found])
    y = np.array([int(f["right"]) if f else 0 for f in found])
    return x, y


def out_of_fold(rows: list[Rows], folds: int = 5, c: float = 1.0) -> list[np.ndarray]:
    """Each question's candidate probabilities from a model fitted without its fold."""
    probs: list[np.ndarray] = [np.zeros(len(r.y)) for r in rows]
    fold = [fold_of(r.item, folds) for r in rows]
    for k in range(folds):
        model = fit([r for r, f in zip(rows, fold, strict=True) if f != k], c)
        for i, r in enumerate(rows):
            if fold[i] == k and len(r.x):
                probs[i] = model.probabilities(r.x)
    return probs


def fit_confidence(x: np.ndarray, y: np.ndarray, fold: np.ndarray, folds: int = 5):
    """The second stage: is the best candidate right? Out-of-fold confidences and the model."""
    oof = np.zeros(len(y))
    for k in range(folds):
        test = fold == k
        oof[test] = Linear(x[~test], y[~test]).predict_proba(x[test])[:, 1]
    return oof, Linear(x, y)


def choose_threshold(decided: list[tuple[float, bool]], n_answerable: int,
                     precision: float | None, wrong_cost: float
                     ) -> tuple[float, list[tuple[float, float, float]]]:
    """The threshold for the answers given, and the curve on dev (threshold, precision of
    answered, right of answerable) for the report. With `precision`, the lowest threshold
    whose out-of-fold dev answers reach it. Otherwise the decision rule for a calibrated
    confidence: answer when a right answer's gain (1) outweighs a wrong one's cost, that is
    when P(right) > cost / (1 + cost) (2/3 for the default cost of 2: a wrong figure with a
    citation is worse than saying the documents do not say)."""
    curve = []
    for t in np.round(np.arange(0.05, 0.96, 0.01), 2):
        answered = [right for p, right in decided if p >= t]
        prec = sum(answered) / len(answered) if answered else 1.0
        curve.append((float(t), prec, sum(answered) / max(1, n_answerable)))
    if precision is not None:
        for t, prec, right in curve:
            if prec >= precision and right > 0:
                return t, curve
    return round(wrong_cost / (1.0 + wrong_cost), 4), curve


def dev_only(suite: Path, doing: str) -> bool:
    """False, saying why, for the test split: it is for reporting answers only."""
    if "test" in suite.name:
        print(f"error: the test split is for reporting only; {doing} on dev", file=sys.stderr)
        return False
    return True


def suite_rows(suite: Path, cache: Path | None) -> list[Rows]:
    """Every item of `suite` retrieved as the service would, as candidate rows."""
    components = Components(load_settings())
    return collect(components, retrieve_all(components, load_suite(suite), cache))


def oof_confidence(rows: list[Rows], probabilities: list[np.ndarray]):
    """Is each question's best candidate right (y), its out-of-fold confidence, and the
    confidence model fitted on all of them."""
    x, y = confidence_rows(tops(rows, probabilities))
    oof, model = fit_confidence(x, y, np.array([fold_of(r.item) for r in rows]))
    return y, oof, model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--suite", type=Path, default=DEV)
    parser.add_argument("--precision", type=float, default=None,
                        help="choose the lowest threshold whose dev answers reach this "
                             "precision (default: weigh right against wrong, --wrong-cost)")
    parser.add_argument("--wrong-cost", type=float, default=2.0,
                        help="what a wrong answer costs against a right one's 1, when the "
                             "precision is out of reach (default 2)")
    parser.add_argument("-C", type=float, default=1.0, help="inverse regularisation strength")
    parser.add_argument("--out", type=Path, default=WEIGHTS_FILE)
    parser.add_argument("--cache", type=Path, default=None,
                        help="keep the retrieved passages in this file between runs")
    args = parser.parse_args(argv)
    if not dev_only(args.suite, "fit"):
        return 2
    rows = suite_rows(args.suite, args.cache)
    y, oof, confidence = oof_confidence(rows, out_of_fold(rows, c=args.C))
    decided = [(float(p), bool(r)) for p, r in zip(oof, y, strict=True)]
    answerable = sum(r.item.answerable for r in rows)
    threshold, curve = choose_threshold(decided, answerable, args.precision, args.wrong_cost)
    model = fit(rows, args.C)
    for t, prec, right in curve[::5]:
        print(f"threshold {t:.2f}: precision of answered {prec:.3f}, right of answerable "
              f"{right:.3f}")
    answered = [right for p, right in decided if p >= threshold]
    at = {"precision": round(sum(answered) / max(1, len(answered)), 3),
          "right": round(sum(answered) / max(1, answerable), 3)}
    weights = Weights(
        coef={f: round(float(w), 4) for f, w in zip(FEATURES, model.coef_, strict=True)},
        threshold=threshold,
        confidence_coef={f: round(float(w), 4) for f, w in
                         zip(CONFIDENCE_FEATURES, confidence.coef_[0], strict=True)},
        confidence_intercept=round(float(confidence.intercept_[0]), 4),
        fitted={"command": " ".join(["python -m eval.fit", *(argv or sys.argv[1:])]),
                "suite": str(args.suite.name), "suite_hash": suite_hash(args.suite),
                "items": len(rows), "candidates": int(sum(len(r.y) for r in rows)),
                "date": datetime.now(UTC).date().isoformat(), "C": args.C,
                "precision_target": args.precision, "wrong_cost": args.wrong_cost,
                "out_of_fold_at_threshold": at,
                "top1_right_of_answerable": round(float(y.sum()) / max(1, answerable), 3)})
    args.out.write_text(weights.to_json(), "utf-8")
    print(f"threshold {threshold:.2f}; weights written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
