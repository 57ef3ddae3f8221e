"""Candidate answers and their named features: every sentence (and table cell) of the retrieved
passages, described by what it shares with the question. The answerer scores them with weights
fitted on the dev split (assistant/answer/weights.json, `python -m eval.fit`); no weight is
written here.

Each feature is a plain number with a name, so a fitted weight can be read and questioned:
coverage of the question's terms (in the sentence, leaning on the one before, in its passage),
anchors present, years asked and stated, the kind of value asked for, money flow, shape.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass
from typing import Any

from assistant.answer.tables import cells, in_kronor, long_form
from assistant.language.abbreviations import definitions, spells_out
from assistant.language.lexicon import DEICTICS, STOPWORDS
from assistant.language.numbers import quantities
from assistant.language.places import named_in
from assistant.language.profile import QuestionProfile, coverage, figures, period, years
from assistant.language.question import Kind, money_flows, signature_stems, value_match
from assistant.language.sentences import is_caption, sentences
from assistant.language.terms import analyse
from assistant.models import Passage

FEATURES = (
    "sent_cov", "lean_cov", "ctx_cov", "anchored", "rank", "year_hit", "year_miss", "period",
    "single_year", "value", "no_value", "person_value", "flow_hit", "flow_miss", "caption",
    "given_only", "repeated", "short", "long", "unfinished", "many_numbers", "cell",
    "sent_gap", "lean_gap", "ctx_gap", "value_gap", "e5_sim", "e5_gap", "e5_missing",
    "spells_out",
)
# No feature is the same for every candidate of a question (its language, whether it asks for
# a value): the choice model weighs candidates against each other, and such a feature would
# shift them all alike. The question's kind enters through what the candidates match of it.
# Per question, how far a candidate falls behind the best candidate on a feature: a sentence
# is judged against the others it competes with, not only on its own.
_GAPS = {"sent_gap": "sent_cov", "lean_gap": "lean_cov", "ctx_gap": "ctx_cov",
         "value_gap": "value", "e5_gap": "e5_sim"}
# What the confidence of an answer rests on: the best candidate's features (among them how far
# it falls behind the others), its probability and its lead over the next one that says
# something else, and whether its money flow is the one asked for (see
# assistant.answer.weights.Weights.confidence; kept few: dev is small).
CONFIDENCE_FEATURES = ("probability", "margin", "e5_sim", "e5_missing", "anchored", "no_value",
                       "cell", "sent_gap", "lean_gap", "ctx_gap", "value_gap", "e5_gap",
                       "flow_hit", "flow_miss", "spells_out")
Vectors = Callable[[Sequence[str]], Mapping[str, Any]]
_ROW_END = re.compile(r"\s\d{1,3}(?: \d{3})+$")  # a flattened row: label, then its figure
_KRONOR = frozenset(analyse("kronor"))


@dataclass(frozen=True)
class Candidate:
    """One sentence or table cell that could answer, with where it stands and its features."""

    text: str  # what the answer says
    passage: int  # index into the passages
    features: dict[str, float]
    quote: str = ""  # what the citation shows, when not the text (a cell's header and row)
    dated: bool = True  # False: the question names a year that neither it nor its passage states
    placed: bool = True  # False: the question names a place (county, country) it does not
    more: str = ""  # the sentence after it, when that goes on about what it introduces

    @property
    def said(self) -> str:
        """What the answer quotes: the sentence, and the one that goes on with it."""
        return f"{self.text} {self.more}" if self.more else self.text

    @property
    def allowed(self) -> bool:
        """May this candidate answer? Not when it lacks the year or the place asked about."""
        return self.dated and self.placed


def candidates(profile: QuestionProfile, passages: Sequence[Passage],
               document_terms: Callable[[str], Set[str]] | None = None,
               vectors: Vectors | None = None) -> list[Candidate]:
    """Every sentence and year-table cell of `passages`, with its features. `vectors` gives
    the e5 passage embeddings of sentences (made at ingest): their similarity to the
    question's embedding is a feature, the one that carries an English question to Swedish."""
    repeated = Counter(v for p in passages for v in figures(p.text))
    out: list[Candidate] = []
    for i, passage in enumerate(passages):
        context = set(analyse(f"{passage.title} {passage.publisher or ''} "
                              f"{passage.chapter or ''} {passage.section or ''} {passage.text}"))
        if profile.signer:
            context |= signature_stems(passage.text.split("\n"))
        doc_terms = document_terms(passage.document) if document_terms else frozenset()
        base = {
            "ctx_cov": coverage(profile.weights, context, profile.alternatives),
            "anchored": anchor_fit(profile.anchors, context, doc_terms),
            "rank": 1.0 / (1.0 + i),
        }
        passage_years = years(f"{passage.chapter or ''} {passage.section or ''} {passage.text}")
        passage_places = named_in(f"{passage.title} {passage.chapter or ''} "
                                  f"{passage.section or ''} {passage.text}", profile.places)
        # the period the whole document is about, from its title (`Lägesrapport 2018:
        # överenskommelserna 2016–2018`): a sentence stating no year of its own is about it
        covered = period(passage.title or "")
        money_table = in_kronor(passage.text)
        previous = f"{passage.chapter or ''} {passage.section or ''}"
        headers = " ".join(dict.fromkeys(c.header for c in cells(passage.text)))
        said = sentences(passage.text)
        for n, sentence in enumerate(said):
            if _in_header(sentence, headers):
                continue  # `Statsbidrag 2009, Förbrukat 2010`: column labels, no fact
            # what a description asks for often follows the sentence that names the thing:
            # `... ett verktyg, Psykiatrikompassen.` `Verktyget visar ...`
            more = (said[n + 1] if not profile.wants_value and n + 1 < len(said)
                    and goes_on(sentence, said[n + 1]) else "")
            row = money_table and ("|" in sentence or bool(_ROW_END.search(sentence)))
            terms = set(analyse(sentence)) | (_KRONOR if row else set())
            if profile.signer:
                terms |= signature_stems(sentence.split(", "))
            lean = terms | set(analyse(previous))
            previous = f"{previous} {sentence}"[-400:]
            features = {**base, **_sentence_features(profile, sentence, terms, lean, row,
                                                     repeated)}
            stated = years(sentence)
            dated = (not profile.years or bool(profile.years & (stated | passage_years))
                     or (not stated and profile.years <= covered))
            placed = not profile.places or profile.places <= (
                named_in(sentence, profile.places) | passage_places)
            out.append(Candidate(sentence, i, features, dated=dated, placed=placed, more=more))
        out += _cells(profile, passage, i, base, money_table)
    _similarities(profile, out, vectors)
    for gap, feature in _GAPS.items():
        best = max((c.features[feature] for c in out), default=0.0)
        for c in out:
            c.features[gap] = best - c.features[feature]
    return out


def _similarities(profile: QuestionProfile, found: list[Candidate],
                  vectors: Vectors | None) -> None:
    """e5 cosine of question and sentence (vectors are L2-normalised); 0 and `e5_missing`
    when the sentence has no stored vector (a table cell, an index made without them). Only
    sentences are looked up: a cell's text is made here, and the weights were fitted with none."""
    sentences_only = [c.text for c in found if not c.features.get("cell")]
    got = vectors(sentences_only) if vectors and profile.vector is not None else {}
    for c in found:
        vector = got.get(c.text)
        c.features["e5_sim"] = float(vector @ profile.vector) if vector is not None else 0.0
        c.features["e5_missing"] = float(vector is None)


def _sentence_features(profile: QuestionProfile, sentence: str, terms: set[str],
                       lean: set[str], row: bool, repeated: Counter[float]) -> dict[str, float]:
    stated_years = years(sentence)
    value = 0.0 if is_caption(sentence) else _value(sentence, profile.kind, row)
    given = figures(sentence)
    said = money_flows(sentence) if profile.flows else frozenset()
    return {
        "sent_cov": coverage(profile.weights, terms, profile.alternatives),
        "lean_cov": coverage(profile.weights, lean, profile.alternatives),
        **_year_features(profile.years, stated_years),
        **_value_features(profile, value),
        "flow_hit": float(bool(said & profile.flows)),
        "flow_miss": float(bool(said) and not said & profile.flows),
        "caption": float(is_caption(sentence)),
        "given_only": float(bool(value and profile.figures and given
                                 and not given - profile.figures)),
        "repeated": float(min(2, max((repeated[v] - 1 for v in given), default=0)))
        if profile.kind in (Kind.AMOUNT, Kind.COUNT, Kind.SHARE) else 0.0,
        "short": float(len(sentence) < 40),
        "long": float(len(sentence) > 400),
        "unfinished": float(not sentence.rstrip().endswith((".", "!", "?", ":", ")"))),
        "many_numbers": float(len(quantities(sentence)) > 8),
        "cell": 0.0,
        # it spells out the abbreviation the question asks about (`Samordnad individuell
        # plan (SIP)` for `Vad står SIP för?`)
        "spells_out": float(spells_out(sentence, profile.spelled)),
    }


def goes_on(sentence: str, following: str) -> bool:
    """Does `following` go on about what `sentence` says: it opens with a word that points back
    (`Den innebär ...`, `Det finns ...`) or with a term of `sentence` (`Verktyget visar ...`
    after `... ett verktyg, Psykiatrikompassen.`; `Kognus har ...` after `projektet Kognus`)?"""
    first = following.split(maxsplit=1)[0].strip("”\"'(").rstrip(",:;") if following else ""
    if not first or is_caption(following):
        return False
    if first.lower() in DEICTICS:
        return True
    return bool((set(analyse(first)) - STOPWORDS) & set(analyse(sentence)))


def _in_header(sentence: str, headers: str) -> bool:
    """Is `sentence` only a table's column labels (its lines joined), stating no figure?"""
    return bool(headers) and not figures(sentence) and all(
        part.strip() in headers for part in sentence.split(", "))


def _year_features(asked: frozenset[int], stated: set[int]) -> dict[str, float]:
    return {
        "year_hit": float(bool(asked & stated)),
        "year_miss": float(bool(asked) and bool(stated) and not asked & stated),
        "period": float(not asked and len(stated) > 1),
        "single_year": float(not asked and len(stated) == 1),
    }


def _value_features(profile: QuestionProfile, value: float) -> dict[str, float]:
    if not profile.wants_value:
        return {"value": 0.0, "no_value": 0.0, "person_value": 0.0}
    person = profile.kind is Kind.PERSON
    return {"value": 0.0 if person else value, "no_value": float(value == 0),
            "person_value": value if person else 0.0}


def _cells(profile: QuestionProfile, passage: Passage, i: int, base: dict[str, float],
           money_table: bool) -> list[Candidate]:
    """`MI, 2012: 39`: the cell under a year the question asks for, of a row it names."""
    # a question over a span (`2008–2011`) asks for more than one year's cell
    asked = profile.single_years
    if not asked or profile.kind not in (Kind.COUNT, Kind.AMOUNT):
        return []
    out = []
    found = cells(passage.text)
    # a label the table's legend spells out (`SE = Supported employment`) is named by either
    legend = definitions(passage.text) if found else {}
    # a table without the asked year's column offers its other years' cells, barred from
    # answering: the nearest the reports give (`Skåne, Deltagare 2012` for Skåne 2014)
    dated = any(cell.year in asked for cell in found)
    for cell in found:
        row, name = _spelled_out(cell.row, legend), _spelled_out(cell.name, legend)
        if (dated and cell.year not in asked) or cell.year is None \
                or not _names(row, profile.asked):
            continue
        if cell.name and not _names(name, profile.asked):
            continue
        terms = (set(analyse(f"{cell.caption} {cell.text} {row} {name}"))
                 | (_KRONOR if money_table else set()))
        value = _value(cell.value, profile.kind, money_table)
        cov = coverage(profile.weights, terms, profile.alternatives)
        # its table is a cell's context: a name the question gives (`MI`) must be in the
        # table's caption, header or row, not elsewhere in the passage
        table = set(analyse(f"{passage.title} {cell.caption} {cell.header} {cell.line} {row} "
                            f"{name}"))
        features = {**base, "anchored": anchor_fit(profile.anchors, table),
                    "sent_cov": cov, "lean_cov": cov,
                    **_year_features(profile.years, {cell.year}),
                    **_value_features(profile, value), "flow_hit": 0.0, "flow_miss": 0.0,
                    "caption": 0.0, "given_only": 0.0, "repeated": 0.0, "short": 0.0,
                    "long": 0.0, "unfinished": 0.0, "many_numbers": 0.0, "cell": 1.0,
                    "spells_out": 0.0}
        # a cell answers for the place its row names (`Skåne`), not its table's other rows
        placed = profile.places <= named_in(f"{cell.line} {cell.caption}", profile.places)
        out.append(Candidate(cell.spelled_out(legend), i, features, cell.quote, dated=dated,
                             placed=placed))
    return out


def anchor_fit(must: Sequence[str], context: set[str], document: Set[str] = frozenset()) -> float:
    """1.0 when the passage holds every anchor; each missing one of n costs 1/n, squared. A
    year is half there when the passage states no year at all (its heading may); a name half
    there when its document uses it elsewhere."""
    if not must:
        return 1.0
    undated = not any(_is_year_token(t) for t in context)

    def fit(term: str) -> float:
        if coverage({term: 1.0}, context) > 0:
            return 1.0
        if _is_year_token(term):
            return 0.5 if undated else 0.0
        return 0.5 if not term.startswith("#") and term in document else 0.0

    return (sum(map(fit, must)) / len(must)) ** 2


def _is_year_token(term: str) -> bool:
    return term.startswith("#") and term[1:].isdigit() and 1900 <= int(term[1:]) <= 2100


def _value(text: str, kind: Kind, in_kronor_table: bool) -> float:
    """`value_match`, where a bare figure in a table whose header says kronor is an amount."""
    value = value_match(text, kind)
    return 1.0 if value == 0.5 and kind is Kind.AMOUNT and in_kronor_table else value


def _spelled_out(label: str, legend: dict[str, str]) -> str:
    """`SE` -> `SE Supported employment` when the table's legend says so; else `label`."""
    return f"{label} {long_form(label, legend)}".rstrip()


def _names(label: str, asked: frozenset[str]) -> bool:
    """Does the question name this row or column label (a term of it, or its compound)?"""
    terms = [t for t in analyse(label) if not t.startswith("#")]
    return any(coverage({t: 1.0}, asked) > 0 for t in terms)
