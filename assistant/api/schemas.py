"""Request and response bodies of the answer API."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.conversation import MAX_TURNS, Turn
from assistant.models import Answer, DocumentInfo, Passage


class TurnIn(BaseModel):
    """One earlier turn of the conversation, oldest first."""

    model_config = ConfigDict(extra="forbid")

    question: str = Field(..., min_length=1, description="The question asked in that turn.")
    answer: str | None = Field(None, description="The answer text it got, if known.")
    documents: list[str] = Field(default_factory=list,
                                 description="The document ids its answer cited.")

    @field_validator("question")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the turn's question is empty or only whitespace")
        return value.strip()

    def turn(self) -> Turn:
        return Turn(self.question, self.answer, tuple(self.documents))


class AskRequest(BaseModel):
    question: str = Field(
        ..., min_length=1,
        description="The question; at most ASSISTANT_MAX_QUESTION_CHARS (1000) characters.",
        examples=["Hur mycket pengar fördelade Socialstyrelsen 2008–2011?"],
    )
    top_k: int | None = Field(None, ge=1, le=50)
    documents: list[str] = Field(default_factory=list, description="Limit to these document ids.")
    history: list[TurnIn] = Field(
        default_factory=list,
        description=f"The earlier turns, oldest first; a follow-up (`Och 2010?`) is answered "
                    f"in their context. Only the last {MAX_TURNS} are used.",
    )

    @field_validator("question")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("question is empty or only whitespace: write a question")
        return value.strip()

    def turns(self) -> tuple[Turn, ...]:
        """The history as the service takes it: the last 20 turns."""
        return tuple(t.turn() for t in self.history[-MAX_TURNS:])


class SearchRequest(BaseModel):
    query: str = Field(..., min_length=1)
    top_k: int | None = Field(None, ge=1, le=50)
    documents: list[str] = Field(default_factory=list)

    @field_validator("query")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("query is empty or only whitespace: write a search query")
        return value.strip()


class PassagePublic(BaseModel):
    document: str
    title: str
    page: int | None
    text: str
    score: float
    section: str | None = None
    publisher: str | None = None
    year: int | None = None

    @classmethod
    def of(cls, p: Passage) -> PassagePublic:
        return cls(document=p.document, title=p.title, page=p.page, text=p.text, score=p.score,
                   section=p.section, publisher=p.publisher, year=p.year)


class CitationPublic(PassagePublic):
    n: int
    quote: str = ""


class AskResponse(BaseModel):
    answer: str
    citations: list[CitationPublic]
    grounded: bool
    generator: str
    notice: str | None = None
    confidence: float | None = Field(
        None, description="The extractive answerer's estimate (0-1) that the answer states "
                          "what was asked; below its threshold it says the documents lack support.")
    interpreted_question: str | None = Field(
        None, description="The standalone question answered when the question was a "
                          "follow-up resolved from `history`; null when it stood alone.")

    @classmethod
    def of(cls, a: Answer) -> AskResponse:
        return cls(
            answer=a.text,
            citations=[
                CitationPublic(n=c.n, quote=c.quote, **PassagePublic.of(c.passage).model_dump())
                for c in a.citations
            ],
            grounded=a.grounded,
            generator=a.generator,
            notice=a.notice,
            confidence=a.confidence,
            interpreted_question=a.interpreted_question,
        )


class SearchResponse(BaseModel):
    passages: list[PassagePublic]


class DocumentPublic(BaseModel):
    id: str
    title: str
    source: str
    publisher: str | None
    year: int | None
    pages: int | None
    chunks: int

    @classmethod
    def of(cls, d: DocumentInfo) -> DocumentPublic:
        return cls(id=d.id, title=d.title, source=d.source, publisher=d.publisher, year=d.year,
                   pages=d.pages, chunks=d.chunks)
