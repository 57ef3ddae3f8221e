"""The Indexer: a document's pages -> chunks -> vectors -> the store; the lexical index refreshed
once the store has changed. Built in assistant.wiring; the ingest pipeline (ingest/) finds and
reads the files and feeds it.

Crash safety. Every version of a document is written under its own *generation* (a hash of its
content, the chunker's version and the embedder; part of each chunk id). The store's manifest
says which generation is live, and only live chunks are served. Replacing a document is: write
the new chunks (invisible), switch the record (one atomic write), delete the old chunks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from assistant.index.embedding import Embedder, EmbeddingCache
from assistant.language.sentences import sentences
from assistant.models import Chunk, DocumentInfo, Page

if TYPE_CHECKING:
    from assistant.index.lexical import LexicalIndexHolder
    from assistant.index.store import ChromaStore

Progress = Callable[[int], None]


class Chunker(Protocol):
    """Cuts a document's pages into chunks (ingest.chunking.Chunker is the one in use)."""

    version: str  # changes whenever the chunks it makes from the same pages change

    def chunk(self, document: str, pages: Sequence[Page], generation: str) -> list[Chunk]:
        """The chunks of `pages`, in order, each carrying `generation`."""
        ...


class Indexer:
    """Owns what an ingest writes: chunks, the embedding cache, the store and the lexical index."""

    def __init__(self, store: ChromaStore, embedder: Embedder, lexical: LexicalIndexHolder,
                 chunker: Chunker, *, cache: EmbeddingCache | None = None,
                 batch_size: int = 16, mirror: Path | None = None,
                 sentence_vectors: bool = True) -> None:
        self.store = store
        self.embedder = embedder
        self.lexical = lexical
        self.chunker = chunker
        self.cache = cache
        self.batch_size = batch_size
        self.mirror = mirror  # a JSON copy of the manifest, for tools that watch a file
        # e5 vectors of every sentence, kept in the cache: the answerer compares them with the
        # question (about as much embedding again as the chunks; see the README's figures)
        self.sentence_vectors = sentence_vectors and cache is not None

    def generation(self, digest: str) -> str:
        """The generation id of a document version under the current chunker and embedder."""
        key = f"{self.chunker.version}|{digest}|{getattr(self.embedder, 'name', '')}"
        return hashlib.sha256(key.encode()).hexdigest()[:12]

    def documents(self) -> dict[str, tuple[DocumentInfo, str]]:
        """The indexed documents by id, each with its live generation."""
        return self.store.documents()

    def begin(self, *, rebuild: bool = False) -> int:
        """Start an ingest: drop everything on `rebuild`; delete chunks a crash left behind.
        Returns how many orphan chunks were deleted."""
        if rebuild:
            self.store.reset()
        return self.store.remove_orphans()

    def write(self, info: DocumentInfo, pages: Sequence[Page], generation: str,
              progress: Callable[[int], Progress] | None = None) -> tuple[int, int]:
        """Index one document version and make it live; (chunks written, texts embedded)."""
        chunks = self.chunker.chunk(info.id, pages, generation)
        info = DocumentInfo(**{**info.__dict__, "chunks": len(chunks)})
        tick = progress(len(chunks)) if progress else None
        vectors, embedded = embed_chunks(chunks, self.embedder, self.cache, self.batch_size, tick)
        if self.sentence_vectors:
            embed_sentences(chunks, self.embedder, self.cache, self.batch_size)
        old_ids = set(self.store.ids_for(info.id))
        self.store.upsert(info, chunks, vectors)  # the new generation: not served yet
        self.store.set_document(info, generation)  # the switch
        self.store.delete_ids(sorted(old_ids - {c.id for c in chunks}))
        return len(chunks), embedded

    def relocate(self, info: DocumentInfo, generation: str) -> None:
        """Record a new folder for an unchanged document (no chunk changes)."""
        self.store.set_document(info, generation)

    def remove(self, document: str) -> None:
        self.store.remove_document(document)

    def finish(self) -> int:
        """End an ingest: mirror the manifest, rebuild the lexical index if the store changed;
        returns the number of chunks in it."""
        if self.mirror is not None:
            save_mirror(self.mirror, (info for info, _ in self.documents().values()))
        return len(self.lexical.refresh())


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


def embed_sentences(chunks: Sequence[Chunk], embedder: Embedder, cache: EmbeddingCache | None,
                    batch_size: int) -> int:
    """Put the e5 vector of every sentence of `chunks` into the cache; how many were new.
    Shortest first, so that a batch pads little."""
    if cache is None:
        return 0
    texts = sorted({s for c in chunks for s in sentences(c.text)}, key=len)
    known = cache.get_many(texts)
    missing = [t for t in texts if t not in known]
    for start in range(0, len(missing), batch_size * 2):
        batch = missing[start : start + batch_size * 2]
        cache.put_many(batch, embedder.embed(batch))
    return len(missing)


def save_mirror(path: Path, infos: Iterable[DocumentInfo]) -> None:
    """Write the manifest's JSON copy atomically (a crash never leaves half of it)."""
    docs = {i.id: {k: v for k, v in i.__dict__.items() if k != "id"}
            for i in sorted(infos, key=lambda i: i.id)}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"documents": docs}, ensure_ascii=False, indent=2), "utf-8")
    tmp.replace(path)
