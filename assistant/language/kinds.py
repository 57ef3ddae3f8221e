"""The kind of value a question asks for, read from its e5 embedding when its words do not say.

`assistant.language.question.classify` knows the asking phrases (`hur mycket`, `how many`). A
keyword query has none: `KUR 2012 PRIO finansiering`, `Budget for the PRIO coordination
function 2012–2015`. For those (classified OTHER or WHICH), a multinomial logistic model over
the question's e5 embedding, fitted on the dev split by `python -m eval.fit_kinds`, says whether
an amount, a count, a share, a time or a year is wanted. It overrides the rules only when it is
at least as sure as the threshold stored with it (chosen on dev).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant.language.profile import QuestionProfile
from assistant.language.question import Kind, money_flows

KINDS_FILE = Path(__file__).with_name("kinds.json")
# the kinds the model may name; its "none" class (a name, a description) leaves the rules' kind
_VALUE_KINDS = {"amount": Kind.AMOUNT, "count": Kind.COUNT, "share": Kind.SHARE,
                "time": Kind.TIME, "year": Kind.YEAR}


@dataclass(frozen=True)
class KindModel:
    """Per class, weights on the (raw, L2-normalised) e5 query embedding and an intercept."""

    classes: tuple[str, ...]
    coef: np.ndarray  # (classes, dimensions)
    intercept: np.ndarray  # (classes,)
    threshold: float  # the least probability at which the model overrides the rules
    fitted: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        z = self.coef @ np.asarray(vector, dtype=float) + self.intercept
        p = np.exp(z - z.max())
        p /= p.sum()
        return dict(zip(self.classes, map(float, p), strict=True))

    def refine(self, profile: QuestionProfile) -> QuestionProfile:
        """`profile` with the model's kind when the rules found no value kind and the model
        is sure of one; else `profile` unchanged."""
        if profile.kind not in (Kind.OTHER, Kind.WHICH) or profile.vector is None:
            return profile
        if len(profile.vector) != self.coef.shape[1]:
            return profile  # another embedding model: the weights do not apply
        probabilities = self.probabilities(profile.vector)
        best = max(probabilities, key=probabilities.__getitem__)
        if best not in _VALUE_KINDS or probabilities[best] < self.threshold:
            return profile
        kind = _VALUE_KINDS[best]
        flows = money_flows(profile.text) if kind in (Kind.AMOUNT, Kind.SHARE) else frozenset()
        return replace(profile, kind=kind, flows=flows)

    def to_json(self) -> str:
        return json.dumps({"classes": list(self.classes),
                           "coef": [[round(float(w), 5) for w in row] for row in self.coef],
                           "intercept": [round(float(b), 5) for b in self.intercept],
                           "threshold": self.threshold, "fitted": self.fitted},
                          ensure_ascii=False) + "\n"

    @classmethod
    def load(cls, path: Path = KINDS_FILE) -> KindModel | None:
        """The fitted model, or None when none has been fitted (the rules decide alone)."""
        if not path.is_file():
            return None
        data = json.loads(path.read_text("utf-8"))
        return cls(tuple(data["classes"]), np.array(data["coef"], dtype=float),
                   np.array(data["intercept"], dtype=float), float(data["threshold"]),
                   dict(data.get("fitted", {})))


@lru_cache(maxsize=1)
def kind_model() -> KindModel | None:
    return KindModel.load()
