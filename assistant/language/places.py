"""Places the reports compare: Sweden's counties (län) and the Nordic countries, and a
municipality or city a question names as one (`Mora kommun`, `Göteborgs stad`). A question that
names one is about that place's figure; another place's figure does not answer it.

Matched on folded text (lower case, no å/ä/ö: `skane`, `V Götaland`, `Stockholms län`); a
municipality by its capitalised name before `kommun`, `stad` or `län` in the question, then by
that name in a passage (`Göteborg`, `Göteborgs`).
"""

from __future__ import annotations

import re

from assistant.language.lexicon import STOPWORDS
from assistant.language.terms import fold

_PLACES = (
    r"stockholm|uppsala|sodermanland|sormland|ostergotland|jonkoping|kronoberg|kalmar"
    r"|gotland|blekinge|skane|halland|(?:vastra|v\.?) ?gotaland|varmland|orebro|vastmanland"
    r"|dalarna|gavleborg|vasternorrland|jamtland(?: harjedalen)?|vasterbotten|norrbotten"
    r"|sverige|sweden|norge|norway|danmark|denmark|finland|island|iceland"
    r"|norska?|danska?|finska?|islandska?"  # `Det Norska Helsedirektoratet` is Norway's
)
PLACE = re.compile(rf"\b(?:region )?(?:{_PLACES})s?(?: lan| kommun| region)?\b")
# `Mora kommun`, `Vaxholms kommun`, `Göteborgs stad`: a place the list does not hold, named as
# one (on the original text: the capital marks the name).
NAMED_PLACE = re.compile(r"\b[A-ZÅÄÖ][a-zåäöé]+(?= (?:kommun|län|stad)\b)")
_NAME = re.compile(_PLACES)
# One name per place, whatever the spelling or language.
_SAME = {"sormland": "sodermanland", "norway": "norge", "denmark": "danmark",
         "iceland": "island", "sweden": "sverige", "jamtland harjedalen": "jamtland",
         "norsk": "norge", "norska": "norge", "dansk": "danmark", "danska": "danmark",
         "finsk": "finland", "finska": "finland", "islandsk": "island",
         "islandska": "island"}
# The whole country: national figures seldom say `Sverige`, so asking it requires nothing.
_COUNTRY = "sverige"


def place_key(match: str) -> str:
    """`Stockholms län` -> `stockholm`, `V. Götaland` -> `vgotaland`, `Norway` -> `norge`."""
    name = re.sub(r"^region |(?: lan| kommun| region)$", "", fold(match).lower())
    name = re.sub(r"^(?:vastra|v\.?) ?(?=gotaland)", "v", name)
    if name.endswith("s") and (_NAME.fullmatch(name[:-1]) or not _NAME.fullmatch(name)):
        name = name[:-1]  # `Skånes`, `Sörmlands`, `Göteborgs`
    return _SAME.get(name, name)


def places_in(text: str) -> frozenset[str]:
    """The places `text` names, as keys (see `place_key`)."""
    return _places(fold(text).lower())


def _places(folded: str) -> frozenset[str]:
    return frozenset(place_key(m.group()) for m in PLACE.finditer(folded))


def asked_places(question: str) -> frozenset[str]:
    """The places a question is about (the whole country left out): counties and countries,
    and the municipalities it names as such (their folded name, without a genitive `s`)."""
    named = {place_key(m.group()) for m in NAMED_PLACE.finditer(question)
             if m.group().lower() not in STOPWORDS}  # `Vilken kommun …?` names none
    return (places_in(question) | named) - {_COUNTRY}


def named_in(text: str, asked: frozenset[str]) -> frozenset[str]:
    """Which of the `asked` places `text` names: a county or country by any of its spellings,
    a municipality by its name as a word, in the genitive too (`goteborg` in `Göteborgs`, not
    `mora` in `moraliska`)."""
    if not asked:
        return frozenset()
    folded = fold(text).lower()
    found = _places(folded)
    return frozenset(p for p in asked if p in found or (
        not _NAME.fullmatch(p) and re.search(rf"\b{re.escape(p)}s?\b", folded)))



def place_names(text: str) -> list[str]:
    """The places `text` names, as written there (`Skåne`, `Stockholms län`), once each."""
    folded = fold(text).lower()  # one character for one: the spans are the original's
    return list(dict.fromkeys(text[m.start():m.end()] for m in PLACE.finditer(folded)))
