"""English question words -> the Swedish words the reports use, for the lexical leg and the
extractive answerer (the dense leg is multilingual already).

Two sources, neither tuned to particular questions: a small glossary of public administration,
health care and finance terms (below), then the domain lexicon `en_sv.tsv`, the corpus's own
vocabulary (scripts/corpus_vocabulary.py --min 1: every Swedish lemma it uses) translated
word by word into the English an official would type. A question is read phrase first: an
English phrase the lexicon gives for a Swedish word (`competence initiative` ->
kompetenssatsning, `took part` -> delta) is one unit, matched on lemmas; the other words are
looked up as written, then as their lemma (simplemma: `counties` -> county, `spent` ->
spend)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, overload

import simplemma

from assistant.language.lexicon import STOPWORDS

LEXICON = Path(__file__).with_name("en_sv.tsv")
MAX_SWEDISH = 5  # Swedish words kept per English word: the glossary's, then the lexicon's

_PAIRS = """
money pengar medel; funds medel; funding medel bidrag finansiering; grant bidrag statsbidrag;
grants bidrag statsbidrag; subsidy statsbidrag; budget budget; cost kostnad kosta kostar;
costs kostnader; spend använda förbruka; spent använt förbrukat förbrukade; paid betalade betalas;
pay betala; repaid återbetalats tillbaka; returned tillbaka återbetalats;
allocated fördelade avsatte;
distributed fördelade fördelades; distribute fördela; set avsatte avsätta; aside avsatte;
estimate beräknar bedömer; estimated beräknade; amount belopp; total totalt sammanlagt;
million miljoner; billion miljarder; thousand tusen; crowns kronor; sek kronor; year år; years år;
annual årlig; annually årligen; per per; share andel; proportion andel; percentage procent;
percent procent; rate andel frekvens; response svarsfrekvens svar; survey enkät enkätundersökning;
municipality kommun; municipalities kommuner kommunerna; municipal kommunala kommunernas;
county län landsting; councils landsting; regions regioner; region region; government regeringen;
riksdag riksdagen; parliament riksdagen; agency myndighet; agencies myndigheter; ministry
departementet; minister minister; state staten statlig; national nationell nationella;
regional regional regionala; local lokal lokala; agreement överenskommelse; agreements
överenskommelserna överenskommelser; initiative satsning satsningen; investment satsning
satsningen; programme program; program program; project projekt; projects projekt; proposal
förslag; report rapport; reports rapporter; status läges lägesrapport; final slutrapport
slutredovisning; decision beslut; decisions beslut; assignment uppdrag; task uppdrag;
mental psykisk; health hälsa; illness ohälsa sjukdom; psychiatry psykiatri psykiatrin;
psychiatric psykiatrisk psykiatriska; care vård; healthcare sjukvård; services tjänster;
social social socialtjänst; child barn; children barn; adolescent ungdomar unga; young unga;
youth ungdom ungdomsmottagningar; adults vuxna; adult vuxen vuxenpsykiatri; staff personal;
personnel personal; employees anställda; employed anställda; training utbildning utbildningar;
trained utbildade; education utbildning; course kurs; courses kurser; days dagar kursdagar;
participants deltagare deltog; participated deltog; people personer; persons personer;
competence kompetens kompetenssatsning; skills kompetens; places platser utbildningsplatser;
positions tjänster; posts tjänster; equivalents årsarbetskrafter helårstjänster; time tid;
full heltid; support stöd stödstruktur; structure struktur; infrastructure infrastruktur;
development utveckling; knowledge kunskap; rehabilitation rehabilitering; sick sjuk;
leave sjukskrivningar; diagnoses diagnoser; diagnosis diagnos; quality kvalitet; registers
register kvalitetsregister; registration registrering; target mål; targets mål; goal mål;
goals mål; performance prestation prestationsmål; coordinated samordnade; coordination samordning;
individual individuella; plans planer; plan plan; assessment bedömning; investigation utredning;
treatment behandling; access tillgänglighet; waiting väntetider; suicide suicid; prevention
prevention förebyggande; led ledde projektledare; leader ledare; manager chef; head chef;
signed undertecknade; author författare; wrote skrev; written skrivit; published publicerades;
submitted lämnas; submit lämna; deadline senast; date datum; when när; beginning början;
end slutet; first första; second andra; last sista; maximum högst; most mest; highest högst;
least minst; average genomsnitt; number antal; many många; how hur; research forskning;
researchers forskare; evaluation utvärdering; follow uppföljning; results resultat; costs
kostnader; society samhället; helpline hjälplinje hjälplinjen; schools skola skolan;
school skola; aids hjälpmedel; supervision tillsyn; inspection tillsyn; information information;
informing informera; encouraging uppmuntra stimulera; participate delta; take delta; week vecka;
month månad; monthly månad; salary lön; wage lön; fee arvode; hourly timme; beds vårdplatser;
inpatient slutenvård; hospital sjukhus; strategy strategi; strategies strategier;
sweden sverige; swedish svensk svenska; norway norge; norwegian norsk norska; denmark danmark;
danish dansk; finland finland; finnish finsk; canada kanada; country land; countries länder
"""


# English names of Swedish bodies -> the names the reports use. Word by word they would
# translate into the wrong words (`National Board of Health` -> nationell, hälsa).
_NAMES = {
    "national board of health and welfare": "Socialstyrelsen",
    "social insurance agency": "Försäkringskassan",
    "association of local authorities and regions": "SKL",
    "public health agency": "Folkhälsomyndigheten",
    "government offices": "Regeringskansliet",
    "agency for health and care services analysis": "Vårdanalys",
    "ministry of health and social affairs": "Socialdepartementet",
    "research council": "Vetenskapsrådet",
    "national agency for education": "Skolverket",
    "public employment service": "Arbetsförmedlingen",
    "national audit office": "Riksrevisionen",
    "agency for public management": "Statskontoret",
}
_NAME = re.compile(r"\b(?:the )?(?:swedish )?(" + "|".join(map(re.escape, _NAMES)) + r")(?:'s)?\b",
                   re.IGNORECASE)


def with_swedish_names(text: str) -> str:
    """`the National Board of Health and Welfare's survey` -> `Socialstyrelsen survey`."""
    return _NAME.sub(lambda m: _NAMES[m.group(1).lower()], text)


def _load(lexicon: Path = LEXICON) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for entry in _PAIRS.split(";"):
        words = entry.split()
        if len(words) >= 2:
            out[words[0].lower()] = out.get(words[0].lower(), ()) + tuple(words[1:])
    single, phrased = _lexicon(lexicon)
    for english, swedish in single:
        known = out.get(english, ())
        if swedish not in known and len(known) < MAX_SWEDISH:
            out[english] = (*known, swedish)
    unknown = {english for english, _ in phrased} - set(out)
    for english, swedish in phrased:  # `landsting` -> `county council`: county, council
        if english in unknown and swedish not in out.get(english, ()) \
                and len(out.get(english, ())) < MAX_SWEDISH:
            out[english] = (*out.get(english, ()), swedish)
    return out


@lru_cache(maxsize=4)
def _entries(path: Path) -> tuple[tuple[str, list[str]], ...]:
    """The lexicon's lines, most frequent Swedish word first: (Swedish word, its English
    equivalents in the line's order, lower case). Read once for the words and the phrases;
    empty without the file."""
    if not path.is_file():
        return ()
    out = []
    for line in path.read_text("utf-8").splitlines():
        if not line.startswith("#"):
            swedish, _, english = line.partition("\t")
            out.append((swedish.strip(), [p.strip().lower() for p in english.split(",")]))
    return tuple(out)


def _lexicon(path: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(English word, Swedish word) pairs of the domain lexicon, one-word equivalents apart from
    the words of phrases (those serve only an English word no one-word equivalent gives); a
    line's first equivalent before its second, frequent Swedish words first."""
    ranked: list[tuple[bool, int, int, str, str]] = []
    for line_no, (swedish, english) in enumerate(_entries(path)):
        for sense, phrase in enumerate(english):
            words = [w for w in _words(phrase) if w not in STOPWORDS]
            for word in words:
                ranked.append((len(words) > 1, sense, line_no, word, swedish))
    ranked.sort()
    return ([(e, s) for phrase, *_, e, s in ranked if not phrase],
            [(e, s) for phrase, *_, e, s in ranked if phrase])


# A word, Swedish letters included (`Hjälpmedelsinstitutet` is one word, not `hj` + `lpmedel…`);
# a possessive `'s` is no word of its own (`children's ombudsman`, `SKL's report`).
_WORD = re.compile(r"[a-zåäöéü]+")
_POSSESSIVE = re.compile(r"['’]s\b")


def _words(text: str) -> list[str]:
    """The lower-case words of `text`, a possessive `'s` left out."""
    return _WORD.findall(_POSSESSIVE.sub("", text.lower()))


GLOSSARY = _load()


def _phrases(path: Path = LEXICON) -> dict[tuple[str, ...], tuple[str, ...]]:
    """The lexicon's English phrases of two or more content words, as their lemmas, -> the
    Swedish words they translate (`competence initiative` -> kompetenssatsning, `took part` ->
    delta): a Swedish compound is an English phrase, which word by word would be two half
    matches (kompetens, satsning) or noise (ta, del). Phrases of one content word (`at least`,
    `up to`) are left to the words."""
    out: dict[tuple[str, ...], tuple[str, ...]] = {}
    for swedish, english in _entries(path):
        for phrase in english:
            words = _words(phrase)
            if sum(w not in STOPWORDS for w in words) < 2:
                continue
            key = tuple(_lemma(w) for w in words)
            known = out.get(key, ())
            if swedish not in known and len(known) < MAX_SWEDISH:
                out[key] = (*known, swedish)
    return out


@lru_cache(maxsize=16384)
def _lemma(word: str) -> str:
    return simplemma.lemmatize(word, lang="en")


PHRASES = _phrases()
_LONGEST = max(map(len, PHRASES), default=0)  # words in the lexicon's longest phrase


_SWEDISH_SIDE = frozenset(w.lower() for words in GLOSSARY.values() for w in words)


def is_english_word(word: str) -> bool:
    """Does the glossary know lower-case `word` as English and not also as Swedish (`funding`,
    `treatment`; not `budget`, `region`, which both languages write)?"""
    return bool(_swedish(word)) and word not in _SWEDISH_SIDE


@lru_cache(maxsize=4096)
def _swedish(word: str) -> tuple[str, ...]:
    """The Swedish words for one lower-case English word: as written, then without a plural s,
    then as its lemma (at most MAX_SWEDISH, or the glossary's own if it gives more)."""
    found = [*GLOSSARY.get(word, ())]
    for form in (word.rstrip("s"), _lemma(word)):
        found += GLOSSARY.get(form, ())
    return tuple(dict.fromkeys(found))[:max(MAX_SWEDISH, len(GLOSSARY.get(word, ())))]


def units(text: str) -> list[tuple[str, tuple[str, ...]]]:
    """The English units of `text` the glossary knows, in order, each with its Swedish words:
    a lexicon phrase (longest first, matched on lemmas: `took part` as `take part`) as one
    unit, else a word."""
    words = _words(text)
    lemmas = [_lemma(w) for w in words] if PHRASES else []
    found: list[tuple[str, tuple[str, ...]]] = []
    i = 0
    while i < len(words):
        for n in range(min(_LONGEST, len(words) - i), 1, -1):
            swedish = PHRASES.get(tuple(lemmas[i:i + n]), ())
            if swedish:
                found.append((" ".join(words[i:i + n]), swedish))
                i += n
                break
        else:
            if swedish := _swedish(words[i]):
                found.append((words[i], swedish))
            i += 1
    return found


@overload
def translations(text: str) -> list[tuple[str, ...]]: ...
@overload
def translations(text: str, with_words: Literal[True]) -> list[tuple[str, tuple[str, ...]]]: ...


def translations(text: str, with_words: bool = False) -> list[Any]:
    """For each English word or phrase of `text` the glossary knows (once each), its Swedish
    words (with the English first when `with_words`)."""
    found = dict(units(text))
    return list(found.items()) if with_words else list(found.values())


def swedish_words(text: str) -> list[str]:
    """Swedish words for the English words and phrases of `text` that the glossary knows, in
    order."""
    return list(dict.fromkeys(w for _, swedish in units(text) for w in swedish))


def bilingual(text: str) -> str:
    """`text` followed by Swedish words for its English ones (unchanged if there are none)."""
    text = with_swedish_names(text)
    extra = swedish_words(text)
    return f"{text} {' '.join(extra)}" if extra else text
