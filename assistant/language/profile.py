"""The question, analysed once: a frozen QuestionProfile built by the service and handed to the
re-ranker and the answerer, so nothing downstream parses the question again.

It holds what the question asks for (the kind of value, money flow, years, figures it gives), its
weighted terms (idf from the index: rare words weigh more; a word the corpus never uses weighs
like a rare one, since it is what makes a question unanswerable), the other terms that count as
the same (synonyms; for English words, their Swedish translations), and its anchors: names,
numbers and unknown words that a passage must hold to answer this question and not another.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from assistant.language.glossary import (
    is_english_word,
    swedish_words,
    translations,
    with_swedish_names,
)
from assistant.language.lexicon import SYNONYM_GROUPS
from assistant.language.numbers import quantities
from assistant.language.places import asked_places
from assistant.language.question import (
    Kind,
    asks_signer,
    classify,
    function_words,
    money_flows,
    spelled_out,
    topic,
)
from assistant.language.terms import analyse, mend, words

Idf = Callable[[str], float | None]
Alternatives = Mapping[str, frozenset[str]]
UNKNOWN_WEIGHT = 7.0  # about the idf of a term seen once in a thousand chunks


def _synonyms() -> dict[str, frozenset[str]]:
    """Term -> the other terms of its group in `SYNONYM_GROUPS`."""
    groups = [frozenset(t for w in group for t in analyse(w)) for group in SYNONYM_GROUPS]
    return {t: group - {t} for group in groups for t in group}


SYNONYMS: dict[str, frozenset[str]] = _synonyms()


@dataclass(frozen=True)
class QuestionProfile:
    """Everything the re-ranker and the answerer need to know about one question."""

    text: str  # as asked (typos mended, for matching only)
    english: bool
    kind: Kind
    weights: Mapping[str, float] = field(default_factory=dict)  # term -> idf
    alternatives: Alternatives = field(default_factory=dict)  # term -> terms that count too
    anchors: tuple[str, ...] = ()  # terms a passage must hold (names, numbers, unknown words)
    years: frozenset[int] = frozenset()
    single_years: frozenset[int] = frozenset()  # not a span's ends: what a table cell answers
    places: frozenset[str] = frozenset()  # counties and countries named (language.places)
    figures: frozenset[float] = frozenset()  # values the question itself gives
    flows: frozenset[str] = frozenset()  # money allocated, spent, ... (amount/share questions)
    signer: bool = False  # `Vem undertecknade ...?`
    spelled: frozenset[str] = frozenset()  # short forms it asks to spell out (`Vad står SIP för?`)
    asked: frozenset[str] = frozenset()  # every term and alternative
    vector: Any = None  # the question's e5 query embedding (numpy), when the service made one

    @property
    def wants_value(self) -> bool:
        """Does this kind of question need a number, date or name in the answer?"""
        return self.kind in (Kind.AMOUNT, Kind.COUNT, Kind.SHARE, Kind.TIME, Kind.YEAR,
                             Kind.PERSON)


def build_profile(question: str, idf: Idf, vocabulary: frozenset[str] = frozenset(),
                  known: Callable[[str], bool] | None = None, *,
                  unknown_anchors: bool = True) -> QuestionProfile:
    """Analyse `question` once. `idf` weighs terms by the index; `vocabulary` (the corpus's
    words) and `known` (the Swedish dictionary) mend typos in Swedish questions. Without a
    corpus-wide idf (`unknown_anchors=False`), words the passages lack are no anchors."""
    qtype = classify(question)
    english = qtype.english or _mostly_english(question, idf)
    text = question
    if vocabulary and not english:
        for wrong, right in mend(words(question), vocabulary, known).items():
            text = text.replace(wrong, right)
    if english:
        weights, alternatives = _english_terms(text, idf)
    else:
        weights, alternatives = _swedish_terms(text, idf, known)
    kind = qtype.kind
    return QuestionProfile(
        text=text, english=english, kind=kind, weights=weights, alternatives=alternatives,
        anchors=tuple(anchors(text, weights, unknown=unknown_anchors)),
        years=frozenset(years(text)), single_years=frozenset(single_years(text)),
        places=asked_places(text),
        figures=frozenset(figures(text)),
        flows=money_flows(text) if kind in (Kind.AMOUNT, Kind.SHARE) else frozenset(),
        signer=asks_signer(text), spelled=spelled_out(text),
        asked=frozenset(weights) | {a for alt in alternatives.values() for a in alt},
    )


def english_words(text: str, idf: Idf, known: Callable[[str], bool] | None = None) -> list[str]:
    """The English words in a question taken for Swedish (`… rehab funding 2011`): the corpus
    never uses them, the Swedish dictionary does not know them, and the glossary does."""
    return [w for w in words(text)
            if all(idf(t) is None for t in analyse(w)) and not (known and known(w))
            and swedish_words(w)]


def _mostly_english(question: str, idf: Idf) -> bool:
    """A keyword query (no Swedish function word) with more English words (the glossary's, not
    also Swedish) than Swedish ones (the corpus's, not the glossary's) is English. Names
    (capitalised) and words both languages write (`plan`, `budget`) count for neither side."""
    if function_words(question)[1]:
        return False
    lower = words(" ".join(w for w in question.split() if not w[:1].isupper()))
    foreign = [w for w in lower if is_english_word(w)]
    corpus = [w for w in lower  # Swedish words the glossary does not know as English
              if not swedish_words(w) and any(idf(t) is not None for t in analyse(w))]
    return len(foreign) > len(corpus)


def _swedish_terms(text: str, idf: Idf, known: Callable[[str], bool] | None
                   ) -> tuple[dict[str, float], dict[str, frozenset[str]]]:
    """A Swedish question's terms; an English word in it (`… rehab deadline 2011`) stands for
    its Swedish translations, as in an English question, and is no unknown word to anchor."""
    foreign = english_words(text, idf, known)
    if not foreign:
        return term_weights(list(dict.fromkeys(analyse(topic(text)))), idf), dict(SYNONYMS)
    swedish = re.sub(r"\b(?:" + "|".join(map(re.escape, foreign)) + r")\b", " ", text,
                     flags=re.IGNORECASE)
    weights = term_weights(list(dict.fromkeys(analyse(topic(swedish)))), idf)
    english, alternatives = _english_terms(" ".join(foreign), idf)  # SYNONYMS included
    return {**english, **weights}, alternatives


def _english_terms(question: str, idf: Idf) -> tuple[dict[str, float], dict[str, frozenset[str]]]:
    """An English word becomes one term whose alternatives are the terms of its Swedish
    translations (`funding` -> medel | bidrag), so several translations weigh as one word."""
    alternatives: dict[str, frozenset[str]] = dict(SYNONYMS)
    question = with_swedish_names(topic(question))
    plain = " ".join(w for w in question.split() if not translations(w))
    terms = [t for t in analyse(plain) if idf(t) is not None]
    for english, swedish in translations(question, with_words=True):
        found = [t for t in dict.fromkeys(analyse(" ".join(swedish) + " " + english))
                 if idf(t) is not None]
        if found:
            terms.append(found[0])
            alternatives[found[0]] = frozenset(found[1:]) | SYNONYMS.get(found[0], frozenset())
    return term_weights(list(dict.fromkeys(terms)), idf, english=True), alternatives


def term_weights(terms: Iterable[str], idf: Idf, english: bool = False) -> dict[str, float]:
    """Term -> idf. An unknown Swedish word weighs like a rare one; an unknown compound as its
    known parts; in English questions unknown words are English and are left out."""
    out: dict[str, float] = {}
    for term in terms:
        weight = idf(term)
        if weight is None:  # `kostar`: the corpus says `kostnad`; weigh it as that word
            weight = max((w for w in map(idf, SYNONYMS.get(term, ())) if w is not None),
                         default=None)
        if weight is None and (parts := split_compound(term, idf)):
            for part in parts:  # `utbildningsdeltagare`: `deltagare i utbildning`
                out.setdefault(part, idf(part) or 0.0)
            continue
        if weight is None:
            if english:
                continue
            weight = UNKNOWN_WEIGHT
        out[term] = weight
    return out


def split_compound(term: str, idf: Idf) -> tuple[str, str] | None:
    """An unknown compound as two terms the corpus knows (`utbildnings|deltag`), the first
    without its linking `s`; None when there is no such split (the last part must be long)."""
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


def coverage(weights: Mapping[str, float], got: set[str] | frozenset[str],
             alternatives: Alternatives | None = None) -> float:
    """Share of the question's weight found in `got`; an alternative counts 0.8, a compound's
    part (or a word of the same root) half."""
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
            found += weight / 2
    return found / total


def anchors(question: str, weights: Mapping[str, float], unknown: bool = True) -> list[str]:
    """Terms an answer's passage must contain: the question's numbers and years, its proper
    names (capitalised words after the first) and words the corpus never uses (`månadslön`)."""
    question = with_swedish_names(question)
    names = " ".join(w for w in question.split()[1:] if w[:1].isupper())
    names += " " + " ".join(swedish_words(names))  # `Norway` -> `Norge`
    wanted = [t for t in weights
              if t.startswith("#") or (unknown and weights[t] == UNKNOWN_WEIGHT)]
    return [t for t in dict.fromkeys(wanted + analyse(names)) if t in weights]


def years(text: str) -> set[int]:
    """The years `text` states (`2008–2011` -> {2008, 2011})."""
    return {int(q.value) for q in quantities(text) if q.is_year}


_SPAN = re.compile(r"\b((?:19|20)\d\d)\s*[–—-]\s*((?:19|20)\d\d)\b")


def period(text: str) -> set[int]:
    """Every year `text` names or spans: `Lägesrapport 2018: överenskommelserna 2016–2018`
    -> {2016, 2017, 2018} (spans of up to 20 years)."""
    spanned = {y for m in _SPAN.finditer(text) if 0 < int(m[2]) - int(m[1]) <= 20
               for y in range(int(m[1]), int(m[2]) + 1)}
    return years(text) | spanned


def single_years(text: str) -> set[int]:
    """The years `text` names on their own, not as a span's ends (`2010` of `2010 och 2012`,
    none of `2008–2011`)."""
    return years(text) - {int(y) for m in _SPAN.finditer(text) for y in m.groups()}


def figures(text: str) -> set[float]:
    """The values (not years) `text` states."""
    return {round(q.value, 6) for q in quantities(text) if not q.is_year}
