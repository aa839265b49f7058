"""Warming the pages' memo: at start and after a swap, without a request; a failure harms none."""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import replace

import pytest

from chainmap.render.diagram import query_chain_diagram
from chainmap.views.overview import query_overview
from chainmap_web import prewarm as _prewarm
from chainmap_web import state as _state
from layouts.app import create_app

VIEWS = (("overview", {}), ("chain", {}))
REPORTS = {(query_overview.__module__, query_overview.__qualname__, ("500000",)),
           (query_chain_diagram.__module__, query_chain_diagram.__qualname__,
            ("rail", "500000"))}


@pytest.fixture()
def served(built_settings, tmp_path):
    """The app on a private copy of the database (the test swaps files over it)."""
    db = tmp_path / "chainmap.duckdb"
    shutil.copyfile(built_settings.db_path, db)
    before = _state._state["settings"]
    create_app(replace(built_settings, db_path=db))
    yield db
    if before is not None:
        _state.configure(before)


def _swap(db):
    fresh = db.with_name("fresh.duckdb")
    shutil.copyfile(db, fresh)
    fresh.replace(db)  # a new inode, as a build's os.replace


def _warmed() -> set:
    return REPORTS & set(_state._state["memo"])


def test_the_default_reports_are_computed_at_start_and_again_after_a_swap(served):
    assert _warmed() == set()  # nothing asked yet
    first = _prewarm.warm_if_changed(None, VIEWS, ())
    assert _warmed() == REPORTS  # without a request
    con = _state._state["con"]
    assert _prewarm.warm_if_changed(first, VIEWS, ()) == first  # same file: nothing to do
    _swap(served)
    second = _prewarm.warm_if_changed(first, VIEWS, ())
    assert second != first
    assert _state._state["con"] is not con  # reopened on the new file
    assert _state._state["stamp"] == second and _warmed() == REPORTS


def test_a_failing_warm_is_logged_and_the_next_request_is_served(served, monkeypatch,
                                                                  caplog):
    from layouts import overview

    def broken(**_query):
        raise RuntimeError("boom")

    monkeypatch.setattr(overview, "layout", broken)
    with caplog.at_level(logging.ERROR, logger=_prewarm.__name__):
        stamp = _prewarm.warm_if_changed(None, VIEWS, ())
    assert stamp is not None  # not raised
    assert any("overview" in r.getMessage() and r.exc_info for r in caplog.records)
    assert _warmed() == {k for k in REPORTS if k[1] == query_chain_diagram.__qualname__}
    monkeypatch.undo()
    assert not _state.cached(query_overview, "500000")["completeness"].empty


def test_the_watcher_warms_a_swapped_file_by_itself(served, monkeypatch):
    monkeypatch.setattr(_prewarm, "warm_if_changed", _limited(_prewarm.warm_if_changed))
    monkeypatch.setattr(_prewarm, "_watcher", {"thread": None, "stop": None})
    stop = _prewarm.start_watcher(interval=0.05)
    try:
        assert _until(lambda: _warmed() == REPORTS)
        stamp = _state._state["stamp"]
        _swap(served)
        assert _until(lambda: _state._state["stamp"] not in (None, stamp)
                      and _warmed() == REPORTS)
    finally:
        stop.set()
        _prewarm._watcher["thread"].join(timeout=10)
    assert not _prewarm._watcher["thread"].is_alive()


def _limited(warm):
    """warm_if_changed with the test's two views (the watcher calls it with its defaults)."""
    def call(warmed, views=VIEWS, per_chain=(), stopping=None):
        return warm(warmed, VIEWS, (), stopping)
    return call


def _until(condition, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False
