"""`/api` routes: ask, search, documents, health."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool

from assistant.api.schemas import (
    AskRequest,
    AskResponse,
    DocumentPublic,
    PassagePublic,
    SearchRequest,
    SearchResponse,
)
from assistant.service import AssistantService


def get_service(request: Request) -> AssistantService:
    return request.app.state.service


Service = Annotated[AssistantService, Depends(get_service)]
router = APIRouter(prefix="/api", tags=["api"])


@router.post("/ask", response_model=AskResponse)
async def ask(body: AskRequest, service: Service) -> AskResponse:
    """Answer a question from the indexed reports, with numbered citations."""
    answer = await run_in_threadpool(service.ask, body.question, body.top_k, body.documents)
    return AskResponse.of(answer)


@router.post("/search", response_model=SearchResponse)
async def search(body: SearchRequest, service: Service) -> SearchResponse:
    """The passages that best match a query, best first."""
    passages = await run_in_threadpool(service.search, body.query, body.top_k, body.documents)
    return SearchResponse(passages=[PassagePublic.of(p) for p in passages])


@router.get("/documents", response_model=list[DocumentPublic])
def documents(service: Service) -> list[DocumentPublic]:
    """The indexed documents."""
    return [DocumentPublic(**d.__dict__) for d in service.documents()]


@router.get("/documents/{doc_id}", response_model=DocumentPublic)
def document(doc_id: str, service: Service) -> DocumentPublic:
    """One indexed document."""
    return DocumentPublic(**service.document(doc_id).__dict__)


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
