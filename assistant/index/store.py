"""The vector store: Chroma, embedded (a folder) or a server (`chroma run`). Same code for both."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlparse

import numpy as np

from assistant.errors import BackendUnavailableError
from assistant.index.exact import ExactSearch
from assistant.models import Chunk, DocumentInfo, Passage

_BATCH = 1000  # stay well under Chroma's max batch size
# Up to this many chunks (live or not) the dense search is exact (assistant.index.exact): the
# bundled corpus has 1,187; an archive beyond it uses Chroma's approximate HNSW search.
_EXACT_UPTO = 5_000
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


class Collections(NamedTuple):
    """One generation's two Chroma collections: the chunks and the manifest."""

    chunks: Any
    manifest: Any


def open_collections(client: Any, names: tuple[str, str]) -> Collections:
    """The chunk and manifest collections called `names`, created when missing."""
    chunks = client.get_or_create_collection(
        names[0], metadata={"hnsw:space": "cosine"}, embedding_function=None)
    return Collections(chunks, client.get_or_create_collection(names[1], embedding_function=None))


# Gives the collections to use for one call (None: nothing indexed yet), held while in use.
Source = Callable[[], AbstractContextManager[Collections | None]]


class ChromaStore:
    """Chunks with their embeddings in one Chroma collection, and a manifest in a second one,
    of one index generation (see assistant.index.generations).

    The manifest collection holds one record per document: its info and its `generation` (a
    hash of its content, the chunker and the embedder). Chunks of any other generation are
    invisible to `query` and `get_all`, and `remove_orphans` deletes them.

    `source` says which generation a call works on: a fixed one (what an ingest builds) or the
    current one, held for the call (what a server reads: `LiveIndex.store`).
    """

    def __init__(self, source: Source) -> None:
        self._source = source
        self._exact = ExactSearch()

    @classmethod
    def fixed(cls, collections: Collections) -> ChromaStore:
        """A store on one generation's collections, for as long as they exist."""
        return cls(lambda: contextlib.nullcontext(collections))

    def count(self) -> int:
        """Chunks in the collection, live or not (see `live_count`)."""
        with self._source() as cols:
            return int(cols.chunks.count()) if cols else 0

    # --- the manifest -------------------------------------------------------------------
    def documents(self) -> dict[str, tuple[DocumentInfo, str]]:
        """Indexed documents by id, each with its live generation."""
        with self._source() as cols:
            return _documents(cols) if cols else {}

    def set_document(self, info: DocumentInfo, generation: str) -> None:
        """Make `generation` the live one for `info.id` (one atomic record write)."""
        meta = {k: v for k, v in info.__dict__.items() if k != "id" and v is not None}
        meta["generation"] = generation
        with self._source() as cols:
            _need(cols).manifest.upsert(ids=[info.id], embeddings=[[1.0]], metadatas=[meta])

    def remove_document(self, document: str) -> None:
        """Take a document out: manifest record first (it disappears at once), then chunks."""
        with self._source() as cols:
            _need(cols).manifest.delete(ids=[document])
            _need(cols).chunks.delete(where={"document": document})

    def live_generations(self) -> list[str]:
        with self._source() as cols:
            return _live_generations(cols) if cols else []

    def version(self) -> object:
        """Chunk count and live generations: changes whenever the live chunks do."""
        with self._source() as cols:
            return (int(cols.chunks.count()), tuple(_live_generations(cols))) if cols else None

    # --- chunks ---------------------------------------------------------------------------
    def upsert(self, info: DocumentInfo, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        """Write chunks; invisible until `set_document` makes their generation live."""
        with self._source() as cols:
            for start in range(0, len(chunks), _BATCH):
                part = chunks[start : start + _BATCH]
                _need(cols).chunks.upsert(
                    ids=[c.id for c in part],
                    embeddings=vectors[start : start + len(part)].tolist(),
                    documents=[c.text for c in part],
                    metadatas=[_metadata(info, c) for c in part],
                )

    def ids_for(self, document: str) -> list[str]:
        with self._source() as cols:
            return list(_need(cols).chunks.get(where={"document": document}, include=[])["ids"])

    def delete_ids(self, ids: Sequence[str]) -> None:
        with self._source() as cols:
            for start in range(0, len(ids), _BATCH):
                _need(cols).chunks.delete(ids=list(ids[start : start + _BATCH]))

    def delete_document(self, document: str) -> None:
        self.remove_document(document)

    def remove_orphans(self) -> int:
        """Delete chunks that no manifest record makes live (left by a crash); how many."""
        with self._source() as cols:
            if cols is None:
                return 0
            live = {(doc, gen) for doc, (_, gen) in _documents(cols).items()}
            got = _get_paged(cols.chunks, None, ["metadatas"])
            orphans = [
                id_ for id_, meta in zip(got["ids"], got["metadatas"] or [], strict=True)
                if (meta.get("document"), meta.get("generation")) not in live
            ]
        self.delete_ids(orphans)
        return len(orphans)

    def live_count(self) -> int:
        with self._source() as cols:
            where = _live_where(cols) if cols else None
            return len(_get_paged(cols.chunks, where, [])["ids"]) if cols and where else 0

    def get_all(self) -> tuple[list[str], list[str], list[dict[str, Any]]]:
        """Every live chunk's id, text and metadata (for the lexical index and listings)."""
        with self._source() as cols:
            where = _live_where(cols) if cols else None
            if cols is None or where is None:
                return [], [], []
            got = _get_paged(cols.chunks, where, ["documents", "metadatas"])
        return list(got["ids"]), list(got["documents"] or []), list(got["metadatas"] or [])

    def query(self, vector: np.ndarray, k: int, where: dict | None = None) -> list[Passage]:
        """The `k` nearest live chunks to `vector`, best first; score is cosine similarity."""
        with self._source() as cols:
            live_where = _live_where(cols, where) if cols else None
            if cols is None or live_where is None or cols.chunks.count() == 0:
                return []
            total = cols.chunks.count()
            if total > _EXACT_UPTO:
                res = cols.chunks.query(
                    query_embeddings=[vector.tolist()], n_results=k, where=live_where,
                    include=["documents", "metadatas", "distances"],
                )
                rows = list(zip(res["ids"][0], res["documents"][0], res["metadatas"][0],
                                res["distances"][0], strict=True))
            else:
                rows = _exact(cols, self._exact, vector, k, live_where)
        return [passage_from(id_, text, meta, 1.0 - float(dist))
                for id_, text, meta, dist in rows]


def _exact(cols: Collections, search: ExactSearch, vector: np.ndarray, k: int, where: dict
           ) -> list:
    """The `k` nearest by visiting every chunk (see assistant.index.exact): ids and distances
    first, then the `k` best are read."""
    ids = _get_paged(cols.chunks, where, [])["ids"]  # metadata only: no texts, no vectors
    best = search.nearest(cols.chunks, ids, vector, k)
    if not best:
        return []
    got = cols.chunks.get(ids=[i for i, _ in best], include=["documents", "metadatas"])
    found = {i: (t, m) for i, t, m in zip(got["ids"], got["documents"], got["metadatas"],
                                          strict=True)}
    return [(i, *found[i], d) for i, d in best if i in found]


def _need(cols: Collections | None) -> Collections:
    if cols is None:
        raise BackendUnavailableError("No index generation is open for writing.")
    return cols


def _documents(cols: Collections) -> dict[str, tuple[DocumentInfo, str]]:
    got = cols.manifest.get(include=["metadatas"])
    out: dict[str, tuple[DocumentInfo, str]] = {}
    for id_, meta in zip(got["ids"], got["metadatas"] or [], strict=True):
        fields = {k: meta.get(k) for k in _INFO_FIELDS if meta.get(k) is not None}
        out[id_] = (DocumentInfo(id=id_, **fields), str(meta.get("generation", "")))
    return out


def _live_generations(cols: Collections) -> list[str]:
    return sorted({gen for _, gen in _documents(cols).values()})


def _live_where(cols: Collections, where: dict | None = None) -> dict | None:
    gens = _live_generations(cols)
    if not gens:
        return None
    live = {"generation": {"$in": gens}}
    return {"$and": [where, live]} if where else live


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


def _get_paged(collection: Any, where: dict | None, include: list[str]) -> dict[str, list]:
    """`collection.get` in pages of _PAGE rows (a large corpus is more than one get may
    return): ids and the `include`d fields as lists."""
    out: dict[str, list] = {"ids": [], "documents": [], "metadatas": []}
    offset = 0
    while True:
        got = collection.get(where=where, include=include, limit=_PAGE, offset=offset)
        for key in out:
            out[key].extend(got.get(key) or [])
        if len(got["ids"]) < _PAGE:
            return out
        offset += _PAGE
