"""The pages' shared database handle: one snapshot per interaction, a memo that is never stale."""

from __future__ import annotations

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
