"""The default answerer: quotes the sentences that best answer the question. Offline, exact."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer import NO_SUPPORT
from assistant.models import Answer, Citation, Passage

_WORD = re.compile(r"[0-9]+(?:[ ,.][0-9]+)*|[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?:])\s+(?=[A-ZÅÄÖ0-9•–-])|\n+")
# An amount or count, not a bare year like 2009 or a range like 2008–2011.
_AMOUNT = re.compile(r"(?<![\d–-])(?!(?:19|20)\d\d(?![\d,]))\d+(?:[ ,]\d+)*(?![\d–-])")
STOPWORDS = frozenset(
    """
    och i att det som en på är av för med till den har de inte om ett var men så vad vilka vilken
    vilket hur mycket många när var vem vilka kan ska skulle finns fanns från under efter eller
    sig man bli blev blir hos alla andra dessa detta denna där här också även mer mest samt
    the a an of to in and or is are was were how much many what which who when where does did do
    for on by with from that this these those be been it its as at
    """.split()
)
QUANTITY_CUES = ("hur mycket", "hur många", "hur stor", "andel", "antal", "belopp", "how much",
                 "how many", "what share", "percentage", "number of")


def terms(text: str) -> list[str]:
    """Content words of `text`, lower-cased, roughly stemmed by prefix."""
    return [_stem(w.lower()) for w in _WORD.findall(text) if w.lower() not in STOPWORDS]


def _stem(word: str) -> str:
    return word if word[0].isdigit() else word[:6]


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if len(s.strip()) > 20]


@dataclass(frozen=True)
class _Scored:
    score: float
    coverage: float
    sentence: str
    passage: int


class ExtractiveGenerator:
    """Picks one to three sentences from the passages; abstains when support is weak."""

    name = "extractive"

    def __init__(self, min_coverage: float = 0.3, max_sentences: int = 2) -> None:
        self.min_coverage = min_coverage
        self.max_sentences = max_sentences

    def answer(self, question: str, passages: list[Passage]) -> Answer:
        wanted = set(terms(question))
        wants_number = any(cue in question.lower() for cue in QUANTITY_CUES)
        scored: list[_Scored] = []
        for i, passage in enumerate(passages):
            context = set(terms(f"{passage.title} {passage.section or ''} {passage.text}"))
            context_cov = len(wanted & context) / len(wanted) if wanted else 0.0
            if context_cov < 0.5:  # the passage as a whole must be about the question
                continue
            for sentence in sentences(passage.text):
                got = set(terms(sentence))
                coverage = len(wanted & got) / len(wanted) if wanted else 0.0
                score = coverage + 0.5 * context_cov + 0.3 * passage.score
                if wants_number and _AMOUNT.search(sentence):
                    score += 0.25
                scored.append(_Scored(score, coverage, sentence, i))
        scored.sort(key=lambda s: -s.score)
        if not scored or scored[0].coverage < self.min_coverage:
            return Answer(question=question, text=NO_SUPPORT, related=passages[:3])
        best = scored[0]
        picked = [best] + [
            s for s in scored[1:]
            if s.coverage >= max(self.min_coverage, best.coverage * 0.8)
            and s.sentence != best.sentence
        ][: self.max_sentences - 1]
        citations: dict[int, Citation] = {}
        parts: list[str] = []
        for s in picked:
            if s.passage not in citations:
                citations[s.passage] = Citation(
                    n=len(citations) + 1, passage=passages[s.passage], quote=s.sentence
                )
            parts.append(f"{s.sentence} [{citations[s.passage].n}]")
        return Answer(
            question=question,
            text=" ".join(parts),
            citations=list(citations.values()),
            grounded=True,
            generator=self.name,
        )
