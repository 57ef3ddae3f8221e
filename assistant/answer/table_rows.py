"""A flattened table row's figures: the ways to read `32 910 8 516` as cells, and the one reading
of each row that the sizes of its columns' figures in the other rows pick (`tables`)."""

from __future__ import annotations

import math
import re
import statistics

# label, the row as printed, the ways to read its figures
Row = tuple[str, str, list[list[str]]]
_HEAD = re.compile(r"0|[1-9]\d{0,2}(?:,\d+)?")
_GROUP = re.compile(r"\d{3}(?:,\d+)?")
LEFT_OUT = "*"  # a cell the table leaves out (too few to report)


def resolve(rows: list[Row], n: int) -> list[tuple[str, str, list[str]]]:
    """Each row with its one reading. A row that reads several ways (`6 647 11 7 832`) takes
    the reading whose figures are of the size of its columns' figures in the rows that read one
    way, when that reading fits ten times better than the next; else the row is left out."""
    sure = [values for _, _, readings in rows if len(readings) == 1
            for values in readings]
    sizes = [_median([_size(values[c]) for values in sure if values[c] != LEFT_OUT])
             for c in range(n)]
    out: list[tuple[str, str, list[str]]] = []
    for label, line, readings in rows:
        if len(readings) == 1:
            out.append((label, line, readings[0]))
            continue
        if len(sure) < 3:
            continue
        misfit = sorted((sum(abs(_size(v) - m) for v, m in zip(values, sizes, strict=True)
                             if v != LEFT_OUT), i)
                        for i, values in enumerate(readings))
        if misfit[1][0] - misfit[0][0] >= 1.0:
            out.append((label, line, readings[misfit[0][1]]))
    return out


def _size(figure: str) -> float:
    """Order of magnitude: `9 061` -> 3.96."""
    return math.log10(1.0 + float(figure.replace(" ", "").replace(",", ".")))


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


def read_row(tail: str, n: int) -> list[list[str]]:
    """The ways to read a row's figures (`tail`) as `n` cells (`|` cells read one way)."""
    if "|" in tail:
        parts = [p.strip(" *") for p in tail.split("|")]
        if len(parts) == n and all(_is_figure(p) for p in parts):
            return [parts]
    return readings_of(split_figures(tail), n)


def split_figures(tail: str) -> tuple[str, ...]:
    """A row's figures, split at spaces: `*` or `-` alone is a cell left out (`Halland 1 * 1
    534`, `2009 10 9 8 12 -`); `*51` is a figure with a footnote."""
    return tuple(LEFT_OUT if set(t) == {"*"} or t == "-" else t.lstrip("*")
                 for t in tail.replace("|", " ").split())


def _is_figure(text: str) -> bool:
    head, *groups = text.split() or [""]
    return bool(_HEAD.fullmatch(head)) and all(_GROUP.fullmatch(g) for g in groups)


def readings_of(tokens: tuple[str, ...], n: int, limit: int = 8) -> list[list[str]]:
    """The ways to read `tokens` as `n` figures (a figure: a head, then 3-digit groups); at
    most `limit` (more is no table anyone could read either)."""
    if n == 0:
        return [[]] if not tokens else []
    if tokens and set(tokens[0]) == {"*"}:
        return [[LEFT_OUT, *rest] for rest in readings_of(tokens[1:], n - 1, limit)]
    if not tokens or not _HEAD.fullmatch(tokens[0]):
        return []
    out: list[list[str]] = []
    end = 1
    while True:
        for rest in readings_of(tokens[end:], n - 1, limit):
            out.append([" ".join(tokens[:end]), *rest])
            if len(out) >= limit:
                return out
        if end < len(tokens) and _GROUP.fullmatch(tokens[end]):
            end += 1
        else:
            return out
