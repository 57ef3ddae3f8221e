"""Keys guard everything: with ASSISTANT_API_KEYS set, no route answers or lists documents
without a bearer key or a signed-in chat session.

`/api` and `/v1` take a bearer key (`require_api_key`); every other route (the chat at `/`,
Gradio's `/config` and `/gradio_api/*`, `/docs`) goes through `Gate`, which accepts a bearer key
or the session cookie that `/login` sets after a key or a name and password of ASSISTANT_UI_USERS.
Keys are compared in constant time; refused attempts are logged with path and client, never the
key. Without keys everything stays open (local use).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
import time
from collections.abc import Sequence

from fastapi import Request
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.errors import UnauthorizedError

log = logging.getLogger("assistant.auth")
COOKIE = "ra_session"
# Open without a key: the sign-in page itself, and the API (its routes check the bearer key
# themselves and answer 401 in the API's error format).
OPEN_PATHS = ("/login", "/logout")
API_PREFIXES = ("/api/", "/v1/")


class KeyChecker:
    """The configured keys and chat users; checks credentials and session cookies."""

    def __init__(self, keys: Sequence[str], users: Sequence[tuple[str, str]] = (),
                 session_hours: float = 12.0) -> None:
        self.keys = [k.encode() for k in keys]
        self.users = [(n.encode(), p.encode()) for n, p in users]
        self.session_seconds = int(session_hours * 3600)
        # Derived from the credentials: every worker process agrees on it, and changing or
        # removing a key or a user signs every session out.
        material = b"\0".join([b"rapportassistenten-session", *self.keys,
                               *(n + b":" + p for n, p in self.users)])
        self._secret = hashlib.sha256(material).digest()

    @property
    def enabled(self) -> bool:
        return bool(self.keys)

    def valid_key(self, token: str) -> bool:
        """Is `token` one of the keys? Compared with every key, in constant time."""
        given = token.strip().encode()
        return bool(given) and sum(secrets.compare_digest(given, k) for k in self.keys) > 0

    def valid_user(self, name: str, password: str) -> bool:
        given = (name.strip().encode(), password.encode())
        hits = [secrets.compare_digest(given[0], n) & secrets.compare_digest(given[1], p)
                for n, p in self.users]
        return sum(hits) > 0

    def bearer(self, authorization: str) -> bool:
        scheme, _, token = authorization.partition(" ")
        return scheme.lower() == "bearer" and self.valid_key(token)

    def new_session(self) -> str:
        """A cookie value: its expiry and an HMAC of it."""
        expiry = str(int(time.time()) + self.session_seconds)
        return f"{expiry}.{self._sign(expiry)}"

    def valid_session(self, cookie: str) -> bool:
        expiry, _, signature = cookie.partition(".")
        if not expiry.isdigit() or int(expiry) < time.time():
            return False
        return hmac.compare_digest(signature, self._sign(expiry))

    def _sign(self, text: str) -> str:
        return hmac.new(self._secret, text.encode(), hashlib.sha256).hexdigest()


def refused(request_path: str, client: object, why: str) -> None:
    """Log a refused attempt: where and from whom, never the key that was tried."""
    host = client[0] if isinstance(client, tuple | list) and client else "?"
    log.warning("refused %s from %s: %s", request_path[:200], host, why)


def require_api_key(request: Request) -> None:
    """Let the request through when no keys are configured or it carries a configured key."""
    checker: KeyChecker = request.app.state.keys
    if not checker.enabled:
        return  # open: local use
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        refused(request.url.path, request.scope.get("client"), "no bearer key")
        raise UnauthorizedError()
    if not checker.valid_key(token):
        refused(request.url.path, request.scope.get("client"), "wrong key")
        raise UnauthorizedError(
            "The API key is not valid: send `Authorization: Bearer <key>` with one of the keys "
            "in the server's ASSISTANT_API_KEYS."
        )


class Gate:
    """ASGI middleware: outside `/api`, `/v1` and the sign-in page, a request needs a bearer
    key or a valid session cookie when keys are set. A browser asking for a page is sent to
    `/login`; anything else gets 401 (a websocket is closed)."""

    def __init__(self, app: ASGIApp, checker: KeyChecker) -> None:
        self.app = app
        self.checker = checker

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or not self.checker.enabled:
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        if path in OPEN_PATHS or path.startswith(API_PREFIXES) or self._signed_in(scope):
            await self.app(scope, receive, send)
            return
        refused(path, scope.get("client"), "not signed in")
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        headers = _headers(scope)
        if scope.get("method") == "GET" and "text/html" in headers.get("accept", ""):
            await _respond(send, 303, b"", [(b"location", b"/login")])
            return
        body = json.dumps({"error": {"code": UnauthorizedError.code, "message": (
            "Sign in at /login, or send `Authorization: Bearer <key>` with a key from "
            "ASSISTANT_API_KEYS.")}}).encode()
        await _respond(send, 401, body, [(b"content-type", b"application/json"),
                                         (b"www-authenticate", b"Bearer")])

    def _signed_in(self, scope: Scope) -> bool:
        headers = _headers(scope)
        if self.checker.bearer(headers.get("authorization", "")):
            return True
        cookie = _cookie(headers.get("cookie", ""), COOKIE)
        return bool(cookie) and self.checker.valid_session(cookie)


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}


def _cookie(header: str, name: str) -> str:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return ""


async def _respond(send: Send, status: int, body: bytes,
                   headers: list[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [*headers, (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
