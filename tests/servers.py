"""Real servers the tests start: a free loopback port and a `chroma run` that answers."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_until_up(cmd: list[str], health: str, what: str) -> subprocess.Popen:
    """Start `cmd` and return it once `health` answers (60 s at most)."""
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(health, timeout=2)
            return server
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, f"{what} failed"
            time.sleep(0.2)


def start_chroma(path: Path, port: int) -> subprocess.Popen:
    """`chroma run` on `path` and `port`, returned once its heartbeat answers (60 s at most)."""
    chroma = Path(sys.executable).parent / "chroma"
    return start_until_up([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1",
                           "--port", str(port)],
                          f"http://127.0.0.1:{port}/api/v2/heartbeat", "chroma run")
