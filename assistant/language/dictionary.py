"""Swedish word evidence for cleanup: the hunspell-sv word list plus words seen in a document.

Used to decide whether `kompetens-` + `utveckling` at a line end is one word split by the
typesetter (join it) or a real hyphenated form (keep the hyphen).
"""

from __future__ import annotations

import re
import sys
import sysconfig
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

# Inflection endings tried when a word form is not itself in the stem list (longest first).
_SUFFIXES = sorted(
    {"arna", "erna", "orna", "andet", "andes", "ande", "ende", "ades", "ade", "ats", "at",
     "ens", "ets", "ers", "ars", "ors", "en", "et", "er", "ar", "or", "na", "ns", "s", "a",
     "e", "t", "n", "r", "ts", "des", "de", "te", "d", "heten", "heter", "ernas", "arnas"},
    key=len, reverse=True,
)
_WORD = re.compile(r"[a-zåäöéü]+", re.I)


def dictionary_paths() -> list[Path]:
    """Where hunspell-sv may be: the Python environment (PyPI package), then Debian's."""
    bases = {sysconfig.get_path("data"), sys.prefix, sys.base_prefix, "/usr", "/usr/local"}
    return [Path(b) / "share" / "hunspell" / "sv_SE.dic" for b in sorted(bases) if b]


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Lower-cased stems of the Swedish hunspell dictionary (empty if none is installed)."""
    for path in dictionary_paths():
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            return frozenset(
                line.split("/", 1)[0].strip().lower() for line in text.splitlines()[1:] if line
            )
    return frozenset()


def vocabulary(text: str) -> frozenset[str]:
    """Lower-cased word forms of `text` that are not cut by a line-end hyphen."""
    text = re.sub(r"\w+-[ \t]*\n[ \t]*\w+", " ", text)
    words = {w.lower() for w in re.findall(r"[\wåäöÅÄÖ]+(?:-[\wåäöÅÄÖ]+)*", text)}
    return frozenset(words)


class Lexicon:
    """Is this a Swedish word? Dictionary stems, inflections, two-part compounds, seen forms."""

    def __init__(self, seen: Iterable[str] = (), words: frozenset[str] | None = None) -> None:
        self.words = dictionary_words() if words is None else words
        self.seen = frozenset(seen)

    def has_seen(self, word: str) -> bool:
        return word.lower() in self.seen

    def known(self, word: str) -> bool:
        """True when `word` is a seen form, a dictionary word, an inflection or a compound."""
        w = word.lower()
        if not _WORD.fullmatch(w):
            return False
        return w in self.seen or self._inflected(w) or self._compound(w)

    def _inflected(self, w: str) -> bool:
        if w in self.words:
            return True
        return any(
            w.endswith(s) and len(w) - len(s) >= 3 and w[: -len(s)] in self.words
            for s in _SUFFIXES
        )

    def _compound(self, w: str) -> bool:
        # Swedish compounds: a known first part (optionally with the linking -s) + a known word.
        for i in range(3, len(w) - 2):
            head, tail = w[:i], w[i:]
            if (head in self.words or (head.endswith("s") and head[:-1] in self.words)) and (
                self._inflected(tail)
            ):
                return True
        return False
