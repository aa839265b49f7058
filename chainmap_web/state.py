"""Settings and a read-only database handle shared by the pages of one app."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

import duckdb

from chainmap.config import Settings
from chainmap.db import connect, read_faults
from chainmap_web import shared_memo as _shared_memo

__all__ = ["cached", "configure", "cursor", "file_stamp", "settings"]

_lock = threading.Lock()
_local = threading.local()  # the cursor (and its file stamp) of this thread's interaction
_state: dict = {"settings": None, "con": None, "stamp": None, "memo": {}}
_open: dict[int, int] = {}  # id(connection) -> its cursors in use now
_pending: dict = {}  # (file stamp, memo key) -> set when the value being computed is done
MEMO_MAX = 256
PENDING_WAIT_S = 60.0


def configure(new_settings: Settings) -> None:
    with _lock:
        if _state["con"] is not None:
            _state["con"].close()
        _state.update(settings=new_settings, con=None, stamp=None, memo={})


def settings() -> Settings:
    if _state["settings"] is None:
        raise RuntimeError("the app was not configured; use create_app(settings)")
    return _state["settings"]


def file_stamp(path) -> tuple[int, int, int]:
    """(inode, mtime_ns, size): what tells one database file from the next swapped in."""
    st = Path(path).stat()
    return st.st_ino, st.st_mtime_ns, st.st_size


def _connect(path):
    """(connection, the stamp of the file it has open): a file swapped in between the stat
    and the open is seen by a second stat (the stamp names the values other processes load,
    chainmap_web/shared_memo.py); a file that will not hold still gets a stamp no file has."""
    stamp = file_stamp(path)
    for _ in range(3):
        con = connect(path)
        try:
            after = file_stamp(path)
        except BaseException:
            con.close()
            raise
        if after == stamp:
            return con, stamp
        con.close()
        stamp = after
    return connect(path), (*stamp, "unsure")


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
            _state["con"], stamp = _connect(path)
            _state["stamp"] = stamp
            _state["memo"] = {}
        con = _state["con"]
        cur: duckdb.DuckDBPyConnection = con.cursor()
        _open[id(con)] = _open.get(id(con), 0) + 1
    _local.active = (cur, stamp)
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

    At most MEMO_MAX values; a new one pushes out the least recently used. One computation
    per value: a thread that needs a value another thread is computing waits for it (never
    longer than computing it itself would take; it computes it itself when that one fails)
    — after a swap, the warming thread and the first requests of every page otherwise all
    computed the same cold reports at once. Across the server's processes too: a value one
    of them computed from the same file is loaded, not computed (chainmap_web/shared_memo.py)."""
    key = (fn.__module__, fn.__qualname__, args)
    with cursor() as con:  # (re)checks the file stamp, clearing the memo after a rebuild
        stamp = _local.active[1]
        while True:
            with _lock:
                if _state["stamp"] == stamp and key in _state["memo"]:
                    value = _state["memo"].pop(key)
                    _state["memo"][key] = value  # the most recently used last
                    return value
                pending = _pending.get((stamp, key))
                if pending is None:
                    mine = _pending[(stamp, key)] = threading.Event()
                    break
            if not pending.wait(timeout=PENDING_WAIT_S):
                mine = None  # taking too long: compute it here as well
                break
        try:
            value = _compute(fn, con, args, key, stamp)
        except BaseException:
            _done(stamp, key, mine)
            raise
    with _lock:
        if _state["stamp"] == stamp:  # never file a value read from a replaced database
            if len(_state["memo"]) >= MEMO_MAX:  # the least recently used goes, not all:
                del _state["memo"][next(iter(_state["memo"]))]  # the warmed pages' stay
            _state["memo"][key] = value
    _done(stamp, key, mine)
    return value


def _compute(fn, con, args, key, stamp):
    """fn(con, *args), or the value another server process computed from the same file
    (chainmap_web/shared_memo.py: once per file across the workers, not once per worker)."""
    current = settings()
    folder = None
    if current.shared_cache and _shared_memo.shareable(fn, args):
        folder = _shared_memo.memo_folder(Path(current.db_path), stamp, current)
    return _shared_memo.load_or_compute(folder, key, lambda: fn(con, *args))


def _done(stamp, key, mine: threading.Event | None) -> None:
    """The computation of ``key`` is over (filed or failed): wake the threads waiting for it."""
    if mine is None:
        return
    with _lock:
        if _pending.get((stamp, key)) is mine:
            del _pending[(stamp, key)]
    mine.set()
