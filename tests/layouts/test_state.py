"""The pages' shared database handle: one snapshot per interaction, a memo that is never stale."""

from __future__ import annotations

import shutil
import threading
from dataclasses import replace

import duckdb
import pytest

from layouts import _state


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
