"""Flattened tables -> cells: which row, which column (a year's), which figure.

The PDF exports flatten a table to its caption, a header of years (on one line, or one column
heading a line) and one line per row:

    Tabell 9. Antal projekt med speciella inriktningar och metoder 2009–2012.
    Metod 2009 2010 2011 2012
    MI 8 34 38 39

A question for one row and year (`Hur många projekt utbildade i MI 2012?`) is answered by one
cell, which the row alone does not show. A table whose columns are categories is read the same
way when a year is known: from its rows (`År Barn/unga Äldre`, then `2010 20 16`) or from its
caption (`Fördelning på län 2012`, then `Län ÅH/BM CM KBT`, `Skåne 12 6 1`): its cells are
`Barn/unga, 2010: 20` and `Skåne, KBT 2012: 1`. A category row with empty cells (`Uppsala 1 1`)
does not say which columns are empty and gives no cells.

Figures with thousands spaces (`1 798`) can make a row read several ways; such a row takes the
reading that fits the sizes of its columns' figures in the other rows, or gives no cells when
none fits clearly better.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from assistant.answer.table_rows import LEFT_OUT, Row, read_row, readings_of, resolve, split_figures

_YEAR = re.compile(r"(?:19|20)\d\d")
_TOTAL = ("Totalt", "Total", "Summa")
_CAPTION = re.compile(r"\[?(?:Tabell|Table) \d+")
# A row: a label (`MI`, `CM **`, `V Götaland`, `0,5–1 dag`, `Mer än 10 dagar`), then only
# figures (`8 34 38 39`, `32 910 | 8 516`). The label ends at its last word that is no figure.
_ROW = re.compile(r"(?P<label>[^|]*?[^\d\s|*,])[\s*]+(?P<tail>[\d\s|*,]+)")
_WORD = re.compile(r"[^\d\s|]+")
_EMPTY_ROW = re.compile(r"[A-ZÅÄÖ][^\d|.:]{0,30}")  # `Jämtland`: a category row, every cell empty
# a row whose label is a year, of a table whose columns are categories: `2009 10 9 8 12 -`
_YEAR_ROW = re.compile(r"(?P<label>(?:19|20)\d\d)\s+(?P<tail>[\d\s|*,-]+)")
_MAX_HEADER_LINES = 16
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

    def spelled_out(self, legend: Mapping[str, str]) -> str:
        """`text`, with what the table's legend says its short labels stand for: `V Götaland,
        SE (Supported employment) 2012: 2`."""
        def say(label: str) -> str:
            long = long_form(label, legend)
            return f"{label.rstrip(' *')} ({long})" if long else label

        column = f"{say(self.name)} {self.year}" if self.name and self.year else say(self.column)
        return f"{say(self.row)}, {column}: {self.value} {self.unit}".rstrip()

    @property
    def quote(self) -> str:
        """The lines of the passage it rests on."""
        return f"{self.header} … {self.line}"


@dataclass
class _Table:
    caption: str
    header: str
    columns: list[str]
    rows: list[Row]  # label, line, its readings
    categories: bool = False  # its columns are categories (`Barn/unga Äldre`), not years
    by_year: bool = False  # its rows are years (`2010 20 16 43`), its columns categories


@lru_cache(maxsize=2048)
def stated_unit(text: str) -> str:
    """The first unit `text` gives a table's figures (`tkr`, `kr`, `%`), in lower case; ''."""
    m = _UNIT.search(text)
    return next(g for g in m.groups() if g).lower() if m else ""


def in_kronor(text: str) -> bool:
    """Does a table in `text` give its figures in kronor (`i tkr`, `(kr)`), anywhere?"""
    return any(next(g for g in m.groups() if g).lower() not in ("%", "procent")
               for m in _UNIT.finditer(text))


def long_form(label: str, legend: Mapping[str, str]) -> str:
    """What a table's legend (`definitions`) says a label stands for: `SE` -> `Supported
    employment`; '' when it says nothing."""
    return legend.get(label.strip(" *").lower(), "")


@lru_cache(maxsize=2048)
def cells(text: str) -> tuple[Cell, ...]:
    """Every cell of the tables in `text` whose columns are years, or categories with a known
    year (none when it holds no such table). Cached: the answerer reads a passage's cells twice
    per question (its header lines, its cell candidates), and the same passages for many."""
    found: list[Cell] = []
    for table in _tables(text):
        for label, line, values in resolve(table.rows, len(table.columns)):
            # a year row's cells read as a year column's: `Barn/unga, 2010: 20`
            found += [Cell(column, label, value, line, table.header, table.caption)
                      if table.by_year else
                      Cell(label, column, value, line, table.header, table.caption)
                      for column, value in zip(table.columns, values, strict=True)
                      if value != LEFT_OUT]
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
        row = _ROW.fullmatch(line) or _YEAR_ROW.fullmatch(line)
        if row is not None and all(map(_YEAR.fullmatch, row.group("tail").split())):
            row = None  # `Metod 2009 2010 2011 2012`, `Förbrukat 2009`: a header, not a row
        if table is None:
            if row is not None and (table := _open(caption, pending, row)) is not None:
                tables.append(table)
            else:
                pending = [*pending, line][-_MAX_HEADER_LINES:] if line else pending
                continue
        if row is None:
            # a footnote under the table keeps it open, and so does a category row left empty
            if line and not line.startswith("*") and not (
                    table.categories and _EMPTY_ROW.fullmatch(line)):
                table, pending, caption = None, [line], ""  # a caption heads one table
            continue
        if table.by_year != bool(_YEAR.fullmatch(row.group("label"))):
            continue  # `Hela landet 22 17 29` under year rows, or the other way round
        readings = read_row(row.group("tail"), len(table.columns))
        if readings:
            table.rows.append((row.group("label").strip(" *"), line, readings))
    return tables


def _open(caption: str, pending: list[str], row: re.Match[str]) -> _Table | None:
    """The table whose first row is `row`: its header is of years, or of categories."""
    if not _YEAR.fullmatch(row.group("label")) and (got := _header(pending)) is not None:
        return _Table(caption, got[0], got[1], [])
    return _categories(caption, pending, row)


def _categories(caption: str, pending: list[str], row: re.Match[str]) -> _Table | None:
    """A captioned table whose columns are categories (`Län Barn/unga Äldre Missbruk`, one
    word each, or words after a capital: `Hot- och våldsproblematik`, `Utländsk bakgrund`), when
    its first row fills each of them and a year is known: its rows' (`2010 20 16 43`) or else
    the one its caption gives (`Fördelning på län 2012`)."""
    by_year = bool(_YEAR.fullmatch(row.group("label")))
    stated = set(_YEAR.findall(caption))
    if not caption or not (by_year or len(stated) == 1):
        return None
    figures = split_figures(row.group("tail"))
    n = len(figures) if len(readings_of(figures, len(figures))) == 1 else 0
    for start in range(len(pending)):
        groups = _groups(" ".join(pending[start:]))
        if n >= 2 and len(groups) in (n, n + 1):
            year = "" if by_year else f" {stated.pop()}"
            return _Table(caption, " ".join(pending[start:]),
                          [f"{g}{year}" for g in groups[-n:]], [], True, by_year)
    return None


def _groups(header: str) -> list[str]:
    """`Län Hot- och våldsproblematik Självmord` -> [Län, Hot- och våldsproblematik, Självmord]:
    a word that starts with a capital, or with no letter, starts a column's name; [] when the
    text holds a figure."""
    groups: list[list[str]] = []
    for token in header.split():
        if not _WORD.fullmatch(token):
            return []
        if token[0].islower() and groups or groups and groups[-1][-1].endswith("-"):
            groups[-1].append(token)
        else:
            groups.append([token])
    return [" ".join(g) for g in groups]


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
