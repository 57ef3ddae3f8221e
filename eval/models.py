"""What eval.fit fits: a question's candidates as rows, the conditional logit that picks the
right one among them (Choice), the logistic regression of the confidence and the kind model
(Linear), and the folds by fact that keep out-of-fold figures honest."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from eval.suite import Item


@dataclass
class Rows:
    """The candidates of one question: features, labels, and whether each may answer (its
    year and place fit the question)."""

    item: Item
    x: np.ndarray
    y: np.ndarray
    allowed: np.ndarray
    features: list[dict[str, float]]
    texts: list[str]
    years: frozenset[int]  # the years the question names
    spelled: frozenset[str] = frozenset()  # the abbreviations it asks to spell out


class Linear:
    """A logistic regression fitted on standardised features, kept as weights on the raw ones
    (so the answerer needs no scaler: z = intercept + sum(coef * feature)). Two classes give
    one row of weights; more (eval.fit_kinds) one row per class, in `classes_` order."""

    def __init__(self, x: np.ndarray, y: np.ndarray, c: float = 1.0) -> None:
        from sklearn.linear_model import LogisticRegression

        mean, std = x.mean(axis=0), x.std(axis=0)
        std[std == 0] = 1.0
        model = LogisticRegression(C=c, max_iter=5000).fit((x - mean) / std, y)
        self.classes_ = list(model.classes_)
        self.coef_ = model.coef_ / std
        self.intercept_ = model.intercept_ - self.coef_ @ mean

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        p = 1.0 / (1.0 + np.exp(-(x @ self.coef_[0] + self.intercept_[0])))
        return np.column_stack([1 - p, p])


class Choice:
    """A conditional logit: which of one question's candidates states the answer. It maximises,
    over the questions with a right candidate, the log of the softmax mass on the right ones,
    with an L2 penalty of 1/c on weights of standardised features; the weights are kept on the
    raw features (a shift of every candidate's score cancels in the softmax)."""

    def __init__(self, rows: list[Rows], c: float = 1.0) -> None:
        from scipy.optimize import minimize

        taught = [r for r in rows if r.y.any()]
        x = np.vstack([r.x for r in taught])
        mean, std = x.mean(axis=0), x.std(axis=0)
        std[std == 0] = 1.0
        groups = [((r.x - mean) / std, r.y.astype(bool)) for r in taught]

        def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
            total, grad = 0.5 * (w @ w) / c, w / c
            for features, right in groups:
                share = np.exp(features @ w - (features @ w).max())
                on_right = share[right]
                total -= np.log(on_right.sum()) - np.log(share.sum())
                grad = grad - (features[right].T @ (on_right / on_right.sum())
                               - features.T @ (share / share.sum()))
            return total, grad

        solved = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B")
        self.coef_ = solved.x / std

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """The softmax over one question's candidates (rows of `x`)."""
        z = x @ self.coef_
        share = np.exp(z - z.max())
        return share / share.sum()


def fold_of(item: Item, folds: int = 5) -> int:
    """The fold of an item: questions about the same fact (one document, one expected answer:
    a Swedish and an English wording, two writers' questions) share a fold, so no fold is
    judged by a model that was fitted on another wording of its own questions."""
    key = f"{item.document}|{item.expect[0]}" if item.answerable and item.expect else item.id
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % folds
