"""Index generations: a killed ingest of any kind leaves the old set served exactly; a request
finishes on the generation it started on; old generations are closed and deleted."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.wiring import Components
from tests.conftest import CORPUS, KOMPETENS, REGERINGSBESLUT, ROOT, make_settings, run_ingest
from tests.ingest.test_crash_and_server import _assert_consistent, _env, _inspect

pytestmark = pytest.mark.slow
SKL = "skl-2016-utvecklingsstruktur-psykisk-halsa.txt"
SKL_ID = "skl-2016-utvecklingsstruktur"


def _served(state: dict) -> dict[str, int]:
    """Document id -> chunks served, as a client sees them."""
    return {doc: info["chunks"] for doc, info in state["docs"].items()}


def _generations(data: Path) -> list[str]:
    folder = data / "index" / "generations"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_killed_ingest_or_rebuild_serves_the_old_or_the_new_set_exactly(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (KOMPETENS, REGERINGSBESLUT, "documents.toml"):
        shutil.copy(CORPUS / name, corpus / name)
    env = _env(tmp_path, ASSISTANT_CACHE_DIR=os.environ.get("ASSISTANT_CACHE_DIR",
                                                             str(tmp_path / "c")))
    cmd = [sys.executable, "-m", "assistant.cli", "ingest", str(corpus)]
    first = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert first.returncode == 0, first.stderr
    old = _served(_inspect(env))
    # The new corpus: one report changed, one added.
    text = (corpus / REGERINGSBESLUT).read_text("utf-8")
    (corpus / REGERINGSBESLUT).write_text(text + "\nTillägg: en ny mening om uppföljning.\n",
                                          "utf-8")
    shutil.copy(CORPUS / SKL, corpus / SKL)

    kills = 0
    for extra in ([], ["--rebuild"]):
        for delay in (0.0, 0.4, 1.2):
            before = set(_generations(tmp_path / "data"))
            proc = subprocess.Popen(cmd + extra, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 120
            # Wait until it has started its new generation, then let it work `delay` seconds.
            while set(_generations(tmp_path / "data")) <= before and proc.poll() is None:
                assert time.monotonic() < deadline, "the ingest never started a generation"
                time.sleep(0.02)
            time.sleep(delay)
            killed = proc.poll() is None
            if killed:
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
            proc.wait(timeout=60)
            state = _inspect(env)
            _assert_consistent(state)
            if killed:  # the old set, exactly: no document lost, none half-served
                assert _served(state) == old, (extra, delay, _served(state))
            else:  # it finished first: the new set
                assert SKL_ID in _served(state)
                old = _served(state)
    assert kills >= 4, "most ingests should have been killed while they worked"

    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    new = _inspect(env)
    _assert_consistent(new)
    assert SKL_ID in _served(new) and len(_served(new)) == 3
    assert new["raw"] == len(new["ids"])  # no orphans
    assert len(_generations(tmp_path / "data")) == 1  # what the kills left is deleted


def test_a_request_finishes_on_its_generation_and_the_old_one_goes(tmp_path, small_corpus,
                                                                 shared_cache):
    comp = Components(make_settings(tmp_path))
    run_ingest(comp, [small_corpus], cache=shared_cache)
    first = comp.index.generation()
    with comp.index.pin():  # a request in flight
        docs = comp.store.documents()
        other = Components(make_settings(tmp_path))  # another process's ingest, in effect
        report = run_ingest(other, [small_corpus], cache=shared_cache, rebuild=True)
        assert report.ok
        second = other.index.layout.current()
        assert second != first
        assert comp.store.documents() == docs  # still the generation the request started on
        assert comp.index.generation() == first
        # the old one is still on disk: this process reads it
        assert first in _generations(tmp_path / "data")
    assert comp.index.generation() == second  # the next request switches
    assert comp.store.documents().keys() == docs.keys()
    other.index.close()
    assert _generations(tmp_path / "data") == [second]  # closed by its last reader, deleted


def test_a_second_ingest_at_the_same_time_is_told_to_wait(tmp_path, small_corpus, shared_cache):
    from assistant.errors import ConfigError

    comp = Components(make_settings(tmp_path))
    with comp.index.layout.ingest_lock(), pytest.raises(ConfigError, match="wait for it"):
        run_ingest(comp, [small_corpus], cache=shared_cache)
    assert comp.index.generation() is None and _generations(tmp_path / "data") == []


def test_an_index_of_the_old_layout_is_served_then_replaced(tmp_path, small_corpus,
                                                            shared_cache):
    """`data/index/chroma` + `lexical/` (before generations) is served as it is; the next
    ingest builds a generation from it and deletes it."""
    comp = Components(make_settings(tmp_path))
    run_ingest(comp, [small_corpus], cache=shared_cache)
    index = tmp_path / "data" / "index"
    name = comp.index.generation()
    comp.index.close()
    for part in ("chroma", "lexical"):  # the old layout, as earlier versions left it
        shutil.move(index / "generations" / name / part, index / part)
    shutil.rmtree(index / "generations")
    (index / "CURRENT").unlink()

    old = Components(make_settings(tmp_path))
    docs = old.store.documents()
    assert list(docs) == ["regeringsbeslut-2009-forsakringskassan"]
    assert old.index.generation() == "legacy"
    assert old.service.ask("Hur mycket pengar kan Försäkringskassan bevilja 2009?").citations
    old.index.close()
    report = run_ingest(old, [small_corpus], cache=shared_cache)
    assert report.unchanged == ["regeringsbeslut-2009-forsakringskassan"]  # copied, not redone
    assert old.index.generation() != "legacy" and old.store.documents().keys() == docs.keys()
    assert not (index / "chroma").exists() and not (index / "lexical").exists()


def test_generations_on_a_chroma_server(tmp_path, small_corpus, shared_cache):
    """With a Chroma server, a generation is a pair of collections and the pointer one record:
    readers switch, the one before the current is kept for them, older ones go."""
    from tests.servers import free_port as _free_port

    chroma = Path(sys.executable).parent / "chroma"
    port = _free_port()
    server = subprocess.Popen([str(chroma), "run", "--path", str(tmp_path / "srv"), "--host",
                               "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import httpx

        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2)
                break
            except httpx.HTTPError:
                assert server.poll() is None and time.monotonic() < deadline, "chroma run failed"
                time.sleep(0.3)
        url = f"http://127.0.0.1:{port}"
        writer = Components(make_settings(tmp_path / "a", chroma_url=url))
        reader = Components(make_settings(tmp_path / "b", chroma_url=url))
        reader.index.poll_seconds = 0.0  # look at the pointer at every call in this test
        names = []
        decision = small_corpus / REGERINGSBESLUT
        text = decision.read_text("utf-8")
        for i in range(3):
            decision.write_text(text + f"\nTillägg {i}.\n", "utf-8")
            assert run_ingest(writer, [small_corpus], cache=shared_cache).ok
            names.append(writer.index.layout.current())
            with reader.index.pin():
                assert reader.index.generation() == names[-1]
                assert list(reader.store.documents()) == ["regeringsbeslut-2009-forsakringskassan"]
        client = writer.index.layout.server
        kept = {c.name for c in client.list_collections()}
        assert kept == {"rapporter-current", *(f"rapporter-{n}" for n in names[1:]),
                        *(f"rapporter-{n}-manifest" for n in names[1:])}
        answer = reader.service.ask("Hur mycket pengar kan Försäkringskassan bevilja 2009?")
        assert "9 500 000" in answer.text
    finally:
        server.terminate()
        server.wait(timeout=30)
