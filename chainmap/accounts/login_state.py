"""The login state: one small SQLite file beside the users file, shared by every server process.

It holds what must be the same in every gunicorn worker and survive a restart: the open
sessions (``chainmap.accounts.sessions``) and the failed logins
(``chainmap.accounts.login_throttle``). Process
memory would not do: each worker would have its own (a logout seen by one worker only, a
failure count per worker). The file is made with mode 0600, runs in WAL mode (readers do not
wait for the writer) and a writer waits up to ``BUSY_TIMEOUT_S`` for another. Deleting it
ends every session and forgets every failure; it is never part of the database, which every
build replaces.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

__all__ = ["BUSY_TIMEOUT_S", "connect"]

BUSY_TIMEOUT_S = 10.0
SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id_digest TEXT PRIMARY KEY,   -- sha256 of the id in the signed cookie, never the id
    user      TEXT NOT NULL,
    started   REAL NOT NULL,      -- unix seconds
    expires   REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (user);
CREATE TABLE IF NOT EXISTS login_failures (
    key        TEXT PRIMARY KEY,  -- 'address:<ip>' or 'account:<name>'
    failures   INTEGER NOT NULL,  -- attempts since the last success, within the window
    last       REAL NOT NULL,     -- unix seconds of the latest attempt
    wait_until REAL NOT NULL      -- no password is checked for this key before then
);
"""


_ready: set[Path] = set()  # files this process has seen made (WAL mode and tables)


def _make(path: Path) -> None:
    """Make the file (0600), switch it to WAL and create the tables, under an exclusive
    ``flock`` of ``<file>.lock``: processes starting together would otherwise race
    (switching to WAL is refused with "database is locked" while another connection makes
    the tables). A lock file of its own, not the database: closing a descriptor of the
    SQLite file would drop SQLite's own POSIX locks held in this process."""
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not path.exists():
            os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            conn.executescript(SCHEMA)
        finally:
            conn.close()
    finally:
        os.close(lock)  # releases the flock
    _ready.add(path)


@contextlib.contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """An autocommit connection to the login state file (made, 0600, when missing); closed
    after the block. Callers open their own transactions (``BEGIN IMMEDIATE`` to write)."""
    path = Path(path)
    if path not in _ready or not path.exists():
        _make(path)
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous=NORMAL")
        yield conn
    finally:
        conn.close()
