"""The vector store: Chroma, embedded (a folder) or a server (`chroma run`). Same code for both."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

import numpy as np

from assistant.errors import BackendUnavailableError
from assistant.models import Chunk, DocumentInfo, Passage

T = TypeVar("T")
_BATCH = 1000  # stay well under Chroma's max batch size
_PAGE = 10_000  # rows per get(): one get of over ~32,000 rows fails in SQLite (bench/scale.py)


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


def reopen_client(index_dir: Path) -> Any:
    """A new embedded client on `index_dir`, which reads what another process (an `assistant
    ingest` while `assistant serve` runs) wrote since this process opened it.

    Chroma keeps one client system per folder and process, and its vector index in memory; after
    another process has changed the folder, a query on the old one fails (`Error finding id`).
    """
    from chromadb.api.shared_system_client import SharedSystemClient

    # The old system is left to the requests still using it; the next client gets a new one.
    SharedSystemClient._identifier_to_system.pop(str(index_dir), None)
    return make_client(index_dir, None)


class ChromaStore:
    """Chunks with their embeddings in one Chroma collection, and a manifest in a second one.

    The manifest collection holds one record per document: its info and its live `generation`.
    It is the source of truth: chunks of any other generation are invisible to `query` and
    `get_all`, so a document is switched from old to new chunks by one atomic record write,
    and a crash can leave only orphans, which `remove_orphans` deletes on the next ingest.
    Keeping it in Chroma makes server mode (`ASSISTANT_CHROMA_URL`) work like embedded mode.
    """

    def __init__(self, client: Any, collection: str,
                 reopen: Callable[[], Any] | None = None) -> None:
        self._client = client
        self._name = collection
        self._reopen = reopen  # embedded mode: a fresh client after another process wrote
        self._col = client.get_or_create_collection(
            collection, metadata={"hnsw:space": "cosine"}, embedding_function=None
        )
        self._docs = client.get_or_create_collection(
            f"{collection}-manifest", embedding_function=None
        )

    def _read(self, op: Callable[[], T]) -> T:
        """Run a read; in embedded mode, when it fails because another process (an `assistant
        ingest`, even `--rebuild`) changed the folder since this one opened it (a stale vector
        index: `Error finding id`; a collection re-created: `does not exist`), re-open and run
        it once more."""
        try:
            return op()
        except Exception as exc:  # chromadb raises InternalError, NotFoundError, ...
            if self._reopen is None:
                raise
            self.__init__(self._reopen(), self._name, self._reopen)  # type: ignore[misc]
            try:
                return op()
            except Exception:
                raise BackendUnavailableError(
                    f"The index could not be read after another process changed it ({exc}). "
                    "Restart `assistant serve`."
                ) from exc

    def count(self) -> int:
        """Chunks in the collection, live or not (see `live_count`)."""
        return int(self._read(lambda: self._col.count()))

    # --- the manifest -------------------------------------------------------------------
    def documents(self) -> dict[str, tuple[DocumentInfo, str]]:
        """Indexed documents by id, each with its live generation."""
        got = self._read(lambda: self._docs.get(include=["metadatas"]))
        out: dict[str, tuple[DocumentInfo, str]] = {}
        for id_, meta in zip(got["ids"], got["metadatas"] or [], strict=True):
            fields = {k: meta.get(k) for k in _INFO_FIELDS if meta.get(k) is not None}
            out[id_] = (DocumentInfo(id=id_, **fields), str(meta.get("generation", "")))
        return out

    def set_document(self, info: DocumentInfo, generation: str) -> None:
        """Make `generation` the live one for `info.id` (one atomic record write)."""
        meta = {k: v for k, v in info.__dict__.items() if k != "id" and v is not None}
        meta["generation"] = generation
        self._docs.upsert(ids=[info.id], embeddings=[[1.0]], metadatas=[meta])

    def remove_document(self, document: str) -> None:
        """Take a document out: manifest record first (it disappears at once), then chunks."""
        self._docs.delete(ids=[document])
        self._col.delete(where={"document": document})

    def live_generations(self) -> list[str]:
        return sorted({gen for _, gen in self.documents().values()})

    def _live_where(self, where: dict | None = None) -> dict | None:
        gens = self.live_generations()
        live = {"generation": {"$in": gens}} if gens else None
        if live is None:
            return None
        return {"$and": [where, live]} if where else live

    # --- chunks ---------------------------------------------------------------------------
    def upsert(self, info: DocumentInfo, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        """Write chunks; invisible until `set_document` makes their generation live."""
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
        self.remove_document(document)

    def remove_orphans(self) -> int:
        """Delete chunks that no manifest record makes live (left by a crash); how many."""
        live = {(doc, gen) for doc, (_, gen) in self.documents().items()}
        got = self._get_paged(None, ["metadatas"])
        orphans = [
            id_ for id_, meta in zip(got["ids"], got["metadatas"] or [], strict=True)
            if (meta.get("document"), meta.get("generation")) not in live
        ]
        self.delete_ids(orphans)
        return len(orphans)

    def live_count(self) -> int:
        where = self._live_where()
        return len(self._get_paged(where, [])["ids"]) if where else 0

    def reset(self) -> None:
        """Drop every chunk and manifest record (`assistant ingest --rebuild`)."""
        for name in (self._name, f"{self._name}-manifest"):
            # Absent already is fine; chromadb raises several exception types for it.
            with contextlib.suppress(Exception):
                self._client.delete_collection(name)
        self.__init__(self._client, self._name, self._reopen)  # type: ignore[misc]

    def get_all(self) -> tuple[list[str], list[str], list[dict[str, Any]]]:
        """Every live chunk's id, text and metadata (for the lexical index and listings)."""
        where = self._live_where()
        if where is None:
            return [], [], []
        got = self._read(lambda: self._get_paged(where, ["documents", "metadatas"]))
        return got["ids"], got["documents"], got["metadatas"]

    def _get_paged(self, where: dict | None, include: list[str]) -> dict[str, list]:
        """`collection.get` in pages of _PAGE rows: ids and the `include`d fields as lists."""
        out: dict[str, list] = {"ids": [], "documents": [], "metadatas": []}
        offset = 0
        while True:
            got = self._col.get(where=where, include=include, limit=_PAGE, offset=offset)
            for key in out:
                out[key].extend(got.get(key) or [])
            if len(got["ids"]) < _PAGE:
                return out
            offset += _PAGE

    def query(self, vector: np.ndarray, k: int, where: dict | None = None) -> list[Passage]:
        """The `k` nearest live chunks to `vector`, best first; score is cosine similarity."""
        res = self._read(lambda: self._nearest(vector, k, where))
        if res is None:
            return []
        return [
            passage_from(id_, text, meta, 1.0 - float(dist))
            for id_, text, meta, dist in zip(
                res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0],
                strict=True,
            )
        ]

    def _nearest(self, vector: np.ndarray, k: int, where: dict | None) -> dict[str, Any] | None:
        live_where = self._live_where(where)  # again on a retry: an ingest changes generations
        if live_where is None or self._col.count() == 0:
            return None
        return self._col.query(
            query_embeddings=[vector.tolist()],
            n_results=k,
            where=live_where,
            include=["documents", "metadatas", "distances"],
        )


_INFO_FIELDS = ("title", "source", "publisher", "year", "pages", "chunks", "sha256", "folder")


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
        ("chapter", chunk.chapter),
        ("caption", chunk.caption),
        ("generation", chunk.generation or None),
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
        chapter=meta.get("chapter"),
        publisher=meta.get("publisher"),
        year=int(meta["year"]) if meta.get("year") is not None else None,
    )
