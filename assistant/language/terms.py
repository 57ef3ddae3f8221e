"""Words -> the terms every matcher compares: lemma (simplemma), stem (Snowball), no diacritics.

One analysis for the lexical index, the re-ranker and the answerer alike, so that `anslog` finds
`anslå`, `förbrukades` finds `förbrukat`, `kommunerna` finds `kommun`, and `forbrukades` (typed
without å/ä/ö) finds the same term as `förbrukades`. Numbers become value tokens (`#428500000`),
so `428,5 miljoner kronor` and `428.5 MSEK` are one term. Typos are mended against the words of
the indexed corpus (`mend`), never into a word the Swedish dictionary already knows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from assistant.language.lexicon import STOPWORDS
from assistant.language.numbers import parse_quantities

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SOFT = re.compile("[\u00ad]")
_NEUTER = re.compile(r"(?<=\w\w)et$")  # `antalet`, `året`: Snowball keeps the definite -et
_FOLD = str.maketrans("åäöéèüáàÅÄÖÉÈÜÁÀ", "aaoeeuaaAAOEEUAA")


def fold(text: str) -> str:
    """`Försäkringskassan` -> `Forsakringskassan`: for matching only, never for display."""
    return text.translate(_FOLD)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer  # PyStemmer: Snowball stemmers in C

    return Stemmer.Stemmer("swedish")


@lru_cache(maxsize=200_000)
def term(word: str) -> str:
    """The term of one lower-cased word: lemma (compounds by their last part), then stem, then
    folded. `anslog` -> `ansla`, `stimulansmedlen` -> `stimulansmedel`, `året` -> `ar`."""
    import simplemma

    lemma = simplemma.lemmatize(word, lang="sv", greedy=True).lower()
    return fold(_NEUTER.sub("", _stemmer().stemWord(lemma)))


def words(text: str) -> list[str]:
    """Lower-cased words of `text` without stop words (no digits)."""
    text = _SOFT.sub("", text).lower()
    return [w for w in _WORD.findall(text) if len(w) > 1 and w not in STOPWORDS]


def stems(text: str) -> list[str]:
    """The terms of the content words of `text`, in order."""
    return [term(w) for w in words(text)]


def number_tokens(text: str) -> list[str]:
    """`428,5 miljoner kronor` -> `#428.5`, `#428500000`: the same value written any way matches."""
    out: list[str] = []
    for q in parse_quantities(text):
        out.append(_token(q.number))
        if q.value != q.number:
            out.append(_token(q.value))
    return out


def _token(value: float) -> str:
    """`#428.5`, `#428500000`: one spelling per value, never exponent notation."""
    if value == int(value):
        return f"#{int(value)}"
    return "#" + f"{value:.6f}".rstrip("0").rstrip(".")


def analyse(text: str) -> list[str]:
    """The tokens every matcher sees: word terms, then normalised numbers."""
    return list(_analyse(text))


@lru_cache(maxsize=16384)
def _analyse(text: str) -> tuple[str, ...]:
    # Cached: the same passages and sentences come back question after question.
    return tuple(stems(text) + number_tokens(text))


def mend(words_: Iterable[str], vocabulary: frozenset[str], known: Any = None) -> dict[str, str]:
    """Typos mended against the corpus: word -> the corpus word it most likely meant.

    Only words whose term the corpus lacks, that the Swedish dictionary does not know (`known`,
    so `månadslön` stays itself: a real word the reports never use), and of five letters or
    more; one edit for words up to eight letters, two above, and only a unique best match.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    terms = _terms_of(vocabulary)
    out: dict[str, str] = {}
    for word in words_:
        if len(word) < 5 or term(word) in terms or (known is not None and known(word)):
            continue
        limit = 1 if len(word) <= 8 else 2
        # choices as {corpus word: folded}: matched on the folded form, the word comes back
        found = process.extract(fold(word), _folded(vocabulary), scorer=Levenshtein.distance,
                                score_cutoff=limit, limit=2)
        if found and (len(found) == 1 or found[0][1] < found[1][1]):
            out[word] = found[0][2]
    return out


@lru_cache(maxsize=4)
def _terms_of(vocabulary: frozenset[str]) -> frozenset[str]:
    """The terms of the corpus's words, once per vocabulary (an index)."""
    return frozenset(term(w) for w in vocabulary)


@lru_cache(maxsize=4)
def _folded(vocabulary: frozenset[str]) -> dict[str, str]:
    return {w: fold(w) for w in vocabulary if len(w) >= 4}
