"""Abbreviations a sentence spells out: `Suicidprevention i Svensk Sjukvård (SISS)`, `Finsam
(finansiell samordning av rehabiliteringsinsatser)`, `NSK – Nationell samverkansgrupp för ...`,
`Nationell prevention av suicid och psykisk ohälsa, NASP`, and a table's legend: `SE = Supported
employment; PPI = Psykopedagogisk intervention`.

The matching is Schwartz & Hearst's (2003, "A simple algorithm for identifying abbreviation
definitions in biomedical text"): every letter and digit of the short form is found, in order,
in the long form, the first one at the start of a word, and the long form is at most
|short| + 5 words (their min(|short| + 5, 2 |short|) is too short for Swedish names, which
carry function words: `Statens beredning för medicinsk och social utvärdering (SBU)`). A short
form after a comma (`…, NASP`) is looser evidence, so there every letter must start a word.
No list of abbreviations: what the text defines is found.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.language.terms import fold

_SHORT = r"[A-ZÅÄÖ][A-Za-zÅÄÖåäö0-9-]{1,9}"
# long (SHORT) | SHORT (long) | SHORT – long | long, SHORT
_LONG_THEN_SHORT = re.compile(rf"\((?P<short>{_SHORT})(?=[\s,;)])")
_SHORT_THEN_LONG = re.compile(rf"\b(?P<short>{_SHORT})\s*(?:\((?P<paren>[^()]{{3,150}})\)"
                              rf"|[–-]\s(?P<dash>[^.;:()]{{3,150}}))")
_COMMA_SHORT = re.compile(r",\s(?P<short>[A-ZÅÄÖ]{2,10})\b(?! ?=)")  # not a legend's `, SE =`
# SHORT = long, up to `;`, `,`, `.` or the legend's next `SHORT =`: `ÅH/BM = Återhämtning/bemötande`
_LEGEND = re.compile(r"(?<![\w/])(?P<short>[A-ZÅÄÖ][A-Za-zÅÄÖåäö0-9/-]{0,9}) ?= ?"
                     r"(?P<long>[^=;,.\n]{3,150}?)(?=\s*(?:[;,.]|$|\s\S+ ?=))")
_WORD = re.compile(r"\S+")


@lru_cache(maxsize=8192)
def definitions(sentence: str) -> dict[str, str]:
    """Short form (lower case) -> long form, for each abbreviation `sentence` spells out."""
    found: dict[str, str] = {}
    for m in _LEGEND.finditer(sentence):
        if _spelled(m["short"], m["long"]):
            found.setdefault(m["short"].lower(), m["long"].strip())
    for m in _LONG_THEN_SHORT.finditer(sentence):
        short = m["short"]
        before = _WORD.findall(sentence[:m.start()])[-(len(short) + 5):]
        long = _backward(short, " ".join(before))
        if long:
            found.setdefault(short.lower(), long)
    for m in _COMMA_SHORT.finditer(sentence):
        short = m["short"]
        long = _initials(short, _WORD.findall(sentence[:m.start()])[-(len(short) + 5):])
        if long:
            found.setdefault(short.lower(), long)
    for m in _SHORT_THEN_LONG.finditer(sentence):
        short, text = m["short"], m["paren"] or m["dash"]
        long = _forward(short, _WORD.findall(text)[:len(short) + 5])
        if long:
            found.setdefault(short.lower(), long)
    return found


def _letters(short: str) -> list[str]:
    return [c.lower() for c in short if c.isalnum()]


def _spelled(short: str, long: str) -> bool:
    """Do the letters of `short` occur in `long` in order, the first one at its start, within
    |short| + 5 words (a legend states what a short form means; this checks it is a name)?"""
    letters, low = _letters(short), long.lower()
    if len(letters) < 2 or not low.startswith(letters[0]) or len(long.split()) > len(letters) + 5:
        return False
    it = iter(low)
    return all(c in it for c in letters)


def _backward(short: str, text: str) -> str | None:
    """The shortest end of `text` whose letters spell `short` in order, the first at the start
    of a word (Schwartz & Hearst); None when there is none."""
    letters = _letters(short)
    if len(letters) < 2 or len(text) <= len(letters):
        return None
    low = text.lower()
    s, i = len(letters) - 1, len(low) - 1
    while s >= 0:
        while i >= 0 and (low[i] != letters[s]
                          or (s == 0 and i > 0 and low[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    long = text[i + 1:].strip(" ,")
    if long.lower().startswith(short.lower()):  # `CEPI:s verksamhetsberättelse (CEPI 2012)`
        return None
    return long if len(long.split()) > 1 or len(long) > len(short) + 2 else None


def _forward(short: str, words: list[str]) -> str | None:
    """`SIP (samordnad individuell plan)`: the shortest start of `words` whose letters spell
    `short` in order, from its first letter; not a text that begins with the short form itself
    (`CEPI (CEPI:s verksamhetsberättelse 2012)` is a reference, no definition)."""
    letters = _letters(short)
    text = " ".join(words)
    low = text.lower()
    if len(letters) < 2 or not low.startswith(letters[0]) or low.startswith(short.lower()):
        return None
    i = 0
    for c in letters:
        i = low.find(c, i)
        if i < 0:
            return None
        i += 1
    end = low.find(" ", i - 1)
    long = text[:end if end >= 0 else len(text)].strip(" ,")
    return long if len(long) > len(short) + 2 else None


def _initials(short: str, words: list[str]) -> str | None:
    """`Nationell prevention av suicid och psykisk ohälsa, NASP`: the shortest run of the last
    `words` whose initials hold every letter of `short` in order, the first one first."""
    letters = _letters(short)
    if len(letters) < 2:
        return None
    for start in range(len(words) - len(letters), -1, -1):
        run = words[start:]
        initials = [w[0].lower() for w in run if w[:1].isalnum()]
        if not initials or initials[0] != letters[0]:
            continue
        it = iter(initials)
        if all(c in it for c in letters):
            return " ".join(run).strip(" ,")
    return None


def spells_out(text: str, asked: frozenset[str]) -> bool:
    """Does `text` spell out one of the `asked` short forms (lower case, without diacritics:
    `QuestionProfile.spelled`)?"""
    return bool(asked) and any(fold(short) in asked for short in definitions(text))
