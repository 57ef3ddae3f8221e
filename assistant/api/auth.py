"""Optional bearer keys: with ASSISTANT_API_KEYS set, every /api and /v1 request needs one."""

from __future__ import annotations

import secrets

from fastapi import Request

from assistant.errors import UnauthorizedError


def require_api_key(request: Request) -> None:
    """Let the request through when no keys are configured or it carries a configured key."""
    keys: list[str] = request.app.state.settings.api_key_list
    if not keys:
        return  # open: local use
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise UnauthorizedError()
    given = token.strip().encode()
    # compare with every key, in constant time, so timing does not reveal a prefix
    if not any(secrets.compare_digest(given, key.encode()) for key in keys):
        raise UnauthorizedError(
            "The API key is not valid: send `Authorization: Bearer <key>` with one of the keys "
            "in the server's ASSISTANT_API_KEYS."
        )
