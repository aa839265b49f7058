"""Per-connection memo: what a read-only connection computed once stays true while it is open.

A read-only DuckDB connection sees one fixed database: nothing can write to it through this
connection, no other process can write the file while it is open, and a rebuild swaps a new
file in under the path (the open connection keeps reading the old one). So values derived
from it (a chain's facts, a region's members) can be kept for the connection's lifetime.
A writable connection (an in-memory test fixture, the ETL) is never memoised: each call
computes afresh (it is asked each time whether it is read-only, so nothing is kept for it).
Whether a connection is read-only, and its file, are asked once; chainmap never switches a
connection to another database (ATTACH/USE). Values are shared: callers must treat them as
read-only.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import TypeVar

import duckdb

__all__ = ["is_read_only", "memoised", "stored_table"]

T = TypeVar("T")

_lock = threading.Lock()
_memos: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
MEMO_MAX = 1024  # values per connection; the memo is cleared when full


def _read_only(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(con.execute("SELECT readonly FROM duckdb_databases() "
                            "WHERE database_name = current_database()").fetchone()[0])


def is_read_only(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether ``con`` is read-only (asked once per read-only connection)."""
    with _lock:
        if con in _memos:
            return True
    return _read_only(con)


def memoised(con: duckdb.DuckDBPyConnection, key: Hashable, compute: Callable[[], T]) -> T:
    """compute(), remembered for `con` under `key` when `con` is read-only."""
    with _lock:
        memo = _memos.get(con)
    if memo is None:  # first use of this connection (or a writable one): is it read-only?
        if not _read_only(con):
            return compute()
        with _lock:
            memo = _memos.setdefault(con, {})
    with _lock:
        if key in memo:
            return memo[key]
    value = compute()
    with _lock:
        if len(memo) >= MEMO_MAX:
            memo.clear()
        memo[key] = value
    return value


def stored_table(con: duckdb.DuckDBPyConnection, table: str, *columns: str) -> bool:
    """Whether a table the build derives (``agg_*``, etl/derive.py) may be read instead of
    recomputing it: only on a read-only connection to a build that has it, with ``columns``
    (a database built by an earlier version may lack a column added since; a writable
    connection may have changed the tables it derives from)."""
    def has() -> bool:
        have = {r[0] for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
            "AND database_name = current_database()", [table]).fetchall()}
        return bool(have) and set(columns) <= have

    return is_read_only(con) and memoised(con, ("stored", table, columns), has)
