"""Chunking: pages of blocks -> chunks of about `size` characters that know page and section.

A chunk never crosses a page (so its page is exact) or a numbered heading, never splits a
sentence unless the sentence alone is over `size`, and never splits inside a number (`10 000`,
`428,5`). Headings become the `section` of the chunks that follow, numbered ones
(`2.6 PRESTATIONSMÅL: ...`) also their `chapter`, which the sections under it (`Medel och
tidsram`) do not name; a chunk that opens in a table carries its table's caption and column
header, so its rows can be read as cells (`Dalarna, Statsbidrag 2009: 3 600 tkr`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from assistant.language.dictionary import Lexicon, vocabulary
from assistant.models import Chunk, Page
from ingest.cleanup import Block, blocks

DEFAULT_SIZE = 1000
PIPELINE_VERSION = "9"  # bump when cleanup or chunking changes what chunks contain
_SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+(?=[A-ZÅÄÖ0-9•\"”(])")
# A space is a safe cut unless it sits between two digit groups (`10 000`).
_SAFE_SPACE = re.compile(r"(?<!\d) | (?!\d)")
# A numbered heading (`2.6 PRESTATIONSMÅL: SAMORDNADE INDIVIDUELLA PLANER`, `3. Förslag`).
_NUMBERED = re.compile(r"^\d+(?:\.\d+)*\.?\s+\S")
# A table's column header: the short lines between its caption and its first row.
_HEADER_LINE_CHARS = 80
_HEADER_LINES = 16


def split_long(text: str, size: int) -> list[str]:
    """Cut an over-long block at sentence ends, then at spaces outside numbers."""
    if len(text) <= size:
        return [text]
    pieces: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        if len(sentence) <= size:
            pieces.append(sentence)
            continue
        cut_from = 0
        while len(sentence) - cut_from > size:
            cuts = [m.start() for m in _SAFE_SPACE.finditer(sentence, cut_from, cut_from + size)]
            cut = cuts[-1] if cuts else cut_from + size
            pieces.append(sentence[cut_from:cut])
            cut_from = cut + 1 if cuts else cut
        pieces.append(sentence[cut_from:])
    merged: list[str] = []
    for piece in (p.strip() for p in pieces):
        if merged and len(merged[-1]) + 1 + len(piece) <= size:
            merged[-1] += " " + piece
        elif piece:
            merged.append(piece)
    return merged


def chunk_pages(
    document: str,
    pages: Iterable[Page],
    size: int = DEFAULT_SIZE,
    *,
    lexicon: Lexicon | None = None,
    generation: str = "",
) -> list[Chunk]:
    """Pack whole blocks into chunks of at most about `size` characters, page by page."""
    chunks: list[Chunk] = []
    section: str | None = None
    chapter: str | None = None
    caption: str | None = None
    header: list[str] = []  # the column header of the table being read
    in_rows = False  # its rows have begun: a paragraph now ends the table
    for page in pages:
        buf: list[str] = []
        buf_section, buf_caption, buf_chapter = section, None, chapter

        for block in blocks(page.text, lexicon):
            if block.kind == "heading":
                section, caption = block.text, None
                if _NUMBERED.match(block.text):
                    chapter = block.text
                    if buf:  # a chunk never runs on into the next chapter
                        _emit(chunks, document, buf, page.number, buf_section, buf_caption,
                              buf_chapter, generation)
                        buf = []
            elif block.kind == "caption":
                caption, header, in_rows = block.text, [], False
            elif block.kind in ("paragraph", "bullet"):
                if caption and not in_rows and len(block.text) <= _HEADER_LINE_CHARS \
                        and len(header) < _HEADER_LINES:
                    header.append(block.text)  # `Län Statsbidrag 2008`, `Förbrukat 2009`
                else:
                    caption, header, in_rows = None, [], False
            elif block.kind == "row":
                in_rows = True
            text = _with_caption(block, caption, header, buf)
            for piece in split_long(text, size):
                if buf and sum(len(b) + 1 for b in buf) + len(piece) > size:
                    _emit(chunks, document, buf, page.number, buf_section, buf_caption,
                          buf_chapter, generation)
                    buf = []
                    buf_section, buf_caption, buf_chapter = section, None, chapter
                    if block.kind == "row" and caption:
                        piece = _with_caption(block, caption, header, buf)
                if not buf:
                    buf_section = section if block.kind != "heading" else block.text
                    buf_chapter = chapter
                buf.append(piece)
                if block.kind in ("row", "caption"):
                    buf_caption = caption
        _emit(chunks, document, buf, page.number, buf_section, buf_caption, buf_chapter,
              generation)
    return chunks


def _emit(
    chunks: list[Chunk], document: str, buf: list[str], page: int, section: str | None,
    caption: str | None, chapter: str | None, generation: str,
) -> None:
    text = "\n".join(buf).strip()
    if text:
        chunks.append(Chunk(
            document=document, text=text, position=len(chunks), page=page,
            section=section, caption=caption, chapter=chapter, generation=generation,
        ))


def _with_caption(block: Block, caption: str | None, header: list[str], buf: list[str]) -> str:
    """A table row opening a chunk gets its caption and column header in front, so it is
    findable and readable on its own."""
    if block.kind == "row" and caption and caption not in buf and not any(
        b.startswith(f"[{caption}]") for b in buf
    ):
        return "\n".join([f"[{caption}]", *header, block.text])
    return block.text


class Chunker:
    """The chunker the Indexer uses (assistant.index.indexer.Chunker): cleanup with the
    document's own words as evidence for joining hyphenated line ends, then `chunk_pages`."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self.version = f"{PIPELINE_VERSION}|{size}"

    def chunk(self, document: str, pages: Sequence[Page], generation: str) -> list[Chunk]:
        lexicon = Lexicon(vocabulary("\n".join(p.text for p in pages)))
        return chunk_pages(document, pages, self.size, lexicon=lexicon, generation=generation)
