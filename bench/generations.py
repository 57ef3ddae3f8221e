"""What an index generation costs: disk, the copy, and a one-document change, at 1x and 10x.

    ASSISTANT_CACHE_DIR=/work/cache uv run python bench/generations.py            # 1x and 10x
    uv run python bench/generations.py --factors 1 --runs 5

The 10x corpus is the bundled reports ten times under other file names (other document ids,
the same texts, so the embedding cache serves them). Each run changes one report and ingests
in-process (`ingest.pipeline.ingest`, as `assistant ingest` does without the start-up); the copy
of the Chroma folder (`Layout.copy_chroma`) is also timed alone. Medians of `--runs` runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # before bench/, whose ingest.py would hide the ingest package

from assistant.index.embedding import EmbeddingCache  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.wiring import Components  # noqa: E402
from ingest.chunking import Chunker  # noqa: E402
from ingest.pipeline import ingest  # noqa: E402


def du_mb(path: Path) -> float:
    out = subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[0]) / 1024


def measure(factor: int, runs: int, work: Path) -> None:
    corpus = work / f"corpus-{factor}x"
    corpus.mkdir(parents=True)
    reports = [p for p in (ROOT / "corpus").glob("*.txt")]
    for i in range(factor):
        for p in reports:
            shutil.copy(p, corpus / f"{i:02d}-{p.name}")
    # Reuse an embedding cache (else the first ingest embeds for minutes): ASSISTANT_CACHE_DIR,
    # else the checkout's data/cache.
    cache_dir = os.environ.get("ASSISTANT_CACHE_DIR") or str(ROOT / "data" / "cache")
    settings = Settings(_env_file=None, data_dir=work / f"data-{factor}x",
                        cache_dir=Path(cache_dir))
    comp = Components(settings)
    cache = EmbeddingCache(settings.embedding_cache_path, comp.embedder.name)
    indexer = comp.indexer(Chunker(settings.chunk_size))
    indexer.cache = cache
    start = time.perf_counter()
    first = ingest([corpus], indexer, prune=True)
    print(f"{factor}x: {len(first.indexed)} documents, {first.chunks} chunks "
          f"({first.embedded} embedded), first ingest {time.perf_counter() - start:.1f} s")
    changed = corpus / f"00-{reports[0].name}"
    base = changed.read_text("utf-8")
    ingest_s, copy_s = [], []
    for run in range(runs):
        changed.write_text(base + f"\nÄndring {run}.\n", "utf-8")
        start = time.perf_counter()
        report = ingest([corpus], indexer, prune=True)
        ingest_s.append(time.perf_counter() - start)
        assert len(report.indexed) == 1, report
        layout = comp.index.layout
        current = layout.current() or ""
        target = f"bench-copy-{run}"
        start = time.perf_counter()
        layout.copy_chroma(current, target)
        copy_s.append(time.perf_counter() - start)
        shutil.rmtree(layout.folder(target))
    current = comp.index.layout.folder(comp.index.layout.current() or "")
    print(f"{factor}x: one document changed: ingest {statistics.median(ingest_s):.2f} s "
          f"(median of {runs}), of which copying Chroma {statistics.median(copy_s):.2f} s; "
          f"a generation takes {du_mb(current):.1f} MB "
          f"(Chroma {du_mb(current / 'chroma'):.1f} MB, lexical {du_mb(current / 'lexical'):.1f}"
          f" MB); generations on disk now: "
          f"{len(list((settings.index_dir / 'generations').iterdir()))}")
    comp.index.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 10])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="generations-") as tmp:
        for factor in args.factors:
            measure(factor, args.runs, Path(tmp))


if __name__ == "__main__":
    main()
