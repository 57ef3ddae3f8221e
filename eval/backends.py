"""Where answers come from: the in-process service, or a running server over its HTTP API.

Both give the evaluation the same plain records (`Observation`), so the checks never care
which one ran, and any answer (empty, odd, an error) becomes something the checks can judge.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from assistant.conversation import Turn
from assistant.errors import AssistantError, EvalError
from assistant.service import AssistantService


@dataclass(frozen=True)
class Source:
    """A cited or retrieved passage, as the evaluation sees it."""

    document: str | None
    page: int | None
    text: str
    n: int | None = None
    quote: str = ""
    title: str = ""
    score: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "")}


@dataclass(frozen=True)
class Observation:
    """What the assistant did with one question."""

    answer: str
    citations: list[Source] = field(default_factory=list)
    passages: list[Source] = field(default_factory=list)
    grounded: bool | None = None
    generator: str = ""
    latency: float | None = None  # seconds for the answer (not the extra retrieval call)
    error: str | None = None
    confidence: float | None = None  # the answerer's own estimate that the answer is right
    interpreted: str | None = None  # the standalone question a follow-up was answered as

    def turn(self, question: str) -> Turn:
        """This answer as an earlier turn of a conversation: its text and cited documents."""
        docs = tuple(dict.fromkeys(c.document for c in self.citations if c.document))
        return Turn(question, self.answer or None, docs)


class Backend(Protocol):
    name: str

    def observe(self, question: str, k: int, history: Sequence[Turn] = ()) -> Observation:
        """Retrieve the top `k` passages and answer `question` after the turns of `history`
        (a conversation); never raise for one item."""
        ...

    def corpus_version(self) -> dict[str, str]:
        """Indexed document id -> content hash."""
        ...


class ServiceBackend:
    """The same AssistantService the API and the chat use, on the current index."""

    name = "in-process"

    def __init__(self, service: AssistantService) -> None:
        self.service = service

    def corpus_version(self) -> dict[str, str]:
        return self.service.corpus_version()

    def observe(self, question: str, k: int, history: Sequence[Turn] = ()) -> Observation:
        try:
            passages = [Source(p.document, p.page, p.text, title=p.title, score=p.score)
                        for p in self.service.search(question, top_k=k, history=history)]
            start = time.perf_counter()
            answer = self.service.ask(question, history=history)
            latency = time.perf_counter() - start
        except Exception as exc:  # noqa: BLE001 - one broken answer must not stop the run
            return Observation(answer="", error=_describe(exc))
        citations = [
            Source(c.passage.document, c.passage.page, c.passage.text, n=c.n, quote=c.quote,
                   title=c.passage.title, score=c.passage.score)
            for c in answer.citations
        ]
        return Observation(answer.text or "", citations, passages, answer.grounded,
                           answer.generator, latency, confidence=answer.confidence,
                           interpreted=answer.interpreted_question)


class HttpBackend:
    """A running server, through `POST /api/search` and `POST /api/ask` like any client."""

    name = "http"

    def __init__(self, url: str, api_key: str | None = None, timeout: float = 120.0) -> None:
        self.url = url.rstrip("/")
        if not self.url.startswith(("http://", "https://")):
            raise EvalError(f"--api must be an http(s) URL like http://127.0.0.1:8000, "
                            f"got {url!r}")
        self.api_key = api_key
        self.timeout = timeout

    def corpus_version(self) -> dict[str, str]:
        """From GET /api/documents; a hash is "" when the API does not expose it."""
        try:
            docs = self._call("GET", "/api/documents")
        except ValueError as exc:  # the server answered with an error
            hint = " Pass --api-key." if "HTTP 401" in str(exc) else ""
            raise EvalError(f"{self.url}: {exc}.{hint}") from None
        except OSError as exc:
            raise EvalError(f"Cannot reach the API at {self.url} ({_describe(exc)}); start it "
                            f"with `assistant serve` or fix --api.") from None
        if not isinstance(docs, list):
            raise EvalError(f"{self.url}/api/documents did not return a list of documents; "
                            f"is --api pointing at Rapportassistenten?")
        return {str(d.get("id")): str(d.get("sha256") or "") for d in docs
                if isinstance(d, Mapping)}

    def observe(self, question: str, k: int, history: Sequence[Turn] = ()) -> Observation:
        turns = [{"question": t.question, "answer": t.answer, "documents": list(t.documents)}
                 for t in history]
        try:
            start = time.perf_counter()
            body = self._call("POST", "/api/ask", {"question": question, "history": turns})
            latency = time.perf_counter() - start
            # The passages the answer was drawn from: those of the question it was answered as
            # (the preference for the earlier answer's documents is not on /api/search).
            interpreted = body.get("interpreted_question") if isinstance(body, Mapping) else None
            found = self._call("POST", "/api/search",
                               {"query": interpreted or question, "top_k": k})
        except (OSError, ValueError) as exc:
            return Observation(answer="", error=_describe(exc))
        passages = [_source(p) for p in _list(found, "passages")]
        citations = [_source(c) for c in _list(body, "citations")]
        answer = body.get("answer") if isinstance(body, Mapping) else None
        return Observation(str(answer or ""), citations, passages,
                           body.get("grounded") if isinstance(body, Mapping) else None,
                           str(body.get("generator") or "") if isinstance(body, Mapping) else "",
                           latency, confidence=_float(body, "confidence"),
                           interpreted=str(interpreted) if interpreted else None)

    def _call(self, method: str, path: str, payload: dict | None = None) -> Any:
        data = json.dumps(payload).encode("utf-8") if payload is not None else None
        request = urllib.request.Request(
            self.url + path, data=data, method=method,
            headers={"Content-Type": "application/json", "Accept": "application/json",
                     **({"Authorization": f"Bearer {self.api_key}"} if self.api_key else {})},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            raise ValueError(f"HTTP {exc.code} from {path}: {_error_message(exc)}") from None


def _float(body: Any, key: str) -> float | None:
    value = body.get(key) if isinstance(body, Mapping) else None
    return float(value) if isinstance(value, int | float) else None


def _list(body: Any, key: str) -> list[Mapping]:
    value = body.get(key) if isinstance(body, Mapping) else None
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def _source(d: Mapping) -> Source:
    page = d.get("page")
    n = d.get("n")
    score = d.get("score")
    return Source(
        document=str(d["document"]) if d.get("document") is not None else None,
        page=page if isinstance(page, int) else None,
        text=str(d.get("text") or ""),
        n=n if isinstance(n, int) else None,
        quote=str(d.get("quote") or ""),
        title=str(d.get("title") or ""),
        score=float(score) if isinstance(score, int | float) else None,
    )


def _error_message(exc: urllib.error.HTTPError) -> str:
    try:
        body = json.loads(exc.read().decode("utf-8"))
        error = body.get("error") or body.get("detail")
        return str(error.get("message") if isinstance(error, Mapping) else error)
    except (ValueError, AttributeError, OSError):
        return exc.reason if isinstance(exc.reason, str) else "error"


def _describe(exc: BaseException) -> str:
    if isinstance(exc, AssistantError | ValueError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"
