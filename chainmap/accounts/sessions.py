"""Open sessions, kept on the server: a logout ends its session in every server process.

The signed session cookie carries a random session id; the login state file
(``chainmap.accounts.login_state``) keeps the sha256 of each open one with its user and expiry. A
request counts as logged in only while its id is there, so logging out (which deletes it)
ends that session everywhere at once, for any copy of the cookie too; the cookie's
signature alone no longer suffices. One logout ends one session (this browser's), not the
user's others (a changed password or a removed user ends them all: ``chainmap_web/auth.py``).
"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from chainmap.accounts.login_state import connect

__all__ = ["new_session_id", "query_session_user", "write_session_end", "write_session_start"]


def new_session_id() -> str:
    return secrets.token_urlsafe(32)


def _digest(session_id: str) -> str:
    return hashlib.sha256(str(session_id).encode()).hexdigest()


def write_session_start(path: Path, session_id: str, user: str, now: float,
                        lifetime_s: float) -> None:
    """Record an open session (and drop the expired ones)."""
    with connect(path) as conn:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("DELETE FROM sessions WHERE expires <= ?", (now,))
        conn.execute("INSERT OR REPLACE INTO sessions (id_digest, user, started, expires) "
                     "VALUES (?, ?, ?, ?)", (_digest(session_id), user, now, now + lifetime_s))
        conn.execute("COMMIT")


def query_session_user(path: Path, session_id: str, now: float) -> str | None:
    """The user of an open, unexpired session, else None."""
    with connect(path) as conn:
        row = conn.execute("SELECT user FROM sessions WHERE id_digest = ? AND expires > ?",
                           (_digest(session_id), now)).fetchone()
    return row[0] if row else None


def write_session_end(path: Path, session_id: str) -> None:
    with connect(path) as conn:
        conn.execute("DELETE FROM sessions WHERE id_digest = ?", (_digest(session_id),))
