"""Failed-login throttling in the shared login state file (chainmap/accounts/login_throttle.py)."""

from __future__ import annotations

import multiprocessing
import stat

from chainmap.accounts.login_throttle import (
    ThrottlePolicy,
    delay_after,
    login_keys,
    write_login_attempt,
    write_login_success,
)

POLICY = ThrottlePolicy()
NOW = 1_800_000_000.0
KEYS = login_keys("10.0.0.1", "editor1")


def test_the_delay_starts_after_n_attempts_doubles_and_is_bounded():
    delays = [delay_after(n, POLICY) for n in range(1, 17)]
    assert delays[:POLICY.max_failures - 1] == [0.0] * (POLICY.max_failures - 1)
    assert delays[POLICY.max_failures - 1:] == [5, 10, 20, 40, 60, 60, 60]


def test_attempts_wait_then_pass_and_a_success_forgets(tmp_path):
    path = tmp_path / "chainmap.logins.sqlite"
    for _ in range(POLICY.max_failures):
        assert write_login_attempt(path, KEYS, NOW, POLICY) == 0.0
    assert write_login_attempt(path, KEYS, NOW + 1, POLICY) == 4.0
    assert write_login_attempt(path, KEYS, NOW + 5, POLICY) == 0.0  # the wait is over
    assert write_login_attempt(path, KEYS, NOW + 6, POLICY) == 9.0  # the next one doubles
    write_login_success(path, KEYS)
    assert write_login_attempt(path, KEYS, NOW + 6, POLICY) == 0.0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_either_key_waiting_stops_the_attempt(tmp_path):
    path = tmp_path / "chainmap.logins.sqlite"
    for i in range(POLICY.max_failures):
        write_login_attempt(path, login_keys("10.0.0.1", f"guess{i}"), NOW, POLICY)
    assert write_login_attempt(path, login_keys("10.0.0.1", "admin1"), NOW, POLICY) > 0
    assert write_login_attempt(path, login_keys("10.0.0.2", "admin1"), NOW, POLICY) == 0.0


def test_failures_are_forgotten_after_a_quiet_window(tmp_path):
    path = tmp_path / "chainmap.logins.sqlite"
    for _ in range(POLICY.max_failures):
        write_login_attempt(path, KEYS, NOW, POLICY)
    later = NOW + POLICY.forget_after_s
    assert write_login_attempt(path, KEYS, later, POLICY) == 0.0
    assert write_login_attempt(path, KEYS, later, POLICY) == 0.0  # counting from one again


def _attempts(path, barrier, tries, results):
    barrier.wait()
    results.put(sum(write_login_attempt(path, KEYS, NOW, POLICY) == 0.0 for _ in range(tries)))


def test_parallel_processes_get_n_checks_together(tmp_path):
    """Check and count are one transaction: 6 processes x 30 tries at once, 10 pass."""
    path = tmp_path / "chainmap.logins.sqlite"
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(6), context.Queue()
    procs = [context.Process(target=_attempts, args=(path, barrier, 30, results))
             for _ in range(6)]
    for proc in procs:
        proc.start()
    passed = sum(results.get(timeout=120) for _ in procs)
    for proc in procs:
        proc.join(30)
    assert passed == POLICY.max_failures
