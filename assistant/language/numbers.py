"""Swedish numbers and amounts: `428,5 miljoner kronor` = `428.5 MSEK` = `428 500 000 kr`.

One module, used by retrieval (query rewriting), the answerers (what kind of value a sentence
holds, whether an LLM's numbers are backed by its sources) and the evaluation suite (facts are
compared by value, never by substring: `12` does not match inside `2012`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# A number as written: `10 000`, `428,5`, `428.5`, `10,000` (English), `3 400 000`, `-2,5`.
# Thousands groups take a plain, no-break or thin space; a four-digit lead never starts a group,
# so `2008 2009` stays two numbers.
_SPACE = "[ \u00a0\u202f\u2009]"
_NUM = (
    r"(?<![\w.,])"
    r"(?P<num>[-−]?(?:\d{1,3}(?:" + _SPACE + r"\d{3})+|\d{1,3}(?:,\d{3})+(?:\.\d+)?"
    r"|\d{1,3}(?:\.\d{3})+(?![,\d])|\d+)(?:[,.]\d+)?)"
    r"(?![\d]|[.,]\d)"
)

# Scale and unit words that may follow a number (longest first inside each alternative).
_SCALES: dict[str, float] = {
    "tusen": 1e3, "thousand": 1e3, "thousands": 1e3,
    "miljon": 1e6, "miljoner": 1e6, "miljonerna": 1e6, "million": 1e6, "millions": 1e6,
    "milj": 1e6, "mn": 1e6, "m": 1e6,
    "miljard": 1e9, "miljarder": 1e9, "miljarderna": 1e9, "billion": 1e9, "billions": 1e9,
    "mdr": 1e9, "md": 1e9, "bn": 1e9,
}
_MONEY: dict[str, float] = {  # unit word -> scale it implies
    "kr": 1, "kronor": 1, "kronorna": 1, "sek": 1, "kr.": 1,
    "tkr": 1e3, "ksek": 1e3,
    "mkr": 1e6, "mnkr": 1e6, "msek": 1e6, "mio": 1e6,
    "mdkr": 1e9, "mdsek": 1e9, "mdrkr": 1e9, "bsek": 1e9,
}

_TAIL = re.compile(
    r"\s*(?P<scale>tusen|thousands?|miljonerna|miljoner|miljon|millions?|miljarderna|miljarder"
    r"|miljard|billions?|milj\.?|mdr|md|mn|bn|m(?=\s*(?:kr|sek)))?"
    r"\s*(?:(?:svenska|norska|danska|isländska)\s+(?=kron))?"  # `185 miljarder norska kronor`
    r"(?P<unit>(?P<percent>%|procentenheter|procentenhet|procent|per cent|percent)|kronorna"
    r"|kronor|mdrkr|mdkr|mdsek|bsek|mnkr|mkr|msek|ksek|tkr|sek|kr\.?|mio)?(?![\wåäö])",
    re.IGNORECASE,
)
_NUMBER = re.compile(_NUM)
# a document's number is no year and no figure: `SOU 2010:95`, `prop. 2008/09:127`, `SFS 2013:522`
_REFERENCE = re.compile(r"(?<![\d,])(?:19|20)\d\d(?:/\d\d)?:[A-Za-z]*\d+")
_LINK = re.compile(
    r"\s*(?:av(?:\s+de)?(?:\s+totalt)?|till|och|eller|[-–—]|of(?:\s+the)?|to|and)\s*$"
)


@dataclass(frozen=True)
class Quantity:
    """One number found in text. `value` is in base units (kronor, percent, or a plain count)."""

    value: float
    number: float  # as written, before any scale word (`428,5` in `428,5 miljoner`)
    unit: str  # "kr", "%" or "" (a count or a bare number)
    text: str
    start: int
    end: int
    is_year: bool = False

    @property
    def is_money(self) -> bool:
        return self.unit == "kr"

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"


def parse_number(raw: str) -> float:
    """`10 000` -> 10000.0, `428,5` -> 428.5, `428.5` -> 428.5, `10,000` -> 10000.0."""
    s = re.sub(_SPACE, "", raw.strip()).replace("−", "-")
    if re.fullmatch(r"-?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?", s):
        s = s.replace(",", "")  # English thousands separators (`10,000`, `1,500`); `0,125` stays
    elif re.fullmatch(r"-?\d{1,3}(?:\.\d{3})+", s):
        s = s.replace(".", "")  # `10.000`
    else:
        s = s.replace(",", ".")
    return float(s)


def parse_quantities(text: str) -> list[Quantity]:
    """Every number in `text`, with scale and unit applied, in order of appearance."""
    found: list[Quantity] = []
    cited = [m.span() for m in _REFERENCE.finditer(text)]
    for m in _NUMBER.finditer(text):
        if any(start <= m.start() < end for start, end in cited):
            continue
        number = parse_number(m.group("num"))
        tail = _TAIL.match(text, m.end())
        scale_word = (tail.group("scale") or "").lower().rstrip(".") if tail else ""
        unit_word = (tail.group("unit") or "").lower() if tail else ""
        end = tail.end() if tail and (scale_word or unit_word) else m.end()
        scale = _SCALES.get(scale_word, 1.0)
        unit = ""
        if unit_word in _MONEY:
            unit, scale = "kr", scale * _MONEY[unit_word]
        elif tail and tail.group("percent"):
            unit = "%"
        # `2012` is a year; `2 000` (written with a thousands space) and `2012 kr` are not.
        is_year = not (scale_word or unit_word) and bool(
            re.fullmatch(r"(?:19|20)\d\d", m.group("num"))
        )
        found.append(Quantity(number * scale, number, unit, text[m.start() : end].strip(),
                              m.start(), end, is_year))
    return _share_scales(text, found)


@lru_cache(maxsize=16384)
def quantities(text: str) -> tuple[Quantity, ...]:
    """`parse_quantities`, cached: the sentences of retrieved passages are parsed again and again
    (by the re-ranker and the answerer, for every question that retrieves them)."""
    return tuple(parse_quantities(text))


def _share_scales(text: str, found: list[Quantity]) -> list[Quantity]:
    """`406 av de 428,5 miljoner kronor`: the first number takes the second one's scale and unit."""
    out = list(found)
    for i in range(len(out) - 2, -1, -1):
        left, right = out[i], out[i + 1]
        bare = left.value == left.number and not left.unit and not left.is_year
        if bare and (right.unit or right.value != right.number) and _LINK.match(
            text[left.end : right.start]
        ):
            scale = right.value / right.number if right.number else 1.0
            out[i] = Quantity(left.number * scale, left.number, right.unit, left.text,
                              left.start, left.end, False)
    return out


def parse_quantity(text: str) -> Quantity | None:
    """The first quantity in `text`, or None."""
    found = parse_quantities(text)
    return found[0] if found else None


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def same_quantity(fact: Quantity, seen: Quantity) -> bool:
    """Does `seen` state the value of `fact`? Bare facts also match the number as written."""
    if fact.unit == "%" and seen.unit != "%":
        return False
    if fact.unit or fact.value != fact.number:  # the fact names a unit or scale: compare values
        # a fact without a unit (`185 miljarder`) is also stated in kronor (`185 miljarder
        # norska kronor`); a fact in kronor by the bare figure of a kronor table
        units = (fact.unit, "") if fact.unit else ("", "kr")
        return _close(fact.value, seen.value) and seen.unit in units
    return _close(fact.number, seen.number) or _close(fact.number, seen.value)


def is_numeric_fact(fact: str) -> bool:
    """True when `fact` is one number with at most scale/unit words (`428,5 miljoner kronor`)."""
    found = parse_quantities(fact)
    return len(found) == 1 and not fact[: found[0].start].strip() and not fact[
        found[0].end :
    ].strip(" .")


_NORM_DASH = re.compile(r"[‐‑‒–—−]")


def normalise(text: str) -> str:
    """Lower case, one kind of space and dash: for comparing words and names."""
    text = _NORM_DASH.sub("-", text.replace("\u00ad", ""))
    return re.sub(r"[\s\u00a0\u202f\u2009]+", " ", text).strip().lower()


def mentions(text: str, fact: str) -> bool:
    """Does `text` state `fact`? Numbers by value; other facts as words (inflections allowed)."""
    if is_numeric_fact(fact):
        want = parse_quantities(fact)[0]
        return any(same_quantity(want, seen) for seen in parse_quantities(text))
    pattern = re.escape(normalise(fact)).replace(r"\ ", r"\s+")
    suffix = r"(?:s|n|en|ens|ns|na|nas|et|ets|er|erna|ar|arna)?" if fact[-1:].isalpha() else ""
    return re.search(rf"(?<!\w){pattern}{suffix}(?!\w)", normalise(text)) is not None


def format_sv(number: float) -> str:
    """Swedish form: 10000 -> `10 000`, 428.5 -> `428,5`."""
    if _close(number, round(number)):
        whole = f"{int(round(number)):,}".replace(",", " ")
        return whole
    return f"{number:,.2f}".rstrip("0").rstrip(".").replace(",", " ").replace(".", ",")


def spoken_forms(q: Quantity) -> list[str]:
    """How the reports would write `q`: `428,5 miljoner kronor`, `428 500 000 kronor`, ..."""
    forms = [format_sv(q.number)]
    if q.unit == "%":
        forms += [f"{format_sv(q.value)} procent"]
    elif q.unit == "kr" or q.value != q.number:
        money = " kronor" if q.unit == "kr" else ""
        for word, scale in (("miljarder", 1e9), ("miljoner", 1e6), ("tusen", 1e3)):
            if abs(q.value) >= scale:
                forms.append(f"{format_sv(q.value / scale)} {word}{money}")
                break
        forms.append(f"{format_sv(q.value)}{money}")
    return list(dict.fromkeys(forms))


def query_variants(text: str) -> str:
    """`text` plus the Swedish forms of its numbers, so `428.5 MSEK` finds `428,5 miljoner`."""
    extra: list[str] = []
    for q in parse_quantities(text):
        if q.is_year:
            continue
        extra += [f for f in spoken_forms(q) if f not in text]
    return " ".join([text, *dict.fromkeys(extra)]) if extra else text
