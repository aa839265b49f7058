"""The pages' shared database handle: one snapshot per interaction, a memo that is never stale."""

from __future__ import annotations

import shutil
import threading
import time
from dataclasses import replace

import duckdb
import pytest

from chainmap_web import state as _state


@pytest.fixture()
def state(built_settings):
    before = _state._state["settings"]
    _state.configure(built_settings)
    yield built_settings
    if before is not None:
        _state.configure(before)


def _firm_count(con):
    return con.execute("SELECT count(*) FROM dim_firm").fetchone()[0]


def test_nested_cursors_are_the_interactions_one_cursor(state):
    used = []

    def probe(con):
        used.append(con)
        return _firm_count(con)

    with _state.cursor() as outer:
        with _state.cursor() as inner:
            assert inner is outer
        first = _state.cached(probe)
        assert used == [outer]
    assert _state.cached(probe) == first and len(used) == 1  # memoised after the interaction
    with _state.cursor() as again:
        assert again is not outer


def test_a_value_read_before_the_file_was_replaced_is_not_memoised(state):
    with _state.cursor():
        _state._state["stamp"] = ("another", "file")  # another thread reopened a rebuilt file
        _state.cached(_firm_count)
    assert not any(key[1] == "_firm_count" for key in _state._state["memo"])


def test_a_query_in_flight_finishes_on_the_old_file_after_a_swap(built_settings, tmp_path):
    db = tmp_path / "chainmap.duckdb"
    shutil.copyfile(built_settings.db_path, db)
    before = _state._state["settings"]
    _state.configure(replace(built_settings, db_path=db))
    try:
        with _state.cursor() as old:
            shutil.copyfile(db, tmp_path / "fresh.duckdb")
            (tmp_path / "fresh.duckdb").replace(db)  # a rebuild's swap
            seen = []
            reader = threading.Thread(target=lambda: seen.append(_state.cached(_firm_count)))
            reader.start()
            reader.join()
            assert seen and _state._state["con"] is not None  # another thread reopened
            assert _firm_count(old) == seen[0]  # this one still reads the old file
        assert _state._open == {}  # the old connection was closed by its last cursor
        with pytest.raises(duckdb.ConnectionException):
            old.execute("SELECT 1")
    finally:
        if before is not None:
            _state.configure(before)


def test_a_value_being_computed_is_waited_for_not_computed_again(state):
    calls, started = [], threading.Event()

    def slow(con):
        calls.append(threading.get_ident())
        started.set()
        time.sleep(0.3)  # the second thread asks meanwhile
        return _firm_count(con)

    results = []
    first = threading.Thread(target=lambda: results.append(_state.cached(slow)))
    first.start()
    assert started.wait(10)
    results.append(_state.cached(slow))  # asked while the first computes it
    first.join()
    assert len(calls) == 1 and results[0] == results[1]


def test_when_the_computation_fails_a_waiting_thread_computes_it_itself(state):
    calls, started = [], threading.Event()

    def flaky(con):
        calls.append(threading.get_ident())
        if len(calls) == 1:
            started.set()
            time.sleep(0.3)
            raise RuntimeError("the first try fails")
        return _firm_count(con)

    errors = []

    def first_try():
        try:
            _state.cached(flaky)
        except RuntimeError as exc:
            errors.append(str(exc))

    first = threading.Thread(target=first_try)
    first.start()
    assert started.wait(10)
    assert _state.cached(flaky) > 0  # waited, then computed it here
    first.join()
    assert errors == ["the first try fails"] and len(calls) == 2
    assert _state._state["memo"].pending == {}
