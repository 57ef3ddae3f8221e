"""Server-sent events over a sync stream from the service, run off the event loop."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, TypeVar

from fastapi.concurrency import iterate_in_threadpool, run_in_threadpool

from assistant.errors import AssistantError

log = logging.getLogger(__name__)
T = TypeVar("T")
_END = object()


def sse(data: Any, event: str | None = None) -> str:
    """One event in the wire format; `data` is sent as JSON unless it is already a string."""
    payload = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {payload}\n\n"


async def primed(stream: Iterator[T]) -> tuple[Any, Iterator[T]]:
    """Take the first item in a worker thread, so that bad input raises before any bytes go out
    (and becomes an ordinary JSON error with its status) rather than inside a 200 stream."""
    first = await run_in_threadpool(next, stream, _END)
    return first, stream


async def rest(first: Any, stream: Iterator[T]) -> AsyncIterator[T]:
    """The first item again, then the remaining ones, each produced in a worker thread."""
    if first is not _END:
        yield first
    async for item in iterate_in_threadpool(stream):
        yield item


def error_event(exc: Exception, encode: Callable[[dict], str]) -> str:
    """An error after the stream began: still our error body, as the last event."""
    if isinstance(exc, AssistantError):
        body = {"error": {"code": exc.code, "message": str(exc)}}
    else:
        log.exception("Unexpected error while streaming an answer")
        body = {"error": {"code": "internal_error",
                          "message": "Unexpected error while answering (logged on the server)."}}
    return encode(body)
