"""The lexical leg of retrieval: BM25 over every chunk, with Swedish stemming and number tokens.

Built from the store (`ChromaStore.get_all()`) at the end of ingest and kept on disk beside Chroma
(`<index_dir>/lexical/`), loaded once per process. It records a fingerprint of what it was built
from; when the store has changed since (another ingest, a crash half-way), it is rebuilt once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.index.store import ChromaStore, passage_from
from assistant.language.terms import analyse
from assistant.models import Passage

FORMAT = 7  # bump when tokens or files change: older indexes are then rebuilt
_POINTER = "lexical.json"
_LETTERS = re.compile(r"[^\W\d_]+")

def fingerprint(
    ids: Sequence[str], texts: Sequence[str], metas: Sequence[dict[str, Any]]
) -> str:
    """What the lexical index must match: every chunk's id, text and metadata, in id order.

    Computed from the store itself (not from ingest's bookkeeping), so any change to the store,
    however it was made, makes a saved index stale.
    """
    digest = hashlib.sha256(f"v{FORMAT}".encode())
    for i in sorted(range(len(ids)), key=ids.__getitem__):
        meta = json.dumps(metas[i], sort_keys=True, ensure_ascii=False, default=str)
        digest.update(f"{ids[i]}\0{texts[i]}\0{meta}\0".encode())
    return digest.hexdigest()


@dataclass
class _Chunks:
    ids: list[str]
    texts: list[str]
    metas: list[dict[str, Any]]


class LexicalIndex:
    """BM25 (bm25s) over chunk texts with their titles; filterable by document, publisher, year."""

    def __init__(self, bm25: Any, chunks: _Chunks, version: str) -> None:
        self._bm25 = bm25
        self._chunks = chunks
        self.fingerprint = version
        self._vocab: dict[str, int] = bm25.vocab_dict
        self._columns = {
            key: np.array([m.get(key) for m in chunks.metas], dtype=object)
            for key in ("document", "publisher", "year")
        }
        self._df = _document_frequencies(bm25, len(chunks.ids))
        self._document_terms: dict[str, frozenset[str]] = {}
        self._vocabulary: frozenset[str] | None = None

    def __len__(self) -> int:
        return len(self._chunks.ids)

    @classmethod
    def build(
        cls, ids: Sequence[str], texts: Sequence[str], metas: Sequence[dict[str, Any]],
        version: str = "",
    ) -> LexicalIndex:
        """Index chunks (as `ChromaStore.get_all()` returns them)."""
        import bm25s

        # A chunk's chapter heading is part of what it is about (`2.6 PRESTATIONSMÅL:
        # SAMORDNADE INDIVIDUELLA PLANER` over `Insatsen tilldelas 550 miljoner kronor`).
        corpus = [analyse(f"{m.get('title', '')}\n{m.get('chapter', '')}\n{t}") or [""]
                  for t, m in zip(texts, metas, strict=True)]
        bm25 = bm25s.BM25()
        bm25.index(corpus or [[""]], show_progress=False)  # bm25s cannot index nothing
        return cls(bm25, _Chunks(list(ids), list(texts), [dict(m) for m in metas]), version)

    def save(self, folder: Path) -> None:
        """Write to `folder` atomically: a new version folder, then the pointer file."""
        folder.mkdir(parents=True, exist_ok=True)
        version = f"v{FORMAT}-{self.fingerprint[:16] or 'unversioned'}"
        target = folder / version
        tmp = folder / f".{version}.{os.getpid()}.tmp"  # workers may save at the same time
        shutil.rmtree(tmp, ignore_errors=True)
        self._bm25.save(str(tmp), show_progress=False)
        (tmp / "chunks.json").write_text(
            json.dumps(self._chunks.__dict__, ensure_ascii=False), "utf-8"
        )
        shutil.rmtree(target, ignore_errors=True)
        tmp.rename(target)
        pointer = folder / f".{_POINTER}.tmp"
        pointer.write_text(json.dumps({"format": FORMAT, "version": version,
                                       "fingerprint": self.fingerprint}), "utf-8")
        pointer.replace(folder / _POINTER)
        for old in folder.iterdir():  # earlier versions, now unreferenced
            if old.is_dir() and old.name != version and not old.name.startswith("."):
                shutil.rmtree(old, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex | None:
        """The index saved in `folder`, or None when there is none (or it is unreadable/old)."""
        import bm25s

        try:
            pointer = json.loads((folder / _POINTER).read_text("utf-8"))
            if pointer.get("format") != FORMAT:
                return None
            path = folder / pointer["version"]
            chunks = _Chunks(**json.loads((path / "chunks.json").read_text("utf-8")))
            bm25 = bm25s.BM25.load(str(path), show_progress=False, verbosity=0)
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or damaged: the caller rebuilds from the store
        return cls(bm25, chunks, str(pointer.get("fingerprint", "")))

    def document_terms(self, document: str) -> frozenset[str]:
        """Every stem and number token of one document's chunks (built once per document)."""
        terms = self._document_terms.get(document)
        if terms is None:
            c = self._chunks
            terms = frozenset(t for text, meta in zip(c.texts, c.metas, strict=True)
                              if meta.get("document") == document for t in analyse(text))
            self._document_terms[document] = terms
        return terms

    @property
    def vocabulary(self) -> frozenset[str]:
        """The lower-cased words (four letters or more) of the indexed chunks: what a typo in a
        question is mended against (assistant.language.terms.mend). Built once per index."""
        if self._vocabulary is None:
            found: set[str] = set()
            for text in self._chunks.texts:
                found.update(w for w in _LETTERS.findall(text.lower()) if len(w) >= 4)
            self._vocabulary = frozenset(found)
        return self._vocabulary

    def idf(self, stem: str) -> float | None:
        """Inverse document frequency of a stem or number token; None when no chunk has it."""
        df = self._df.get(stem, 0)
        if not df:
            return None
        return float(np.log(1 + (len(self) - df + 0.5) / (df + 0.5)))

    def search(self, query: str, k: int, where: dict[str, tuple] | None = None) -> list[Passage]:
        """The `k` best chunks for `query` by BM25, best first; `where` maps a field to values."""
        tokens = [t for t in analyse(query) if t in self._vocab]
        if not tokens or not len(self):
            return []
        scores = np.asarray(self._bm25.get_scores(tokens), dtype=np.float64)
        for key, allowed in (where or {}).items():
            if allowed:
                scores = np.where(np.isin(self._columns[key], list(allowed)), scores, 0.0)
        k = min(k, int(np.count_nonzero(scores > 0)))
        if k <= 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        c = self._chunks
        return [passage_from(c.ids[i], c.texts[i], c.metas[i], float(scores[i])) for i in top]


def _document_frequencies(bm25: Any, n_docs: int) -> dict[str, int]:
    indptr = np.asarray(bm25.scores["indptr"])
    counts = np.diff(indptr)
    return {tok: int(counts[i]) for tok, i in bm25.vocab_dict.items() if i < len(counts)}


class LexicalIndexHolder:
    """Keeps one LexicalIndex for a store: loads it from disk, rebuilds it once when stale."""

    def __init__(self, store: ChromaStore, folder: Path) -> None:
        self.store = store
        self.folder = folder
        self._index: LexicalIndex | None = None
        self._lock = threading.Lock()
        self._seen: object = None

    def refresh(self, force: bool = False) -> LexicalIndex:
        """Load from disk, or rebuild from the store when missing or stale; return the index."""
        with self._lock:
            state = store_state(self.store)
            ids, texts, metas = self.store.get_all()
            wanted = fingerprint(ids, texts, metas)
            index = self._index if not force else None
            if index is None or index.fingerprint != wanted:
                index = None if force else LexicalIndex.load(self.folder)
            if index is None or index.fingerprint != wanted:
                index = LexicalIndex.build(ids, texts, metas, wanted)
                with contextlib.suppress(OSError):  # another process saved it meanwhile
                    index.save(self.folder)
            self._index = index
            self._seen = state
            return index

    def get(self) -> LexicalIndex:
        """The current index; a check per call (about 2 ms) catches an ingest made meanwhile."""
        if self._index is None or store_state(self.store) != self._seen:
            return self.refresh()
        return self._index

    def current(self) -> LexicalIndex:
        """The index as last checked, without checking again: for the many idf look-ups of one
        question, after the lexical leg has called `get()` for it."""
        return self._index if self._index is not None else self.get()


def store_state(store: ChromaStore) -> object:
    """A few-millisecond summary that changes whenever the store's live chunks do.

    The one place coupled to how ingest marks what is live (today: chunk count and the live
    generation of every document, kept in the store's manifest collection).
    """
    live = getattr(store, "live_generations", None)
    return store.count(), tuple(live()) if callable(live) else ()
