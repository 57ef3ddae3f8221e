"""One contract, every store: what retrieval and the lexical index need of a ChunkStore
(assistant.index.base), run on the embedded store and on a real `chroma run` server."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator

import pytest

from assistant.index.base import ChunkStore
from assistant.wiring import Components
from tests.conftest import CORPUS, KOMPETENS, REGERINGSBESLUT, make_settings, run_ingest
from tests.servers import free_port, start_chroma

pytestmark = pytest.mark.slow
BESLUT_ID = "regeringsbeslut-2009-forsakringskassan"
KOMPETENS_ID = "socialstyrelsen-kompetenssatsning-2008-2011"


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory) -> Iterator[str]:
    """A real Chroma server (`chroma run`) for the module."""
    port = free_port()
    server = start_chroma(tmp_path_factory.mktemp("chroma-server"), port)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture(scope="module", params=["embedded", "server"])
def built(request, tmp_path_factory) -> Components:
    """Components over the short government decision, in either backend."""
    tmp = tmp_path_factory.mktemp(f"contract-{request.param}")
    corpus = tmp / "corpus"
    corpus.mkdir()
    for name in (REGERINGSBESLUT, "documents.toml"):
        shutil.copy(CORPUS / name, corpus / name)
    url = request.getfixturevalue("chroma_url") if request.param == "server" else None
    comp = Components(make_settings(tmp, chroma_url=url, collection=f"c{int(time.time())}"))
    assert run_ingest(comp, [corpus], cache=comp.embedding_cache).ok
    comp.corpus = corpus  # type: ignore[attr-defined]
    return comp


class TestChunkStoreContract:
    def test_it_is_a_chunk_store(self, built):
        store: ChunkStore = built.store
        for method in ("query", "get_all", "documents", "version"):
            assert callable(getattr(store, method))

    def test_documents_list_what_was_ingested(self, built):
        docs = built.store.documents()
        assert set(docs) == {BESLUT_ID}
        info, generation = docs[BESLUT_ID]
        assert info.chunks > 0 and info.pages and generation

    def test_get_all_returns_every_live_chunk_with_its_metadata(self, built):
        ids, texts, metas = built.store.get_all()
        info, _ = built.store.documents()[BESLUT_ID]
        assert len(ids) == len(texts) == len(metas) == info.chunks
        assert all(m["document"] == BESLUT_ID and isinstance(m.get("page"), int) for m in metas)
        assert any("10 000 000 kronor" in t for t in texts)

    def test_query_returns_the_nearest_chunks_best_first(self, built):
        vector = built.embedder.embed(["Hur mycket pengar får Socialstyrelsen disponera?"],
                                      query=True)[0]
        hits = built.store.query(vector, 3)
        assert 1 <= len(hits) <= 3 and [h.score for h in hits] == sorted(
            (h.score for h in hits), reverse=True)
        assert all(h.document == BESLUT_ID and isinstance(h.page, int) for h in hits)
        assert built.store.query(vector, 3, {"document": {"$in": ["no-such-doc"]}}) == []

    def test_every_live_chunk_is_found_by_its_own_text(self, built):
        ids, texts, _ = built.store.get_all()
        vectors = built.embedder.embed(texts)
        for id_, vector in zip(ids, vectors, strict=True):
            assert built.store.query(vector, 1)[0].id == id_

    def test_version_changes_when_the_live_chunks_do(self, built):
        before = built.store.version()
        assert built.store.version() == before  # stable while nothing changes
        shutil.copy(CORPUS / KOMPETENS, built.corpus / KOMPETENS)
        assert run_ingest(built, [built.corpus], cache=built.embedding_cache).ok
        deadline = time.monotonic() + 10  # a Chroma server's pointer is polled every 0.5 s
        while built.store.version() == before and time.monotonic() < deadline:
            time.sleep(0.2)
        assert built.store.version() != before
        assert set(built.store.documents()) == {BESLUT_ID, KOMPETENS_ID}
