"""Limits on every input: a body-size cap (413) and Gradio routes the chat does not use closed.

`Limits` is pure ASGI middleware in front of the whole app, so it also covers the Gradio chat's
routes. A body with a Content-Length over the cap is refused before it is read; a chunked body
is counted as it arrives and refused once it passes the cap.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.errors import PayloadTooLargeError

# Gradio routes the chat needs none of: uploads (no file inputs), the dev-mode reload stream,
# the URL proxy, media streaming, run history, vibe editing, monitoring. They answer 404.
CLOSED_PREFIXES = (
    "/gradio_api/upload", "/gradio_api/dev/", "/gradio_api/proxy=", "/gradio_api/stream/",
    "/gradio_api/run-history/", "/gradio_api/runs", "/gradio_api/vibe-", "/gradio_api/undo-vibe",
    "/gradio_api/process_recording", "/monitoring",
)


class Limits:
    """Refuse bodies over `max_bytes` with 413, and the closed routes with 404."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if scope.get("path", "").startswith(CLOSED_PREFIXES):
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
            else:
                await _error(send, 404, "not_found", "Not found: this server does not offer it.")
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers", [])).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_bytes:
            await _error(send, 413, PayloadTooLargeError.code, self.message(int(length)))
            return
        if length or scope.get("method") not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        # Chunked: read it here (up to the cap), then hand the app what was read.
        messages: list[Message] = []
        seen, more = 0, True
        while more:
            message = await receive()
            messages.append(message)
            if message["type"] != "http.request":
                break
            seen += len(message.get("body", b""))
            more = bool(message.get("more_body"))
            if seen > self.max_bytes:
                await _error(send, 413, PayloadTooLargeError.code, self.message(seen, more=True))
                return

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    def message(self, size: int, more: bool = False) -> str:
        kb = self.max_bytes // 1024
        return (f"The request body is {'over ' if more else ''}{size} bytes; this server takes "
                f"at most {kb} KB (ASSISTANT_MAX_BODY_KB). Send a shorter request.")


async def _error(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
