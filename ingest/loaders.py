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

SUPPORTED = (".txt", ".md", ".pdf")


@dataclass(frozen=True)
class Page:
    number: int | None
    text: str


@dataclass(frozen=True)
class LoadedFile:
    path: Path
    pages: list[Page]
    title: str | None = None
    encoding: str = "utf-8"


def load_file(path: Path, max_mb: float = 100.0) -> LoadedFile:
    """Read one file into pages, or raise a DocumentError that says what is wrong with it."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise UnsupportedFileError(
            path, f"unsupported file type '{suffix or '(none)'}'; use {', '.join(SUPPORTED)}"
        )
    size = path.stat().st_size
    if size > max_mb * 1024 * 1024:
        raise FileTooLargeError(
            path, f"{size / 1e6:.0f} MB is over the {max_mb:g} MB limit (ASSISTANT_MAX_FILE_MB)"
        )
    if size == 0:
        raise EmptyDocumentError(path, "the file is empty")
    loaded = load_pdf(path) if suffix == ".pdf" else load_text(path)
    if not any(p.text.strip() for p in loaded.pages):
        raise EmptyDocumentError(path, "the file holds no text")
    return loaded


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM), else cp1252, common in Swedish archives."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


# The PDF text export starts a page with a line that begins with one space ("  " is a table cell).
_PAGE_START = re.compile(r"^ (?=\S)", re.M)


def load_text(path: Path) -> LoadedFile:
    """Plain text; pages split at form feeds, or at the export's leading-space convention."""
    text, encoding = decode_text(path.read_bytes())
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\f" in text:
        parts = text.split("\f")
    elif path.suffix.lower() == ".txt" and len(_PAGE_START.findall(text)) > 1:
        starts = [m.start() for m in _PAGE_START.finditer(text)]
        if starts[0] != 0:
            starts.insert(0, 0)
        parts = [text[a:b] for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    else:
        return LoadedFile(path, [Page(None, text)], encoding=encoding)
    return LoadedFile(path, [Page(i, p) for i, p in enumerate(parts, start=1)], encoding=encoding)


def load_pdf(path: Path) -> LoadedFile:
    """A PDF page by page with pypdf; page numbers from the PDF's page labels where it has them."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # noqa: BLE001 - pypdf raises several types here
                ok = 0
            if not ok:
                raise EncryptedPdfError(
                    path, "the PDF is password-protected; save an unlocked copy"
                )
        pages: list[Page] = []
        labels = _page_labels(reader)
        for i, page in enumerate(reader.pages):
            pages.append(Page(labels[i] if labels else i + 1, page.extract_text() or ""))
        title = (reader.metadata or {}).get("/Title") if reader.metadata else None
    except EncryptedPdfError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise CorruptFileError(path, f"not a readable PDF ({exc})") from exc
    if pages and not any(p.text.strip() for p in pages):
        raise NoTextLayerError(
            path, f"{len(pages)} pages but no text layer (a scan?); OCR is not supported"
        )
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
