"""What the read side needs of a chunk store: the contract every store passes
(tests/index/test_store_contract.py runs it on the embedded store and a real `chroma run`)."""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np

from assistant.models import DocumentInfo, Passage


class ChunkStore(Protocol):
    def query(self, vector: np.ndarray, k: int, where: dict | None = None) -> list[Passage]:
        """The `k` live chunks nearest to `vector`, best first (score: cosine similarity)."""
        ...

    def get_all(self) -> tuple[list[str], list[str], list[dict[str, Any]]]:
        """Every live chunk's id, text and metadata."""
        ...

    def documents(self) -> dict[str, tuple[DocumentInfo, str]]:
        """The indexed documents by id, each with its live content generation."""
        ...

    def version(self) -> object:
        """A cheap value that changes whenever the live chunks do."""
        ...
