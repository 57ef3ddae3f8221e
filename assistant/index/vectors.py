"""How chunks get their vectors: from their sentences (the default), or each chunk embedded whole.

The answerer compares the question with an e5 vector of every sentence. Those sentences are the
chunks' text again, so embedding both would cost the embedder twice. By default a chunk's vector
is therefore the mean of its sentences' vectors, weighted by their length and normalised: one
pass of the embedder serves retrieval and the answerer. On the dev split, with the answerer's
weights unchanged, hit@5 was 90% against 91% with chunks embedded whole, right fact 30% against
29%, English questions alike (README, "Sentence vectors at ingest"). Dense retrieval *alone* is
weaker with pooled vectors (bench/retrieval.py shows each leg); the lexical leg and the
re-ranker make up for it.

Every vector goes to the embedding cache as soon as its batch is done (a killed ingest keeps
its work), and to the `shared` store when the index is on a Chroma server.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from assistant.index.embedding import Embedder, EmbeddingCache
from assistant.index.shared_vectors import VectorCache
from assistant.language.sentences import sentences
from assistant.models import Chunk

Progress = Callable[[int], None]


def chunk_sentences(chunk: Chunk) -> list[str]:
    """The sentences a chunk's vector is pooled from (the chunk itself when it has none)."""
    return sentences(chunk.text) or [chunk.text]


def pooled_vectors(
    chunks: Sequence[Chunk], embedder: Embedder, cache: VectorCache | None, batch_size: int,
    shared: VectorCache | None = None, tick: Progress | None = None,
) -> tuple[np.ndarray, int]:
    """Each chunk's vector, pooled from its sentences' vectors (embedded where neither the
    cache nor the shared store has them); and how many chunks needed the embedder. Without a
    cache the sentence vectors live only for this call (the chunk vectors are the same)."""
    if cache is None:
        cache = _Memory()
    parts = [chunk_sentences(c) for c in chunks]
    found = _known(list(dict.fromkeys(s for p in parts for s in p)), cache, shared)
    batch: list[str] = []
    waiting = embedded = 0

    def flush() -> None:
        nonlocal batch, waiting
        if batch:
            vectors = embedder.embed(batch)
            cache.put_many(batch, vectors)  # committed per batch: a kill keeps finished work
            if shared is not None:
                shared.put_many(batch, vectors)
            found.update(zip(batch, vectors, strict=True))
        if tick and waiting:
            tick(waiting)
        batch, waiting = [], 0

    queued: set[str] = set()
    for part in parts:  # in chunk order, so that progress counts chunks as they are done
        new = [s for s in dict.fromkeys(part) if s not in found and s not in queued]
        queued.update(new)
        batch += new
        waiting += 1
        embedded += bool(new)
        if len(batch) >= batch_size:
            flush()
    flush()
    if not chunks:
        return np.zeros((0, 0), dtype=np.float32), 0
    return np.stack([_pool(p, found) for p in parts]).astype(np.float32), embedded


def _pool(part: list[str], found: dict[str, np.ndarray]) -> np.ndarray:
    weights = np.array([len(s) for s in part], dtype=np.float64)
    mean = weights @ np.stack([found[s] for s in part]).astype(np.float64)
    return mean / max(float(np.linalg.norm(mean)), 1e-12)


class _Memory:
    """A cache that forgets: for an Indexer built without one."""

    def __init__(self) -> None:
        self._vectors: dict[str, np.ndarray] = {}

    def get_many(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        return {t: self._vectors[t] for t in texts if t in self._vectors}

    def put_many(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        self._vectors.update(zip(texts, vectors, strict=True))


def _known(texts: list[str], cache: VectorCache,
           shared: VectorCache | None) -> dict[str, np.ndarray]:
    """The vectors the shared store or the cache already has; what only the cache had is
    copied to the shared store (an index moved to a server, another instance's cache)."""
    found = shared.get_many(texts) if shared is not None else {}
    local = cache.get_many([t for t in texts if t not in found])
    if shared is not None and local:
        shared.put_many(list(local), np.stack(list(local.values())))
    return {**found, **local}


def embed_chunks(
    chunks: Sequence[Chunk], embedder: Embedder, cache: EmbeddingCache | None, batch_size: int,
    tick: Progress | None = None,
) -> tuple[np.ndarray, int]:
    """Vectors for `chunks` embedded whole (cache first); and how many the embedder embedded.
    Used when sentence vectors are off (ASSISTANT_SENTENCE_VECTORS=false)."""
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
