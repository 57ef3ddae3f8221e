"""Loaders: a file on disk -> its pages of raw text. One function per format."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import (
    CorruptFileError,
    EmptyDocumentError,
    EncryptedPdfError,
    FileTooLargeError,
    NoTextLayerError,
    UnsupportedFileError,
)
from assistant.models import Page

SUPPORTED = (".txt", ".md", ".pdf")


@dataclass(frozen=True)
class LoadedFile:
    path: Path
    pages: list[Page]
    title: str | None = None
    encoding: str = "utf-8"


def check_file(path: Path, max_mb: float = 100.0) -> None:
    """Cheap checks before reading a file: extension, size, emptiness."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnsupportedFileError(
            path, f"unsupported file type '{suffix or '(none)'}'; use {', '.join(SUPPORTED)}"
        )
    size = path.stat().st_size
    if size > max_mb * 1024 * 1024:
        raise FileTooLargeError(
            path,
            f"{size / 1024 / 1024:.1f} MB is over the {max_mb:g} MB limit (ASSISTANT_MAX_FILE_MB)",
        )
    if size == 0:
        raise EmptyDocumentError(path, "the file is empty")


def load_file(path: Path, max_mb: float = 100.0) -> LoadedFile:
    """Read one file into pages, or raise a DocumentError that says what is wrong with it."""
    check_file(path, max_mb)
    loaded = load_pdf(path) if path.suffix.lower() == ".pdf" else load_text(path)
    if not any(p.text.strip() for p in loaded.pages):
        raise EmptyDocumentError(path, "the file holds no text")
    return loaded


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM), else cp1252, common in Swedish archives."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


# The PDF text exports start a page with a line that begins with exactly one space. Bullets
# whose glyph was lost and some table cells start that way too, so a candidate only counts when
# enough text has passed since the last page start (less if the line before it is not blank,
# which is how a page ends in the double-spaced exports), or when it is a printed page number.
_PAGE_START = re.compile(r"^ (?=\S)")
_PAGE_NUMBER = re.compile(r"^ \d{1,3} ?$")
MIN_PAGE_CHARS = 1500
MIN_PAGE_CHARS_AFTER_TEXT = 400


def split_pages(text: str) -> list[str]:
    """Split a text export into pages (see `_PAGE_START`); one part when it has no markers."""
    if "\f" in text:
        return text.split("\f")
    lines = text.split("\n")
    starts: list[int] = []
    chars = 0
    for i, line in enumerate(lines):
        if _PAGE_START.match(line):
            prev_text = i > 0 and bool(lines[i - 1].strip())
            if (
                not starts
                or chars >= MIN_PAGE_CHARS
                or (prev_text and chars >= MIN_PAGE_CHARS_AFTER_TEXT)
                or (_PAGE_NUMBER.match(line) and chars >= MIN_PAGE_CHARS_AFTER_TEXT)
            ):
                starts.append(i)
                chars = 0
        chars += len(line.strip())
    if len(starts) < 2:
        return [text]
    if starts[0] != 0:
        starts[0] = 0  # text before the first marker belongs to page 1
    bounds = [*starts, len(lines)]
    return ["\n".join(lines[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]


def carry_split_words(pages: list[str]) -> list[str]:
    """Move a word hyphenated across a page break (`styr-` | `grupper`) onto the first page."""
    out = list(pages)
    for i in range(len(out) - 1):
        nxt = re.match(r"\s*([a-zåäö]\S*)", out[i + 1])
        if nxt and re.search(r"\w-$", out[i].rstrip()):
            out[i] = out[i].rstrip() + "\n" + nxt.group(1)
            out[i + 1] = out[i + 1][nxt.end():]
    return out


# The end of the first sentence on a page: a full stop, question or exclamation mark before a
# capital or the end of a line (`t.o.m. 2012.` ends there, `t.o.m.` before a number does not).
_FIRST_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-ZÅÄÖ]|\s*\n|\s*$)")
MAX_CARRIED_CHARS = 400


def complete_sentences(pages: list[str]) -> list[str]:
    """A sentence that a page break cuts (`I augusti 2010 beslutade` | `myndigheten därför att
    förlänga ...`) is completed on the page where it starts, so a chunk of that page holds it
    whole; the next page keeps its text as it is. Only when the page ends without a sentence's
    end and the next begins in lower case, and the sentence ends within MAX_CARRIED_CHARS."""
    out = list(pages)
    for i in range(len(out) - 1):
        end, nxt = out[i].rstrip(), out[i + 1].lstrip()
        if not end or end[-1] in ".!?:;)" or not nxt[:1].islower():
            continue
        stop = _FIRST_SENTENCE_END.search(nxt, 0, MAX_CARRIED_CHARS)
        if stop:
            out[i] = f"{end} {nxt[:stop.end()]}"
    return out


def load_text(path: Path) -> LoadedFile:
    """Plain text; pages split at form feeds, or at the export's leading-space convention."""
    text, encoding = decode_text(path.read_bytes())
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = split_pages(text) if path.suffix.lower() == ".txt" or "\f" in text else [text]
    if len(parts) == 1:
        return LoadedFile(path, [Page(1, text)], encoding=encoding)
    parts = complete_sentences(carry_split_words(parts))
    return LoadedFile(path, [Page(i, p) for i, p in enumerate(parts, start=1)], encoding=encoding)


def load_pdf(path: Path) -> LoadedFile:
    """A PDF page by page with pypdf; page numbers from the PDF's page labels where it has them."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                ok = bool(reader.decrypt(""))
            except Exception:  # noqa: BLE001 - pypdf raises several types (AES needs extras)
                ok = False
            if not ok:
                raise EncryptedPdfError(
                    path, "the PDF is password-protected; save an unlocked copy"
                )
        pages: list[Page] = []
        labels = _page_labels(reader)
        for i, page in enumerate(reader.pages):
            pages.append(Page(labels[i] if labels else i + 1, page.extract_text() or ""))
        title = reader.metadata.get("/Title") if reader.metadata else None
    except EncryptedPdfError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise CorruptFileError(path, f"not a readable PDF ({exc})") from exc
    if pages and not any(p.text.strip() for p in pages):
        raise NoTextLayerError(
            path, f"{len(pages)} pages but no text layer (a scan?); OCR is not supported"
        )
    texts = complete_sentences(carry_split_words([p.text for p in pages]))
    pages = [Page(p.number, text) for p, text in zip(pages, texts, strict=True)]
    return LoadedFile(path, pages, title=str(title) if title else None)


def _page_labels(reader) -> list[int] | None:
    """Numeric page labels (`iv`, `A-1` do not count), or None to fall back to 1..n."""
    try:
        labels = list(reader.page_labels)
    except Exception:  # noqa: BLE001 - malformed label trees are common
        return None
    if len(labels) != len(reader.pages) or not all(label.isdigit() for label in labels):
        return None
    return [int(label) for label in labels]
