"""Places the reports compare: Sweden's counties (län) and the Nordic countries. A question that
names one is about that place's figure; another place's figure does not answer it.

Matched on folded text (lower case, no å/ä/ö: `skane`, `V Götaland`, `Stockholms län`).
"""

from __future__ import annotations

import re

from assistant.language.terms import fold

_PLACES = (
    r"stockholm|uppsala|sodermanland|sormland|ostergotland|jonkoping|kronoberg|kalmar"
    r"|gotland|blekinge|skane|halland|(?:vastra|v\.?) ?gotaland|varmland|orebro|vastmanland"
    r"|dalarna|gavleborg|vasternorrland|jamtland(?: harjedalen)?|vasterbotten|norrbotten"
    r"|sverige|sweden|norge|norway|danmark|denmark|finland|island|iceland"
    r"|norska?|danska?|finska?|islandska?"  # `Det Norska Helsedirektoratet` is Norway's
)
PLACE = re.compile(rf"\b(?:region )?(?:{_PLACES})s?(?: lan| kommun| region)?\b")
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
    if name.endswith("s") and _NAME.fullmatch(name[:-1]):
        name = name[:-1]  # `Skånes`, `Sörmlands`
    return _SAME.get(name, name)


def places_in(text: str) -> frozenset[str]:
    """The places `text` names, as keys (see `place_key`)."""
    return frozenset(place_key(m.group()) for m in PLACE.finditer(fold(text).lower()))


def asked_places(question: str) -> frozenset[str]:
    """The places a question is about (the whole country left out)."""
    return places_in(question) - {_COUNTRY}



def place_names(text: str) -> list[str]:
    """The places `text` names, as written there (`Skåne`, `Stockholms län`), once each."""
    folded = fold(text).lower()  # one character for one: the spans are the original's
    return list(dict.fromkeys(text[m.start():m.end()] for m in PLACE.finditer(folded)))
