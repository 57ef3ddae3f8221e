"""The default answerer: quotes the sentences that best answer the question. Offline, exact.

Per question it costs no model call: sentences are scored by the question's word stems they
share (weighted by how rare each stem is in the corpus), by how well their passage as a whole
matches, by the passage's retrieval rank, and by whether they hold the kind of value the
question asks for (an amount, a count, a share, a time, a name; see assistant.language.question).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass

from assistant.answer import NO_SUPPORT
from assistant.answer.sentences import is_caption, sentences
from assistant.answer.tables import cells
from assistant.index.lexical import analyse
from assistant.language.glossary import swedish_words, with_swedish_names
from assistant.language.numbers import quantities
from assistant.language.question import (
    Kind,
    QuestionType,
    asks_past,
    asks_signer,
    classify,
    money_flows,
    signature_stems,
    value_match,
)
from assistant.models import Answer, Citation, Passage
from assistant.retrieval.rerank import UNKNOWN_WEIGHT, Idf, coverage, question_profile

NO_SUPPORT_EN = "I find no support for that in the documents."
LEAD_IN_EN = "The documents say (quoted in Swedish): "

# A table header or caption that gives the unit of its cells: `Kostnad (kr)`, `i tkr`.
_MONEY_TABLE = re.compile(r"\((?:kr|tkr|kronor|mnkr)\)|\bi (?:kr|tkr|kronor|mnkr)\b"
                          r"|anges i (?:kr|tkr|kronor)|\bKronor \(andel", re.IGNORECASE)
# A table row as the export flattens it: a label, then its figure (`maj - dec 20 000 000`).
_ROW_END = re.compile(r"\s\d{1,3}(?: \d{3})+$")
_KRONOR = set(analyse("kronor"))


@dataclass(frozen=True)
class Scored:
    score: float
    support: float  # how much of the question the sentence and its passage cover, 0..1
    value: float  # does it hold the kind of value asked for, 0..1
    sentence: str
    passage: int
    quote: str = ""  # what the citation shows, when not the sentence (a table cell's lines)


class ExtractiveGenerator:
    """Picks one to three sentences from the passages; abstains when support is weak."""

    name = "extractive"

    def __init__(
        self,
        idf: Idf | None = None,
        *,
        document_terms: Callable[[str], Set[str]] | None = None,
        min_support: float = 0.25,
        max_sentences: int = 3,
    ) -> None:
        self.idf = idf
        self.document_terms = document_terms
        self.min_support = min_support
        self.max_sentences = max_sentences

    def answer(self, question: str, passages: list[Passage]) -> Answer:
        qtype = classify(question)
        ranked = self.rank(question, passages, qtype)
        if not ranked or not self._supported(ranked[0], qtype):
            text = NO_SUPPORT_EN if qtype.english else NO_SUPPORT
            return Answer(question=question, text=text, related=passages[:3],
                          generator=self.name)
        return self._compose(question, passages, self._pick(ranked), qtype)

    def rank(self, question: str, passages: Sequence[Passage], qtype: QuestionType) -> list[Scored]:
        """Every sentence of `passages`, best answer first."""
        weights, alts = question_profile(question, qtype, self._idf_for(passages))
        must = anchors(question, weights, unknown=self.idf is not None)
        q_years = _years(question)
        given = _figures(question)  # `Hur mycket av de 50 miljonerna ...`
        repeated = _repeated_values(passages)
        signer = asks_signer(question)
        past = asks_past(question)
        asked = set(weights) | {a for alt in alts.values() for a in alt}
        flows = money_flows(question) if qtype.kind in (Kind.AMOUNT, Kind.SHARE) else set()
        scored: list[Scored] = []
        for i, passage in enumerate(passages):
            context = set(analyse(f"{passage.title} {passage.publisher or ''} "
                                  f"{passage.chapter or ''} {passage.section or ''} "
                                  f"{passage.text}"))
            if signer:
                context |= signature_stems(passage.text.split("\n"))
            ctx_cov = coverage(weights, context, alts)
            # A name or number the question insists on should be in the passage (or its
            # document's title and publisher), or it answers another question (Gotland 2019 is
            # not Gotland 2008). One missing anchor of several costs less than all of them: a
            # passage may say `psykologisk behandling` where the question says `KBT`.
            anchored = _anchor_fit(must, context, self._document(passage.document))
            if past and passage.year and q_years and min(q_years) > passage.year:
                anchored = 0.0  # what happened in 2019 is not in a report from 2018
            money_table = bool(_MONEY_TABLE.search(passage.text))
            prior = 1.0 / (1.0 + 0.3 * i)
            # the first sentences lean on their headings as later ones on the sentence before
            previous = f"{passage.chapter or ''} {passage.section or ''}"
            for sentence in sentences(passage.text):
                row = money_table and ("|" in sentence or bool(_ROW_END.search(sentence)))
                # a row of a table whose header says its cells are kronor says kronor too
                terms = set(analyse(sentence)) | (_KRONOR if row else set())
                if signer:  # a name under a signature signed
                    terms |= signature_stems(sentence.split(", "))
                # A sentence may lean on the one before (`Insatsen tilldelas 540 miljoner`).
                sent_cov = max(coverage(weights, terms, alts),
                               0.8 * coverage(weights, terms | set(analyse(previous)), alts))
                previous = f"{previous} {sentence}"[-400:]
                # a caption's numbers are the table's and its sources' (`21 landsting`)
                value = 0.0 if is_caption(sentence) else _value(sentence, qtype.kind, row)
                if value and given and not _figures(sentence) - given:
                    value *= 0.3  # it only repeats the figure the question gives (`av de 50`)
                support = (0.6 * sent_cov + 0.4 * ctx_cov) * anchored
                score = support + 0.15 * prior + _shape(sentence) - 0.3 * (1.0 - anchored)
                if qtype.kind not in (Kind.TIME, Kind.YEAR):
                    score += _year_fit(q_years, _years(sentence))
                if flows:
                    said = money_flows(sentence)
                    score += 0.15 if said & flows else -0.1 if said else 0.0
                if qtype.wants_value:
                    score += _value_fit(value, qtype.kind)
                    score += 0.05 * min(2, _shared_values(sentence, repeated, qtype.kind))
                scored.append(Scored(score, support, value, sentence, i))
            if q_years and qtype.kind in (Kind.COUNT, Kind.AMOUNT):
                # `MI, 2012: 39`: the cell under the year asked for, of a row the question
                # names; of a named column (`Deltagare 2012`), one the question names too
                for cell in cells(passage.text):
                    if cell.year not in q_years or not _names(cell.row, asked):
                        continue
                    if cell.name and not _names(cell.name, asked):
                        continue
                    terms = set(analyse(f"{cell.caption} {cell.text}"))
                    terms |= _KRONOR if money_table else set()
                    value = _value(cell.value, qtype.kind, money_table)
                    support = (0.6 * coverage(weights, terms, alts) + 0.4 * ctx_cov) * anchored
                    score = (support + 0.15 * prior - 0.3 * (1.0 - anchored)
                             + _year_fit(q_years, {cell.year}) + _value_fit(value, qtype.kind))
                    scored.append(Scored(score, support, value, cell.text, i, cell.quote))
        scored.sort(key=lambda s: (-s.score, s.passage))
        return scored

    def _supported(self, best: Scored, qtype: QuestionType) -> bool:
        # English questions are weighed by their Swedish translations (assistant.language.glossary)
        # and English names by the Swedish ones, so they need the same overlap as Swedish ones.
        floor = self.min_support
        if qtype.wants_value and best.value < 1:  # no value, or only a weak one, of that kind
            return best.support >= floor + (0.3 if best.value == 0 else 0.15)
        return best.support >= floor

    def _pick(self, ranked: list[Scored]) -> list[Scored]:
        best = ranked[0]
        picked = [best]
        stated = _figures(best.sentence)
        for s in ranked[1:]:
            if len(picked) >= self.max_sentences:
                break
            figures = _figures(s.sentence)
            if figures and figures <= stated:
                continue  # says again what the answer says (`406 av de 428,5` twice)
            if s.score >= best.score - 0.15 and s.value >= best.value and all(
                not _same(s.sentence, p.sentence) for p in picked
            ):
                picked.append(s)
                stated |= figures
        return picked

    def _compose(self, question: str, passages: list[Passage], picked: list[Scored],
                 qtype: QuestionType) -> Answer:
        numbers: dict[int, int] = {}
        quotes: dict[int, list[str]] = {}
        parts: list[str] = []
        for s in picked:
            n = numbers.setdefault(s.passage, len(numbers) + 1)
            quotes.setdefault(s.passage, []).append(s.quote or s.sentence)
            parts.append(f"{_end(s.sentence)} [{n}]")
        citations = [Citation(n=n, passage=passages[i], quote=" ".join(quotes[i]))
                     for i, n in numbers.items()]
        text = " ".join(parts)
        return Answer(question=question, text=(LEAD_IN_EN + text) if qtype.english else text,
                      citations=citations, grounded=True, generator=self.name)

    def _document(self, document: str) -> Set[str]:
        return self.document_terms(document) if self.document_terms else frozenset()

    def _idf_for(self, passages: Sequence[Passage]) -> Idf:
        """Global idf when the corpus index is known, else idf within `passages`."""
        if self.idf is not None:
            return self.idf
        docs = [set(analyse(f"{p.title} {p.text}")) for p in passages]

        def local_idf(term: str) -> float | None:
            df = sum(term in d for d in docs)
            return math.log(1 + (len(docs) + 1) / (df + 0.5)) if df else None

        return local_idf


def anchors(question: str, weights: dict[str, float], unknown: bool = True) -> list[str]:
    """Terms an answer's passage must contain (a compound part will do): the question's numbers
    and years, its proper names (capitalised words after the first), and words the corpus never
    uses (`månadslön`): without them the passage answers another question."""
    question = with_swedish_names(question)
    names = " ".join(w for w in question.split()[1:] if w[:1].isupper())
    names += " " + " ".join(swedish_words(names))  # `Norway` -> `Norge`
    wanted = [t for t in weights
              if t.startswith("#") or (unknown and weights[t] == UNKNOWN_WEIGHT)]
    return [t for t in dict.fromkeys(wanted + analyse(names)) if t in weights]


def _anchor_fit(must: Sequence[str], context: set[str],
                document: Set[str] = frozenset()) -> float:
    """1.0 when the passage holds every anchor; each missing one of n costs 1/n, squared so
    that missing half the anchors leaves a quarter of the support."""
    if not must:
        return 1.0
    # A year the passage does not state is no conflict when it states no year at all (a
    # section under a heading that gave the year): it costs half an anchor, not a whole one.
    # Nor is a name its document uses elsewhere (`SKL` in the PRIO report's every chapter).
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


def _years(text: str) -> set[int]:
    return {int(q.value) for q in quantities(text) if q.is_year}


def _value(text: str, kind: Kind, in_kronor_table: bool) -> float:
    """`value_match`, where a bare figure in a table whose header says kronor is an amount."""
    value = value_match(text, kind)
    return 1.0 if value == 0.5 and kind is Kind.AMOUNT and in_kronor_table else value


def _value_fit(value: float, kind: Kind) -> float:
    """What holding (or lacking) the kind of value asked for adds to a sentence's score."""
    weight = 0.5 if kind is Kind.PERSON else 0.3  # `Vem ...?` is no role without a name
    return weight * value - (0.45 if value == 0 else 0.0)


def _year_fit(asked: set[int], stated: set[int]) -> float:
    """A sentence about the years asked for, or about the whole period when none is asked for."""
    if asked:
        if stated & asked:
            return 0.15
        return -0.1 if stated else 0.0
    # No year asked: a figure for one single year is likely a part, one for a period the whole.
    return -0.1 if len(stated) == 1 else 0.1 if len(stated) > 1 else 0.0


def _shape(sentence: str) -> float:
    """Prefer whole, readable sentences over table debris and run-ons."""
    penalty = 0.0
    if len(sentence) < 40:
        penalty -= 0.15
    if len(sentence) > 400:
        penalty -= 0.1
    if not sentence.rstrip().endswith((".", "!", "?", ":", ")")):
        penalty -= 0.05
    if len(quantities(sentence)) > 8:
        penalty -= 0.25  # a flattened table row: many figures, no telling which one is meant
    return penalty


def _repeated_values(passages: Sequence[Passage]) -> Counter[float]:
    """How many passages state each value: a figure several passages repeat is a headline."""
    seen: Counter[float] = Counter()
    for p in passages:
        seen.update(_figures(p.text))
    return seen


def _shared_values(sentence: str, repeated: Counter[float], kind: Kind) -> int:
    if kind not in (Kind.AMOUNT, Kind.COUNT, Kind.SHARE):
        return 0
    return max((repeated[v] - 1 for v in _figures(sentence)), default=0)


def _figures(sentence: str) -> set[float]:
    """The values (not years) a sentence states."""
    return {round(q.value, 6) for q in quantities(sentence) if not q.is_year}


def _names(label: str, asked: set[str]) -> bool:
    """Does the question name this row or column label (a stem of it, or its compound)?"""
    terms = [t for t in analyse(label) if not t.startswith("#")]
    return any(coverage({t: 1.0}, asked) > 0 for t in terms)


def _same(a: str, b: str) -> bool:
    return a == b or a in b or b in a


def _end(sentence: str) -> str:
    return sentence + "." if sentence[-1:].isalnum() else sentence
