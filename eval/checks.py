"""The checks, one pure function each: did the answer state the fact, was it retrieved, do the
citations back it, did the assistant abstain when it should.

Facts are compared with assistant.language.numbers.mentions: numbers by value
(`428,5 miljoner kronor` = `428.5 MSEK` = `428 500 000 kr`; `12` never matches inside `2012`),
other facts as words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from assistant.conversation.compound import quoted, split_compound
from assistant.language.numbers import is_numeric_fact, mentions, parse_quantities
from eval.backends import Observation, Source
from eval.suite import Item

CHECKS = ("fact", "retrieval", "citation", "abstention")
# "Jag hittar inget stöd för det i dokumenten." and the ways other answerers say the same.
_ABSTAIN = re.compile(
    r"inget stöd|inte stöd|saknar stöd|inget underlag|hittar inte|hittar ingen|hittade inte"
    r"|framgår inte|finns inte i (?:dokumenten|rapporterna|underlaget)|kan inte besvaras"
    r"|inte (?:besvara|svara)|(?:do|does) not (?:say|support|contain|mention|answer)"
    r"|no support|not supported|cannot find|could not find|can't find|not in the documents",
    re.IGNORECASE,
)
_MARKER = re.compile(r"\[\d{1,3}(?:\s*[,–-]\s*\d{1,3})*\]")


@dataclass(frozen=True)
class Check:
    """One check of one item: passed, failed, or not applicable (None), and why."""

    passed: bool | None
    detail: str = ""


@dataclass
class ItemResult:
    """Every check of one item, with what the assistant said."""

    item: Item
    observation: Observation
    checks: dict[str, Check] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        if self.observation.error:
            return False
        if not self.item.answerable:
            return bool(self.checks["abstention"].passed)
        return bool(self.checks["fact"].passed and self.checks["citation"].passed)

    @property
    def failed_checks(self) -> list[str]:
        return [name for name, c in self.checks.items() if c.passed is False]

    def to_dict(self) -> dict[str, Any]:
        obs, item = self.observation, self.item
        return {
            "id": item.id, "question": item.question, "kind": item.kind,
            "document": item.document, "page": item.page, "expect": list(item.expect),
            "passed": self.passed,
            **({"turns": list(item.turns), "type": item.type, "interpreted": obs.interpreted}
               if item.turns else {}),
            "checks": {n: {"passed": c.passed, "detail": c.detail} for n, c in self.checks.items()},
            "answer": obs.answer, "error": obs.error, "grounded": obs.grounded,
            "generator": obs.generator,
            "latency": round(obs.latency, 4) if obs.latency is not None else None,
            "citations": [c.to_dict() for c in obs.citations],
            "retrieved": [{"rank": r, "document": p.document, "page": p.page,
                           "score": p.score} for r, p in enumerate(obs.passages, start=1)],
        }


def strip_markers(text: str) -> str:
    """The answer without its `[1]`, `[2, 3]` citation markers (they are not facts)."""
    return _MARKER.sub(" ", text or "")


def stated_facts(text: str, expect: tuple[str, ...], tables: bool = False) -> list[str]:
    """The expected facts that `text` states. With `tables` (a passage, not an answer), an
    amount with its unit (`707 tkr`) is also stated by its bare figure (`707`), as a table row
    under a header `(tkr)` gives it."""
    return [fact for fact in expect
            if mentions(text, fact) or (tables and _bare_figure(text, fact))]


def _bare_figure(text: str, fact: str) -> bool:
    if not is_numeric_fact(fact):
        return False
    want = parse_quantities(fact)[0]
    if not want.is_money:
        return False  # only money: a share is never stated by a bare figure
    return any(not q.unit and q.value == q.number and not q.is_year
               and abs(q.number - want.number) < 1e-9 for q in parse_quantities(text))


def abstained(obs: Observation) -> bool:
    """No citations, and an answer that says the documents do not support one."""
    return not obs.citations and bool(_ABSTAIN.search(obs.answer or ""))


def check_fact(item: Item, obs: Observation) -> Check:
    if not item.answerable:
        return Check(None)
    if obs.error:
        return Check(False, f"error: {obs.error}")
    if abstained(obs):  # a figure it names then is another year's or place's, not an answer
        return Check(False, "abstained")
    if item.expect_each:
        return _each_part(item, strip_markers(obs.answer))
    found = stated_facts(strip_markers(obs.answer), item.expect)
    if found:
        return Check(True, f"states {found[0]}")
    return Check(False, f"states none of: {' | '.join(item.expect)}")


def _each_part(item: Item, answer: str) -> Check:
    """Two questions in one: every part's fact stated, and a part the reports do not answer
    refused (the answer says so for it)."""
    said = []
    for n, facts in enumerate(item.expect_each, start=1):
        if not facts:
            if not _ABSTAIN.search(answer):
                return Check(False, f"part {n} is not refused")
            said.append(f"part {n} refused")
            continue
        found = stated_facts(answer, facts)
        if not found:
            return Check(False, f"part {n} states none of: {' | '.join(facts)}")
        said.append(f"part {n} states {found[0]}")
    return Check(True, "; ".join(said))


def answered_parts(item: Item, obs: Observation) -> list[tuple[bool, bool]]:
    """Two questions in one, part by part: (answered, right). A part is answered unless the
    whole answer abstained or the answer says it has no support for that part (`Om ”hur
    mycket förbrukades?”: Jag hittar inget stöd …`); it is right when answered and it states
    one of the part's facts (a part the reports do not answer is wrong when answered)."""
    answer = strip_markers(obs.answer)
    split = split_compound(item.question)
    out = []
    for n, facts in enumerate(item.expect_each):
        refused = bool(obs.error) or abstained(obs)
        if not refused and len(split) == len(item.expect_each):
            refused = f"{quoted(split[n])}”:" in answer
        right = not refused and bool(facts) and bool(stated_facts(answer, facts))
        out.append((not refused, right))
    return out


def retrieval_rank(item: Item, passages: list[Source]) -> int | None:
    """1-based rank of the first passage from the item's document holding its page or fact."""
    for rank, p in enumerate(passages, start=1):
        if item.document and p.document != item.document:
            continue
        on_page = item.page is not None and p.page == item.page
        if on_page or stated_facts(p.text, item.expect):
            return rank
    return None


def check_retrieval(item: Item, obs: Observation, k: int) -> Check:
    if not item.answerable:
        return Check(None)
    if obs.error and not obs.passages:
        return Check(False, f"error: {obs.error}")
    rank = retrieval_rank(item, obs.passages[:k])
    if rank is not None:
        p = obs.passages[rank - 1]
        return Check(True, f"rank {rank} ({p.document}, p. {p.page})")
    top = ", ".join(f"{p.document} p. {p.page}" for p in obs.passages[:3]) or "nothing"
    return Check(False, f"not in top {k}; top: {top}")


def check_citation(item: Item, obs: Observation) -> Check:
    if not item.answerable:
        return Check(None)
    if not obs.citations:
        return Check(False, "no citations")
    for c in obs.citations:
        found = stated_facts(f"{c.text}\n{c.quote}", item.expect, tables=True)
        if found:
            return Check(True, f"[{c.n}] {c.document} p. {c.page} states {found[0]}")
    cited = ", ".join(f"[{c.n}] {c.document} p. {c.page}" for c in obs.citations)
    return Check(False, f"no cited passage states the fact; cited {cited}")


def check_abstention(item: Item, obs: Observation) -> Check:
    if item.answerable:
        return Check(None)
    if obs.error:
        return Check(False, f"error: {obs.error}")
    if abstained(obs):
        return Check(True, "abstained")
    if obs.citations:
        return Check(False, f"answered with {len(obs.citations)} citation(s)")
    return Check(False, "no citations, but the answer does not say the documents lack support")


def evaluate(item: Item, obs: Observation, k: int) -> ItemResult:
    """All checks of one item."""
    return ItemResult(item, obs, {
        "fact": check_fact(item, obs),
        "retrieval": check_retrieval(item, obs, k),
        "citation": check_citation(item, obs),
        "abstention": check_abstention(item, obs),
    })


def failed_first(results: list[ItemResult], regressed: set[str] | frozenset[str] = frozenset()
                 ) -> list[ItemResult]:
    """Regressions first, then other failures, then passes; suite order within each."""
    return sorted(results, key=lambda r: (r.item.id not in regressed, r.passed))
