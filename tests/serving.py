"""Start the app on a free loopback port for a test, stop it again; Dash request bodies."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

__all__ = ["free_port", "pages_payload", "serve", "stop_process", "wait_for_build_temp",
           "wait_until_up"]

PAGES_OUTPUT = ".._pages_content.children..._pages_store.data.."


def pages_payload(pathname: str, search: str = "") -> dict:
    """The body Dash's renderer posts to /_dash-update-component to draw a page."""
    return {"output": PAGES_OUTPUT,
            "outputs": [{"id": "_pages_content", "property": "children"},
                        {"id": "_pages_store", "property": "data"}],
            "inputs": [{"id": "_pages_location", "property": "pathname", "value": pathname},
                       {"id": "_pages_location", "property": "search", "value": search}],
            "changedPropIds": ["_pages_location.pathname"], "state": []}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, log=None, timeout: float = 60.0) -> None:
    """Poll `url` until it answers 200; fail early (with the server's output) if it ends."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(_tail(log)) from None
            time.sleep(0.3)
    raise RuntimeError(f"the app did not answer within {timeout:.0f} s")


def _tail(log) -> str:
    if log is None:
        return "the server exited"
    log.seek(0)
    return log.read().decode("utf-8", "replace")[-4000:]


def _command(db: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "chainmap_cli", "--db", str(db), "serve", "--port", str(port)]


@contextmanager
def serve(db: Path, env: dict | None = None):
    """`chainmap serve` of `db` on a free 127.0.0.1 port, for as long as the block runs."""
    port = free_port()
    # a file, not a pipe: nobody reads the pipe while the test runs, and a full one blocks
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            _command(db, port), stdout=log, stderr=subprocess.STDOUT,
            env=os.environ | {"PYTHONUNBUFFERED": "1", "CHAINMAP_DB": str(db)} | (env or {}),
            cwd=Path(__file__).resolve().parent.parent, start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url, proc, log)
            yield url
        finally:
            stop_process(proc)


def stop_process(proc: subprocess.Popen, grace: float = 15.0) -> None:
    """Stop a server started with start_new_session=True: TERM its group, KILL if it lingers."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def wait_for_build_temp(db: Path, proc: subprocess.Popen, deadline_s: float) -> Path:
    """The `<db>.building-<pid>` file of a running build or import, once it exists."""
    temp = db.with_name(f"{db.name}.building-{proc.pid}")
    deadline = time.monotonic() + deadline_s
    while not temp.exists():
        assert proc.poll() is None, "the process ended before its temporary database appeared"
        assert time.monotonic() < deadline, "no temporary database within the deadline"
        time.sleep(0.01)
    return temp
