"""Sentence vectors on a real `chroma run`: an instance that did not ingest (another machine,
its own empty cache) reads them from the server and answers exactly as the ingesting one does."""

from __future__ import annotations

import numpy as np

from assistant.index.shared_vectors import ChromaVectors, TieredVectors
from assistant.language.sentences import sentences
from assistant.wiring import Components
from ingest.chunking import Chunker
from ingest.pipeline import ingest
from tests.conftest import make_settings
from tests.servers import free_port, start_chroma

QUESTION = "Hur mycket pengar kan Försäkringskassan bevilja 2009?"


def test_an_instance_with_an_empty_cache_reads_sentence_vectors_from_the_server(
        tmp_path, small_corpus):
    port = free_port()
    server = start_chroma(tmp_path / "srv", port)
    url = f"http://127.0.0.1:{port}"
    try:
        first = Components(make_settings(tmp_path / "a", chroma_url=url,
                                         cache_dir=tmp_path / "a-cache"))
        report = ingest([small_corpus], first.indexer(Chunker(first.settings.chunk_size)))
        assert report.ok
        texts = sorted({s for t in first.store.get_all()[1] for s in sentences(t)})
        shared = first.shared_vectors
        assert isinstance(shared, ChromaVectors) and len(shared) == len(texts)

        other = Components(make_settings(tmp_path / "b", chroma_url=url,
                                         cache_dir=tmp_path / "b-cache"))
        assert not other.embedding_cache.get_many(texts)  # another machine: nothing local
        assert isinstance(other.sentence_vectors, TieredVectors)
        got = other.sentence_vectors.get_many(texts)
        want = first.embedding_cache.get_many(texts)
        assert set(got) == set(texts)
        assert all(np.allclose(got[t], want[t], atol=1e-6) for t in texts)
        assert len(other.embedding_cache.get_many(texts)) == len(texts)  # kept locally now

        mine, theirs = first.service.ask(QUESTION), other.service.ask(QUESTION)
        assert "9 500 000" in theirs.text and theirs.citations
        assert (theirs.text, theirs.confidence) == (mine.text, mine.confidence)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_without_a_server_the_cache_beside_the_index_is_the_only_store(tmp_path):
    components = Components(make_settings(tmp_path))
    assert components.shared_vectors is None
    assert components.sentence_vectors is components.embedding_cache
