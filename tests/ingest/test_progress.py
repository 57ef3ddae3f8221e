"""Progress where no bar shows: `assistant ingest` and `assistant eval` in real subprocesses
whose output is a pipe (as in a log file, CI or a service unit), and `--quiet`."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pytest

from ingest.pipeline import DocumentDone
from ingest.progress import IngestProgress, document_line
from tests.conftest import ROOT
from tests.ingest.test_crash_and_server import _env

DECISION = "regeringsbeslut-2009-forsakringskassan"
SUMMARY = re.compile(r"^indexed \d+, unchanged \d+, .* chunks written .*; [\d.]+ s$", re.M)


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=900)


def test_document_lines_name_chunks_embedded_or_cached_and_seconds():
    line = document_line(DocumentDone("rapport-a", "indexed", 12, 5, 3.25))
    assert line == "indexed    rapport-a: 12 chunks (5 embedded, 7 cached) in 3.2 s"
    assert "unchanged" in document_line(DocumentDone("rapport-b", "unchanged", 4))
    assert "failed" in document_line(DocumentDone("trasig", "failed"))


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_bar_and_no_lines_and_quiet_gets_neither():
    out, err = _Terminal(), _Terminal()
    shown = IngestProgress(out=out, err=err)
    tick = shown.chunks(3)
    tick(3)
    shown.document(DocumentDone("rapport-a", "indexed", 3, 3, 1.0))
    shown.close()
    assert out.getvalue() == "" and "Embedding" in err.getvalue() and "3/3" in err.getvalue()

    out, err = _Terminal(), _Terminal()
    quiet = IngestProgress(quiet=True, out=out, err=err)
    quiet.chunks(3)(3)
    quiet.document(DocumentDone("rapport-a", "indexed", 3, 3, 1.0))
    quiet.close()
    assert out.getvalue() == "" and err.getvalue() == ""


@pytest.mark.slow
def test_ingest_and_eval_print_a_line_per_document_when_not_on_a_terminal(tmp_path, small_corpus):
    env = _env(tmp_path)
    first = _run(["ingest", str(small_corpus)], env)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert re.fullmatch(rf"indexed +{DECISION}: (\d+) chunks \(\1 embedded, 0 cached\) "
                        r"in [\d.]+ s", lines[0]), first.stdout
    assert SUMMARY.search(first.stdout)
    assert "Embedding" not in first.stderr  # no bar written into a log

    rebuilt = _run(["ingest", "--rebuild", str(small_corpus)], env)
    assert re.match(rf"indexed +{DECISION}: (\d+) chunks \(0 embedded, \1 cached\)",
                    rebuilt.stdout), rebuilt.stdout
    again = _run(["ingest", str(small_corpus)], env)
    assert again.stdout.startswith(f"unchanged  {DECISION}: ")

    bad = small_corpus / "trasig.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    quiet = _run(["ingest", "--quiet", str(small_corpus)], env)
    assert quiet.returncode == 1
    assert quiet.stdout.splitlines()[0].startswith("indexed 0, unchanged 1, ")
    assert len(quiet.stdout.splitlines()) == 2 and SUMMARY.search(quiet.stdout)
    assert any(x.startswith("failed: ") and "trasig.pdf" in x for x in quiet.stderr.splitlines())

    suite = tmp_path / "suite.jsonl"
    chosen = [line for line in (ROOT / "eval/suites/core.jsonl").open(encoding="utf-8")
              if f'"document": "{DECISION}"' in line][:3]
    suite.write_text("".join(chosen), "utf-8")
    items = len(chosen)
    ran = _run(["eval", "--suite", str(suite), "--out", str(tmp_path / "out")], env)
    assert ran.returncode == 0, ran.stderr
    progress = [x for x in ran.stdout.splitlines() if x.startswith("[")]
    assert len(progress) == items and progress[-1].startswith(f"[{items}/{items}] ")
    assert all(re.fullmatch(r"\[\d+/\d+\] (pass|FAIL)  \S+ in [\d.]+ s", x) for x in progress)

