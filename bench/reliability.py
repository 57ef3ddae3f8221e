"""Reliability while the corpus changes: clients ask while ingests run, are killed, and a second
server shares the data folder. One command:

    ASSISTANT_CACHE_DIR=/work/cache uv run python bench/reliability.py            # 16 clients
    uv run python bench/reliability.py --clients 16 --seconds 20 --memory-ingests 20

Starts `assistant serve` on a copy of the bundled corpus (4 reports) in a temporary data folder,
then runs these steps while N clients POST /api/ask for T seconds each:
  steady        nothing else happens
  incremental   `assistant ingest`: one report changed, one added
  rebuild       `assistant ingest --rebuild`
  killed        `kill -9` of an incremental ingest and of a --rebuild, 0 s, 0.5 s and 1.5 s
                after each started its generation (corpus changed: one report removed)
  second server another `assistant serve` on the same data folder (clients on both) while an
                ingest adds the report back
  memory        --memory-ingests incremental ingests; server RSS after the first and the last
After each step it checks that every server serves exactly one corpus version that a finished
ingest produced (documents and chunk counts), and prints requests, answers/s, p50, p95, every
non-200 with its body and every dropped connection.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "Hur mycket pengar fördelade Socialstyrelsen till kommuner och landsting 2008–2011?",
    "Hur många delmål finns det i PRIO psykisk ohälsa?",
    "Vad beräknas stödstrukturen för psykisk hälsa kosta 2016 enligt SKL?",
    "När ska Försäkringskassan lämna den första lägesrapporten om uppdraget?",
    "Hur mycket av pengarna i kompetenssatsningen förbrukades?",
]
CHANGED = "regeringsbeslut-2009-forsakringskassan-kunskapsutveckling-rehabilitering.txt"
ADDED = "vardanalys-prio-psykisk-ohalsa-uppfoljning-bilaga.txt"
REMOVED = "skl-2016-utvecklingsstruktur-psykisk-halsa.txt"


def cache_dir() -> str:
    """The embedding cache to reuse: ASSISTANT_CACHE_DIR, else the checkout's data/cache (what
    `make run` filled). Without either the first ingest embeds for minutes."""
    return os.environ.get("ASSISTANT_CACHE_DIR") or str(ROOT / "data" / "cache")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Bench:
    def __init__(self, work: Path, clients: int, seconds: float) -> None:
        self.work, self.clients, self.seconds = work, clients, seconds
        self.corpus = work / "corpus"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
        self.env.update(ASSISTANT_DATA_DIR=str(work / "data"),
                        ASSISTANT_CORPUS_DIR=str(self.corpus), ASSISTANT_CACHE_DIR=cache_dir())
        self.servers: list[tuple[subprocess.Popen, str]] = []
        self.versions: list[dict[str, int]] = []  # what finished ingests served
        self.rows: list[dict] = []

    # --- processes ------------------------------------------------------------------------
    def serve(self) -> str:
        port = free_port()
        log = (self.work / f"server-{port}.log").open("w")
        proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "serve", "--port",
                                 str(port)], cwd=ROOT, env=self.env, stdout=log, stderr=log)
        url = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        httpx.post(f"{url}/api/ask", json={"question": QUESTIONS[0]}, timeout=120)  # warm up
        self.servers.append((proc, url))
        return url

    def ingest(self, *extra: str, kill_after: float | None = None) -> bool:
        """Run `assistant ingest`; with `kill_after`, kill -9 it that long after it started
        its new generation. True when it finished on its own."""
        gens = self.work / "data" / "index" / "generations"
        before = set(os.listdir(gens)) if gens.exists() else set()
        proc = subprocess.Popen([sys.executable, "-m", "assistant.cli", "ingest", *extra],
                                cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        if kill_after is None:
            _, err = proc.communicate(timeout=900)
            if proc.returncode != 0:
                raise SystemExit(f"ingest failed: {err}")
            return True
        while proc.poll() is None and set(os.listdir(gens) if gens.exists() else []) <= before:
            time.sleep(0.01)
        time.sleep(kill_after)
        finished = proc.poll() is not None
        if not finished:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        return finished

    def rss_mib(self, proc: subprocess.Popen) -> float:
        for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    # --- checks ---------------------------------------------------------------------------
    def served(self, url: str) -> dict[str, int]:
        docs = httpx.get(f"{url}/api/documents", timeout=60).json()
        return {d["id"]: d["chunks"] for d in docs}

    def learn(self) -> None:
        """The version a finished ingest produced, as the first server serves it."""
        self.versions.append(self.served(self.servers[0][1]))

    def check(self) -> str:
        """Every server serves one known version exactly (documents and chunk counts)."""
        bad = []
        for _, url in self.servers:
            got = self.served(url)
            if got not in self.versions:
                bad.append(f"{url} serves an unknown set: {got}")
        return "ok" if not bad else "; ".join(bad)

    # --- a step: clients ask while `action` runs ------------------------------------------
    def step(self, name: str, action=lambda: None) -> None:
        stop = threading.Event()
        results: list[tuple[int, float, str]] = []
        lock = threading.Lock()

        def client(i: int) -> None:
            url = self.servers[i % len(self.servers)][1]
            with httpx.Client(timeout=120) as http:
                n = i
                while not stop.is_set():
                    q = QUESTIONS[n % len(QUESTIONS)]
                    n += 1
                    start = time.perf_counter()
                    try:
                        res = http.post(f"{url}/api/ask", json={"question": q})
                        got = (res.status_code, time.perf_counter() - start,
                               "" if res.status_code == 200 else res.text[:300])
                    except httpx.HTTPError as exc:
                        got = (0, time.perf_counter() - start, f"dropped: {exc!r}"[:300])
                    with lock:
                        results.append(got)

        threads = [threading.Thread(target=client, args=(i,)) for i in range(self.clients)]
        begin = time.perf_counter()
        for t in threads:
            t.start()
        action()
        time.sleep(max(0.0, self.seconds - (time.perf_counter() - begin)))
        stop.set()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - begin
        ok = [lat for status, lat, _ in results if status == 200]
        lat = sorted(lat for _, lat, _ in results)
        row = {
            "step": name, "requests": len(results), "rate": len(ok) / elapsed,
            "p50": statistics.median(lat) if lat else float("nan"),
            "p95": lat[int(0.95 * (len(lat) - 1))] if lat else float("nan"),
            "errors": [(s, body) for s, _, body in results if s != 200],
            "served": self.check(), "rss": self.rss_mib(self.servers[0][0]),
        }
        self.rows.append(row)
        print(f"{name}: {row['requests']} requests, {row['rate']:.1f} answers/s, "
              f"p50 {row['p50'] * 1000:.0f} ms, p95 {row['p95'] * 1000:.0f} ms, "
              f"{len(row['errors'])} not 200, served {row['served']}", flush=True)
        for status, body in row["errors"]:
            print(f"    {status or 'dropped'}: {body}")

    def close(self) -> None:
        for proc, _ in self.servers:
            proc.terminate()
            proc.wait(timeout=30)


def run(args: argparse.Namespace) -> int:
    work = Path(tempfile.mkdtemp(prefix="reliability-"))
    b = Bench(work, args.clients, args.seconds)
    b.corpus.mkdir()
    for f in (ROOT / "corpus").iterdir():
        if f.name != ADDED and f.name.lower() != "readme.md":
            shutil.copy(f, b.corpus / f.name)
    b.ingest()
    b.serve()
    b.learn()
    try:
        b.step("steady")

        def change() -> None:
            text = (b.corpus / CHANGED).read_text("utf-8")
            (b.corpus / CHANGED).write_text(text + "\nTillägg: uppföljning sker årligen.\n",
                                            "utf-8")
            shutil.copy(ROOT / "corpus" / ADDED, b.corpus / ADDED)
            t = time.perf_counter()
            b.ingest()
            print(f"  one report changed, one added: ingest {time.perf_counter() - t:.1f} s")
            b.learn()
        b.step("incremental ingest", change)
        b.step("rebuild", lambda: (b.ingest("--rebuild"), b.learn()))

        def kills() -> None:
            (b.corpus / REMOVED).unlink()
            for extra in ((), ("--rebuild",)):
                for delay in (0.0, 0.5, 1.5):
                    if b.ingest(*extra, kill_after=delay):
                        b.learn()  # it finished before the kill: the new set is served
                    state = b.check()
                    print(f"  kill -9 {' '.join(extra) or 'ingest'} +{delay} s: served {state}")
        b.step("killed ingests", kills)
        b.ingest()  # finish the change the kills interrupted
        b.learn()
        b.serve()

        def add_back() -> None:
            shutil.copy(ROOT / "corpus" / REMOVED, b.corpus / REMOVED)
            b.ingest()
            b.learn()
        b.step("second server", add_back)
        if args.memory_ingests:
            memory(b, args.memory_ingests)
    finally:
        b.close()
    table(b.rows)
    logs = "".join(p.read_text() for p in work.glob("server-*.log"))
    print(f"server logs: {logs.count('Traceback')} tracebacks, {logs.count('ERROR')} ERROR lines")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if all(r["served"] == "ok" and not r["errors"] for r in b.rows) else 1


def memory(b: Bench, n: int) -> None:
    """Server RSS over `n` incremental ingests, each followed by questions (so it switches)."""
    rss = []
    path = b.corpus / CHANGED
    base = path.read_text("utf-8")
    for i in range(n):
        path.write_text(base + f"\nVersion {i}.\n", "utf-8")
        b.ingest()
        b.learn()
        for q in QUESTIONS:
            for _, url in b.servers:
                httpx.post(f"{url}/api/ask", json={"question": q}, timeout=120)
        rss.append(b.rss_mib(b.servers[0][0]))
    print(f"memory: server RSS after ingest 1: {rss[0]:.0f} MiB, after {n}: {rss[-1]:.0f} MiB "
          f"({(rss[-1] / rss[0] - 1) * 100:+.1f} %); all: {[round(r) for r in rss]}")
    b.rows.append({"step": f"memory ({n} ingests)", "requests": n * len(QUESTIONS),
                   "rate": float("nan"), "p50": float("nan"), "p95": float("nan"),
                   "errors": [], "served": b.check(), "rss": rss[-1]})


def table(rows: list[dict]) -> None:
    print("\n| step | requests | answers/s | p50 | p95 | 5xx | other non-200 | dropped | "
          "served | server RSS |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|")
    for r in rows:
        five = sum(1 for s, _ in r["errors"] if s >= 500)
        dropped = sum(1 for s, _ in r["errors"] if s == 0)
        other = len(r["errors"]) - five - dropped
        ms = (lambda x: "–" if x != x else f"{x * 1000:.0f} ms")  # noqa: E731 (nan: not timed)
        rate = "–" if r["rate"] != r["rate"] else f"{r['rate']:.1f}"
        print(f"| {r['step']} | {r['requests']} | {rate} | {ms(r['p50'])} | {ms(r['p95'])} | "
              f"{five} | {other} | {dropped} | {r['served']} | {r['rss']:.0f} MiB |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20.0, help="per step")
    parser.add_argument("--memory-ingests", type=int, default=20, help="0 to skip")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data folder")
    return run(parser.parse_args())


if __name__ == "__main__":
    sys.exit(main())
