"""The one cache of values computed from the database: one `Memo` per database snapshot.

A read-only DuckDB connection sees one fixed database: nothing writes to it through the
connection, no other process writes the file while it is open, and a rebuild swaps a new file
in under the path (an open connection keeps reading the old one). So what is computed from it
stays true while it is open, and a value's key is the snapshot it was read from and the
computation (a function and its arguments, or a name the caller gives). The snapshots:

- **a read-only connection** (the CLI's, a report run's, a page interaction's cursor):
  ``memoised(con, key, compute)`` keeps ``compute()`` for as long as the connection is open
  (its `Memo` goes with it). A writable connection (an in-memory test fixture, the ETL) is
  never memoised: each call computes afresh.
- **a database file** as the web server has it open (``chainmap_web.state``): one `Memo` per
  file (``chainmap.db.connect_stamped``: its inode, mtime and size), replaced when a rebuild
  swaps another file in, whose second level is on disk beside the database and shared by
  the server's processes (``chainmap.cache_disk``: one computation per file, not per worker).

Every `Memo` keeps at most ``max_values`` values (the least recently used goes first) and
computes each value once: a thread that needs a value another thread is computing waits for
it (never longer than ``PENDING_WAIT_S``; it computes it itself when that one fails). Values
are shared: callers must treat them as read-only.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import TypeVar

import duckdb

from chainmap import cache_disk

__all__ = ["PENDING_WAIT_S", "Memo", "computation", "is_read_only", "memoised"]

T = TypeVar("T")

PENDING_WAIT_S = 60.0  # at most this long waiting for another thread's computation
CONNECTION_MAX = 1024  # values per read-only connection

_lock = threading.Lock()
_memos: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # connection -> its Memo


def computation(fn: Callable, args: tuple) -> tuple:
    """The key of ``fn(con, *args)``: the function's module and name, and the arguments."""
    return (fn.__module__, fn.__qualname__, args)


class Memo:
    """The values computed from one database snapshot, by key.

    ``folder``: the snapshot's second level on disk (``chainmap.cache_disk.memo_folder``),
    where a value another process computed from the same file is loaded instead of computed;
    None: this process only."""

    def __init__(self, max_values: int, folder: Path | None = None) -> None:
        self.max_values, self.folder = max_values, folder
        self._values: OrderedDict = OrderedDict()
        self.pending: dict[Hashable, threading.Event] = {}  # key -> set when it is computed
        self._lock = threading.Lock()

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._values

    def __iter__(self) -> Iterator[Hashable]:
        with self._lock:
            return iter(list(self._values))

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)

    def value(self, key: Hashable, compute: Callable[[], T], *, shared: bool = False,
              keep: Callable[[], bool] | None = None) -> T:
        """The value of ``key``: remembered, or ``compute()`` once (threads asking meanwhile
        wait for it). ``shared``: also looked for in (and written to) the folder on disk.
        ``keep()`` false when the value is computed: it is returned but not remembered (the
        snapshot was replaced meanwhile)."""
        while True:
            with self._lock:
                if key in self._values:
                    self._values.move_to_end(key)  # the most recently used last
                    return self._values[key]
                pending = self.pending.get(key)
                if pending is None:
                    mine = self.pending[key] = threading.Event()
                    mine.owner = threading.get_ident()
                    break
            if pending.owner == threading.get_ident():  # asked again inside its computation:
                mine = None  # computed here, never waited for (it would wait for itself)
                break
            if not pending.wait(timeout=PENDING_WAIT_S):
                mine = None  # taking too long: compute it here as well
                break
        try:
            folder = self.folder if shared else None
            value = cache_disk.load_or_compute(folder, key, compute)
        except BaseException:
            self._done(key, mine)
            raise
        with self._lock:
            if keep is None or keep():
                if key not in self._values and len(self._values) >= self.max_values:
                    self._values.popitem(last=False)  # the least recently used goes, not all
                self._values[key] = value
        self._done(key, mine)
        return value

    def _done(self, key: Hashable, mine: threading.Event | None) -> None:
        """The computation of ``key`` is over (kept or failed): wake the threads waiting."""
        if mine is None:
            return
        with self._lock:
            if self.pending.get(key) is mine:
                del self.pending[key]
        mine.set()


def _read_only(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT readonly FROM duckdb_databases() "
                            "WHERE database_name = current_database()").fetchone()[0])


def _memo_of(con: duckdb.DuckDBPyConnection) -> Memo | None:
    """The Memo of a read-only connection (made at its first use); None for a writable one.
    Whether a connection is read-only is asked once; chainmap never switches a connection to
    another database (ATTACH/USE)."""
    with _lock:
        memo = _memos.get(con)
    if memo is None:
        if not _read_only(con):
            return None
        with _lock:
            memo = _memos.setdefault(con, Memo(CONNECTION_MAX))
    return memo


def is_read_only(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether ``con`` is read-only (asked once per read-only connection)."""
    return _memo_of(con) is not None


def memoised(con: duckdb.DuckDBPyConnection, key: Hashable, compute: Callable[[], T]) -> T:
    """compute(), remembered for ``con``'s snapshot under ``key`` when ``con`` is read-only."""
    memo = _memo_of(con)
    return compute() if memo is None else memo.value(key, compute)
