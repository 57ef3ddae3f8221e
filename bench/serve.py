"""Answers/s when serving scales out: `uv run python bench/serve.py` (set ASSISTANT_CACHE_DIR to
a warm embedding cache, or the first ingest embeds the corpus for minutes).

Starts a real `chroma run` in a temp folder, ingests the bundled corpus into it, then measures
`/api/ask` under --clients concurrent clients (default 16) for three deployments on the same
Chroma server: `assistant serve --workers 1`, `assistant serve --workers 2`, and two instances
(`assistant serve` twice, separate data folders, the clients split between them, as behind a
load balancer). Each run sends every question of the eval suite once. Prints answers/s, p50,
p95 (medians of --runs runs) and the resident memory of each deployment after the runs.
"""

from __future__ import annotations

import argparse
import os
import queue
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from ask import (  # bench/ is the script folder
    ROOT,
    free_port,
    pct,
    questions,
    start_until_up,
    wait_ready,
)


def rss_mb(pid: int) -> float:
    """Resident memory of `pid` and all its descendants, in MB (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(
                    (entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError):
                continue
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(c for c, parent in parents.items() if parent == p)
    total = 0
    for p in tree:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def start_chroma(folder: Path, port: int) -> subprocess.Popen:
    chroma = Path(sys.executable).parent / "chroma"
    return start_until_up([str(chroma), "run", "--path", str(folder), "--host", "127.0.0.1",
                           "--port", str(port)],
                          f"http://127.0.0.1:{port}/api/v2/heartbeat", "chroma run")


def serve(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--workers",
                             str(workers), "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run(urls: list[str], qs: list[str], clients: int) -> tuple[list[float], int, float]:
    """Every question once from `clients` threads, client i on urls[i % len(urls)]."""
    todo: queue.Queue[str] = queue.Queue()
    for q in qs:
        todo.put(q)
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def worker(url: str) -> None:
        nonlocal errors
        with httpx.Client(base_url=url, timeout=300) as client:
            while True:
                try:
                    q = todo.get_nowait()
                except queue.Empty:
                    return
                start = time.perf_counter()
                res = client.post("/api/ask", json={"question": q})
                with lock:
                    latencies.append((time.perf_counter() - start) * 1000)
                    errors += res.status_code != 200

    start = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(urls[i % len(urls)],))
               for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suite", type=Path, default=ROOT / "eval" / "suites" / "core.jsonl")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    qs = questions(args.suite)
    tmp = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    chroma_port = free_port()
    chroma = start_chroma(tmp / "chroma", chroma_port)
    base = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    base.update(ASSISTANT_CHROMA_URL=f"http://127.0.0.1:{chroma_port}", ASSISTANT_API_KEYS="")
    cache = os.environ.get("ASSISTANT_CACHE_DIR") or str(ROOT / "data" / "cache")
    base["ASSISTANT_CACHE_DIR"] = cache
    rows = []
    try:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "assistant.cli", "ingest", "--quiet"], cwd=ROOT,
                       check=True, env={**base, "ASSISTANT_DATA_DIR": str(tmp / "ingest")})
        print(f"ingested the corpus into chroma run in {time.perf_counter() - start:.0f} s; "
              f"{len(qs)} questions x {args.runs} runs, {args.clients} clients\n")
        for label, layout in (("1 instance, --workers 1", [1]),
                              ("1 instance, --workers 2", [2]),
                              ("2 instances, --workers 1 each", [1, 1])):
            procs, urls = [], []
            for n, workers in enumerate(layout):
                port = free_port()
                env = {**base, "ASSISTANT_DATA_DIR": str(tmp / f"serve-{label[0]}-{n}")}
                procs.append(serve(env, port, workers))
                urls.append(f"http://127.0.0.1:{port}")
            try:
                for url, proc in zip(urls, procs, strict=True):
                    wait_ready(url, proc)
                for _ in range(2):  # warm every worker: embedder, lexical index, caches
                    run(urls, qs[: args.clients * 2], args.clients)
                rates, p50s, p95s = [], [], []
                for i in range(args.runs):
                    lat, errors, wall = run(urls, qs, args.clients)
                    rates.append(len(lat) / wall)
                    p50s.append(pct(lat, 50))
                    p95s.append(pct(lat, 95))
                    print(f"  {label} run {i + 1}: {rates[-1]:.1f} answers/s, p50 "
                          f"{p50s[-1]:.0f} ms, p95 {p95s[-1]:.0f} ms, {errors} errors")
                memory = sum(rss_mb(p.pid) for p in procs)
                rows.append((label, statistics.median(rates), statistics.median(p50s),
                             statistics.median(p95s), memory))
            finally:
                for proc in procs:
                    proc.terminate()
                    proc.wait(timeout=60)
    finally:
        chroma.terminate()
        chroma.wait(timeout=30)
    print(f"\n| deployment ({args.clients} clients) | answers/s | p50 (ms) | p95 (ms) | "
          "RSS of the API processes (MB) |\n| --- | ---: | ---: | ---: | ---: |")
    for label, rate, p50, p95, memory in rows:
        print(f"| {label} | {rate:.1f} | {p50:.0f} | {p95:.0f} | {memory:.0f} |")
    print(f"(medians of {args.runs} runs of {len(qs)} questions; one shared chroma run)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
