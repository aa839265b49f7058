"""A build killed half-way leaves the served database untouched and the app answering."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import urllib.request

from etl.housekeeping import remove_stale_builds
from etl.pipeline import build_database
from tests.serving import pages_payload, serve, wait_for_build_temp

DEADLINE_S = 120.0


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def post_json(url: str, body: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, json.loads(response.read())


def chain_page(url: str) -> tuple[int, str]:
    status, body = post_json(url + "/_dash-update-component",
                             pages_payload("/chain", "?chain=rail"))
    return status, json.dumps(body["response"]["_pages_content"]["children"], ensure_ascii=False)


class Hammer(threading.Thread):
    """Draws the chain page over and over while the build runs; keeps every outcome."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.url, self.stop, self.outcomes = url, threading.Event(), []

    def run(self):
        while not self.stop.is_set():
            try:
                self.outcomes.append(chain_page(self.url)[0])
            except Exception as exc:  # any failure is an outcome to report
                self.outcomes.append(repr(exc))


def build_cli(db, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "chainmap_cli", "--db", str(db), "build"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kwargs)



def test_a_killed_build_keeps_the_old_database_and_the_app_serving(built_settings, tmp_path):
    db = tmp_path / "chainmap.duckdb"
    build_database(built_settings.with_db(db))
    before, inode = digest(db), db.stat().st_ino
    with serve(db) as url:
        status, page = chain_page(url)
        assert status == 200 and "chain-graph" in page
        hammer = Hammer(url)
        hammer.start()
        proc = build_cli(db)
        temp = wait_for_build_temp(db, proc, DEADLINE_S)
        assert proc.poll() is None  # killed mid-way, not after it finished
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
        proc.stdout.close()
        assert proc.returncode == -signal.SIGKILL
        assert temp.exists()  # what a crash leaves behind
        assert digest(db) == before and db.stat().st_ino == inode
        with urllib.request.urlopen(url + "/", timeout=30) as response:
            assert response.status == 200
        assert chain_page(url)[0] == 200
        rebuilt = subprocess.run([sys.executable, "-m", "chainmap_cli", "--db", str(db), "build"],
                                 capture_output=True, text=True, timeout=DEADLINE_S)
        assert rebuilt.returncode == 0, rebuilt.stdout + rebuilt.stderr
        assert db.stat().st_ino != inode  # swapped in as a new file
        status, page = chain_page(url)  # the app reopens the new file
        assert status == 200 and "chain-graph" in page
        hammer.stop.set()
        hammer.join(60)
    assert hammer.outcomes and set(hammer.outcomes) == {200}
    remove_stale_builds(db)
    assert not temp.exists()
    # the writer lock's file stays (empty): removing a lock file others may hold is a race;
    # the workers' shared memo (chainmap/cache_disk.py) too, the rebuilt file's values only
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "chainmap.duckdb", "chainmap.duckdb.cache", "chainmap.duckdb.lock", "chainmap.secret"]
    st = db.stat()
    assert [p.name.rsplit("-", 1)[0] for p in (tmp_path / "chainmap.duckdb.cache").iterdir()] \
        == [f"{st.st_ino}-{st.st_mtime_ns}-{st.st_size}"]
