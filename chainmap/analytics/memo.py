"""Per-connection memo: what a read-only connection computed once stays true while it is open.

A read-only DuckDB connection sees one fixed database: nothing can write to it through this
connection, no other process can write the file while it is open, and a rebuild swaps a new
file in under the path (the open connection keeps reading the old one). So values derived
from it (a chain's facts, a region's members) can be kept for the connection's lifetime.
A writable connection (an in-memory test fixture, the ETL) is never memoised: each call
computes afresh. Values are shared: callers must treat them as read-only.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable
from typing import TypeVar

import duckdb

__all__ = ["memoised"]

T = TypeVar("T")

_lock = threading.Lock()
_memos: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
MEMO_MAX = 256  # values per connection; the memo is cleared when full


def _database(con: duckdb.DuckDBPyConnection) -> tuple[str, bool]:
    """(path of the connection's current database, whether it is read-only)."""
    path, read_only = con.execute(
        "SELECT coalesce(path, ''), readonly FROM duckdb_databases() "
        "WHERE database_name = current_database()").fetchone()
    return path, bool(read_only)


def memoised(con: duckdb.DuckDBPyConnection, key: Hashable, compute: Callable[[], T]) -> T:
    """compute(), remembered for `con` under `key` when `con` is read-only."""
    path, read_only = _database(con)
    if not read_only:
        return compute()
    full_key = (path, key)
    with _lock:
        memo = _memos.setdefault(con, {})
        if full_key in memo:
            return memo[full_key]
    value = compute()
    with _lock:
        if len(memo) >= MEMO_MAX:
            memo.clear()
        memo[full_key] = value
    return value
