"""Logout and login throttling across real server processes: gunicorn with 3 workers x 4
threads, each request on a new connection (so on any worker). The state is in the login
state file the workers share, not in each one's memory (#22: a copied cookie still worked
after logout, and 30 wrong passwords got through with 3 workers, 39 of 90 in parallel)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from chainmap.accounts.login_throttle import ThrottlePolicy
from chainmap.accounts.users import add_user, write_users
from chainmap.config import PACKAGE_ROOT
from tests.serving import free_port, stop_process, wait_until_up

POLICY = ThrottlePolicy()
WORKERS = 3


@pytest.fixture(scope="module")
def server(built_settings, tmp_path_factory):
    users = tmp_path_factory.mktemp("workers") / "chainmap.users.json"
    accounts: dict = {}
    for name in ("editor1", "target1", "target2"):
        accounts = add_user(accounts, name, "editor", f"{name}-pass")
    write_users(users, accounts)
    port = free_port()
    cmd = [str(Path(sys.executable).with_name("gunicorn")), "--bind", f"127.0.0.1:{port}",
           "--workers", str(WORKERS), "--threads", "4", "--timeout", "120",
           "--no-control-socket", "app:server"]
    env = {"CHAINMAP_DB": str(built_settings.db_path), "CHAINMAP_USERS_FILE": str(users),
           "CHAINMAP_AUTH": "open"}
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(cmd, cwd=PACKAGE_ROOT, stdout=log, stderr=subprocess.STDOUT,
                                env={**os.environ, **env},
                                start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(url, proc, log, timeout=120)
            yield url
        finally:
            stop_process(proc, grace=30)


def login_page(url: str) -> tuple[dict, str]:
    """An anonymous session's cookies and the login form's CSRF token."""
    response = requests.get(url + "/login", timeout=30)
    token = response.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    return dict(response.cookies), token


def attempt(url: str, cookies: dict, token: str, name: str, password: str):
    return requests.post(url + "/login", cookies=cookies, allow_redirects=False, timeout=60,
                         data={"username": name, "password": password, "csrf_token": token})


def wait_out(refused) -> float:
    """Sleep the wait the server announced (Retry-After), and return it."""
    wait = int(refused.headers["Retry-After"])
    time.sleep(wait + 0.5)
    return wait


def test_a_cookie_copied_before_logout_opens_nothing_in_any_worker(server):
    cookies, token = login_page(server)
    logged_in = attempt(server, cookies, token, "editor1", "editor1-pass")
    assert logged_in.status_code == 303
    copied = {"chainmap_session": logged_in.cookies["chainmap_session"]}
    csrf = logged_in.cookies["_csrf_token"]

    def replay():
        return (requests.get(server + "/import", cookies=copied, allow_redirects=False,
                             timeout=30).status_code,
                requests.get(server + "/import/quarantine.csv", cookies=copied,
                             allow_redirects=False, timeout=30).status_code,
                requests.post(server + "/import/upload?name=x.exe", data=b"x", cookies=copied,
                              headers={"X-CSRFToken": csrf, "Content-Type": "text/plain"},
                              timeout=30).status_code)

    assert {replay() for _ in range(3)} == {(200, 200, 400)}  # the upload view's own refusal
    out = requests.post(server + "/logout", cookies=copied, data={"csrf_token": csrf},
                        allow_redirects=False, timeout=30)
    assert out.status_code == 303
    assert Counter(replay() for _ in range(4 * WORKERS)) == {(303, 303, 401): 4 * WORKERS}


def test_thirty_wrong_passwords_in_a_row_get_at_most_n_checks(server):
    cookies, token = login_page(server)
    statuses = [attempt(server, cookies, token, "target1", "wrong-pass")
                for _ in range(30)]
    counts = Counter(r.status_code for r in statuses)
    assert counts == {401: POLICY.max_failures, 429: 30 - POLICY.max_failures}
    refused = attempt(server, cookies, token, "target1", "target1-pass")
    assert refused.status_code == 429  # the right password too, while the wait lasts
    assert 0 < wait_out(refused) <= POLICY.first_delay_s
    assert attempt(server, cookies, token, "target1", "target1-pass").status_code == 303


def test_ninety_parallel_wrong_passwords_get_at_most_n_checks(server):
    cookies, token = login_page(server)
    with ThreadPoolExecutor(max_workers=30) as pool:
        responses = list(pool.map(
            lambda _: attempt(server, cookies, token, "target2", "wrong-pass"), range(90)))
    counts = Counter(r.status_code for r in responses)
    assert counts[401] <= POLICY.max_failures and counts[401] + counts[429] == 90, counts
    waits = [int(r.headers["Retry-After"]) for r in responses if r.status_code == 429]
    assert max(waits) <= POLICY.max_delay_s
    refused = attempt(server, cookies, token, "target2", "target2-pass")
    assert refused.status_code == 429
    wait_out(refused)
    assert attempt(server, cookies, token, "target2", "target2-pass").status_code == 303
