"""Settings and a read-only database handle shared by the pages of one app."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

import duckdb

from chainmap.config import Settings
from chainmap.db import connect

__all__ = ["configure", "cursor", "settings"]

_lock = threading.Lock()
_state: dict = {"settings": None, "con": None, "stamp": None}


def configure(new_settings: Settings) -> None:
    with _lock:
        if _state["con"] is not None:
            _state["con"].close()
        _state.update(settings=new_settings, con=None, stamp=None)


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
        cur: duckdb.DuckDBPyConnection = _state["con"].cursor()
    try:
        yield cur
    finally:
        cur.close()
