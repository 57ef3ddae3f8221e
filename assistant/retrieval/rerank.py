"""Re-ranking fused candidates with cheap, explainable features (no model call per passage).

A passage ranks higher when it covers more of the question's rare stems, holds the kind of value
the question asks for (an amount for `hur mycket`, a percentage for `hur stor andel`, ...) and
was ranked high by the fused dense+lexical retrieval. bench/retrieval.py measures the gain.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from assistant.index.lexical import analyse
from assistant.language.glossary import bilingual, translations, with_swedish_names
from assistant.language.question import (
    QuestionType,
    asks_signer,
    classify,
    signature_stems,
    topic,
    value_match,
)
from assistant.models import Passage

Idf = Callable[[str], float | None]


def question_terms(question: str, qtype: QuestionType | None = None) -> list[str]:
    """The stems and number tokens a question asks about; English words get Swedish ones added."""
    qtype = qtype or classify(question)
    question = topic(question)
    return list(dict.fromkeys(analyse(bilingual(question) if qtype.english else question)))


UNKNOWN_WEIGHT = 7.0  # about the idf of a stem seen once in a thousand chunks


def term_weights(terms: Sequence[str], idf: Idf, english: bool = False) -> dict[str, float]:
    """Term -> idf. A Swedish word the corpus never uses weighs like a rare one (it is what makes
    a question unanswerable); in English questions such words are English and are left out."""
    out: dict[str, float] = {}
    for term in terms:
        weight = idf(term)
        if weight is None:  # `kostar`: the corpus says `kostnad`; weigh it as that word
            known = [w for w in map(idf, SYNONYMS.get(term, ())) if w is not None]
            weight = max(known, default=None)
        if weight is None and (parts := split_compound(term, idf)):
            for part in parts:  # `utbildningsdeltagare`: the reports say `deltagare i utbildning`
                out.setdefault(part, idf(part) or 0.0)
            continue
        if weight is None:  # unknown to the corpus
            if english:
                continue
            weight = UNKNOWN_WEIGHT
        out[term] = weight
    return out


def split_compound(term: str, idf: Idf) -> tuple[str, str] | None:
    """An unknown compound as two words the corpus knows (`utbildnings|deltag`), the first
    without its linking `s`; None when there is no such split. The last part must be long:
    `månadslön` stays one word (a short part like `lön` says too little alone)."""
    if term.startswith("#"):
        return None
    for i in range(len(term) - 5, 3, -1):
        left, right = term[:i], term[i:]
        if idf(right) is None:
            continue
        for head in (left, left[:-1] if left.endswith("s") else None):
            if head and len(head) >= 4 and idf(head) is not None:
                return head, right
    return None


# Everyday question words and the words reports use for the same thing (Swedish stems).
_SAME = [
    ("peng", "medel", "medl", "kron", "belopp", "statsbidrag", "anslag", "budg", "budgeter"),
    ("kost", "kostnad", "kostn"),
    ("förbruk", "använt", "använd"),
    ("fick", "tilldel", "beviljad", "erhöll", "fördel"),
    # Strong verbs and their nouns, which the Snowball stemmer leaves apart.
    ("deltog", "deltag", "delt", "deltagit"),
    ("skrev", "skrivit", "skriv", "författ"),
    ("ledd", "led", "projektled", "ledn"),
    ("betal", "betalat", "återbetal", "återbetalat"),
    # A country and its adjective (`i Norge` / `norska kronor`), which stem apart.
    ("norg", "norsk"), ("sver", "svensk"), ("danmark", "dansk"), ("finland", "finsk"),
    ("tyskland", "tysk"), ("england", "engelsk"), ("storbritanni", "brittisk"),
    ("kanad", "kanadensisk"), ("europ", "europeisk"), ("nederländern", "nederländsk"),
]
SYNONYMS: dict[str, frozenset[str]] = {
    stem: frozenset(group) - {stem} for group in _SAME for stem in group
}


Alternatives = dict[str, frozenset[str]]


def question_profile(question: str, qtype: QuestionType, idf: Idf) -> tuple[
        dict[str, float], Alternatives]:
    """Weighted terms of a question and, per term, other stems that count as the same.

    An English word becomes one term whose alternatives are the stems of its Swedish
    translations (`funding` -> medel | bidrag | finansiering), so several translations do not
    weigh more than the one word they translate.
    """
    alternatives: Alternatives = dict(SYNONYMS)
    if not qtype.english:
        return term_weights(question_terms(question, qtype), idf), alternatives
    question = with_swedish_names(topic(question))
    # Names, numbers and loanwords; a word the glossary translates counts once, as its
    # translation (with its own spelling as one more alternative: `total` -> totalt | total).
    plain = " ".join(w for w in question.split() if not translations(w))
    terms = [t for t in analyse(plain) if idf(t) is not None]
    for english, swedish in translations(question, with_words=True):
        stems = [st for st in dict.fromkeys(analyse(" ".join(swedish) + " " + english))
                 if idf(st) is not None]
        if stems:
            terms.append(stems[0])
            alternatives[stems[0]] = frozenset(stems[1:]) | SYNONYMS.get(stems[0], frozenset())
    return term_weights(list(dict.fromkeys(terms)), idf, english=True), alternatives


def coverage(weights: dict[str, float], got: set[str],
             alternatives: Alternatives | None = None) -> float:
    """Share of the question's weight found in `got`; a compound part counts half."""
    total = sum(weights.values())
    if not total:
        return 0.0
    alternatives = SYNONYMS if alternatives is None else alternatives
    found = 0.0
    for term, weight in weights.items():
        if term in got:
            found += weight
        elif alternatives.get(term, frozenset()) & got:
            found += weight * 0.8
        elif len(term) >= 5 and not term.startswith("#") and any(
            term in w[3:] or (len(w) >= 5 and (term.endswith(w) or term.startswith(w)))
            for w in got
        ):
            # a compound's part: `satsning` in `kompetenssatsning`, `redovis` in
            # `slutredovisning`, and the other way round
            found += weight / 2
    return found / total


class FeatureReranker:
    """Orders candidates by coverage + value kind + fused rank (see the module docstring)."""

    def __init__(self, idf: Idf, *, value_weight: float = 0.3, rank_weight: float = 0.4) -> None:
        self.idf = idf
        self.value_weight = value_weight
        self.rank_weight = rank_weight

    def rerank(self, question: str, passages: Sequence[Passage]) -> list[Passage]:
        if not passages:
            return []
        qtype = classify(question)
        weights, alternatives = question_profile(question, qtype, self.idf)
        top = max(p.score for p in passages) or 1.0
        signer = asks_signer(question)
        scored = []
        for i, p in enumerate(passages):
            terms = set(analyse(f"{p.title}\n{p.chapter or ''}\n{p.text}"))
            if signer:  # the name under a signature is who signed
                terms |= signature_stems(p.text.split("\n"))
            cov = coverage(weights, terms, alternatives)
            value = value_match(p.text, qtype.kind) if qtype.wants_value else 0.0
            score = cov + self.value_weight * value + self.rank_weight * p.score / top
            scored.append((score, i, p))
        scored.sort(key=lambda t: (-t[0], t[1]))
        return [replace(p, score=round(s, 4)) for s, _, p in scored]
