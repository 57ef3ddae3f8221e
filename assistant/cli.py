"""`assistant` command line: ingest, ask, serve, eval.

The composition root: the one module of the core that imports its clients (ingest/, eval/,
ui/) and hands them to what it builds; tests/test_architecture.py checks that no other does.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.errors import AssistantError, ConfigError, EvalError
from assistant.settings import Settings, load_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="assistant", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p_ingest = sub.add_parser("ingest", help="index documents (default: the corpus folder)")
    p_ingest.add_argument("paths", nargs="*", type=Path)
    p_ingest.add_argument("--prune", action="store_true",
                          help="remove documents ingested from the given folders whose files "
                               "are gone (always on without paths: the corpus folder)")
    p_ingest.add_argument("--rebuild", action="store_true",
                          help="start the index over (cached embeddings are reused)")
    p_ingest.add_argument("-q", "--quiet", action="store_true",
                          help="print only the summary and errors (no bar, no per-document "
                               "lines)")

    p_ask = sub.add_parser("ask", help="answer one question with sources")
    p_ask.add_argument("question")
    p_ask.add_argument("-k", "--top-k", type=int, default=None)
    p_ask.add_argument("-d", "--document", action="append", default=[],
                       help="limit to a document id (repeatable)")

    p_serve = sub.add_parser("serve", help="serve the chat at / and the API at /api")
    p_serve.add_argument("--host", default=None)
    p_serve.add_argument("--port", type=int, default=None)
    p_serve.add_argument("--workers", type=int, default=1, metavar="N",
                         help="serve from N processes (needs the index in a Chroma server: "
                              "ASSISTANT_CHROMA_URL)")

    p_eval = sub.add_parser("eval", help="run the evaluation suite, compare with a baseline")
    p_eval.add_argument("--suite", type=Path, default=None,
                        help="suite JSONL (default: eval/suites/core.jsonl)")
    p_eval.add_argument("--api", default=None, metavar="URL",
                        help="evaluate a running server (http://host:port) instead of in-process")
    p_eval.add_argument("--api-key", default=None,
                        help="bearer key for --api (default: the first of ASSISTANT_API_KEYS)")
    p_eval.add_argument("--baseline", type=Path, default=None, metavar="FILE",
                        help="compare with this baseline; exit 1 on a regression")
    p_eval.add_argument("--update-baseline", action="store_true",
                        help="accept this run as baseline (--baseline, else eval/baseline.json)")
    p_eval.add_argument("--out", type=Path, default=None, metavar="DIR",
                        help="where to write results.json, report.md, report.html, junit.xml "
                             "(default: eval/out)")
    p_eval.add_argument("-k", type=int, default=5, help="retrieval depth for hit@k (default 5)")
    p_eval.add_argument("--standalone", action="store_true",
                        help="ask each conversation's last question alone, as its writer's "
                             "standalone version: how far follow-ups could go if resolved "
                             "perfectly")
    p_eval.add_argument("--tolerance", type=float, default=0.02,
                        help="allowed drop of an overall rate before failing (default 0.02)")

    args = parser.parse_args(argv)
    try:
        settings = load_settings()
        return {"ingest": _ingest, "ask": _ask, "serve": _serve, "eval": _eval}[args.command](
            settings, args
        )
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


def _ingest(settings: Settings, args: argparse.Namespace) -> int:
    import time

    from assistant.wiring import Components
    from ingest.chunking import Chunker
    from ingest.pipeline import ingest
    from ingest.progress import IngestProgress

    components = Components(settings)
    paths = args.paths or [settings.corpus_dir]
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise ConfigError(f"No such file or folder: {', '.join(map(str, missing))}")
    shown = IngestProgress(quiet=args.quiet)
    clock = time.perf_counter()
    indexer = components.indexer(Chunker(settings.chunk_size))
    try:
        report = ingest(paths, indexer, max_mb=settings.max_file_mb, progress=shown.chunks,
                        prune=args.prune or not args.paths, rebuild=args.rebuild,
                        on_document=shown.document)
    finally:
        shown.close()
    seconds = time.perf_counter() - clock
    for line in report.skipped:
        print(f"skipped: {line}", file=sys.stderr)
    for err in report.failed:
        print(f"failed: {err}", file=sys.stderr)
    print(f"indexed {len(report.indexed)}, unchanged {len(report.unchanged)}, "
          f"removed {len(report.removed)}, skipped {len(report.skipped)}, "
          f"failed {len(report.failed)}; {report.chunks} chunks written "
          f"({report.embedded} embedded, the rest from the cache), "
          f"{components.store.live_count()} in the index; {seconds:.1f} s")
    print(f"lexical index: {report.lexical} chunks")
    return 0 if report.ok else 1


def _ask(settings: Settings, args: argparse.Namespace) -> int:
    from assistant.wiring import Components

    answer = Components(settings).service.ask(args.question, args.top_k, args.document)
    print(answer.text)
    if answer.notice:
        print(f"({answer.notice})")
    if answer.citations:
        print("\nKällor:")
    for c in answer.citations:
        page = f", s. {c.passage.page}" if c.passage.page is not None else ""
        print(f"[{c.n}] {c.passage.title}{page}\n    {c.passage.text[:400]}")
    return 0


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    host, port = args.host or settings.host, args.port or settings.port
    if args.workers < 1:
        raise ConfigError(f"--workers must be 1 or more, got {args.workers}")
    if args.workers > 1:
        if not settings.chroma_url:
            raise ConfigError(
                f"--workers {args.workers} needs the index in a Chroma server. The embedded "
                "store is a folder that one process opens at a time: each process would keep "
                "its own copy of the vector index in memory and answer from a stale one after "
                "an ingest. Start `chroma run --path data/chroma --port 8001`, set "
                "ASSISTANT_CHROMA_URL=http://127.0.0.1:8001, run `assistant ingest`, then "
                "serve with --workers; or serve with one worker.")
        # Each worker process imports the app factory and builds its own app from settings.
        uvicorn.run("assistant.cli:served_app", factory=True, workers=args.workers,
                    host=host, port=port)
        return 0
    uvicorn.run(served_app(settings), host=host, port=port)
    return 0


def served_app(settings: Settings | None = None):
    """The app `assistant serve` runs: API and chat, built from settings through the
    composition root. uvicorn's worker processes call it by name (`assistant.cli:served_app`)."""
    from assistant.api.app import create_app
    from ui.chat import mount_ui

    return create_app(settings or load_settings(), ui=mount_ui)


def _eval(settings: Settings, args: argparse.Namespace) -> int:
    from eval.backends import Backend, HttpBackend, ServiceBackend
    from eval.runner import DEFAULT_OUT, evaluate_command

    try:
        if args.api:
            keys = settings.api_key_list
            backend: Backend = HttpBackend(args.api,
                                           args.api_key or (keys[0] if keys else None))
        else:
            from assistant.wiring import Components

            backend = ServiceBackend(Components(settings).service)
        return evaluate_command(
            backend, suite=args.suite, k=args.k, out=args.out or DEFAULT_OUT,
            baseline=args.baseline, update_baseline=args.update_baseline,
            tolerance=args.tolerance, standalone=args.standalone,
        )
    except EvalError as exc:  # the evaluation could not run: not the same as a regression
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
