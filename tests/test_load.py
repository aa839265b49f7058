"""Short form of the load test (bench/load_test.py): 10 users for 10 s against gunicorn with
two workers on 127.0.0.1. Asserts zero errors and that every page and callback was driven;
latency is measured and printed by the long form, never asserted here."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from chainmap.config import PACKAGE_ROOT

pytestmark = pytest.mark.load

EXPECTED = {"GET page /", "GET page /chain", "GET page /map", "GET page /targets",
            "GET page /firms", "GET page /present", "GET /_dash-layout", "POST draw /chain",
            "POST draw /map", "POST draw /targets", "POST draw /firms", "POST draw /present",
            "POST navigation labels", "POST chain node click", "POST map district click",
            "POST firm search", "POST firm detail", "POST targets excel"}


def test_ten_users_for_ten_seconds_meet_no_errors(built_settings):
    done = subprocess.run(
        [sys.executable, str(PACKAGE_ROOT / "bench" / "load_test.py"), "--users", "10",
         "--seconds", "10", "--workers", "2", "--threads", "2", "--db",
         str(built_settings.db_path), "--json"],
        capture_output=True, text=True, timeout=240, cwd=PACKAGE_ROOT)
    assert done.returncode in (0, 1), done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["failures"] == [], result["server_log_tail"]
    assert result["total"]["errors"] == 0 and result["total"]["requests"] >= 50
    names = {s["name"] for s in result["stats"]}
    assert names >= EXPECTED, EXPECTED - names
    assert done.returncode == 0
