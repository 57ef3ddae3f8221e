"""Flattened tables -> cells: which row, which column (a year's), which figure.

The PDF exports flatten a table to its caption, a header of years (on one line, or one column
heading a line) and one line per row:

    Tabell 9. Antal projekt med speciella inriktningar och metoder 2009–2012.
    Metod 2009 2010 2011 2012
    MI 8 34 38 39

A question for one row and year (`Hur många projekt utbildade i MI 2012?`) is answered by one
cell, which the row alone does not show. Figures with thousands spaces (`1 798`) are read only
when the row splits into exactly one set of columns; an ambiguous row gives no cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_YEAR = re.compile(r"(?:19|20)\d\d")
_TOTAL = ("Totalt", "Total", "Summa")
_CAPTION = re.compile(r"\[?(?:Tabell|Table) \d+")
# A row: a label (`MI`, `CM **`, `V Götaland`), then only figures (`8 34 38 39`, `32 910 | 8 516`).
_ROW = re.compile(r"(?P<label>[^\d|]*[^\d\s|*][^\d|]*?)[\s*]+(?P<tail>[\d\s|*,]+)")
_HEAD = re.compile(r"0|[1-9]\d{0,2}(?:,\d+)?")
_GROUP = re.compile(r"\d{3}(?:,\d+)?")
_WORD = re.compile(r"[^\d\s|]+")
_MAX_HEADER_LINES = 16
_UNIT = re.compile(r"\bi (tkr|mnkr|mdkr|kronor|kr|procent)\b|\((tkr|mnkr|kr|kronor|%)\)")


@dataclass(frozen=True)
class Cell:
    row: str  # the row's label, as printed
    column: str  # the column's heading: `2012`, `Deltagare 2012`, `Totalt`
    value: str  # the figure, as printed
    line: str  # the row, as printed
    header: str  # the header, its lines joined
    caption: str = ""  # the table's caption (`Tabell 9. Antal projekt med ...`), if given

    @property
    def year(self) -> int | None:
        m = _YEAR.search(self.column)
        return int(m.group()) if m else None

    @property
    def unit(self) -> str:
        """The unit the caption or header gives its figures (`i tkr`, `Kostnad (kr)`), or ''."""
        m = _UNIT.search(f"{self.caption} {self.header}")
        return (m.group(1) or m.group(2)) if m else ""

    @property
    def text(self) -> str:
        """How an answer states it: `MI, 2012: 39`; `Gotland, Statsbidrag 2008: 707 tkr`."""
        return f"{self.row}, {self.column}: {self.value} {self.unit}".rstrip()

    @property
    def quote(self) -> str:
        """The lines of the passage it rests on."""
        return f"{self.header} … {self.line}"


@lru_cache(maxsize=2048)
def cells(text: str) -> tuple[Cell, ...]:
    """Every cell of the year-column tables in `text` (none when it holds no such table)."""
    found: list[Cell] = []
    caption, header = "", ""
    columns: list[str] | None = None
    pending: list[str] = []  # lines since the caption: the header, one or many lines
    for raw in text.split("\n"):
        line = raw.strip()
        if _CAPTION.match(line):
            caption, columns, pending = line, None, []
            continue
        row = _ROW.fullmatch(line)
        if row is not None and all(map(_YEAR.fullmatch, row.group("tail").split())):
            row = None  # `Metod 2009 2010 2011 2012`, `Förbrukat 2009`: a header, not a row
        if columns is None:
            if row is not None and (got := _header(pending)) is not None:
                header, columns = got
            else:
                pending = [*pending, line][-_MAX_HEADER_LINES:] if line else pending
                continue
        values = _values(row, len(columns)) if row is not None else None
        if values is None:
            # a row read two ways, or a footnote under the table, keeps the table open
            if row is None and line and not line.startswith("*"):
                columns, pending = None, [line]
            continue
        label = row.group("label").strip(" *") if row is not None else ""
        found += [Cell(label, column, value, line, header, caption)
                  for column, value in zip(columns, values, strict=True)]
    return tuple(found)


def _header(lines: list[str]) -> tuple[str, list[str]] | None:
    """The longest run of trailing `lines` that reads as a header of two or more years."""
    for start in range(len(lines)):
        text = " ".join(lines[start:])
        if (columns := columns_of(text)) is not None:
            return text, columns
    return None


def columns_of(header: str) -> list[str] | None:
    """`År 2008 2009 Totalt` -> [2008, 2009, Totalt]; `Län Projekt 2009 Deltagare 2009` ->
    [Projekt 2009, Deltagare 2009]; None when `header` is not a header of years."""
    tokens = header.split()
    total = tokens.pop() if tokens and tokens[-1] in _TOTAL else None
    groups: list[list[str]] = []
    words: list[str] = []
    for token in tokens:
        if _YEAR.fullmatch(token):
            groups.append([*words, token])
            words = []
        elif _WORD.fullmatch(token):
            words.append(token)
        else:
            return None
    if words or len(groups) < 2:
        return None
    named = any(len(g) > 1 for g in groups[1:])
    # the first words name the rows (`Län`, `Metod`), not the first column
    first = groups[0][-2:] if named else groups[0][-1:]
    columns = [" ".join(first)] + [" ".join(g) for g in groups[1:]]
    return columns + ([total] if total else [])


def _values(row: re.Match[str], n: int) -> list[str] | None:
    tail = row.group("tail")
    if "|" in tail:
        parts = [p.strip(" *") for p in tail.split("|")]
        if len(parts) == n and all(_is_figure(p) for p in parts):
            return parts
    readings = _readings(tuple(tail.replace("|", " ").replace("*", " ").split()), n)
    return readings[0] if len(readings) == 1 else None


def _is_figure(text: str) -> bool:
    head, *groups = text.split() or [""]
    return bool(_HEAD.fullmatch(head)) and all(_GROUP.fullmatch(g) for g in groups)


def _readings(tokens: tuple[str, ...], n: int) -> list[list[str]]:
    """The ways to read `tokens` as `n` figures (a figure: a head, then 3-digit groups); stops
    at two, since only a single reading is used."""
    if n == 0:
        return [[]] if not tokens else []
    if not tokens or not _HEAD.fullmatch(tokens[0]):
        return []
    out: list[list[str]] = []
    end = 1
    while True:
        for rest in _readings(tokens[end:], n - 1):
            out.append([" ".join(tokens[:end]), *rest])
            if len(out) > 1:
                return out
        if end < len(tokens) and _GROUP.fullmatch(tokens[end]):
            end += 1
        else:
            return out
