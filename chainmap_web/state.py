"""Settings and a read-only database handle shared by the pages of one app, and its memo.

The memo is the database file's `Memo` (``chainmap.cache``, the one cache): a page's value is
computed once per file (across the server's processes too, ``chainmap.cache_disk``) and
forgotten when a rebuild swaps another file in."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

import duckdb

from chainmap.cache import Memo, computation
from chainmap.cache_disk import memo_folder, shareable
from chainmap.config import Settings
from chainmap.db import connect_stamped, file_stamp, read_faults

__all__ = ["cached", "configure", "cursor", "file_stamp", "settings"]

_lock = threading.Lock()
_local = threading.local()  # the cursor (its file stamp and memo) of this thread's interaction
MEMO_MAX = 256
_state: dict = {"settings": None, "con": None, "stamp": None, "memo": Memo(MEMO_MAX)}
_open: dict[int, int] = {}  # id(connection) -> its cursors in use now
# the code whose functions the memo keeps besides the library's: the server's and the pages'
SOURCES = (Path(__file__).resolve().parent, Path(__file__).resolve().parents[1] / "layouts")


def configure(new_settings: Settings) -> None:
    with _lock:
        if _state["con"] is not None:
            _state["con"].close()
        _state.update(settings=new_settings, con=None, stamp=None, memo=Memo(MEMO_MAX))


def settings() -> Settings:
    if _state["settings"] is None:
        raise RuntimeError("the app was not configured; use create_app(settings)")
    return _state["settings"]


def _memo(path: Path, stamp) -> Memo:
    """An empty memo for the file stamped ``stamp``, its second level on disk (unless the
    settings keep the values per process)."""
    current = settings()
    folder = memo_folder(path, stamp, current, SOURCES) if current.shared_cache else None
    return Memo(MEMO_MAX, folder)


@contextmanager
def cursor():
    """A cursor on the current database file; reopens after a rebuild swapped the file in.

    Nested in another `cursor()` of the same thread it is that cursor: one interaction reads
    one snapshot, and what the library memoises per connection (a chain's facts) is computed
    once for all the functions the interaction calls."""
    active = getattr(_local, "active", None)
    if active is not None:
        yield active[0]
        return
    path = settings().db_path
    # a damaged file: DatabaseUnreadableError (chainmap_web/unreadable)
    with _lock, read_faults(path):
        stamp = file_stamp(path)
        if _state["con"] is None or _state["stamp"] != stamp:
            if _state["con"] is not None:
                # closing it would break the queries still running on it (DuckDB closes a
                # connection's cursors with it): the last of them closes it
                if not _open.get(id(_state["con"])):
                    _state["con"].close()
                _state["con"] = None  # an open that fails leaves no closed handle behind
            _state["con"], stamp = connect_stamped(path)
            _state["stamp"] = stamp
            _state["memo"] = _memo(Path(path), stamp)
        con, memo = _state["con"], _state["memo"]
        cur: duckdb.DuckDBPyConnection = con.cursor()
        _open[id(con)] = _open.get(id(con), 0) + 1
    _local.active = (cur, stamp, memo)
    try:
        with read_faults(path):  # a damaged block is found when a query reads it
            yield cur
    finally:
        _local.active = None
        cur.close()
        with _lock:
            _open[id(con)] -= 1
            if not _open[id(con)]:
                del _open[id(con)]
                if con is not _state["con"]:  # replaced by a newer file meanwhile
                    con.close()


def cached(fn, *args):
    """fn(con, *args), memoised until the database file changes (results are read-only).

    The file's `Memo` (chainmap.cache): at most MEMO_MAX values, a new one pushes out the
    least recently used. One computation per value: a thread that needs a value another
    thread is computing waits for it (never longer than computing it itself would take; it
    computes it itself when that one fails) — after a swap, the warming thread and the first
    requests of every page otherwise all computed the same cold reports at once. Across the
    server's processes too: a value one of them computed from the same file is loaded, not
    computed (chainmap.cache_disk: a module-level function with plain arguments)."""
    with cursor() as con:  # (re)checks the file stamp: a rebuilt file has a new, empty memo
        _, stamp, memo = _local.active
        # never file a value read from a replaced database
        return memo.value(computation(fn, args), lambda: fn(con, *args),
                          shared=shareable(fn, args), keep=lambda: _state["stamp"] == stamp)
