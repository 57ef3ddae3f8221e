"""`/api` routes: ask (whole or streamed), search, documents, health. Logic stays in the service."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse

from assistant.api.schemas import (
    AskRequest,
    AskResponse,
    DocumentPublic,
    PassagePublic,
    SearchRequest,
    SearchResponse,
)
from assistant.api.streaming import error_event, primed, rest, sse
from assistant.errors import InvalidRequestError, clip
from assistant.models import Answer
from assistant.service import AssistantService


def get_service(request: Request) -> AssistantService:
    return request.app.state.service


Service = Annotated[AssistantService, Depends(get_service)]
router = APIRouter(prefix="/api", tags=["api"])


def check_documents(service: AssistantService, documents: Sequence[str]) -> None:
    """A filter naming a document that is not indexed is a bad request (422), not a 404."""
    if not documents:
        return
    known = {d.id for d in service.documents()}
    unknown = [d for d in documents if d not in known]
    if unknown:
        raise InvalidRequestError(
            f"documents: unknown document id(s) {', '.join(clip(d) for d in unknown[:5])}"
            f"{f' and {len(unknown) - 5} more' if len(unknown) > 5 else ''}; "
            "GET /api/documents lists the ids."
        )


@router.post("/ask", response_model=AskResponse)
async def ask(body: AskRequest, service: Service) -> AskResponse:
    """Answer a question from the indexed reports, with numbered citations.

    With `history` (the earlier turns), a follow-up such as `Och 2010?` is answered as the
    standalone question it stands for, returned as `interpreted_question`."""
    check_documents(service, body.documents)
    answer = await run_in_threadpool(service.ask, body.question, body.top_k, body.documents,
                                     body.turns())
    return AskResponse.of(answer)


@router.post(
    "/ask/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}},
                     "description": "`token` events, then one `answer` event (as /api/ask)."}},
)
async def ask_stream(body: AskRequest, service: Service) -> StreamingResponse:
    """Stream the answer as server-sent events.

    `event: token` with `{"text": ...}` as text is produced, then one `event: answer` with the
    checked answer and its citations (the body of POST /api/ask). The checked text can differ
    from the streamed tokens (an unknown [n] removed, or an unbacked LLM answer replaced by a
    quoted one): show `answer.answer` in the end. An error after the start is `event: error`.
    """
    check_documents(service, body.documents)
    first, stream = await primed(service.stream(body.question, body.top_k, body.documents,
                                                body.turns()))

    async def events() -> AsyncIterator[str]:
        try:
            async for piece in rest(first, stream):
                if isinstance(piece, Answer):
                    yield sse(AskResponse.of(piece).model_dump(), "answer")
                elif piece:
                    yield sse({"text": piece}, "token")
        except Exception as exc:  # headers are sent: the error travels as the last event
            yield error_event(exc, lambda body: sse(body, "error"))

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


@router.post("/search", response_model=SearchResponse)
async def search(body: SearchRequest, service: Service) -> SearchResponse:
    """The passages that best match a query, best first."""
    check_documents(service, body.documents)
    passages = await run_in_threadpool(service.search, body.query, body.top_k, body.documents)
    return SearchResponse(passages=[PassagePublic.of(p) for p in passages])


@router.get("/documents", response_model=list[DocumentPublic])
def documents(service: Service) -> list[DocumentPublic]:
    """The indexed documents."""
    return [DocumentPublic.of(d) for d in service.documents()]


@router.get("/documents/{doc_id}", response_model=DocumentPublic,
            responses={404: {"description": "No indexed document has this id."}})
def document(doc_id: str, service: Service) -> DocumentPublic:
    """One indexed document."""
    return DocumentPublic.of(service.document(doc_id))


@router.get("/health")
def health(service: Service) -> dict:
    """Liveness plus what is indexed."""
    docs = service.documents()
    return {
        "status": "ok",
        "documents": len(docs),
        "chunks": sum(d.chunks for d in docs),
        "generator": service.generator.name,
    }
