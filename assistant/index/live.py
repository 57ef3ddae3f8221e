"""The generation a process reads (`LiveIndex`) and the one an ingest builds (`Build`).

A server's store and lexical index are views of `LiveIndex`: each call holds the current
generation for its duration (or the one its request pinned, see `pin`), so a switch never pulls
an index from under a call. The first call after an ingest published a new generation opens it
(once, under a lock) and makes it current; the old one is closed when its last call ends, and
its folder deleted when no other process holds it either.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

from assistant.errors import BackendUnavailableError
from assistant.index.generations import Layout, new_name
from assistant.index.lexical import LexicalIndex, LexicalIndexHolder
from assistant.index.store import ChromaStore, Collections, make_client, open_collections


class Generation:
    """One opened generation: its Chroma client and collections, its lexical index, its lock."""

    def __init__(self, layout: Layout, name: str, client: Any, fd: int | None) -> None:
        self.name = name
        self.client = client
        self.collections = open_collections(client, layout.collections(name))
        self.store = ChromaStore.fixed(self.collections)
        self.lexical = LexicalIndexHolder(self.store, layout.folder(name) / "lexical")
        self.fd = fd  # the shared flock that tells other processes this one reads it
        self.refs = 0
        self.retired = False

    def close(self, embedded: bool) -> None:
        if embedded:
            with contextlib.suppress(Exception):  # closing is best effort; the fd is what counts
                self.client.close()
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


# The generation a request pinned, with the LiveIndex it belongs to.
_PINNED: ContextVar[tuple[Any, Generation | None]] = ContextVar("pinned", default=(None, None))


class LiveIndex:
    """What a process serves: the current generation, switched at the first call after a
    publish. `store` and `lexical` are its views for the retrievers."""

    def __init__(self, layout: Layout, chroma_url: str | None = None,
                 poll_seconds: float = 0.0) -> None:
        self.layout = layout
        self.chroma_url = chroma_url
        self.poll_seconds = poll_seconds  # server mode: the pointer is a network round trip
        self._gen: Generation | None = None
        self._wanted: str | None = None
        self._checked = 0.0
        self._lock = threading.RLock()
        self.store = ChromaStore(self.use)
        self.lexical = LiveLexical(self)

    # --- holding a generation -------------------------------------------------------------
    def acquire(self) -> Generation | None:
        """The generation to use now (the pinned one, else the current), held until released."""
        owner, pinned = _PINNED.get()
        if owner is self and pinned is not None:
            with self._lock:
                pinned.refs += 1  # the pin holds a reference too: it is still open
            return pinned
        wanted = self._pointer()
        with self._lock:
            if wanted != (self._gen.name if self._gen else None):
                self._switch(wanted)
            if self._gen is not None:
                self._gen.refs += 1
            return self._gen

    def release(self, gen: Generation | None) -> None:
        if gen is None:
            return
        with self._lock:
            gen.refs -= 1
            if gen.retired and gen.refs <= 0:
                self._close(gen)

    @contextlib.contextmanager
    def use(self) -> Iterator[Collections | None]:
        gen = self.acquire()
        try:
            yield gen.collections if gen else None
        finally:
            self.release(gen)

    @contextlib.contextmanager
    def pin(self) -> Iterator[None]:
        """Keep one generation for everything inside (a request): it finishes on the index it
        started on, even when an ingest publishes a new one meanwhile."""
        if _PINNED.get()[0] is self:
            yield
            return
        gen = self.acquire()
        token = _PINNED.set((self, gen))
        try:
            yield
        finally:
            _PINNED.reset(token)
            self.release(gen)

    def generation(self) -> str | None:
        """The name of the generation served now."""
        gen = self.acquire()
        self.release(gen)
        return gen.name if gen else None

    def close(self) -> None:
        """Close the current generation (end of a process, or tests)."""
        with self._lock:
            if self._gen is not None:
                self._gen.retired = True
                if self._gen.refs <= 0:
                    self._close(self._gen)
                self._gen = None

    # --- switching --------------------------------------------------------------------------
    def _pointer(self) -> str | None:
        now = time.monotonic()
        if self.poll_seconds and now - self._checked < self.poll_seconds:
            return self._wanted
        self._wanted, self._checked = self.layout.current(), now
        return self._wanted

    def _switch(self, name: str | None) -> None:
        new = self._open(name) if name else None
        old, self._gen = self._gen, new
        if old is not None:
            old.retired = True
            if old.refs <= 0:
                self._close(old)

    def _open(self, name: str) -> Generation:
        if self.layout.server is not None:
            return Generation(self.layout, name, self.layout.server, None)
        for _ in range(20):
            fd = self.layout.hold(name)  # shared: no cleanup deletes it while we read it
            if fd is not None and self.layout.ready(name):
                folder = self.layout.folder(name) / "chroma"
                return Generation(self.layout, name, make_client(folder, None), fd)
            if fd is not None:
                os.close(fd)
            name = self.layout.current() or name  # deleted or replaced meanwhile: look again
            time.sleep(0.05)
        raise BackendUnavailableError(
            f"Index generation {name} in {self.layout.root} cannot be opened; run "
            "`assistant ingest` again."
        )

    def _close(self, gen: Generation) -> None:
        gen.close(embedded=self.layout.server is None)
        if self.layout.server is None:
            with contextlib.suppress(OSError):  # another process may be deleting it too
                self.layout.cleanup(keep=set())


class LiveLexical(LexicalIndexHolder):
    """The lexical index of the generation in use (pinned by the request, else the current)."""

    def __init__(self, live: LiveIndex) -> None:
        self.live = live

    def refresh(self, force: bool = False) -> LexicalIndex:
        gen = self.live.acquire()
        try:
            if gen is None:
                return LexicalIndex.build([], [], [], "empty")
            return gen.lexical.refresh(force)
        finally:
            self.live.release(gen)

    def get(self) -> LexicalIndex:
        gen = self.live.acquire()
        try:
            return gen.lexical.get() if gen else LexicalIndex.build([], [], [], "empty")
        finally:
            self.live.release(gen)

    def current(self) -> LexicalIndex:
        return self.get()


class Build:
    """A new generation an ingest writes: a copy of the current one (empty on `rebuild`),
    invisible to every reader until `publish`."""

    def __init__(self, layout: Layout, rebuild: bool = False) -> None:
        self.layout = layout
        self.client: Any = None
        self.fd: int | None = None
        self.name, self.fd = self._claim()
        base = None if rebuild else layout.current()
        folder = layout.folder(self.name)
        try:
            if layout.server is not None:
                self.client = layout.server
                if base:
                    layout.copy_collections(base, self.name)
            else:
                if base and (layout.folder(base) / "chroma").is_dir():
                    layout.copy_chroma(base, self.name)
                self.client = make_client(folder / "chroma", None)
            self.store = ChromaStore.fixed(open_collections(self.client,
                                                            layout.collections(self.name)))
        except BaseException:
            self.abort()
            raise
        self.lexical = LexicalIndexHolder(self.store, folder / "lexical")

    def _claim(self) -> tuple[str, int]:
        """A new generation folder, locked exclusively (no cleanup deletes it while it is
        built). A cleanup may delete an empty folder before the lock is taken: then again."""
        for _ in range(10):
            name = new_name()
            folder = self.layout.folder(name)
            folder.mkdir(parents=True, exist_ok=True)
            fd = self.layout.hold(name, exclusive=True)
            if fd is not None and folder.is_dir() and os.fstat(fd).st_nlink > 0:
                return name, fd
            if fd is not None:
                os.close(fd)
        raise BackendUnavailableError(f"Cannot create an index generation in {self.layout.root}.")

    def publish(self) -> None:
        """Make this generation current (one atomic write), then delete unheld old ones."""
        if self.layout.server is None:
            self.client.close()  # everything on disk before anyone else opens it
        self.layout.mark_ready(self.name)
        self.layout.publish(self.name)
        self._unlock()
        self.layout.cleanup(keep={self.name})

    def abort(self) -> None:
        """Throw the unfinished generation away (a failed ingest); the current one stays."""
        if self.layout.server is None:
            with contextlib.suppress(Exception):
                if self.client is not None:
                    self.client.close()
            shutil.rmtree(self.layout.folder(self.name), ignore_errors=True)
        else:
            for name in self.layout.collections(self.name):
                with contextlib.suppress(Exception):
                    self.layout.server.delete_collection(name)
        self._unlock()

    def _unlock(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
