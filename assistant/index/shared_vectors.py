"""Sentence vectors that every instance on one Chroma server can read.

The answerer compares the question with an e5 vector of every candidate sentence, made at ingest
(assistant.index.vectors.pooled_vectors). On one machine they live in the embedding cache
beside the index. When the index lives on a Chroma server, an API instance on another machine
has an empty cache: without the vectors in the server, its answers would lose their strongest
feature and differ from the instance that ingested. So with `ASSISTANT_CHROMA_URL` the vectors
are also written to a Chroma collection, keyed like the cache (model and text), and read through
the local cache (`TieredVectors`).

The collection is content-addressed, not per generation: a vector depends only on the model and
the sentence, so every generation reads the same one. Vectors of sentences no longer indexed
stay (about 1.5 kB each); deleting the collection is always safe (the next ingest refills it).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from assistant.errors import BackendUnavailableError
from assistant.index.embedding import Embedder, vector_key

log = logging.getLogger(__name__)

_PAGE = 500  # ids per get(): a few hundred keep each request small on a remote server
_BATCH = 1000


class VectorCache(Protocol):
    """Vectors by text: what the embedding cache and a shared store both offer."""

    def get_many(self, texts: Sequence[str]) -> dict[str, np.ndarray]: ...

    def put_many(self, texts: Sequence[str], vectors: np.ndarray) -> None: ...


class ChromaVectors:
    """Sentence vectors in one Chroma collection per embedding model."""

    def __init__(self, client: Any, model: str, prefix: str = "sentence-vectors") -> None:
        self._model = model
        name = f"{prefix}-{hashlib.sha256(model.encode()).hexdigest()[:16]}"
        try:
            self._collection = client.get_or_create_collection(
                name, metadata={"hnsw:space": "cosine", "model": model},
                embedding_function=None)
        except Exception as exc:  # chromadb raises plain errors for a server that went away
            raise BackendUnavailableError(
                f"Cannot open the sentence vectors ({name}) on the Chroma server ({exc}). "
                "Check that `chroma run` is up and ASSISTANT_CHROMA_URL points at it.") from exc

    def get_many(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        keys = {vector_key(self._model, t): t for t in texts}
        found: dict[str, np.ndarray] = {}
        items = list(keys)
        for start in range(0, len(items), _PAGE):
            got = self._collection.get(ids=items[start : start + _PAGE], include=["embeddings"])
            for key, vector in zip(got["ids"], got["embeddings"], strict=True):
                found[keys[key]] = np.asarray(vector, dtype=np.float32)
        return found

    def put_many(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        ids = [vector_key(self._model, t) for t in texts]
        rows = np.asarray(vectors, dtype=np.float32)
        for start in range(0, len(ids), _BATCH):
            self._collection.upsert(ids=ids[start : start + _BATCH],
                                    embeddings=rows[start : start + _BATCH])

    def __len__(self) -> int:
        return int(self._collection.count())


class TieredVectors:
    """The local cache first, then the shared store; what only the store had is kept locally,
    so an instance asks the server for each sentence once."""

    def __init__(self, near: VectorCache, far: VectorCache) -> None:
        self.near = near
        self.far = far

    def get_many(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        found = self.near.get_many(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            got = self.far.get_many(missing)
            if got:
                self.near.put_many(list(got), np.asarray(list(got.values())))
                found.update(got)
        return found

    def put_many(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        self.far.put_many(texts, vectors)
        self.near.put_many(texts, vectors)


class OnDemandVectors:
    """Vectors that are missing are embedded when asked for, and stored.

    The ingest stores a vector for every sentence, so normally nothing is embedded here. But a
    cache is a folder people delete, and an instance may start before its cache is copied:
    without this, the answerer would quietly score every sentence without its strongest
    feature and refuse most questions. With it, the first question after such a loss embeds
    its candidate sentences (about 60, a second or two on 2 cores), and later ones find them.
    """

    def __init__(self, store: VectorCache, embedder: Embedder, batch_size: int = 32) -> None:
        self.store = store
        self.embedder = embedder
        self.batch_size = batch_size

    def get_many(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        found = self.store.get_many(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in found]
        if missing:
            log.warning("%d sentence vectors were missing from the store; embedding them "
                        "again (was the embedding cache deleted, or not copied to this "
                        "instance?)", len(missing))
        for start in range(0, len(missing), self.batch_size):
            batch = missing[start : start + self.batch_size]
            vectors = self.embedder.embed(batch)
            self.store.put_many(batch, vectors)
            found.update(zip(batch, vectors, strict=True))
        return found
