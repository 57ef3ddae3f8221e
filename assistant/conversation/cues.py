"""The words that mark a follow-up, as data: one place to read and change them.

Patterns run on lower-cased, diacritic-folded text (`å`, `ä` -> `a`, `ö` -> `o`), so `skane`
finds `Skåne`; folding maps one character to one, so a match's span is the original's span.
"""

from __future__ import annotations

import re

_FOLD = str.maketrans("åäöéüÅÄÖÉÜ", "aaoeuAAOEU")


def fold(text: str) -> str:
    """Lower-cased, without Swedish diacritics; the same length as `text`."""
    return text.translate(_FOLD).lower()


# A question that opens with one of these continues the one before (`Och 2010?`, `But why?`).
OPENERS = frozenset({"och", "and", "men", "but", "plus", "samt", "also"})

# Pronouns and deictics that point back (`vem skrev den?`): assistant.language.lexicon.DEICTICS.

# Where `det`, `de`, `den`, `there` point at nothing: `fanns det`, `den 31 oktober`,
# `there were`, `that + verb` as a relative clause is left in (it is rare in questions).
EXPLETIVE = re.compile(
    r"\b(?:fanns|finns|var|ar|blev|gick|hande|handlar|galler|kravs|behovs|racker|tog) det\b"
    r"(?= \w)"
    r"|\bden \d|\bthere (?:is|are|was|were|have|has)\b|\bis it\b|\bwas it\b"
    r"|\b(?:de|den|det) (?:\w+ )?(?:som|vilka)\b")

# A part of what the answer before stated (`hur mycket av det förbrukades?`, `how much of it
# was spent?`): the answer's figure goes into the standalone question.
PARTITIVE = re.compile(r"\b(?:av|of) (?:det|dem|den|dessa|detta|de pengarna|it|that|them|this"
                       r"|those|the money)\b")
# A question with at most this many content words of its own, and a deictic, leans on the
# turn before (`vem undertecknade det regeringsbeslutet?`). Chosen on conv-dev.
THIN = 3
# How many of the earlier question's rarest topic words a follow-up carries over: after a thin
# one (`när lades den ner?`), and after one with words of its own (`och hur mycket fick SKL
# sen för resurscentrumen i 2017 års överenskommelse?`). Chosen on conv-dev.
CARRY_THIN = 4
CARRY_RICH = 1

# `året innan`, `the year after`: a year relative to the one asked about before.
RELATIVE_YEARS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"\b(?:aret|aaret) (?:innan|fore|dessforinnan)|\bforegaende ar\b|\bfjolaret\b"
                r"|\b(?:the )?(?:year|one) before\b|\bprevious year\b|\bprior year\b"), -1),
    (re.compile(r"\baret (?:efter|darpa|darefter)|\b(?:foljande|nasta) ar\b"
                r"|\b(?:the )?year after\b|\b(?:the )?(?:following|next) year\b"), +1),
)

# Counties (län), countries and municipalities named as one (`Mora kommun`):
# assistant.language.places.PLACE and NAMED_PLACE (the answerer needs them too).

# Who does something: municipalities, county councils, regions, city districts.
SECTOR = re.compile(r"\b(?:kommun\w*|landsting\w*|regionerna|regioner|stadsdel\w*"
                    r"|municipalit\w*|county councils?|(?:the )?regions)\b"
                    r"(?: (?:och|and) (?:regionerna|regioner|regions|landsting\w*"
                    r"|stadsdel\w*|kommun\w*))?")

# What only frames a question (`hur`, `vad`, `how`, `what`), never carried into another one.
QUESTION_WORDS = frozenset("""
    hur vad vem vilka vilken vilket när var varför how what who whom which when where why
    mycket många stor stora stort much many mkt manga
""".split())

# A reference to the report itself (`det regeringsbeslutet`, `rapporten`, `that report`): the
# follow-up is about the document the previous answer cited, not about its topic.
REPORT_REFERENCE = re.compile(
    r"\b(?:den|det|denna|detta|dess|that|this|its) (?:\w+ )?(?:\w*rapport(?:en)?"
    r"|\w*beslut(?:et)?|dokument(?:et)?|report|decision|document)\b")
# The same without a pointing word (`rapporten`, `the report`): a back-reference only when the
# question names no report itself (`Vem undertecknade regeringsbeslutet om Försäkringskassans
# uppdrag?` names one and stands alone).
REPORT_DEFINITE = re.compile(
    r"\b(?:rapporten|slutrapporten|dokumentet|regeringsbeslutet|beslutet)\b"
    r"|\bthe (?:\w+ )?(?:report|decision|document)\b")

# A title word that says what kind of report it is (`slutrapport`, `Lägesrapport`).
REPORT_WORD = re.compile(r"rapport|report", re.IGNORECASE)

# Joins a follow-up to the context taken from the turn before (shown in *Tolkad som*).
JOIN = " – "
