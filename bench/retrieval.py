"""Retrieval and answer quality on an evaluation suite, for every retriever in one run.

    uv run python bench/retrieval.py [--suite eval/suites/core.jsonl] [--data-dir data] [-v]

hit@k: a passage of the expected document that states one of the expected facts (compared by
value with assistant.language.numbers.mentions) is among the top k. Answer metrics use the retriever
and answerer that assistant.wiring chooses, exactly as the API does.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).absolute().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.language.numbers import mentions  # noqa: E402
from assistant.language.profile import QuestionProfile  # noqa: E402
from assistant.models import Answer, Passage  # noqa: E402
from assistant.retrieval import DenseRetriever, LexicalRetriever  # noqa: E402
from assistant.retrieval.fusion import reciprocal_rank_fusion  # noqa: E402
from assistant.retrieval.rerank import FeatureReranker  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from assistant.wiring import Components  # noqa: E402

KS = (1, 3, 5, 10)
DEPTH = 20


def load_suite(path: Path) -> list[dict]:
    items = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if line.strip():
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise SystemExit(f"{path}:{n}: not JSON ({exc}); fix or remove the line") from exc
    return items


def answerable(item: dict) -> bool:
    return item.get("kind") != "unanswerable" and bool(item.get("expect"))


def holds_fact(passage: Passage, item: dict) -> bool:
    """Does `passage` come from the item's document and state one of its facts?"""
    if item.get("document") and passage.document != item["document"]:
        return False
    return any(mentions(passage.text, fact) for fact in item["expect"])


def first_hit(ranking: list[Passage], item: dict) -> int | None:
    return next((i for i, p in enumerate(ranking, 1) if holds_fact(p, item)), None)


def fusions(q: QuestionProfile, dense: list[Passage], lexical: list[Passage],
            reranker: FeatureReranker) -> dict[str, list[Passage]]:
    """The fusion variants compared, from the same two candidate lists."""
    return {
        "dense + rerank": reranker.rerank(q, dense),
        "hybrid rrf k=60 + rerank": reranker.rerank(q, reciprocal_rank_fusion(
            [dense, lexical])[:DEPTH]),
        "hybrid rrf k=20 + rerank": reranker.rerank(q, reciprocal_rank_fusion(
            [dense, lexical], k=20)[:DEPTH]),
        "hybrid rrf k=60": reciprocal_rank_fusion([dense, lexical]),
        "hybrid rrf k=20": reciprocal_rank_fusion([dense, lexical], k=20),
        "hybrid rrf dense x2": reciprocal_rank_fusion([dense, lexical], [2.0, 1.0]),
        "hybrid rrf lexical x2": reciprocal_rank_fusion([dense, lexical], [1.0, 2.0]),
    }


def timed(fn: Callable[[], object], times: list[float]):
    start = time.perf_counter()
    out = fn()
    times.append(time.perf_counter() - start)
    return out


def retrieval_table(components: Components, items: list[dict], verbose: bool) -> None:
    dense_r = DenseRetriever(components.embedder, components.store)
    lexical_r = LexicalRetriever(components.lexical)
    components.lexical.get()
    reranker = FeatureReranker()
    ranks: dict[str, list[int | None]] = {}
    times: dict[str, list[float]] = {"dense": [], "lexical": [], "hybrid (wired)": []}
    for item in items:
        q = components.service.analyse(item["question"])  # as the service does, once
        rankings = {
            "dense": timed(lambda q=q: dense_r.retrieve(q, DEPTH), times["dense"]),
            "lexical": timed(lambda q=q: lexical_r.retrieve(q, DEPTH), times["lexical"]),
        }
        rankings.update(fusions(q, rankings["dense"], rankings["lexical"], reranker))
        rankings["hybrid (wired)"] = timed(
            lambda q=q: components.retriever.retrieve(q, 10), times["hybrid (wired)"])
        for name, ranking in rankings.items():
            ranks.setdefault(name, []).append(first_hit(ranking, item))
        if verbose and (first_hit(rankings["hybrid (wired)"], item) or 99) > 5:
            print(f"  miss@5 {item['id']}: {item['question']}")
            for p in rankings["hybrid (wired)"][:3]:
                print(f"      {p.id} p.{p.page}: {p.text[:100]!r}")
    n = len(items)
    print(f"\nRetrieval on {n} answerable questions (hit@k = fact-bearing passage in top k)\n")
    print(f"| retriever | {' | '.join(f'hit@{k}' for k in KS)} | MRR@10 | median ms |")
    print(f"| --- | {' | '.join('---' for _ in KS)} | --- | --- |")
    for name, got in ranks.items():
        hits = [sum(1 for r in got if r is not None and r <= k) / n for k in KS]
        mrr = sum(1 / r for r in got if r is not None and r <= 10) / n
        ms = f"{statistics.median(times[name]) * 1000:.0f}" if name in times else ""
        print(f"| {name} | {' | '.join(f'{h:.0%}' for h in hits)} | {mrr:.2f} | {ms} |")


def answer_table(components: Components, items: list[dict], verbose: bool) -> None:
    service = components.service
    right = cited = abstained = 0
    times: list[float] = []
    answerables = [i for i in items if answerable(i)]
    unanswerables = [i for i in items if not answerable(i)]
    for item in items:
        answer: Answer = timed(lambda item=item: service.ask(item["question"]), times)
        if answerable(item):
            ok_text = any(mentions(answer.text, f) for f in item["expect"])
            ok_cite = any(holds_fact(c.passage, item) for c in answer.citations)
            right += ok_text
            cited += ok_cite
            if verbose and not (ok_text and ok_cite):
                print(f"  wrong {item['id']} (text {ok_text}, cited {ok_cite}): "
                      f"{item['question']}\n      want {item['expect']} got: {answer.text[:240]!r}")
        else:
            abstained += answer.abstained
            if verbose and not answer.abstained:
                print(f"  answered unanswerable {item['id']}: {item['question']}\n"
                      f"      got: {answer.text[:200]!r}")
    print(f"\nAnswers ({service.generator.name}, top_k={service.top_k}; "
          f"median {statistics.median(times) * 1000:.0f} ms per question in-process)\n")
    print("| metric | value |\n| --- | --- |")
    a, u = len(answerables) or 1, len(unanswerables) or 1
    na, nu = len(answerables), len(unanswerables)
    print(f"| answerable: right fact in the answer | {right / a:.0%} ({right}/{na}) |")
    print(f"| answerable: a cited passage states it | {cited / a:.0%} ({cited}/{na}) |")
    print(f"| unanswerable: abstained | {abstained / u:.0%} ({abstained}/{nu}) |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", type=Path, default=ROOT / "eval" / "suites" / "core.jsonl")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="index folder's parent (default: ASSISTANT_DATA_DIR or data/)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses")
    parser.add_argument("--skip-answers", action="store_true", help="retrieval table only")
    args = parser.parse_args(argv)
    settings = Settings(data_dir=args.data_dir) if args.data_dir else Settings()
    components = Components(settings)
    items = load_suite(args.suite)
    components.embedder.embed(["uppvärmning"], query=True)  # load the model outside the timings
    retrieval_table(components, [i for i in items if answerable(i)], args.verbose)
    if not args.skip_answers:
        answer_table(components, items, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
