"""Stale `<db>.building-<pid>` files of dead builds are removed; live ones are kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from etl.housekeeping import remove_stale_builds, stale_build_files


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_only_files_of_dead_processes_are_removed(tmp_path):
    db = tmp_path / "chainmap.duckdb"
    db.write_bytes(b"live")
    dead = dead_pid()
    stale = [tmp_path / f"chainmap.duckdb.building-{dead}",
             tmp_path / f"chainmap.duckdb.building-{dead}.wal"]
    live = [tmp_path / f"chainmap.duckdb.building-{os.getpid()}",
            tmp_path / f"chainmap.duckdb.building-{os.getppid()}",
            tmp_path / "other.duckdb.building-1", tmp_path / "chainmap.duckdb.building-x"]
    for path in stale + live:
        path.write_bytes(b"x")
    assert stale_build_files(db) == sorted(stale)
    assert remove_stale_builds(db) == sorted(stale)
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in live) and db.read_bytes() == b"live"
    assert remove_stale_builds(db) == []


def test_build_database_removes_stale_builds(data_copy):
    from etl.pipeline import build_database

    stale = data_copy.db_path.with_name(f"{data_copy.db_path.name}.building-{dead_pid()}")
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b"half a database")
    build_database(data_copy)
    assert not stale.exists()


def test_spill_folders_of_dead_processes_are_removed_and_live_ones_kept(tmp_path):
    from etl.housekeeping import SPILL_PREFIX, remove_stale_spill

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = tmp_path / f"{SPILL_PREFIX}{dead}-abc123"
    live = tmp_path / f"{SPILL_PREFIX}{os.getpid()}-def456"
    other = tmp_path / "chainmap-spill-notes"
    for folder in (stale, live, other):
        folder.mkdir()
        (folder / "duckdb_temp_storage_DEFAULT-0.tmp").write_bytes(b"x")
    assert remove_stale_spill(tmp_path) == [stale]
    assert not stale.exists() and live.exists() and other.exists()


def test_the_writer_lock_waits_for_another_process_and_is_reentrant(tmp_path):
    """A second writer (here: this process) waits for the holder (another process) and says
    so; it gets the lock only after the holder let go. The holder lets go when told to,
    from the waiter's progress message, so nothing depends on timing."""
    from etl.housekeeping import WAITING, writer_lock

    db = tmp_path / "chainmap.duckdb"
    released = tmp_path / "released"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, pathlib\nfrom etl.housekeeping import writer_lock\n"
         f"with writer_lock({str(db)!r}):\n"
         "    print('held', flush=True)\n    sys.stdin.read()\n"
         f"    pathlib.Path({str(released)!r}).write_text('x')\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parents[2])
    assert holder.stdout.readline().strip() == "held"
    said = []

    def progress(message):
        said.append(message)
        holder.stdin.close()  # now the holder may finish

    with writer_lock(db, progress):
        assert said == [WAITING] and released.exists()
        with writer_lock(db, progress):  # the same thread again: no wait, no deadlock
            assert said == [WAITING]
    holder.wait(30)
    with writer_lock(db, said.append):  # free again
        assert said == [WAITING]
