"""The corpus catalogue (`documents.toml`): ids, titles, publishers and years of the files."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import ConfigError

CATALOGUE_NAME = "documents.toml"


@dataclass(frozen=True)
class Entry:
    file: str
    id: str
    title: str
    publisher: str | None = None
    year: int | None = None


def slugify(name: str) -> str:
    """A stable document id from a file name: `Årsrapport 2019.pdf` -> `arsrapport-2019`."""
    stem = Path(name).stem
    ascii_ = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "dokument"


def load_catalogue(folder: Path) -> dict[str, Entry]:
    """Entries of `folder/documents.toml` keyed by file name; empty when there is none."""
    path = folder / CATALOGUE_NAME
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}). Fix the file or remove it.") from exc
    entries: dict[str, Entry] = {}
    for i, raw in enumerate(data.get("document", []), start=1):
        if not isinstance(raw, dict) or not raw.get("file"):
            raise ConfigError(f"{path}: [[document]] number {i} has no `file` field.")
        year = raw.get("year")
        if year is not None and not isinstance(year, int):
            raise ConfigError(f"{path}: `year` of {raw['file']} must be a number, got {year!r}.")
        entries[raw["file"]] = Entry(
            file=raw["file"],
            id=raw.get("id") or slugify(raw["file"]),
            title=raw.get("title") or Path(raw["file"]).stem,
            publisher=raw.get("publisher"),
            year=year,
        )
    return entries
