"""Latency of POST /api/ask over HTTP: the real app under uvicorn on loopback, real index.

    uv run python bench/ask.py --data-dir /tmp/me/data            # 1 and 8 clients, 3 runs
    uv run python bench/ask.py --data-dir data --clients 1 --runs 5
    uv run python bench/ask.py --data-dir data --conversation eval/suites/conv-dev.jsonl

Serves `assistant.api.app:create_app` (chat UI included, as `assistant serve` does) in a
subprocess, warms it up (embedder, lexical index), then sends every question of the evaluation
suite once per run, from 1 client and from 8 concurrent clients. Prints p50/p95 per run and the
medians over runs. Target on 2 cores with the extractive answerer: p50 < 100 ms, p95 < 300 ms
(one client).

`--conversation SUITE` sends each conversation of a conversation suite as a client would: every
turn with the turns before it (question, answer, cited documents) as `history`. Only requests
that carry a history are timed: a history must not push p95 over 300 ms on one client.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
FALLBACK = [
    "Hur mycket pengar fördelade Socialstyrelsen till kommuner och landsting 2008–2011?",
    "Hur mycket av pengarna i kompetenssatsningen förbrukades?",
    "Hur många projekt fick medel i kompetenssatsningen?",
    "How many people took part in the training?",
    "Hur mycket pengar fick Försäkringskassan för kunskapsutveckling om rehabilitering 2009?",
    "Vad kostar en vårdplats på Gotland?",
]


def questions(suite: Path) -> list[str]:
    """The suite's questions, or a handful of fallbacks when the suite is missing."""
    if not suite.exists():
        print(f"{suite} not found: using {len(FALLBACK)} fallback questions", file=sys.stderr)
        return FALLBACK
    lines = [json.loads(x) for x in suite.read_text(encoding="utf-8").splitlines() if x.strip()]
    return [item["question"] for item in lines]


def conversations(suite: Path) -> list[list[str]]:
    """Each conversation of a conversation suite: its earlier turns, then its question."""
    lines = [json.loads(x) for x in suite.read_text(encoding="utf-8").splitlines() if x.strip()]
    return [[*item.get("turns", []), item["question"]] for item in lines]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_until_up(cmd: list[str], health: str, what: str) -> subprocess.Popen:
    """Start `cmd` and return it once `health` answers (60 s at most); exit when it does not."""
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(health, timeout=2)
            return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"{what} did not start") from None
            time.sleep(0.2)


def start_server(data_dir: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "ASSISTANT_DATA_DIR": str(data_dir), "ASSISTANT_API_KEYS": ""}
    cmd = [sys.executable, "-m", "uvicorn", "assistant.api.app:create_app", "--factory",
           "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    return subprocess.Popen(cmd, cwd=ROOT, env=env)


def wait_ready(url: str, server: subprocess.Popen, timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with code {server.returncode}")
        try:
            res = httpx.get(f"{url}/api/health", timeout=5)
            if res.status_code == 200:
                return res.json()
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the server at {url} did not become ready in {timeout:.0f} s")


def run(url: str, qs: list[str] | list[list[str]], clients: int
        ) -> tuple[list[float], int, list[float]]:
    """Every question (or conversation) once, spread over `clients` threads; latencies in ms,
    error count, and (conversations) the latencies of the same questions sent alone.

    In a conversation only the turns sent with a history are timed; each is then sent again
    without one, as the standalone question it was answered as, so the history's own cost is
    the difference (the answerer's time depends on the question, not on the history)."""
    todo: queue.Queue[str | list[str]] = queue.Queue()
    for q in qs:
        todo.put(q)
    latencies: list[float] = []
    errors = 0
    alone: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        nonlocal errors
        with httpx.Client(base_url=url, timeout=120) as client:
            while True:
                try:
                    q = todo.get_nowait()
                except queue.Empty:
                    return
                history: list[dict] = []
                for i, question in enumerate([q] if isinstance(q, str) else q):
                    start = time.perf_counter()
                    res = client.post("/api/ask", json={"question": question,
                                                        "history": history})
                    ms = (time.perf_counter() - start) * 1000
                    with lock:
                        if isinstance(q, str) or i > 0:
                            latencies.append(ms)
                        errors += res.status_code != 200
                    body = res.json() if res.status_code == 200 else {}
                    if not isinstance(q, str) and i > 0:
                        single = body.get("interpreted_question") or question
                        start = time.perf_counter()
                        client.post("/api/ask", json={"question": single})
                        with lock:
                            alone.append((time.perf_counter() - start) * 1000)
                    history.append({"question": question, "answer": body.get("answer"),
                                    "documents": sorted({c["document"] for c in
                                                         body.get("citations", [])})})

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, alone


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data")
    parser.add_argument("--suite", type=Path, default=ROOT / "eval" / "suites" / "core.jsonl")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--url", help="measure a running server instead of starting one")
    parser.add_argument("--conversation", type=Path, metavar="SUITE",
                        help="send the conversations of SUITE (e.g. eval/suites/conv-dev.jsonl)"
                             " turn by turn with their history; time the turns with history")
    args = parser.parse_args()

    qs: list[str] | list[list[str]] = (conversations(args.conversation) if args.conversation
                                       else questions(args.suite))
    server = None
    url = args.url
    if url is None:
        if not (args.data_dir / "index" / "manifest.json").exists():
            raise SystemExit(f"no index in {args.data_dir}: run `assistant ingest` first")
        url = f"http://127.0.0.1:{free_port()}"
        server = start_server(args.data_dir, int(url.rsplit(":", 1)[1]))
    try:
        health = wait_ready(url, server) if server else httpx.get(f"{url}/api/health").json()
        what = "conversations" if args.conversation else "questions"
        print(f"{url}: {health['documents']} documents, {health['chunks']} chunks, "
              f"generator {health['generator']}; {len(qs)} {what} x {args.runs} runs")
        run(url, qs[:5], 1)  # warm-up: embedder, lexical index, first-query caches
        rows = []
        for clients in args.clients:
            p50s, p95s, rates, alone50, alone95 = [], [], [], [], []
            for i in range(args.runs):
                start = time.perf_counter()
                lat, errors, alone = run(url, qs, clients)
                wall = time.perf_counter() - start
                p50s.append(pct(lat, 50))
                p95s.append(pct(lat, 95))
                rates.append(len(lat) / wall)
                print(f"  clients={clients} run {i + 1}: p50 {p50s[-1]:.0f} ms, p95 "
                      f"{p95s[-1]:.0f} ms, {rates[-1]:.1f} answers/s, {errors} errors")
                if alone:
                    alone50.append(pct(alone, 50))
                    alone95.append(pct(alone, 95))
                    print(f"    the same questions alone (no history): p50 {alone50[-1]:.0f} ms,"
                          f" p95 {alone95[-1]:.0f} ms")
            if alone50:
                d50 = statistics.median(p50s) - statistics.median(alone50)
                d95 = statistics.median(p95s) - statistics.median(alone95)
                print(f"  history's cost (medians): p50 {d50:+.0f} ms, p95 {d95:+.0f} ms")
            rows.append((clients, statistics.median(p50s), statistics.median(p95s),
                         statistics.median(rates)))
        print("\n| clients | p50 (ms) | p95 (ms) | answers/s |\n| ---: | ---: | ---: | ---: |")
        for clients, p50, p95, rate in rows:
            print(f"| {clients} | {p50:.0f} | {p95:.0f} | {rate:.1f} |")
        print(f"(medians of {args.runs} runs of {len(qs)} {what} each"
              + ("; only the turns sent with a history are timed)" if args.conversation else ")"))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
