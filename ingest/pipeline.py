"""Ingestion: files -> pages -> chunks -> embeddings -> the store, skipping unchanged files.

Crash safety. Every ingest of a document writes its chunks under a new *generation* (a hash of
its content and of the chunking settings, part of each chunk id). The manifest record in the
store says which generation is live, and only live chunks are ever served. Replacing a document
is: write the new chunks (invisible), switch the record (one atomic write), delete the old
chunks. A kill at any point leaves the old or the new version served whole; the next run first
deletes chunks no record makes live, then redoes what is missing. Embeddings come from a cache
keyed by text hash, so redoing costs little.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from assistant.embedding import Embedder, EmbeddingCache
from assistant.errors import DocumentError, UnsupportedFileError
from assistant.models import Chunk, DocumentInfo
from assistant.store import ChromaStore
from ingest.catalogue import CATALOGUE_NAME, Entry, load_catalogue, slugify
from ingest.chunking import DEFAULT_SIZE, chunk_pages
from ingest.lexicon import Lexicon, vocabulary
from ingest.loaders import check_file, load_file

MANIFEST = "manifest.json"
PIPELINE_VERSION = "6"  # bump when cleanup or chunking changes what chunks contain
Progress = Callable[[int], None]
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

    @property
    def ok(self) -> bool:
        return not self.failed


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


class Manifest:
    """A JSON mirror of the store's manifest (for readers that watch a file); see ChromaStore."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.docs: dict[str, dict] = {}
        if path.is_file():
            self.docs = json.loads(path.read_text(encoding="utf-8")).get("documents", {})

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"documents": self.docs}, ensure_ascii=False, indent=2), "utf-8")
        tmp.replace(self.path)  # atomic: a crash never leaves half a manifest

    def infos(self) -> list[DocumentInfo]:
        return [DocumentInfo(id=k, **v) for k, v in sorted(self.docs.items())]

    def mirror(self, infos: Iterable[DocumentInfo]) -> None:
        """Replace the content with `infos` and save."""
        self.docs = {i.id: {k: v for k, v in i.__dict__.items() if k != "id"} for i in infos}
        self.save()


def generation(digest: str, chunk_size: int, embedder: Embedder) -> str:
    """The generation id of a document version under the current pipeline settings."""
    key = f"{PIPELINE_VERSION}|{digest}|{chunk_size}|{getattr(embedder, 'name', '')}"
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def embed_chunks(
    chunks: list[Chunk], embedder: Embedder, cache: EmbeddingCache | None, batch_size: int,
    tick: Progress | None = None,
) -> tuple[np.ndarray, int]:
    """Vectors for `chunks` (cache first); and how many texts the embedder had to embed."""
    texts = [c.text for c in chunks]
    known = cache.get_many(texts) if cache is not None else {}
    missing = list(dict.fromkeys(t for t in texts if t not in known))
    if tick and len(texts) > len(missing):
        tick(len(texts) - len(missing))
    for start in range(0, len(missing), batch_size):
        batch = missing[start : start + batch_size]
        vectors = embedder.embed(batch)
        if cache is not None:
            cache.put_many(batch, vectors)  # committed per batch: a kill keeps finished work
        known.update(zip(batch, vectors, strict=True))
        if tick:
            tick(len(batch))
    if not texts:
        return np.zeros((0, 0), dtype=np.float32), 0
    return np.asarray([known[t] for t in texts], dtype=np.float32), len(missing)


def ingest(
    paths: Iterable[Path],
    store: ChromaStore,
    embedder: Embedder,
    manifest_path: Path,
    *,
    max_mb: float = 100.0,
    batch_size: int = 16,
    progress: Callable[[int], Progress] | None = None,
    prune: bool = False,
    rebuild: bool = False,
    cache: EmbeddingCache | None = None,
    chunk_size: int = DEFAULT_SIZE,
) -> IngestReport:
    """Index every supported file under `paths`; unchanged files cost nothing. With `prune`,
    documents that came from the folders in `paths` but whose files are gone are removed."""
    paths = list(paths)
    report = IngestReport()
    manifest = Manifest(manifest_path)
    if rebuild:
        store.reset()
    report.orphans = store.remove_orphans()
    live = store.documents()
    seen: set[str] = set()
    for path in discover(paths):
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
            continue
        seen.add(entry.id)
        try:
            digest = file_sha256(path)
            gen = generation(digest, chunk_size, embedder)
            if entry.id in live and live[entry.id][1] == gen:
                report.unchanged.append(entry.id)
                known, folder = live[entry.id][0], str(path.parent.resolve())
                if known.folder != folder:  # the same file, found in another folder now
                    live[entry.id] = (replace(known, folder=folder), gen)
                    store.set_document(live[entry.id][0], gen)
                continue
            loaded = load_file(path, max_mb=max_mb)
        except DocumentError as exc:
            report.failed.append(exc)
            continue
        except OSError as exc:
            report.failed.append(DocumentError(path, f"cannot be read ({exc})"))
            continue
        lexicon = Lexicon(vocabulary("\n".join(p.text for p in loaded.pages)))
        chunks = chunk_pages(entry.id, loaded.pages, chunk_size, lexicon=lexicon, generation=gen)
        title = entry.title if entry.title != path.stem else (loaded.title or entry.title)
        info = DocumentInfo(
            id=entry.id, title=title, source=path.name, publisher=entry.publisher,
            year=entry.year, pages=len(loaded.pages), chunks=len(chunks), sha256=digest,
            folder=str(path.parent.resolve()),
        )
        tick = progress(len(chunks)) if progress else None
        vectors, embedded = embed_chunks(chunks, embedder, cache, batch_size, tick)
        old_ids = set(store.ids_for(entry.id))
        store.upsert(info, chunks, vectors)  # new generation: not served yet
        store.set_document(info, gen)  # the switch
        store.delete_ids(sorted(old_ids - {c.id for c in chunks}))
        live[entry.id] = (info, gen)
        manifest.mirror(i for i, _ in live.values())
        report.indexed.append(entry.id)
        report.chunks += len(chunks)
        report.embedded += embedded
    if prune:
        roots = [p.resolve() for p in paths if p.is_dir()]
        for doc_id in sorted(set(live) - seen):
            if not _under(live[doc_id][0].folder, roots):
                continue  # ingested from elsewhere (`assistant ingest /other/folder`): keep it
            store.remove_document(doc_id)
            del live[doc_id]
            report.removed.append(doc_id)
    manifest.mirror(i for i, _ in live.values())
    return report
