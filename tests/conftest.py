"""Shared fixtures: a real index (real e5 embedder, real Chroma) of two bundled reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.index.embedding import Embedder, EmbeddingCache
from assistant.index.indexer import Indexer
from assistant.settings import Settings
from assistant.wiring import Components
from ingest.chunking import Chunker
from ingest.pipeline import IngestReport, ingest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
KOMPETENS = "socialstyrelsen-kompetenssatsning-2008-2011-slutrapport.txt"
REGERINGSBESLUT = "regeringsbeslut-2009-forsakringskassan-kunskapsutveckling-rehabilitering.txt"
KOMPETENS_ID = "socialstyrelsen-kompetenssatsning-2008-2011"

Q_ALLOCATED = "Hur mycket pengar fördelade Socialstyrelsen till kommuner och landsting 2008–2011?"
Q_SPENT = "Hur mycket av pengarna i kompetenssatsningen förbrukades?"


# The fitted confidence threshold is calibrated on the whole corpus; the tests' one- and
# two-report indexes weigh words by other idf, so their confidences run lower. Tests of the
# plumbing (API, chat, ingest, server modes) read answers with this threshold; what the fitted
# one does is measured by the eval suites (make eval, make eval-splits).
PLUMBING_THRESHOLD = 0.3


def make_settings(tmp: Path, **overrides) -> Settings:
    """Settings isolated from the developer's environment and .env."""
    overrides.setdefault("corpus_dir", tmp / "corpus")
    overrides.setdefault("answer_threshold", PLUMBING_THRESHOLD)
    return Settings(_env_file=None, data_dir=tmp / "data", **overrides)


def _cache(components: Components) -> EmbeddingCache:
    """Embeddings cache; set ASSISTANT_CACHE_DIR to share it between test sessions."""
    return EmbeddingCache(components.settings.embedding_cache_path, components.embedder.name)


def indexer_for(components: Components, embedder: Embedder | None = None,
                cache: EmbeddingCache | None = None, batch_size: int = 16) -> Indexer:
    """The Indexer `assistant ingest` uses, with another embedder or cache when given."""
    return Indexer(components.index, embedder or components.embedder,
                   Chunker(components.settings.chunk_size), cache=cache,
                   batch_size=batch_size, mirror=components.manifest_path)


def run_ingest(components: Components, paths, embedder: Embedder | None = None,
               cache: EmbeddingCache | None = None, **kw) -> IngestReport:
    """`ingest(paths, ...)` through `indexer_for(components, embedder, cache)`."""
    batch = kw.pop("batch_size", 16)
    return ingest(paths, indexer_for(components, embedder, cache, batch), **kw)


@pytest.fixture(scope="session")
def two_report_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name in (KOMPETENS, REGERINGSBESLUT, "documents.toml"):
        shutil.copy(CORPUS / name, folder / name)
    return folder


@pytest.fixture(scope="session")
def indexed(tmp_path_factory, two_report_corpus) -> Components:
    """Components over a real index of two reports, built once per test session."""
    settings = make_settings(tmp_path_factory.mktemp("index"))
    components = Components(settings)
    report = run_ingest(components, [two_report_corpus], cache=_cache(components))
    assert report.ok and len(report.indexed) == 2
    return components


@pytest.fixture(scope="session")
def full_index(tmp_path_factory) -> Components:
    """Components over a real index of the whole bundled corpus (slow: a few minutes cold)."""
    settings = make_settings(tmp_path_factory.mktemp("full-index"), corpus_dir=CORPUS)
    components = Components(settings)
    report = run_ingest(components, [CORPUS], cache=_cache(components))
    assert report.ok, report.failed
    return components
