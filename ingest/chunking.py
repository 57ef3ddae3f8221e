"""Chunking: pages of paragraphs -> chunks of about `size` characters that know their page."""

from __future__ import annotations

from collections.abc import Iterable

from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.models import Chunk
from ingest.cleanup import paragraphs
from ingest.loaders import Page

DEFAULT_SIZE = 1000


def chunk_pages(document: str, pages: Iterable[Page], size: int = DEFAULT_SIZE) -> list[Chunk]:
    """Pack whole paragraphs into chunks; a chunk never crosses a page, so its page is exact."""
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=size, chunk_overlap=size // 10, separators=[". ", "; ", ", ", " "],
        keep_separator="end",
    )
    chunks: list[Chunk] = []
    for page in pages:
        buf: list[str] = []
        for para in paragraphs(page.text):
            pieces = splitter.split_text(para) if len(para) > size else [para]
            for piece in pieces:
                if buf and sum(len(b) + 1 for b in buf) + len(piece) > size:
                    chunks.append(_make(document, buf, len(chunks), page.number))
                    buf = []
                buf.append(piece)
        if buf:
            chunks.append(_make(document, buf, len(chunks), page.number))
    return chunks


def _make(document: str, parts: list[str], position: int, page: int | None) -> Chunk:
    return Chunk(document=document, text="\n".join(parts).strip(), position=position, page=page)
