"""Ingestion: files -> pages -> the Indexer (chunks, embeddings, store), skipping unchanged files.

The pipeline finds the files, reads the catalogue and the files, and decides what changed; the
Indexer (assistant.index.indexer) writes, crash-safe: a kill at any point leaves the old or the
new version of each document served whole, and the next run deletes what was left half-done.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from assistant.errors import DocumentError, UnsupportedFileError
from assistant.index.indexer import Indexer, Progress
from assistant.models import DocumentInfo
from ingest.catalogue import CATALOGUE_NAME, Entry, load_catalogue, slugify
from ingest.loaders import check_file, load_file

_IGNORED = {CATALOGUE_NAME, "readme.md"}


@dataclass
class IngestReport:
    indexed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[DocumentError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    chunks: int = 0  # chunks written by this run
    embedded: int = 0  # of those, how many needed the embedder (the rest came from the cache)
    orphans: int = 0  # chunks of unfinished earlier runs that were deleted
    lexical: int = 0  # chunks in the lexical index afterwards

    @property
    def ok(self) -> bool:
        return not self.failed


@dataclass(frozen=True)
class DocumentDone:
    """One file the ingest has dealt with, for progress lines (`on_document`)."""

    document: str  # the document id (or the file name when it failed before having one)
    status: str  # "indexed", "unchanged" or "failed"
    chunks: int = 0
    embedded: int = 0  # of `chunks`, how many the embedder computed (the rest: the cache)
    seconds: float = 0.0


def discover(paths: Iterable[Path]) -> list[Path]:
    """The files to ingest under `paths` (folders recursively), in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p for p in sorted(path.rglob("*"))
                if p.is_file() and not p.name.startswith(".") and p.name.lower() not in _IGNORED
            )
        else:
            found.append(path)
    return found


def _under(folder: str | None, roots: list[Path]) -> bool:
    """Is `folder` inside one of `roots`? Documents indexed before folders were recorded
    (None) count as inside, as they always did."""
    if folder is None:
        return True
    return any(Path(folder).is_relative_to(root) for root in roots)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ingest(
    paths: Iterable[Path],
    indexer: Indexer,
    *,
    max_mb: float = 100.0,
    progress: Callable[[int], Progress] | None = None,
    prune: bool = False,
    rebuild: bool = False,
    on_document: Callable[[DocumentDone], None] | None = None,
) -> IngestReport:
    """Index every supported file under `paths`; unchanged files cost nothing. With `prune`,
    documents that came from the folders in `paths` but whose files are gone are removed.
    `on_document` hears of every file that was indexed, unchanged or failed, as it happens."""
    paths = list(paths)
    report = IngestReport()
    report.orphans = indexer.begin(rebuild=rebuild)
    live = indexer.documents()
    seen: set[str] = set()
    done = on_document or (lambda _: None)
    for path in discover(paths):
        clock = time.perf_counter()
        entry = load_catalogue(path.parent).get(path.name) or Entry(
            file=path.name, id=slugify(path.name), title=path.stem
        )
        try:
            check_file(path, max_mb)
        except UnsupportedFileError as exc:
            report.skipped.append(str(exc))
            continue
        except DocumentError as exc:
            report.failed.append(exc)
            seen.add(entry.id)
            done(DocumentDone(entry.id, "failed"))
            continue
        seen.add(entry.id)
        try:
            digest = file_sha256(path)
            gen = indexer.generation(digest)
            if entry.id in live and live[entry.id][1] == gen:
                report.unchanged.append(entry.id)
                known, folder = live[entry.id][0], str(path.parent.resolve())
                if known.folder != folder:  # the same file, found in another folder now
                    live[entry.id] = (replace(known, folder=folder), gen)
                    indexer.relocate(live[entry.id][0], gen)
                done(DocumentDone(entry.id, "unchanged", live[entry.id][0].chunks))
                continue
            loaded = load_file(path, max_mb=max_mb)
        except DocumentError as exc:
            report.failed.append(exc)
            done(DocumentDone(entry.id, "failed"))
            continue
        except OSError as exc:
            report.failed.append(DocumentError(path, f"cannot be read ({exc})"))
            done(DocumentDone(entry.id, "failed"))
            continue
        title = entry.title if entry.title != path.stem else (loaded.title or entry.title)
        info = DocumentInfo(
            id=entry.id, title=title, source=path.name, publisher=entry.publisher,
            year=entry.year, pages=len(loaded.pages), sha256=digest,
            folder=str(path.parent.resolve()),
        )
        chunks, embedded = indexer.write(info, loaded.pages, gen, progress)
        live[entry.id] = (replace(info, chunks=chunks), gen)
        report.indexed.append(entry.id)
        report.chunks += chunks
        report.embedded += embedded
        done(DocumentDone(entry.id, "indexed", chunks, embedded, time.perf_counter() - clock))
    if prune:
        roots = [p.resolve() for p in paths if p.is_dir()]
        for doc_id in sorted(set(live) - seen):
            if not _under(live[doc_id][0].folder, roots):
                continue  # ingested from elsewhere (`assistant ingest /other/folder`): keep it
            indexer.remove(doc_id)
            del live[doc_id]
            report.removed.append(doc_id)
    report.lexical = indexer.finish()
    return report
