"""Settings and a read-only database handle shared by the pages of one app."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

import duckdb

from chainmap.config import Settings
from chainmap.db import connect

__all__ = ["cached", "configure", "cursor", "settings"]

_lock = threading.Lock()
_state: dict = {"settings": None, "con": None, "stamp": None, "memo": {}}
MEMO_MAX = 256


def configure(new_settings: Settings) -> None:
    with _lock:
        if _state["con"] is not None:
            _state["con"].close()
        _state.update(settings=new_settings, con=None, stamp=None, memo={})


def settings() -> Settings:
    if _state["settings"] is None:
        raise RuntimeError("the app was not configured; use create_app(settings)")
    return _state["settings"]


def _stamp(path) -> tuple[int, int]:
    st = Path(path).stat()
    return st.st_ino, st.st_mtime_ns


@contextmanager
def cursor():
    """A cursor on the current database file; reopens after a rebuild swapped the file in."""
    path = settings().db_path
    with _lock:
        stamp = _stamp(path)
        if _state["con"] is None or _state["stamp"] != stamp:
            if _state["con"] is not None:
                _state["con"].close()
            _state["con"] = connect(path)
            _state["stamp"] = stamp
            _state["memo"] = {}
        cur: duckdb.DuckDBPyConnection = _state["con"].cursor()
    try:
        yield cur
    finally:
        cur.close()


def cached(fn, *args):
    """fn(con, *args), memoised until the database file changes (results are read-only)."""
    key = (fn.__module__, fn.__qualname__, args)
    memo = _state["memo"]
    if key in memo:
        with cursor():  # re-checks the file stamp, clearing the memo after a rebuild
            pass
        memo = _state["memo"]
        if key in memo:
            return memo[key]
    with cursor() as con:
        value = fn(con, *args)
    with _lock:
        if len(_state["memo"]) >= MEMO_MAX:
            _state["memo"].clear()
        _state["memo"][key] = value
    return value
