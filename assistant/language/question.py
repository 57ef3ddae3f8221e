"""What a question asks for (an amount, a count, a share, a time, a person, a thing) and in
which language, and whether a sentence holds a value of that kind. Rules, no model calls."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from assistant.language.numbers import Quantity, quantities
from assistant.language.terms import fold


class Kind(StrEnum):
    AMOUNT = "amount"  # hur mycket (pengar), vilket belopp, how much
    COUNT = "count"  # hur många, antal, how many
    SHARE = "share"  # hur stor andel, hur många procent, what share
    TIME = "time"  # när, vilket datum, hur länge, when (a date says more than a year)
    YEAR = "year"  # vilket år, what year (a year is the answer)
    PERSON = "person"  # vem, vilka, who
    WHICH = "which"  # vilken/vilket/vilka + noun, which/what + noun
    OTHER = "other"  # vad, varför, hur (a description)


# Checked in order: the first kind whose cue occurs wins (`hur stor andel` before `hur stor`).
_CUES: list[tuple[Kind, str]] = [
    (Kind.SHARE, r"hur stor(?:a)? (?:andel|del)|hur många procent|vilken andel|hur stor procent"
                 r"|andel(?:en)?|procent|svarsfrekvens|what (?:share|proportion|percentage"
                 r"|fraction|part)|how many percent|percentage|proportion|\brate\b"),
    (Kind.COUNT, r"hur många|hur stort antal|antal(?:et)?\b|how many|number of"),
    (Kind.AMOUNT, r"hur mycket|vilket belopp|vilka belopp|hur stor(?:t|a)? (?:belopp|budget|summa)"
                  r"|vad kostade|vad kostar|budgeter\w*|kostnad(?:en|er|erna)?"
                  r"|hur stora (?:medel|kostnader)"
                  r"|how much|what amount|what (?:was|is|were) the (?:cost|budget|amount)"
                  r"|what did .* cost|\bcosts?\b|\bkosta(?:r|de)?\b|hur stor|hur stora|how large"
                  r"|how big"
                  # `vilket statsbidrag`, `which grant`: a which-question about money
                  r"|(?:vilket|vilka|vilken) (?:\w+ )?(?:statsbidrag|bidrag|medel|anslag|belopp"
                  r"|budget|summa|ersättning)|(?:which|what) (?:\w+ )?(?:grant|funding|funds"
                  r"|budget|sum|allocation)"
                  r"|\w*lön\w*\b|\barvode|\bsalary|\bwages?\b|\bfees?\b|\bpaid\b"),
    (Kind.YEAR, r"vilket år|vilka år|what year|which year|which years"),
    (Kind.TIME, r"\bnär\b|vilken period|under vilken tid|vilket datum"
                r"|hur länge|sedan när|till när|\bwhen\b|what date"
                r"|which date|how long|by what date|what period"),
    (Kind.PERSON, r"\bvem\b|\bvilka personer\b|\bwho\b|\bwhom\b"
                  r"|(?:vilken|vilka|which) (?:minister|ministern|person|personer|chef|direktör"
                  r"|generaldirektör|utredare|projektledare|handläggare|författare)\b"),
    (Kind.WHICH, r"\bvilken\b|\bvilket\b|\bvilka\b|\bwhich\b|\bwhat\b"),
]
# Matched without diacritics on both sides: `hur manga` is `hur många` typed without å.
_COMPILED = [(kind, re.compile(fold(pattern))) for kind, pattern in _CUES]

_ENGLISH = frozenset("the what how which who when where is are was were did does do of to "
                     "and in many much for by with share year".split())
_SWEDISH = frozenset("vad hur vilken vilket vilka vem när var är och i av för till med "
                     "som det den de på om har hade blev mycket många".split())

MONTHS = (r"januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november"
          r"|december|january|february|march|june|july|october")
_DATE = re.compile(rf"\b\d{{1,2}} (?:{MONTHS})\b|\b(?:{MONTHS}) (?:19|20)\d\d\b"
                   r"|\b(?:våren|hösten|sommaren|vintern) (?:19|20)\d\d\b", re.IGNORECASE)
# Numbers written as words (`sju`, `tolv`, `ett tiotal`, `hundratals`): a closed class of the
# language. `en`/`ett` are left out (they are the article far more often than a count).
_NUMBER_WORDS = re.compile(
    r"\b(?:två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tretton|fjorton|femton|sexton"
    r"|sjutton|arton|nitton|tjugo|trettio|fyrtio|femtio|sextio|sjuttio|åttio|nittio|hundra"
    r"|tusen)(?:tal(?:et|s)?)?\b", re.IGNORECASE)
# A section number before a heading (`4.24 KOMPETENS INOM …`, `1.2 Statens överenskommelse`):
# Swedish writes decimals with a comma, so a dotted number before a capital is a label.
_SECTION_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})+$")
_SHARE_WORDS = re.compile(r"\b(?:hälften|en tredjedel|en fjärdedel|två tredjedelar|majoriteten"
                          r"|merparten|flertalet|en minoritet|var (?:tredje|fjärde|femte))\b",
                          re.IGNORECASE)
# A person's name inside a sentence: two or more capitalised words not at its start
# (`Dick Lindberg`); one capitalised word is more often an agency (`Regeringskansliet`).
_NAME = re.compile(r"(?<=[a-zåäö,] )[A-ZÅÄÖ][a-zåäöé]+(?: [A-ZÅÄÖ][a-zåäöé]+)+")
_CAPITALISED = re.compile(r"(?<=[a-zåäö,] )[A-ZÅÄÖ][a-zåäöé]+")
# Capitalised words that name an organisation, not a person: `Sveriges Kommuner`, `Det Norska
# Helsedirektoratet` (Swedish agencies take the definite form: -en, -et; bodies the plural).
_ORGANISATION = re.compile(r"(?:en|et|erna|arna|orna|ing|ion|ioner|er|or)\b(?!.)"
                           r"|^(?:Sveriges|Det|Den|Statens|Nationella?|Svenska)\b")
_ROLE = re.compile(r"\b(?:utredare|utredaren|projektledare|enhetschef|generaldirektör|ordförande"
                   r"|minister|statsråd|handläggare|myndighetschef|samordnare|författare)\w*\b",
                   re.IGNORECASE)


@dataclass(frozen=True)
class QuestionType:
    kind: Kind
    english: bool

    @property
    def wants_value(self) -> bool:
        """Does this kind of question need a number, date or name in the answer?"""
        return self.kind in (Kind.AMOUNT, Kind.COUNT, Kind.SHARE, Kind.TIME, Kind.YEAR,
                             Kind.PERSON)


# The words that only say what kind of value is asked for (`hur stor andel`, `how many`): the
# value's kind is matched by `value_match`; as words to find in a passage they mislead
# (`stor`, `del`).
_FRAME = re.compile(fold(r"\bhur (?:stor[at]?|många|mycket|länge)"
                         r"(?: (?:andel|del|procent|antal))?\b"
                         r"|\bvilken andel\b|\bhow (?:much|many|large|big|long)\b"
                         r"|\bwhat (?:share|proportion|percentage|fraction|part)\b"
                         r"|\b(?:vilken|vilka|which) (?:minister|person|personer)\b"),
                    re.IGNORECASE)


# What happens to money in a report: allocated, spent, reported, paid back, estimated. A
# question about money spent is not answered by the sum allocated (`406 av de 428,5 miljoner`).
_FLOWS: dict[str, re.Pattern[str]] = {
    name: re.compile(fold(pattern), re.IGNORECASE) for name, pattern in {
        "allocated": r"\b(?:fördela\w*|avsat\w*|avsätt\w*|tilldela\w*|beviljat?\w*|anvisa\w*"
                     r"|fick|erhöll|allocated|distributed|set aside|received|granted)\b",
        "spent": r"\b(?:använ[dt]\w*|förbruka\w*|utnyttja\w*|spent|spend|used)\b",
        "reported": r"\b(?:redovisa\w*|reported|accounted)\b",
        "repaid": r"\b(?:återbetala\w*|betala\w* tillbaka|återför\w*|repaid|paid back"
                  r"|returned)\b",
        "estimated": r"\b(?:beräkna\w*|prognosticera\w*|budgetera\w*|uppskatta\w*|estimated?"
                     r"|budgeted)\b",
    }.items()
}


def money_flows(text: str) -> frozenset[str]:
    """Which of allocated, spent, reported, repaid, estimated `text` speaks of."""
    folded = fold(text)
    return frozenset(name for name, pattern in _FLOWS.items() if pattern.search(folded))


# A line that is only a person's name, as under a signature (`Göran Hägglund`).
PERSON_LINE = re.compile(r"[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?(?: [A-ZÅÄÖ][a-zåäöé]+){1,2}")
_SIGNS = re.compile(r"\b(?:underteckna\w*|signe(?:d|ra\w*)|signatory)\b", re.IGNORECASE)
_SIGNED = frozenset({"underteckn"})  # the stem of `undertecknade`, which signatures never say


def asks_signer(question: str) -> bool:
    """`Vem undertecknade ...?`: the answer is the name under a signature, which does not say
    `undertecknad`."""
    return bool(_SIGNS.search(question))


def signature_stems(lines: list[str]) -> frozenset[str]:
    """The stem `undertecknade` when these lines (of a passage, or the parts of a joined
    sentence) hold a person's name alone, as under a signature; else nothing."""
    signed = any(PERSON_LINE.fullmatch(line.strip()) and not _ORGANISATION.search(line.strip())
                 for line in lines)
    return _SIGNED if signed else frozenset()


# `Vad står SIP för?`, `vad star siss for`, `BBIC vad står det för`, `What does NSK stand for?`,
# `metis förkortning`: the short form whose long form is asked for (matched without diacritics).
_SPELLED_OUT = [re.compile(fold(pattern), re.IGNORECASE) for pattern in (
    r"\bstår (?:förkortningen |begreppet )?(?!det )(?P<short>[\w-]{2,10}) för\b",
    r"\b(?P<short>[\w-]{2,10})(?: vad)? står det för\b",
    r"\b(?:does|do|is) (?:the )?(?:abbreviation |acronym )?(?P<short>[\w-]{2,10}) stand for\b",
    r"\b(?P<short>[\w-]{2,10}) stands for\b",
    r"\b(?:förkortningen|abbreviation|acronym) (?P<short>[\w-]{2,10})\b",
    r"\b(?P<short>[\w-]{2,10}) (?:förkortning|abbreviation|acronym)\b",
)]


def _asks_long_form(folded: str) -> list[re.Match[str]]:
    """Where `folded` (lower case, without diacritics) asks what a short form stands for, in
    order and without overlaps (`står förkortningen SIP för` once, not also `förkortningen SIP`)."""
    found = sorted((m for pattern in _SPELLED_OUT for m in pattern.finditer(folded)),
                   key=lambda m: (m.start(), -m.end()))
    kept: list[re.Match[str]] = []
    for match in found:
        if not kept or match.start() >= kept[-1].end():
            kept.append(match)
    return kept


def spelled_out(question: str) -> frozenset[str]:
    """The short forms (lower case) whose long form `question` asks for: `sip` for `Vad står
    SIP för?`; nothing for a question that does not ask what an abbreviation stands for."""
    return frozenset(m["short"] for m in _asks_long_form(fold(" ".join(question.lower().split()))))


_YEAR_GENITIVE = re.compile(r"\b((?:19|20)\d\d) års\b")


def topic(question: str) -> str:
    """`question` without the words that only frame what kind of value it asks for, nor the
    `års` of `2016 års pengar` (the year says it)."""
    # matched without diacritics; folding keeps every character's place, so the spans fit
    spans = [m.span() for m in _FRAME.finditer(fold(question))]
    for start, end in reversed(spans):
        question = f"{question[:start]} {question[end:]}"
    # `Vad står SIP för?` asks about `SIP`; `står … för` only says that its long form is wanted
    for found in reversed(_asks_long_form(fold(question.lower()))):
        start, end = found.span()
        short = question[found.start("short"):found.end("short")]
        question = f"{question[:start]} {short} {question[end:]}"
    return _YEAR_GENITIVE.sub(r"\1", question)


def function_words(question: str) -> tuple[int, int]:
    """How many English and how many Swedish function words `question` has."""
    words = re.findall(r"[a-zåäö]+", question.lower())
    return sum(w in _ENGLISH for w in words), sum(w in _SWEDISH for w in words)


def is_english(question: str) -> bool:
    """English or Swedish, by function words (ties and unknowns count as Swedish; a keyword
    query without any is weighed by its words in assistant.language.profile)."""
    # Names of Swedish agencies (Försäkringskassan) do not make an English question Swedish.
    english, swedish = function_words(question)
    return english > swedish


def classify(question: str) -> QuestionType:
    """What `question` asks for: the first matching cue in `_CUES`, else OTHER."""
    text = fold(" ".join(question.lower().split()))
    kind = next((k for k, pattern in _COMPILED if pattern.search(text)), Kind.OTHER)
    return QuestionType(kind, is_english(question))


@lru_cache(maxsize=8192)
def _values_not_in_dates(sentence: str) -> tuple[Quantity, ...]:
    """The numbers of `sentence` outside dates: the day in `senast den 1 mars` is no amount."""
    text = _DATE.sub(" ", sentence)
    return tuple(q for q in quantities(text)
                 if not (_SECTION_NUMBER.match(q.text)
                         and re.match(r"\s+[A-ZÅÄÖ]", text[q.end:q.end + 3])))


def value_match(sentence: str, kind: Kind) -> float:
    """How well `sentence` holds the kind of value asked for: 1 strong, 0.5 weak, 0 none."""
    if kind in (Kind.OTHER, Kind.WHICH):
        return 0.0
    if kind is Kind.PERSON:
        found: tuple[Quantity, ...] = ()
    elif kind in (Kind.TIME, Kind.YEAR):
        found = quantities(sentence)
    else:
        found = _values_not_in_dates(sentence)
    if kind is Kind.AMOUNT:
        if any(q.is_money for q in found):
            return 1.0
        return 0.5 if any(not q.is_year and not q.is_percent for q in found) else 0.0
    if kind is Kind.COUNT:
        if any(not q.is_year and not q.is_percent and not q.is_money for q in found):
            return 1.0
        return 1.0 if _NUMBER_WORDS.search(sentence) else 0.0
    if kind is Kind.SHARE:
        if any(q.is_percent for q in found):
            return 1.0
        return 0.5 if _SHARE_WORDS.search(sentence) else 0.0
    if kind in (Kind.TIME, Kind.YEAR):
        if _DATE.search(sentence):
            return 1.0
        if any(q.is_year for q in found):
            return 1.0 if kind is Kind.YEAR else 0.5  # a date says more than a year
        return 0.0
    # PERSON: a full name; else a role, or at least a capitalised word
    if any(not _ORGANISATION.search(m.group()) for m in _NAME.finditer(sentence)):
        return 1.0
    if _ROLE.search(sentence):
        return 0.5
    return 0.3 if _CAPITALISED.search(sentence) else 0.0
