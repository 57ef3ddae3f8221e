"""`assistant serve --workers N`: N processes over a real `chroma run` server, answering over real
HTTP; and the refusal with the embedded store, which one process at a time may hold."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from assistant.wiring import Components
from tests.conftest import CORPUS, REGERINGSBESLUT, ROOT, make_settings, run_ingest
from tests.ingest.test_crash_and_server import _env
from tests.servers import free_port, start_chroma

pytestmark = pytest.mark.slow

QUESTION = "Hur stor andel av kostnaderna för utbildningsprogrammet kan statsbidraget täcka?"


def _serve(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", *args], cwd=ROOT,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True)


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def test_more_than_one_worker_on_the_embedded_store_is_refused(tmp_path):
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "serve", "--workers", "2"],
                          cwd=ROOT, env=_env(tmp_path), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 2
    assert "--workers 2 needs the index in a Chroma server" in done.stderr
    assert "ASSISTANT_CHROMA_URL" in done.stderr and "chroma run" in done.stderr


def test_workers_serve_from_several_processes_over_a_chroma_server(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in (REGERINGSBESLUT, "documents.toml"):
        shutil.copy(CORPUS / name, corpus / name)
    chroma_port, port = free_port(), free_port()
    chroma = start_chroma(tmp_path / "srv", chroma_port)
    server = None
    try:
        chroma_url = f"http://127.0.0.1:{chroma_port}"
        comp = Components(make_settings(tmp_path, chroma_url=chroma_url))
        assert run_ingest(comp, [corpus], cache=comp.embedding_cache).ok
        # The serving processes share the ingest's embedding cache: the answerer reads the
        # sentence vectors the ingest put there (they are not in Chroma).
        env = _env(tmp_path / "serving", ASSISTANT_CHROMA_URL=chroma_url, ASSISTANT_API_KEYS="",
                   ASSISTANT_CACHE_DIR=str(comp.settings.embedding_cache_path.parent))
        server = _serve(["--workers", "2", "--port", str(port)], env)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 300
        while True:
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            try:
                if httpx.get(f"{url}/api/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "serve --workers did not become ready"
            time.sleep(0.5)
        workers = [c for c in _children(server.pid)
                   if b"spawn_main" in Path(f"/proc/{c}/cmdline").read_bytes()]
        assert len(workers) == 2  # uvicorn's worker processes

        def ask(_: int) -> httpx.Response:
            return httpx.post(f"{url}/api/ask", json={"question": QUESTION}, timeout=120)

        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(ask, range(16)))
        assert all(r.status_code == 200 for r in answers), answers[0].text
        assert all("70 procent" in r.json()["answer"] for r in answers)
        docs = httpx.get(f"{url}/api/documents", timeout=30).json()
        assert "regeringsbeslut-2009-forsakringskassan" in str(docs)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
        chroma.terminate()
        chroma.wait(timeout=30)
        assert not os.path.exists(tmp_path / "serving" / "data" / "index" / "chroma")
