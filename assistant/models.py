"""The objects that flow through the pipeline: Page -> Chunk -> Passage -> Citation -> Answer."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DocumentInfo:
    """What we know about one source document."""

    id: str
    title: str
    source: str
    publisher: str | None = None
    year: int | None = None
    pages: int | None = None
    chunks: int = 0
    sha256: str | None = None
    folder: str | None = None  # the absolute folder it was ingested from (scopes pruning)


@dataclass(frozen=True)
class Page:
    """One page of a loaded file: its number (as printed, when the file says) and its text."""

    number: int
    text: str


@dataclass(frozen=True)
class Chunk:
    """A piece of a document, ready to embed and index."""

    document: str
    text: str
    position: int
    page: int | None = None
    section: str | None = None
    caption: str | None = None  # the caption of the table a row belongs to
    chapter: str | None = None  # the numbered heading above (`2.6 PRESTATIONSMÅL: ...`)
    generation: str = ""  # which ingest of the document wrote it (see ingest/pipeline.py)

    @property
    def id(self) -> str:
        if self.generation:
            return f"{self.document}:{self.generation}:{self.position:05d}"
        return f"{self.document}:{self.position:05d}"


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its document's metadata and a relevance score."""

    id: str
    document: str
    title: str
    text: str
    score: float
    page: int | None = None
    section: str | None = None
    publisher: str | None = None
    year: int | None = None
    chapter: str | None = None  # the numbered heading above its section, if any


@dataclass(frozen=True)
class Citation:
    """A passage cited by an answer as `[n]`, with the sentence(s) it supports."""

    n: int
    passage: Passage
    quote: str = ""


@dataclass(frozen=True)
class Answer:
    """What every front end shows: text with `[n]` markers and the cited passages."""

    question: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    grounded: bool = False
    generator: str = "extractive"
    notice: str | None = None
    related: list[Passage] = field(default_factory=list)
    # how sure the answerer is that the answer states what was asked (0..1); extractive only
    confidence: float | None = None
    # The standalone question answered when a follow-up was resolved from the conversation
    # (`Och 2010?` -> `Hur många ... 2010?`); None when the question stood alone.
    interpreted_question: str | None = None

    @property
    def abstained(self) -> bool:
        return not self.citations
