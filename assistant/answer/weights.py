"""The fitted weights of the extractive answerer, as data: assistant/answer/weights.json.

Written by `python -m eval.fit` (a conditional logit on the dev split's candidate sentences:
which of a question's candidates states the expected fact?), with the command, the split and
the date it was fitted on, and the confidence threshold chosen on dev for the precision of the
answers given.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

WEIGHTS_FILE = Path(__file__).with_name("weights.json")


@dataclass(frozen=True)
class Weights:
    """A choice model over named features, and the confidence below which it abstains."""

    coef: dict[str, float]  # candidate feature -> weight (which sentence answers)
    threshold: float  # below this confidence the answer is "no support"
    confidence_coef: dict[str, float] = field(default_factory=dict)  # is the best one right?
    confidence_intercept: float = 0.0
    fitted: dict[str, Any] = field(default_factory=dict)  # how: command, suite, date, figures

    def probabilities(self, candidates: Sequence[Mapping[str, float]]) -> list[float]:
        """P(each candidate is the one that states the answer), among one question's
        candidates: a softmax of their weighted features. The weights were fitted to pick the
        right candidate from its rivals (eval.fit), so a candidate is judged against the
        others, and the probabilities of a question's candidates sum to 1."""
        scores = [sum(w * f.get(name, 0.0) for name, w in self.coef.items())
                  for f in candidates]
        top = max(scores, default=0.0)
        shares = [math.exp(z - top) for z in scores]
        total = sum(shares)
        return [share / total for share in shares]

    def confidence(self, best: dict[str, float], probability: float, runner_up: float) -> float:
        """P(the answer built on the best candidate is right): its features, its probability
        and its lead over the next candidate."""
        if not self.confidence_coef:
            return probability
        return _logistic(self.confidence_intercept, self.confidence_coef,
                         {**best, "probability": probability,
                          "margin": probability - runner_up})

    def to_json(self) -> str:
        return json.dumps({"coef": self.coef, "confidence_coef": self.confidence_coef,
                           "confidence_intercept": self.confidence_intercept,
                           "threshold": self.threshold, "fitted": self.fitted},
                          ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> Weights:
        data = json.loads(path.read_text("utf-8"))
        return cls({k: float(v) for k, v in data["coef"].items()}, float(data["threshold"]),
                   {k: float(v) for k, v in data.get("confidence_coef", {}).items()},
                   float(data.get("confidence_intercept", 0.0)), dict(data.get("fitted", {})))


def _logistic(intercept: float, coef: Mapping[str, float], features: Mapping[str, float]
              ) -> float:
    z = intercept + sum(w * features.get(name, 0.0) for name, w in coef.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
