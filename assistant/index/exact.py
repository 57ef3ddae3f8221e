"""Exact nearest chunks for an index small enough to visit every chunk (numpy, not HNSW).

Chroma's HNSW graph differs from build to build, and a node can be left out of it: on one build
of the bundled corpus, a query for all 1,187 chunks returned 1,186, without the chunk that names
the unit head (`Ansvarig enhetschef ... Ann Holmberg`), even when asked with that chunk's own
vector. The same question was then answered on one machine and refused on another. Here the
live chunk ids come from Chroma's metadata (the store reads them, a few ms), their vectors from
a cache filled once, and the cosine of each is computed: the same answer on every build.

A chunk id names its document's generation (content, chunker and embedder), so a cached vector
never goes stale; ids no longer live are dropped when the cache outgrows the index.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

_BATCH = 1000  # vectors per get(), under Chroma's max batch size


class ExactSearch:
    """Cosine distances from a query to every live chunk of a collection, best first."""

    def __init__(self) -> None:
        self._vectors: dict[str, np.ndarray] = {}
        self._stacked: tuple[list[str], list[str], np.ndarray] = ([], [], np.empty((0, 0)))
        self._lock = threading.Lock()

    def nearest(self, collection: Any, ids: list[str], vector: np.ndarray, k: int
                ) -> list[tuple[str, float]]:
        """The `k` of the chunks `ids` (the live ones, read by the caller) nearest to `vector`:
        (id, cosine distance), nearest first, ties by id."""
        if not ids or k <= 0:
            return []
        ids, matrix = self._matrix(collection, ids)
        if not ids:
            return []
        query = np.asarray(vector, dtype=np.float32)
        query = query / (np.linalg.norm(query) or 1.0)
        distances = 1.0 - matrix @ query
        order = np.lexsort((np.array(ids), distances))[:k]
        return [(ids[i], float(distances[i])) for i in order]

    def _matrix(self, collection: Any, ids: list[str]) -> tuple[list[str], np.ndarray]:
        """The ids that still exist (a concurrent ingest may delete some) and their vectors,
        stacked once while the live ids stay the same."""
        with self._lock:
            asked, present, matrix = self._stacked
            if asked == ids:
                return present, matrix
            missing = [i for i in ids if i not in self._vectors]
            for start in range(0, len(missing), _BATCH):
                got = collection.get(ids=missing[start:start + _BATCH], include=["embeddings"])
                for id_, emb in zip(got["ids"], got["embeddings"], strict=True):
                    v = np.asarray(emb, dtype=np.float32)
                    self._vectors[id_] = v / (np.linalg.norm(v) or 1.0)
            if len(self._vectors) > 2 * len(ids) + _BATCH:  # drop what is no longer live
                keep = set(ids)
                self._vectors = {i: v for i, v in self._vectors.items() if i in keep}
            present = [i for i in ids if i in self._vectors]
            matrix = np.stack([self._vectors[i] for i in present]) if present \
                else np.empty((0, 0))
            if len(present) == len(ids):  # a deleted id is asked for again next time
                self._stacked = (ids, present, matrix)
            return present, matrix
