"""`assistant eval` on real indexes: in-process, over HTTP, and after a report is removed.

The removal test is the maintainers' workflow: take an index of the whole corpus, drop the
kompetenssatsning report from the corpus folder, `assistant ingest` (prunes it, embeds nothing),
`assistant eval --baseline ...`: it must fail and name the 428,5 and 406 items.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from assistant.cli import main
from eval.backends import HttpBackend, ServiceBackend
from eval.runner import evaluate_command
from eval.suite import DEFAULT_SUITE
from tests.conftest import CORPUS, KOMPETENS, KOMPETENS_ID

pytestmark = pytest.mark.slow
CARD = ("kompetens-fordelat", "kompetens-forbrukat")
TWO_REPORTS = (*CARD, "kompetens-projekt", "kompetens-deltagare", "kompetens-aterbetalt",
               "rb-medel-2009", "rb-max-2009", "rb-slutrapport", "ej-vardplatser",
               "ej-gotland-2019")
ALL_REPORTS = (*TWO_REPORTS, "prio-total", "skl-kostnad-2016", "lage-2016-totalt",
               "prio-psynk", "ej-lon-lanssamordnare")


def subset(tmp_path: Path, ids: tuple[str, ...]) -> Path:
    """A suite file with these items of the bundled suite."""
    lines = [line for line in DEFAULT_SUITE.read_text("utf-8").splitlines()
             if line.strip() and json.loads(line)["id"] in ids]
    assert len(lines) == len(ids)
    path = tmp_path / "suite.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


@pytest.fixture
def env(monkeypatch, tmp_path):
    """Run the CLI away from the developer's .env, on a given data dir and corpus folder."""
    monkeypatch.chdir(tmp_path)

    def use(data_dir: Path, corpus_dir: Path = CORPUS) -> None:
        monkeypatch.setenv("ASSISTANT_DATA_DIR", str(data_dir))
        monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus_dir))
    return use


def test_cli_writes_outputs_accepts_and_checks_a_baseline(indexed, tmp_path, env, capsys):
    env(indexed.settings.data_dir)
    suite, baseline, out = subset(tmp_path, TWO_REPORTS), tmp_path / "b.json", tmp_path / "out"
    args = ["eval", "--suite", str(suite), "--out", str(out), "--baseline", str(baseline)]
    assert main([*args, "--update-baseline"]) == 0
    assert "Baseline updated" in capsys.readouterr().out
    accepted = json.loads(baseline.read_text("utf-8"))
    assert set(accepted["corpus"]) == {KOMPETENS_ID, "regeringsbeslut-2009-forsakringskassan"}
    assert all(len(h) == 64 for h in accepted["corpus"].values())
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "No regressions against the baseline." in printed and "— kind" in printed
    assert {p.name for p in out.iterdir()} == {"results.json", "report.md", "report.html",
                                               "junit.xml"}
    results = json.loads((out / "results.json").read_text("utf-8"))
    assert sorted(i["id"] for i in results["items"]) == sorted(TWO_REPORTS)
    assert results["baseline"]["failed"] is False
    assert all(i["latency"] is not None for i in results["items"])


def test_missing_baseline_or_suite_is_a_clear_error(indexed, tmp_path, env, capsys):
    env(indexed.settings.data_dir)
    assert main(["eval", "--baseline", str(tmp_path / "nope.json")]) == 2
    assert "Baseline not found" in capsys.readouterr().err
    assert main(["eval", "--suite", str(tmp_path / "nope.jsonl")]) == 2
    assert "Suite file not found" in capsys.readouterr().err


def test_http_run_matches_in_process_run(indexed, tmp_path):
    """The same items through a real server on a real socket, the way other tools call it."""
    import uvicorn

    from assistant.api.app import create_app

    suite = subset(tmp_path, TWO_REPORTS)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    app = create_app(indexed.settings, components=indexed)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}"
        assert evaluate_command(HttpBackend(url), suite=suite, out=tmp_path / "http",
                                progress=False) == 0
        assert evaluate_command(ServiceBackend(indexed.service), suite=suite,
                                out=tmp_path / "local", progress=False) == 0
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    over_http, local = (json.loads((tmp_path / d / "results.json").read_text("utf-8"))
                        for d in ("http", "local"))
    assert over_http["backend"] == url and local["backend"] == "in-process"
    assert [(i["id"], i["passed"], i["answer"]) for i in over_http["items"]] == [
        (i["id"], i["passed"], i["answer"]) for i in local["items"]]
    assert set(over_http["corpus"]) == set(local["corpus"])


def test_unreachable_api_is_named(tmp_path):
    from assistant.errors import EvalError

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket is closed
    with pytest.raises(EvalError, match=f"Cannot reach the API at http://127.0.0.1:{port}"):
        evaluate_command(HttpBackend(f"http://127.0.0.1:{port}"), out=tmp_path, progress=False)


def test_removing_a_report_fails_the_baseline_and_names_the_cards_items(
    full_index, tmp_path, env, capsys
):
    # The README's workflow on a copy: a corpus folder with every report and its index, a
    # baseline, then the kompetens report deleted from the folder and `assistant ingest`.
    data = tmp_path / "data"
    shutil.copytree(full_index.settings.data_dir, data)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in CORPUS.iterdir():
        if path.suffix in {".txt", ".toml"}:
            shutil.copy(path, corpus / path.name)
    env(data, corpus)
    suite, baseline = subset(tmp_path, ALL_REPORTS), tmp_path / "baseline.json"
    run = ["eval", "--suite", str(suite), "--baseline", str(baseline)]
    assert main(["ingest"]) == 0  # the same files in this folder: nothing to embed
    assert "unchanged 5" in capsys.readouterr().out

    assert main([*run, "--update-baseline", "--out", str(tmp_path / "before")]) == 0
    accepted = json.loads(baseline.read_text("utf-8"))
    assert all(accepted["items"][i]["passed"] for i in CARD), (
        "the full corpus must answer the card's two facts for this test to mean anything")

    (corpus / KOMPETENS).unlink()
    assert main(["ingest"]) == 0  # prunes the deleted report; the other four are unchanged
    ingested = capsys.readouterr().out
    assert "removed 1" in ingested and "unchanged 4" in ingested

    assert main([*run, "--out", str(tmp_path / "after")]) == 1
    printed = capsys.readouterr().out
    regressed = printed.split("REGRESSED:")[1]
    for item_id in CARD:
        assert item_id in regressed
    assert "expected: 428,5 miljoner kronor" in regressed
    assert "expected: 406 miljoner kronor" in regressed
    assert f"document removed since the baseline: {KOMPETENS_ID}" in printed
    after = json.loads((tmp_path / "after" / "results.json").read_text("utf-8"))
    assert KOMPETENS_ID not in after["corpus"] and after["baseline"]["failed"] is True
    assert set(CARD) <= set(after["baseline"]["regressions"])
    junit = ET.parse(tmp_path / "after" / "junit.xml").getroot()
    assert {c.get("name") for c in junit.iter("testcase") if c.find("failure") is not None} \
        >= set(CARD)

