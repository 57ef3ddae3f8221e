"""Index generations: an ingest never changes the index a server reads. It builds a new
generation beside the current one and publishes it with one atomic write; a server notices at
its next request, opens the new one once (under a lock) and switches. Requests in flight finish
on the old one, which is closed, and deleted once no process reads it.

Embedded (a folder per generation, under `<index_dir>`):
    CURRENT                         {"generation": name, "previous": name}: replaced atomically
    generations/<name>/chroma/      the Chroma folder (a copy of the current one, then changed)
    generations/<name>/lexical/     the BM25 index of exactly these chunks
    generations/<name>/READY        written last, before publishing
    generations/<name>/.lock        flock: shared by every process reading it, exclusive while
                                    it is built; whoever gets it exclusively may delete the folder
    .ingest.lock                    one ingest at a time
With a Chroma server, a generation is a pair of collections (`<collection>-<name>`, and its
`-manifest`), the pointer one record in `<collection>-current`, and only the lexical index is
kept in the local folder. A killed ingest of any kind leaves CURRENT as it was; the next run
deletes what it left.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.errors import BackendUnavailableError, ConfigError

POINTER = "CURRENT"
LEGACY = "legacy"  # the layout before generations: <index_dir>/chroma and lexical/
_BATCH = 1000


def new_name() -> str:
    """A fresh generation name; later ones sort after earlier ones."""
    return f"g{time.time_ns():x}{os.getpid() % 4096:03x}"


class Layout:
    """Where generations live and which one is current (embedded or Chroma server)."""

    def __init__(self, index_dir: Path, collection: str, client: Any | None = None) -> None:
        self.root = index_dir
        self.collection = collection
        self.server = client  # a chromadb.HttpClient in server mode, else None
        self._seen: tuple[tuple[int, ...] | None, str | None] = (None, None)

    # --- names and places -------------------------------------------------------------------
    def folder(self, name: str) -> Path:
        """A generation's local folder (Chroma and lexical; only lexical in server mode)."""
        return self.root if name == LEGACY else self.root / "generations" / name

    def collections(self, name: str) -> tuple[str, str]:
        """Chroma collection names: per generation on a server; the same in every folder."""
        embedded = self.server is None or name == LEGACY
        base = self.collection if embedded else f"{self.collection}-{name}"
        return base, f"{base}-manifest"

    # --- the pointer ------------------------------------------------------------------------
    def read_pointer(self) -> dict[str, str]:
        """{"generation": ..., "previous": ...}; empty when nothing was ever published."""
        if self.server is not None:
            try:
                got = self.server.get_or_create_collection(
                    f"{self.collection}-current", embedding_function=None).get(ids=["current"])
            except Exception as exc:  # chromadb raises several types for a lost connection
                raise BackendUnavailableError(f"Cannot read the index pointer ({exc}).") from exc
            meta = (got.get("metadatas") or [None])[0]
            if meta:
                return {k: str(v) for k, v in meta.items()}
            has_legacy = self.collection in {c.name for c in self.server.list_collections()}
            return {"generation": LEGACY} if has_legacy else {}
        try:
            return dict(json.loads((self.root / POINTER).read_text("utf-8")))
        except FileNotFoundError:
            return {"generation": LEGACY} if (self.root / "chroma").is_dir() else {}
        except (OSError, ValueError) as exc:
            raise ConfigError(
                f"{self.root / POINTER} is damaged ({exc}); run `assistant ingest --rebuild`."
            ) from exc

    def current(self) -> str | None:
        """The current generation's name. Embedded, a stat of CURRENT says whether it changed
        since the last read (a publish replaces the file: a new inode)."""
        if self.server is None:
            try:
                st = (self.root / POINTER).stat()
                key: tuple[int, ...] | None = (st.st_ino, st.st_mtime_ns, st.st_size)
            except FileNotFoundError:
                key = None
            if key is not None and key == self._seen[0]:
                return self._seen[1]
            name = self.read_pointer().get("generation") or None
            self._seen = (key, name)
            return name
        return self.read_pointer().get("generation") or None

    def publish(self, name: str) -> None:
        """Make `name` current: one atomic write (a rename, or one record upsert)."""
        previous = self.current() or ""
        record = {"generation": name, "previous": previous}
        if self.server is not None:
            pointer = self.server.get_or_create_collection(f"{self.collection}-current",
                                                           embedding_function=None)
            pointer.upsert(ids=["current"], embeddings=[[1.0]], metadatas=[record])
            return
        tmp = self.root / f".{POINTER}.{os.getpid()}.tmp"
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(record, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.root / POINTER)
        _fsync_dir(self.root)

    # --- locks --------------------------------------------------------------------------------
    def hold(self, name: str, exclusive: bool = False, wait: bool = True) -> int | None:
        """An open, flocked descriptor on the generation's lock file (None: could not)."""
        folder = self.folder(name)
        try:
            fd = os.open(folder / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        except FileNotFoundError:
            return None  # deleted meanwhile
        flags = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | (0 if wait else fcntl.LOCK_NB)
        try:
            fcntl.flock(fd, flags)
        except BlockingIOError:
            os.close(fd)
            return None
        return fd

    @contextlib.contextmanager
    def ingest_lock(self) -> Iterator[None]:
        """One ingest at a time on this index (a second one is told so, not queued silently)."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.root / ".ingest.lock", os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise ConfigError(
                    f"Another `assistant ingest` is running on {self.root}; wait for it to "
                    "finish and run this one again."
                ) from None
            yield
        finally:
            os.close(fd)

    # --- building and cleaning up ---------------------------------------------------------
    def ready(self, name: str) -> bool:
        if self.server is not None or name == LEGACY:
            return True
        return (self.folder(name) / "READY").exists()

    def mark_ready(self, name: str) -> None:
        if self.server is None:
            (self.folder(name) / "READY").write_text(name, "utf-8")
            _fsync_dir(self.folder(name))

    def copy_chroma(self, source: str, target: str) -> None:
        """The Chroma folder of `source` into `target`: SQLite through its backup API (a
        consistent snapshot, though readers touch the file), the vector segments as files."""
        src, dst = self.folder(source) / "chroma", self.folder(target) / "chroma"
        dst.mkdir(parents=True, exist_ok=True)
        for entry in src.iterdir():
            if entry.name == "chroma.sqlite3":
                with contextlib.closing(sqlite3.connect(entry)) as a, \
                        contextlib.closing(sqlite3.connect(dst / entry.name)) as b:
                    a.backup(b)
            elif entry.name.endswith(("-wal", "-shm", "-journal")):
                continue
            elif entry.is_dir():
                shutil.copytree(entry, dst / entry.name)
            else:
                shutil.copy2(entry, dst / entry.name)

    def copy_collections(self, source: str, target: str) -> None:
        """Server mode: every record of `source`'s collections into `target`'s."""
        assert self.server is not None
        for src_name, dst_name in zip(self.collections(source), self.collections(target),
                                      strict=True):
            src = self.server.get_or_create_collection(src_name, embedding_function=None)
            dst = self.server.get_or_create_collection(
                dst_name, embedding_function=None,
                metadata={"hnsw:space": "cosine"} if not dst_name.endswith("-manifest") else None)
            total = src.count()
            for offset in range(0, total, _BATCH):
                got = src.get(limit=_BATCH, offset=offset,
                              include=["embeddings", "documents", "metadatas"])
                if got["ids"]:
                    dst.upsert(ids=got["ids"], embeddings=got["embeddings"],
                               documents=got["documents"], metadatas=got["metadatas"])

    def cleanup(self, keep: set[str]) -> list[str]:
        """Delete every generation not in `keep` that no process holds; the names deleted."""
        deleted = []
        pointer = self.read_pointer()
        keep = keep | {pointer.get("generation", "")}
        if self.server is not None:
            keep.add(pointer.get("previous", ""))  # readers elsewhere may still be on it
            for col in self.server.list_collections():
                name = _generation_of(col.name, self.collection)
                if name and name not in keep:
                    with contextlib.suppress(Exception):  # deleted by another instance already
                        self.server.delete_collection(col.name)
                        deleted.append(name)
        folders = self.root / "generations"
        candidates = [p.name for p in folders.iterdir() if p.is_dir()] if folders.exists() else []
        if (self.root / "chroma").is_dir() and self.current() != LEGACY:
            candidates.append(LEGACY)
        for name in candidates:
            if name in keep:
                continue
            fd = self.hold(name, exclusive=True, wait=False)
            if fd is None:
                continue  # being built, or read by a server: its last reader deletes it
            try:
                if name == self.current():  # published after `keep` was read
                    continue
                if name == LEGACY:
                    for part in ("chroma", "lexical"):
                        shutil.rmtree(self.root / part, ignore_errors=True)
                else:
                    shutil.rmtree(self.folder(name), ignore_errors=True)
                deleted.append(name)
            finally:
                os.close(fd)
        return sorted(set(deleted))


def _generation_of(collection: str, base: str) -> str | None:
    """`rapporter-g18…-manifest` -> `g18…`; None for the pointer and for other collections."""
    if not collection.startswith(f"{base}-g"):
        return None
    return collection[len(base) + 1:].removesuffix("-manifest")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
