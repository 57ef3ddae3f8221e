"""`/v1`: an OpenAI-compatible face, so chat clients and the `openai` package can ask too.

POST /v1/chat/completions answers the last user message in the context of the earlier ones: the
user/assistant pairs before it are the conversation's history, so a follow-up (`Och 2010?`) is
answered as the standalone question it stands for (the extra field `interpreted_question`; null
when it stood alone). An earlier answer's sources (`(document-id)` in its `Källor:` list) are
the documents that turn cited. The reply's text ends with the sources, and the same citations
come as an extra field `citations` (with `grounded`, `generator`, `notice`). Extra
request fields `top_k` and `documents` (send them with the client's `extra_body`) work as in
/api/ask; sampling fields (`temperature`, ...) are accepted and ignored.

Streaming sends only checked text: an OpenAI client cannot take back text it has shown, so the
answer is checked first and then sent as chunks, sources last, then `data: [DONE]`.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from assistant.api.routes import Service, check_documents
from assistant.api.schemas import AskResponse
from assistant.api.streaming import error_event, primed, rest, sse
from assistant.conversation import MAX_TURNS, Turn
from assistant.errors import InvalidRequestError
from assistant.models import Answer

MODEL_ID = "rapportassistenten"
router = APIRouter(prefix="/v1", tags=["openai"])


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: str
    content: str | list[dict[str, Any]] | None = None

    def text(self) -> str:
        """The message's text; list content keeps only its text parts."""
        if isinstance(self.content, list):
            return " ".join(str(p.get("text", "")) for p in self.content if p.get("type") == "text")
        return self.content or ""


class ChatCompletionRequest(BaseModel):
    model_config = ConfigDict(extra="allow")

    model: str = MODEL_ID
    messages: list[ChatMessage] = Field(..., min_length=1)
    stream: bool = False
    top_k: int | None = Field(None, ge=1, le=50)
    documents: list[str] = Field(default_factory=list, description="Limit to these document ids.")

    def question(self) -> str:
        """The last user message, which is what gets answered."""
        for message in reversed(self.messages):
            if message.role == "user":
                if message.text().strip():
                    return message.text()
                break
        raise InvalidRequestError(
            "messages: the last user message is empty or missing; put the question in a "
            "message with role 'user'."
        )

    def history(self) -> tuple[Turn, ...]:
        """The user/assistant pairs before the last user message, as turns (the last 20)."""
        last = max(i for i, m in enumerate(self.messages) if m.role == "user")
        turns: list[Turn] = []
        for message in self.messages[:last]:
            text = message.text().strip()
            if message.role == "user" and text:
                turns.append(Turn(text))
            elif message.role == "assistant" and turns and turns[-1].answer is None:
                turns[-1] = Turn(turns[-1].question, text, cited(text))
        return tuple(turns[-MAX_TURNS:])


_SOURCE = re.compile(r"^\[\d+\] .*\(([\w.-]+)\)\s*$", re.MULTILINE)


def cited(text: str) -> tuple[str, ...]:
    """The document ids an earlier answer of ours lists under `Källor:`."""
    _, _, sources = text.rpartition("Källor:")
    return tuple(dict.fromkeys(_SOURCE.findall(sources))) if sources else ()


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int = 0
    owned_by: str = "rapportassistenten"


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


@router.get("/models", response_model=ModelList)
def models() -> ModelList:
    """The one model this server offers: the assistant itself."""
    return ModelList(data=[ModelCard(id=MODEL_ID)])


@router.post("/chat/completions")
async def chat_completions(body: ChatCompletionRequest, service: Service) -> Any:
    """Answer the last user message in the context of the earlier ones, OpenAI style
    (`stream: true` for server-sent chunks)."""
    question = body.question()
    history = body.history()
    check_documents(service, body.documents)
    if not body.stream:
        answer = await run_in_threadpool(service.ask, question, body.top_k, body.documents,
                                         history)
        return completion(answer, body.model)
    first, stream = await primed(service.stream(question, body.top_k, body.documents, history))
    return StreamingResponse(chunks(first, stream, body.model), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def message_text(answer: Answer) -> str:
    """The answer, a notice if any, and the sources listed at the end."""
    parts = [answer.text]
    if answer.notice:
        parts.append(f"Obs: {answer.notice}")
    if answer.citations:
        lines = [f"[{c.n}] {c.passage.title}"
                 + (f", s. {c.passage.page}" if c.passage.page is not None else "")
                 + f" ({c.passage.document})" for c in answer.citations]
        parts.append("Källor:\n" + "\n".join(lines))
    return "\n\n".join(parts)


def extras(answer: Answer) -> dict[str, Any]:
    """The fields beside OpenAI's: citations as in /api/ask, grounded, generator, notice and
    interpreted_question."""
    body = AskResponse.of(answer).model_dump()
    return {k: body[k] for k in ("citations", "grounded", "generator", "notice",
                                 "interpreted_question")}


def completion(answer: Answer, model: str) -> dict[str, Any]:
    text = message_text(answer)
    return {
        "id": f"chatcmpl-{uuid.uuid4().hex}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                     "finish_reason": "stop", "logprobs": None}],
        "usage": _usage(answer.question, text),
        **extras(answer),
    }


async def chunks(first: Any, stream: Any, model: str) -> AsyncIterator[str]:
    """`chat.completion.chunk` events carrying the checked answer, then `[DONE]`."""
    head = {"id": f"chatcmpl-{uuid.uuid4().hex}", "object": "chat.completion.chunk",
            "created": int(time.time()), "model": model}

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        choice = {"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}
        return sse({**head, "choices": [choice], **extra})

    yield chunk({"role": "assistant", "content": ""})
    try:
        answer = None
        async for piece in rest(first, stream):
            if isinstance(piece, Answer):
                answer = piece
        if answer is None:  # the service contract ends every stream with an Answer
            raise RuntimeError("the answer stream ended without an answer")
        text = message_text(answer)
        for part in _pieces(text):
            yield chunk({"content": part})
        yield chunk({}, "stop", usage=_usage(answer.question, text), **extras(answer))
    except Exception as exc:  # headers are sent: the error goes as a data event
        yield error_event(exc, sse)
    yield sse("[DONE]")


def _pieces(text: str, size: int = 12) -> list[str]:
    """The text in runs of about `size` words, so clients render it progressively."""
    words = text.split(" ")
    return [" ".join(words[i : i + size]) + (" " if i + size < len(words) else "")
            for i in range(0, len(words), size)]


def _usage(question: str, text: str) -> dict[str, int]:
    """Word counts standing in for tokens (no tokenizer is involved in extractive answers)."""
    prompt, completion_words = len(question.split()), len(text.split())
    return {"prompt_tokens": prompt, "completion_tokens": completion_words,
            "total_tokens": prompt + completion_words}
