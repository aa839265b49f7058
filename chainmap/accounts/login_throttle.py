"""Failed-login throttling shared by every server process: a delay that grows, then passes.

Attempts are counted per key (``address:<ip>`` and ``account:<name>``) in the login state
file (``chainmap.accounts.login_state``). ``write_login_attempt`` checks and counts in one
``BEGIN IMMEDIATE`` transaction, *before* the password is checked: so parallel attempts in
several workers cannot all pass the check before any of them is counted. The first
``max_failures`` attempts of a key are checked at once; from then on each one makes the key
wait ``first_delay_s``, doubling up to ``max_delay_s``, and an attempt while a key waits is
refused without checking the password. Once the wait has passed the right password is
accepted, and a success forgets the keys' failures (``write_login_success``). A key's
failures are also forgotten ``forget_after_s`` after its latest attempt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from chainmap.accounts.login_state import connect

__all__ = ["ThrottlePolicy", "delay_after", "login_keys", "write_login_attempt",
           "write_login_success"]

MAX_KEY = 128  # characters of a name kept in a key


@dataclass(frozen=True)
class ThrottlePolicy:
    max_failures: int = 10     # attempts checked before the first wait
    first_delay_s: float = 5.0
    max_delay_s: float = 60.0
    forget_after_s: float = 900.0


def delay_after(attempts: int, policy: ThrottlePolicy) -> float:
    """The wait after a key's `attempts`-th attempt since its last success."""
    if attempts < policy.max_failures:
        return 0.0
    return min(policy.max_delay_s, policy.first_delay_s * 2 ** (attempts - policy.max_failures))


def login_keys(address: str | None, name: str) -> tuple[str, str]:
    """The keys one login attempt counts against: its client address and the account."""
    return f"address:{address or '?'}", f"account:{str(name)[:MAX_KEY]}"


def write_login_attempt(path: Path, keys: Sequence[str], now: float,
                        policy: ThrottlePolicy) -> float:
    """0.0 when the password may be checked (the attempt is then counted against every key,
    as a failure until ``write_login_success``), else the seconds left to wait (nothing
    counted). Check and count are one transaction across processes."""
    with connect(path) as conn:
        conn.execute("BEGIN IMMEDIATE")
        try:
            rows = {}
            for key in keys:
                row = conn.execute("SELECT failures, last, wait_until FROM login_failures "
                                   "WHERE key = ?", (key,)).fetchone()
                rows[key] = row if row and now - row[1] < policy.forget_after_s else None
            wait = max((row[2] - now for row in rows.values() if row), default=0.0)
            if wait <= 0:
                for key, row in rows.items():
                    attempts = (row[0] if row else 0) + 1
                    conn.execute(
                        "INSERT INTO login_failures (key, failures, last, wait_until) "
                        "VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET "
                        "failures = excluded.failures, last = excluded.last, "
                        "wait_until = excluded.wait_until",
                        (key, attempts, now, now + delay_after(attempts, policy)))
                conn.execute("DELETE FROM login_failures WHERE last < ?",
                             (now - policy.forget_after_s,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    return max(wait, 0.0)


def write_login_success(path: Path, keys: Sequence[str]) -> None:
    """Forget the failures of `keys` (after the right password)."""
    with connect(path) as conn:
        conn.executemany("DELETE FROM login_failures WHERE key = ?", [(k,) for k in keys])
