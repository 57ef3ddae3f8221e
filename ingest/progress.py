"""What `assistant ingest` shows while it runs.

On a terminal: a bar of chunks embedded (tqdm on stderr). When the output is not a terminal (a
log file, CI, a service unit), where a bar shows nothing: one line per document as it is done,
flushed at once. `quiet`: neither; the caller prints the summary and the errors.
"""

from __future__ import annotations

import sys
from typing import TextIO

from assistant.index.indexer import Progress
from ingest.pipeline import DocumentDone


def document_line(done: DocumentDone) -> str:
    """One document's line: name, chunks, embedded or cached, seconds."""
    if done.status == "failed":
        return f"failed     {done.document} (the reason is printed at the end)"
    if done.status == "unchanged":
        return f"unchanged  {done.document}: {done.chunks} chunks, nothing to do"
    cached = done.chunks - done.embedded
    return (f"indexed    {done.document}: {done.chunks} chunks ({done.embedded} embedded, "
            f"{cached} cached) in {done.seconds:.1f} s")


class IngestProgress:
    """A bar on a terminal, per-document lines elsewhere; `quiet` shows neither."""

    def __init__(self, *, quiet: bool = False, out: TextIO | None = None,
                 err: TextIO | None = None) -> None:
        from tqdm import tqdm

        self.out = out or sys.stdout
        err = err or sys.stderr
        self.lines = not quiet and not _is_terminal(self.out)
        self.bar = tqdm(total=0, unit="chunk", desc="Embedding", file=err,
                        disable=quiet or not _is_terminal(err))

    def chunks(self, total: int) -> Progress:
        """The pipeline's `progress` hook: a document of `total` chunks starts."""
        if not self.bar.disable:
            self.bar.total += total
            self.bar.refresh()
        return self.bar.update

    def document(self, done: DocumentDone) -> None:
        """The pipeline's `on_document` hook."""
        if self.lines:
            print(document_line(done), file=self.out, flush=True)

    def close(self) -> None:
        self.bar.close()


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
