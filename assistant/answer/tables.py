"""Flattened tables -> cells: which row, which column (a year's), which figure.

The PDF exports flatten a table to its caption, a header of years (on one line, or one column
heading a line) and one line per row:

    Tabell 9. Antal projekt med speciella inriktningar och metoder 2009–2012.
    Metod 2009 2010 2011 2012
    MI 8 34 38 39

A question for one row and year (`Hur många projekt utbildade i MI 2012?`) is answered by one
cell, which the row alone does not show. Figures with thousands spaces (`1 798`) can make a row
read several ways; such a row takes the reading that fits the sizes of its columns' figures in
the other rows, or gives no cells when none fits clearly better.
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass
from functools import lru_cache

_YEAR = re.compile(r"(?:19|20)\d\d")
_TOTAL = ("Totalt", "Total", "Summa")
_CAPTION = re.compile(r"\[?(?:Tabell|Table) \d+")
# A row: a label (`MI`, `CM **`, `V Götaland`, `0,5–1 dag`, `Mer än 10 dagar`), then only
# figures (`8 34 38 39`, `32 910 | 8 516`). The label ends at its last word that is no figure.
_ROW = re.compile(r"(?P<label>[^|]*?[^\d\s|*,])[\s*]+(?P<tail>[\d\s|*,]+)")
_HEAD = re.compile(r"0|[1-9]\d{0,2}(?:,\d+)?")
_GROUP = re.compile(r"\d{3}(?:,\d+)?")
_WORD = re.compile(r"[^\d\s|]+")
_MAX_HEADER_LINES = 16
_LEFT_OUT = "*"  # a cell the table leaves out (too few to report)
# The unit a table's caption or header gives its figures: `i tkr`, `anges i kronor`,
# `Kostnad (kr)`, `Kronor (andel av totalen)`. The one list of them (the answerer's too).
_UNIT = re.compile(r"\bi (tkr|mnkr|mdkr|msek|kronor|kr|procent)\b"
                   r"|\((tkr|mnkr|msek|kr|kronor|%)\)|\b(kronor) \(andel", re.IGNORECASE)


@dataclass(frozen=True)
class Cell:
    row: str  # the row's label, as printed
    column: str  # the column's heading: `2012`, `Deltagare 2012`, `Totalt`
    value: str  # the figure, as printed
    line: str  # the row, as printed
    header: str  # the header, its lines joined
    caption: str = ""  # the table's caption (`Tabell 9. Antal projekt med ...`), if given

    @property
    def name(self) -> str:
        """The column's heading without its year (`Deltagare`), or '' for a bare year."""
        return _YEAR.sub("", self.column).strip()

    @property
    def year(self) -> int | None:
        m = _YEAR.search(self.column)
        return int(m.group()) if m else None

    @property
    def unit(self) -> str:
        """The unit the caption or header gives its figures (`i tkr`, `Kostnad (kr)`), or ''."""
        return stated_unit(f"{self.caption} {self.header}")

    @property
    def text(self) -> str:
        """How an answer states it: `MI, 2012: 39`; `Gotland, Statsbidrag 2008: 707 tkr`."""
        return f"{self.row}, {self.column}: {self.value} {self.unit}".rstrip()

    @property
    def quote(self) -> str:
        """The lines of the passage it rests on."""
        return f"{self.header} … {self.line}"


@dataclass
class _Table:
    caption: str
    header: str
    columns: list[str]
    rows: list[tuple[str, str, list[list[str]]]]  # label, line, its readings


@lru_cache(maxsize=2048)
def stated_unit(text: str) -> str:
    """The first unit `text` gives a table's figures (`tkr`, `kr`, `%`), in lower case; ''."""
    m = _UNIT.search(text)
    return next(g for g in m.groups() if g).lower() if m else ""


def in_kronor(text: str) -> bool:
    """Does a table in `text` give its figures in kronor (`i tkr`, `(kr)`), anywhere?"""
    return any(next(g for g in m.groups() if g).lower() not in ("%", "procent")
               for m in _UNIT.finditer(text))


def cells(text: str) -> tuple[Cell, ...]:
    """Every cell of the year-column tables in `text` (none when it holds no such table)."""
    found: list[Cell] = []
    for table in _tables(text):
        for label, line, values in _resolve(table):
            found += [Cell(label, column, value, line, table.header, table.caption)
                      for column, value in zip(table.columns, values, strict=True)
                      if value != _LEFT_OUT]
    return tuple(found)


def _tables(text: str) -> list[_Table]:
    tables: list[_Table] = []
    caption = ""
    table: _Table | None = None
    pending: list[str] = []  # lines since the caption: the header, one or many lines
    for raw in text.split("\n"):
        line = raw.strip()
        if _CAPTION.match(line):
            caption, table, pending = line, None, []
            continue
        row = _ROW.fullmatch(line)
        if row is not None and all(map(_YEAR.fullmatch, row.group("tail").split())):
            row = None  # `Metod 2009 2010 2011 2012`, `Förbrukat 2009`: a header, not a row
        if table is None:
            if row is not None and (got := _header(pending)) is not None:
                table = _Table(caption, got[0], got[1], [])
                tables.append(table)
            else:
                pending = [*pending, line][-_MAX_HEADER_LINES:] if line else pending
                continue
        if row is None:
            if line and not line.startswith("*"):  # a footnote under the table keeps it open
                table, pending = None, [line]
            continue
        readings = _values(row, len(table.columns))
        if readings:
            table.rows.append((row.group("label").strip(" *"), line, readings))
    return tables


def _resolve(table: _Table) -> list[tuple[str, str, list[str]]]:
    """Each row with its one reading. A row that reads several ways (`6 647 11 7 832`) takes
    the reading whose figures are of the size of its columns' figures in the rows that read one
    way, when that reading fits ten times better than the next; else the row is left out."""
    sure = [values for _, _, readings in table.rows if len(readings) == 1
            for values in readings]
    sizes = [_median([_size(values[c]) for values in sure if values[c] != _LEFT_OUT])
             for c in range(len(table.columns))]
    out: list[tuple[str, str, list[str]]] = []
    for label, line, readings in table.rows:
        if len(readings) == 1:
            out.append((label, line, readings[0]))
            continue
        if len(sure) < 3:
            continue
        misfit = sorted((sum(abs(_size(v) - m) for v, m in zip(values, sizes, strict=True)
                             if v != _LEFT_OUT), i)
                        for i, values in enumerate(readings))
        if misfit[1][0] - misfit[0][0] >= 1.0:
            out.append((label, line, readings[misfit[0][1]]))
    return out


def _size(figure: str) -> float:
    """Order of magnitude: `9 061` -> 3.96."""
    return math.log10(1.0 + float(figure.replace(" ", "").replace(",", ".")))


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


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


def _values(row: re.Match[str], n: int) -> list[list[str]]:
    """The ways to read a row's figures as `n` cells (`|` cells read one way)."""
    tail = row.group("tail")
    if "|" in tail:
        parts = [p.strip(" *") for p in tail.split("|")]
        if len(parts) == n and all(_is_figure(p) for p in parts):
            return [parts]
    # `*` alone is a cell left out (`Halland 1 * 1 534`); `*51` is a figure with a footnote
    tokens = tuple(t if set(t) == {"*"} else t.lstrip("*") for t in tail.replace("|", " ").split())
    return _readings(tokens, n)


def _is_figure(text: str) -> bool:
    head, *groups = text.split() or [""]
    return bool(_HEAD.fullmatch(head)) and all(_GROUP.fullmatch(g) for g in groups)


def _readings(tokens: tuple[str, ...], n: int, limit: int = 8) -> list[list[str]]:
    """The ways to read `tokens` as `n` figures (a figure: a head, then 3-digit groups); at
    most `limit` (more is no table anyone could read either)."""
    if n == 0:
        return [[]] if not tokens else []
    if tokens and set(tokens[0]) == {"*"}:
        return [[_LEFT_OUT, *rest] for rest in _readings(tokens[1:], n - 1, limit)]
    if not tokens or not _HEAD.fullmatch(tokens[0]):
        return []
    out: list[list[str]] = []
    end = 1
    while True:
        for rest in _readings(tokens[end:], n - 1, limit):
            out.append([" ".join(tokens[:end]), *rest])
            if len(out) >= limit:
                return out
        if end < len(tokens) and _GROUP.fullmatch(tokens[end]):
            end += 1
        else:
            return out
