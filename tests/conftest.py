"""Shared fixtures: a real index (real e5 embedder, real Chroma) of two bundled reports."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.embedding import EmbeddingCache
from assistant.settings import Settings
from assistant.wiring import Components
from ingest.pipeline import ingest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
KOMPETENS = "socialstyrelsen-kompetenssatsning-2008-2011-slutrapport.txt"
REGERINGSBESLUT = "regeringsbeslut-2009-forsakringskassan-kunskapsutveckling-rehabilitering.txt"
KOMPETENS_ID = "socialstyrelsen-kompetenssatsning-2008-2011"

Q_ALLOCATED = "Hur mycket pengar fördelade Socialstyrelsen till kommuner och landsting 2008–2011?"
Q_SPENT = "Hur mycket av pengarna i kompetenssatsningen förbrukades?"


def make_settings(tmp: Path, **overrides) -> Settings:
    """Settings isolated from the developer's environment and .env."""
    overrides.setdefault("corpus_dir", tmp / "corpus")
    return Settings(_env_file=None, data_dir=tmp / "data", **overrides)


def _cache(components: Components) -> EmbeddingCache:
    """Embeddings cache; set ASSISTANT_CACHE_DIR to share it between test sessions."""
    return EmbeddingCache(components.settings.embedding_cache_path, components.embedder.name)


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
    report = ingest([two_report_corpus], components.store, components.embedder,
                    components.manifest_path, cache=_cache(components))
    assert report.ok and len(report.indexed) == 2
    return components


@pytest.fixture(scope="session")
def full_index(tmp_path_factory) -> Components:
    """Components over a real index of the whole bundled corpus (slow: a few minutes cold)."""
    settings = make_settings(tmp_path_factory.mktemp("full-index"), corpus_dir=CORPUS)
    components = Components(settings)
    report = ingest([CORPUS], components.store, components.embedder, components.manifest_path,
                    cache=_cache(components))
    assert report.ok, report.failed
    return components
