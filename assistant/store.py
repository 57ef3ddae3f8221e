"""The vector store: Chroma, embedded (a folder) or a server (`chroma run`). Same code for both."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from assistant.errors import BackendUnavailableError
from assistant.models import Chunk, DocumentInfo, Passage

_BATCH = 1000  # stay well under Chroma's max batch size


def make_client(index_dir: Path, chroma_url: str | None) -> Any:
    """A Chroma client: HTTP when `chroma_url` is set, else a PersistentClient in `index_dir`."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if chroma_url:
        url = urlparse(chroma_url)
        try:
            return chromadb.HttpClient(
                host=url.hostname or "localhost",
                port=url.port or (443 if url.scheme == "https" else 8000),
                ssl=url.scheme == "https",
                settings=chroma_settings,
            )
        except Exception as exc:  # chromadb raises plain ValueError/ConnectionError here
            raise BackendUnavailableError(
                f"Cannot reach the Chroma server at {chroma_url} ({exc}). Start it with "
                "`chroma run --path data/chroma` or unset ASSISTANT_CHROMA_URL."
            ) from exc
    index_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(index_dir), settings=chroma_settings)


class ChromaStore:
    """Chunks with their embeddings and metadata in one Chroma collection."""

    def __init__(self, client: Any, collection: str) -> None:
        self._client = client
        self._name = collection
        self._col = client.get_or_create_collection(
            collection, metadata={"hnsw:space": "cosine"}, embedding_function=None
        )

    def count(self) -> int:
        return int(self._col.count())

    def upsert(self, info: DocumentInfo, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        """Write a document's chunks; ids are stable so a re-run overwrites, never duplicates."""
        for start in range(0, len(chunks), _BATCH):
            part = chunks[start : start + _BATCH]
            self._col.upsert(
                ids=[c.id for c in part],
                embeddings=vectors[start : start + len(part)].tolist(),
                documents=[c.text for c in part],
                metadatas=[_metadata(info, c) for c in part],
            )

    def ids_for(self, document: str) -> list[str]:
        got = self._col.get(where={"document": document}, include=[])
        return list(got["ids"])

    def delete_ids(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), _BATCH):
            self._col.delete(ids=list(ids[start : start + _BATCH]))

    def delete_document(self, document: str) -> None:
        self._col.delete(where={"document": document})

    def get_all(self) -> tuple[list[str], list[str], list[dict[str, Any]]]:
        """Every chunk's id, text and metadata (for the lexical index and document listings)."""
        got = self._col.get(include=["documents", "metadatas"])
        return list(got["ids"]), list(got["documents"] or []), list(got["metadatas"] or [])

    def query(self, vector: np.ndarray, k: int, where: dict | None = None) -> list[Passage]:
        """The `k` nearest chunks to `vector`, best first; score is cosine similarity."""
        if self.count() == 0:
            return []
        res = self._col.query(
            query_embeddings=[vector.tolist()],
            n_results=k,
            where=where or None,
            include=["documents", "metadatas", "distances"],
        )
        return [
            passage_from(id_, text, meta, 1.0 - float(dist))
            for id_, text, meta, dist in zip(
                res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0],
                strict=True,
            )
        ]


def _metadata(info: DocumentInfo, chunk: Chunk) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "document": info.id,
        "title": info.title,
        "source": info.source,
        "position": chunk.position,
    }
    # Chroma metadata cannot hold None: leave unknown fields out.
    for key, value in (
        ("page", chunk.page),
        ("section", chunk.section),
        ("publisher", info.publisher),
        ("year", info.year),
    ):
        if value is not None:
            meta[key] = value
    return meta


def passage_from(id_: str, text: str, meta: dict[str, Any], score: float) -> Passage:
    """Build a Passage from what Chroma stores."""
    return Passage(
        id=id_,
        document=str(meta.get("document", "")),
        title=str(meta.get("title", "")),
        text=text,
        score=round(score, 4),
        page=int(meta["page"]) if meta.get("page") is not None else None,
        section=meta.get("section"),
        publisher=meta.get("publisher"),
        year=int(meta["year"]) if meta.get("year") is not None else None,
    )
