"""The memo shared by the server's processes (chainmap/cache_disk.py): a value is computed
once per database file, not once per worker, and never outlives its file."""

from __future__ import annotations

import multiprocessing
import shutil
import threading
import time
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from chainmap import cache_disk as _shared_memo
from chainmap.db import DatabaseUnreadableError
from chainmap_web import state as _state
from tests.corrupt_db import DAMAGES, damaged_copy

CALLS: list[str] = []


def _firm_count(con):
    CALLS.append("firm_count")
    # reads the names too: a count alone is answered from the file's metadata
    return con.execute("SELECT count(*), max(length(name)) FROM dim_firm").fetchone()[0]


class _Unpicklable:
    def __init__(self, n):
        self.n = n
        self.lock = threading.Lock()  # a lock does not pickle


def _unpicklable(con):
    CALLS.append("unpicklable")
    return _Unpicklable(con.execute("SELECT count(*) FROM dim_firm").fetchone()[0])


def _slow_count(con, marker: str):
    """Counts its computations in ``marker`` (one line each), across processes."""
    with Path(marker).open("a", encoding="utf-8") as f:
        f.write("computed\n")
    time.sleep(1.0)  # the other process asks meanwhile
    return con.execute("SELECT count(*) FROM dim_firm").fetchone()[0]


@pytest.fixture()
def db(built_settings, tmp_path):
    """A private copy of the database, configured as the pages' database."""
    path = tmp_path / "chainmap.duckdb"
    shutil.copyfile(built_settings.db_path, path)
    before = _state._state["settings"]
    _state.configure(replace(built_settings, db_path=path))
    CALLS.clear()
    yield path
    if before is not None:
        _state.configure(before)


def _another_worker() -> None:
    """What a second server process sees: its own empty memo, its own connection."""
    _state.configure(_state.settings())


def _folders(db: Path) -> list[Path]:
    root = db.with_name(db.name + ".cache")
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.exists() else []


def _values(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if not p.name.endswith(".lock")]


def test_a_second_worker_loads_the_value_the_first_computed(db):
    first = _state.cached(_firm_count)
    _another_worker()
    assert _state.cached(_firm_count) == first
    assert CALLS == ["firm_count"]  # computed once for both
    (folder,) = _folders(db)
    assert folder.stat().st_mode & 0o777 == 0o700
    assert folder.parent.stat().st_mode & 0o777 == 0o700


def test_a_swapped_file_never_gets_the_old_files_values(db, tmp_path):
    before = _state.cached(_firm_count)
    (old,) = _folders(db)
    fresh = tmp_path / "fresh.duckdb"
    shutil.copyfile(db, fresh)
    with duckdb.connect(str(fresh)) as con:  # the rebuilt file holds one firm fewer
        con.execute("DELETE FROM dim_firm WHERE firm_id = (SELECT min(firm_id) FROM dim_firm)")
    fresh.replace(db)  # a build's swap: a new inode
    _another_worker()
    assert _state.cached(_firm_count) == before - 1  # computed from the new file
    assert CALLS == ["firm_count", "firm_count"]
    assert old not in _folders(db) and len(_folders(db)) == 1  # the old values are gone


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_damaged_file_swapped_in_raises_instead_of_serving_the_old_value(db, tmp_path,
                                                                          damage):
    _state.cached(_firm_count)
    damaged = tmp_path / "damaged.duckdb"
    damaged_copy(db, damaged, damage)
    damaged.replace(db)
    _another_worker()
    with pytest.raises(DatabaseUnreadableError):  # the page that says so, not a stale value
        _state.cached(_firm_count)


def _worker(settings, marker: str, barrier, results) -> None:
    _state.configure(settings)
    barrier.wait()
    results.put(_state.cached(_slow_count, marker))


def test_two_processes_missing_at_once_compute_it_once(db, tmp_path):
    marker = tmp_path / "computed.txt"
    spawn = multiprocessing.get_context("spawn")
    barrier, results = spawn.Barrier(2), spawn.Queue()
    workers = [spawn.Process(target=_worker, args=(_state.settings(), str(marker), barrier,
                                                   results)) for _ in range(2)]
    for w in workers:
        w.start()
    values = [results.get(timeout=120) for _ in workers]
    for w in workers:
        w.join(30)
    assert values[0] == values[1] > 0
    assert marker.read_text().splitlines() == ["computed"]  # the other waited and loaded


def test_an_unwritable_cache_folder_falls_back_to_computing(db):
    root = db.with_name(db.name + ".cache")
    root.write_text("not a folder")  # the cache cannot be made: every worker computes
    first = _state.cached(_firm_count)
    _another_worker()
    assert _state.cached(_firm_count) == first
    assert CALLS == ["firm_count", "firm_count"]
    root.unlink()  # writable again: shared again
    _another_worker()
    _state.cached(_firm_count)
    _another_worker()
    assert _state.cached(_firm_count) == first
    assert CALLS == ["firm_count"] * 3


def test_a_torn_value_file_is_computed_again(db):
    first = _state.cached(_firm_count)
    (folder,) = _folders(db)
    (value,) = _values(folder)
    value.write_bytes(b"\x80\x05torn")
    _another_worker()
    assert _state.cached(_firm_count) == first
    assert CALLS == ["firm_count", "firm_count"]
    _another_worker()
    assert _state.cached(_firm_count) == first  # written again whole
    assert len(CALLS) == 2


def test_a_value_that_does_not_pickle_stays_in_the_process(db):
    value = _state.cached(_unpicklable)
    assert _state.cached(_unpicklable) is value  # the process's memo
    (folder,) = _folders(db)
    assert _values(folder) == []  # nothing written
    _another_worker()
    assert _state.cached(_unpicklable).n == value.n
    assert CALLS == ["unpicklable", "unpicklable"]


def test_a_failing_computation_raises_to_the_caller_and_leaves_nothing(db):
    def boom(con):
        raise duckdb.IOException("damaged block")

    boom.__qualname__ = "boom"  # as a module-level function: shared
    with pytest.raises(DatabaseUnreadableError):  # DuckDB's error reaches the damaged-
        _state.cached(boom)  # database handling as before
    (folder,) = _folders(db)
    assert _values(folder) == []


def test_the_setting_turns_it_off(db):
    _state.configure(replace(_state.settings(), shared_cache=False))
    _state.cached(_firm_count)
    _another_worker()
    _state.cached(_firm_count)
    assert CALLS == ["firm_count", "firm_count"] and _folders(db) == []


def test_keys_of_closures_or_objects_are_not_shared():
    assert _shared_memo.shareable(_firm_count, ("a", 1, None, (2.5, True)))
    assert not _shared_memo.shareable(_firm_count, (object(),))
    assert not _shared_memo.shareable(lambda con: 1, ())


def _count_plus(con, n: int):
    CALLS.append(f"plus{n}")
    return con.execute("SELECT count(*) FROM dim_firm").fetchone()[0] + n


def test_a_full_folder_takes_no_more_values(db, monkeypatch):
    """Searches are endless, the disk is not: past MAX_FILES files (values and their lock
    files) a value is computed and kept in the process only; what is there is still shared."""
    monkeypatch.setattr(_shared_memo, "MAX_FILES", 4)
    values = [_state.cached(_count_plus, n) for n in range(5)]
    (folder,) = _folders(db)
    assert len(list(folder.iterdir())) == 4  # two values and their locks, then full
    _another_worker()
    assert [_state.cached(_count_plus, n) for n in range(5)] == values
    # the two stored were loaded; the three others computed again in the new process
    computed = [f"plus{n}" for n in range(5)] + ["plus2", "plus3", "plus4"]
    assert computed == CALLS
    monkeypatch.setattr(_shared_memo, "MAX_BYTES", 1)
    _another_worker()
    assert _state.cached(_count_plus, 9) == values[0] + 9
    assert len(list(folder.iterdir())) == 4
