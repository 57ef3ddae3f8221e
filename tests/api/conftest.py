"""API test plumbing: the real app over the `indexed` components, in-process or on a real port."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.wiring import Components
from ui.chat import mount_ui

KEYS = ("first-key", "second-key")


def app_for(indexed: Components, *, with_ui: bool = False, **settings) -> FastAPI:
    """The real app over the session's index, with some settings changed (e.g. api_keys)."""
    return create_app(indexed.settings.model_copy(update=settings), components=indexed,
                      ui=mount_ui if with_ui else None)


@pytest.fixture(scope="module")
def client(indexed) -> Iterator[TestClient]:
    with TestClient(app_for(indexed)) as c:
        yield c


@pytest.fixture(scope="module")
def keyed(indexed) -> Iterator[TestClient]:
    """The app with ASSISTANT_API_KEYS set to two keys, and the chat UI mounted."""
    with TestClient(app_for(indexed, with_ui=True, api_keys=",".join(KEYS))) as c:
        yield c


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn on a free loopback port in a thread; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"uvicorn did not start on port {port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def events(body: str) -> list[tuple[str, dict]]:
    """Parse a server-sent event stream into (event name, JSON data) pairs."""
    out = []
    for block in body.strip().split("\n\n"):
        name, data = "message", []
        for line in block.splitlines():
            if line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                data.append(line[6:])
        out.append((name, json.loads("\n".join(data))))
    return out
