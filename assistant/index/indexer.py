"""The Indexer: a document's pages -> chunks -> vectors -> the store; the lexical index refreshed
once the store has changed. Built in assistant.wiring; the ingest pipeline (ingest/) finds and
reads the files and feeds it.

Crash safety. An ingest writes a new *index generation* (assistant.index.generations): a copy
of the current one, or an empty one on `--rebuild`, changed document by document, with its own
lexical index; `finish` publishes it with one atomic write. Until then servers read the
previous generation untouched, and a killed ingest leaves only a folder the next run deletes.
Inside a generation, each document version has its own content hash (part of each chunk id) and
the manifest says which is live, so unchanged documents cost nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from assistant.index.embedding import Embedder, EmbeddingCache
from assistant.index.shared_vectors import VectorCache
from assistant.index.vectors import Progress, embed_chunks, pooled_vectors
from assistant.models import Chunk, DocumentInfo, Page

if TYPE_CHECKING:
    from assistant.index.live import Build, LiveIndex
    from assistant.index.store import ChromaStore


class Chunker(Protocol):
    """Cuts a document's pages into chunks (ingest.chunking.Chunker is the one in use)."""

    version: str  # changes whenever the chunks it makes from the same pages change

    def chunk(self, document: str, pages: Sequence[Page], generation: str) -> list[Chunk]:
        """The chunks of `pages`, in order, each carrying `generation`."""
        ...


class Indexer:
    """Owns what an ingest writes: chunks, the embedding cache, the store and the lexical index."""

    def __init__(self, index: LiveIndex, embedder: Embedder, chunker: Chunker, *,
                 cache: EmbeddingCache | None = None, batch_size: int = 16,
                 mirror: Path | None = None, sentence_vectors: bool = True,
                 shared: VectorCache | None = None) -> None:
        self.index = index
        self.embedder = embedder
        self.chunker = chunker
        self.cache = cache
        self.batch_size = batch_size
        self.mirror = mirror  # a JSON copy of the manifest, for tools that watch a file
        # e5 vectors of every sentence, kept in the cache: the answerer compares them with the
        # question, and each chunk's vector is pooled from them (assistant.index.vectors)
        self.sentence_vectors = sentence_vectors
        self.shared = shared  # where other instances read them: the Chroma server, if any
        self._build: Build | None = None
        self._lock: ExitStack | None = None

    @property
    def store(self) -> ChromaStore:
        """The store being written: the new generation's (between `begin` and `finish`)."""
        if self._build is None:
            raise RuntimeError("Indexer.begin() first: writes go to a new index generation")
        return self._build.store

    def generation(self, digest: str) -> str:
        """The generation id of a document version under the current chunker and embedder."""
        pooled = "|pooled from sentences" if self.sentence_vectors else ""
        key = f"{self.chunker.version}|{digest}|{getattr(self.embedder, 'name', '')}{pooled}"
        return hashlib.sha256(key.encode()).hexdigest()[:12]

    def documents(self) -> dict[str, tuple[DocumentInfo, str]]:
        """The documents of the generation being built (else of the current one), by id, each
        with its content generation."""
        return (self._build.store if self._build else self.index.store).documents()

    def begin(self, *, rebuild: bool = False) -> int:
        """Start an ingest: take the ingest lock, delete what killed ingests left, and start a
        new generation (a copy of the current one, empty on `rebuild`). Returns how many orphan
        chunks (of an older kind of crash) were deleted from the copy."""
        from assistant.index.live import Build

        self.abort()
        stack = ExitStack()
        stack.enter_context(self.index.layout.ingest_lock())
        try:
            self.index.layout.cleanup(keep=set())
            self._build = Build(self.index.layout, rebuild=rebuild)
        except BaseException:
            stack.close()
            raise
        self._lock = stack
        return self.store.remove_orphans()

    def abort(self) -> None:
        """Drop an unfinished generation (an ingest that failed); the current one stays."""
        if self._build is not None:
            self._build.abort()
            self._build = None
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def write(self, info: DocumentInfo, pages: Sequence[Page], generation: str,
              progress: Callable[[int], Progress] | None = None) -> tuple[int, int]:
        """Index one document version and make it live; (chunks written, texts embedded)."""
        chunks = self.chunker.chunk(info.id, pages, generation)
        info = DocumentInfo(**{**info.__dict__, "chunks": len(chunks)})
        tick = progress(len(chunks)) if progress else None
        if self.sentence_vectors:
            vectors, embedded = pooled_vectors(chunks, self.embedder, self.cache,
                                               self.batch_size * 2, self.shared, tick)
        else:
            vectors, embedded = embed_chunks(chunks, self.embedder, self.cache, self.batch_size,
                                             tick)
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
        """End an ingest: build the new generation's lexical index, publish the generation (one
        atomic write), mirror the manifest; returns the number of chunks in the lexical index."""
        build = self._build
        if build is None:
            raise RuntimeError("Indexer.begin() first")
        try:
            chunks = len(build.lexical.refresh())
            infos = [info for info, _ in build.store.documents().values()]
            build.publish()
        except BaseException:
            self.abort()
            raise
        self._build = None
        if self._lock is not None:
            self._lock.close()
            self._lock = None
        if self.mirror is not None:
            save_mirror(self.mirror, infos)
        return chunks


def save_mirror(path: Path, infos: Iterable[DocumentInfo]) -> None:
    """Write the manifest's JSON copy atomically (a crash never leaves half of it)."""
    docs = {i.id: {k: v for k, v in i.__dict__.items() if k != "id"}
            for i in sorted(infos, key=lambda i: i.id)}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"documents": docs}, ensure_ascii=False, indent=2), "utf-8")
    tmp.replace(path)
