"""Ingestion: files -> pages -> chunks -> embeddings -> the store, skipping unchanged files."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from assistant.embedding import Embedder
from assistant.errors import DocumentError
from assistant.models import DocumentInfo
from assistant.store import ChromaStore
from ingest.catalogue import Entry, load_catalogue, slugify
from ingest.chunking import chunk_pages
from ingest.loaders import SUPPORTED, load_file

MANIFEST = "manifest.json"
Progress = Callable[[int], None]


@dataclass
class IngestReport:
    indexed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[DocumentError] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    chunks: int = 0

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
                if p.is_file() and not p.name.startswith(".") and p.name != "documents.toml"
                and p.name.lower() != "readme.md"
            )
        else:
            found.append(path)
    return found


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Manifest:
    """What is in the index: per document its file, content hash and chunk count."""

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
) -> IngestReport:
    """Index every supported file under `paths`; unchanged files cost nothing."""
    report = IngestReport()
    manifest = Manifest(manifest_path)
    seen: set[str] = set()
    for path in discover(paths):
        entry = load_catalogue(path.parent).get(path.name) or Entry(
            file=path.name, id=slugify(path.name), title=path.stem
        )
        if path.suffix.lower() not in SUPPORTED and path.suffix.lower() in {".toml", ".json"}:
            report.skipped.append(str(path))
            continue
        seen.add(entry.id)
        try:
            digest = file_sha256(path)
            old = manifest.docs.get(entry.id)
            if old and old.get("sha256") == digest and store.ids_for(entry.id):
                report.unchanged.append(entry.id)
                continue
            loaded = load_file(path, max_mb=max_mb)
        except DocumentError as exc:
            report.failed.append(exc)
            continue
        chunks = chunk_pages(entry.id, loaded.pages)
        title = entry.title if entry.title != path.stem else (loaded.title or entry.title)
        info = DocumentInfo(
            id=entry.id, title=title, source=path.name, publisher=entry.publisher,
            year=entry.year, pages=sum(1 for p in loaded.pages if p.number is not None) or None,
            chunks=len(chunks), sha256=digest,
        )
        tick = progress(len(chunks)) if progress else None
        vectors = []
        for start in range(0, len(chunks), batch_size):
            batch = chunks[start : start + batch_size]
            vectors.extend(embedder.embed([c.text for c in batch]))
            if tick:
                tick(len(batch))
        import numpy as np

        stale = set(store.ids_for(entry.id)) - {c.id for c in chunks}
        store.upsert(info, chunks, np.asarray(vectors, dtype=np.float32))
        if stale:
            store.delete_ids(sorted(stale))
        manifest.docs[entry.id] = {
            k: v for k, v in info.__dict__.items() if k != "id"
        }
        manifest.save()
        report.indexed.append(entry.id)
        report.chunks += len(chunks)
    if prune:
        for doc_id in sorted(set(manifest.docs) - seen):
            store.delete_document(doc_id)
            del manifest.docs[doc_id]
            report.removed.append(doc_id)
        manifest.save()
    return report
