from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.browser.chromium import chromium_available, start_chromium


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(built_settings):
    """The app served from the test database on a free loopback port."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "chainmap", "--db", str(built_settings.db_path), "serve",
         "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        env=os.environ | {"PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stdout.read().decode()) from None
            time.sleep(0.3)
    else:
        proc.kill()
        raise RuntimeError("the app did not start within 60 s")
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="session")
def browser():
    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail("Chromium/ChromeDriver missing in CI: scripts/setup.sh test installs them")
        pytest.skip("chromium and chromedriver are not installed")
    driver = start_chromium()
    yield driver
    driver.quit()
