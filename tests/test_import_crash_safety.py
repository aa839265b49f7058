"""An import killed half-way (SIGKILL) leaves the served database untouched, adds no import,
and the app keeps answering; the next import cleans up what the killed one left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import urllib.request

from etl.import_store import list_batches, store_dir
from etl.pipeline import build_database
from tests.corpus.build import make_names, make_registry_rows
from tests.serving import serve, wait_for_build_temp
from tests.test_crash_safety import DEADLINE_S, Hammer, chain_page, digest

ROWS = 100_000  # ~14 MB: reading, staging and building take several seconds


def import_cli(db, path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "chainmap_cli", "--db", str(db), "import", "qcc",
                             str(path)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)



def test_a_killed_import_keeps_the_old_database_and_the_app_serving(built_settings, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    big = make_registry_rows(ROWS)(inputs)
    small = make_names(["重庆示例崩溃后导入有限公司"], "after.csv")(inputs)
    folder = tmp_path / "db"
    db = folder / "chainmap.duckdb"
    build_database(built_settings.with_db(db))
    before, inode = digest(db), db.stat().st_ino
    store = store_dir(db)
    with serve(db) as url:
        assert chain_page(url)[0] == 200
        hammer = Hammer(url)
        hammer.start()
        proc = import_cli(db, big)
        temp = wait_for_build_temp(db, proc, DEADLINE_S)
        staging = list(store.glob(f".staging-*-{proc.pid}-*"))
        assert proc.poll() is None and staging  # killed mid-way, with its batch staged
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
        proc.stdout.close()
        assert proc.returncode == -signal.SIGKILL
        assert digest(db) == before and db.stat().st_ino == inode
        assert list_batches(store) == []  # no import was committed
        assert all(p.exists() for p in staging) and temp.exists()  # what a crash leaves
        with urllib.request.urlopen(url + "/", timeout=30) as response:
            assert response.status == 200
        assert chain_page(url)[0] == 200
        after = subprocess.run([sys.executable, "-m", "chainmap_cli", "--db", str(db), "import",
                                "qcc", str(small), "--json"],
                               capture_output=True, text=True, timeout=DEADLINE_S)
        assert after.returncode == 0, after.stdout + after.stderr
        assert [b.name for b in list_batches(store)] != [] and db.stat().st_ino != inode
        assert not any(p.exists() for p in staging) and not temp.exists()  # cleaned up
        assert not list(store.glob(".staging-*"))
        status, page = chain_page(url)  # the app reopens the new file
        assert status == 200 and "chain-graph" in page
        hammer.stop.set()
        hammer.join(60)
    assert hammer.outcomes and set(hammer.outcomes) == {200}
