"""Server-side sessions in the login state file (chainmap/accounts/sessions.py)."""

from __future__ import annotations

from chainmap.accounts.sessions import (
    new_session_id,
    query_session_user,
    write_session_end,
    write_session_start,
)

NOW = 1_800_000_000.0


def test_a_session_is_open_until_it_ends_or_expires(tmp_path):
    path = tmp_path / "chainmap.logins.sqlite"
    first, second = new_session_id(), new_session_id()
    assert first != second and len(first) >= 40
    write_session_start(path, first, "editor1", NOW, 3600)
    write_session_start(path, second, "editor1", NOW, 3600)
    assert query_session_user(path, first, NOW + 1) == "editor1"
    assert query_session_user(path, "not-a-session", NOW + 1) is None
    write_session_end(path, first)
    assert query_session_user(path, first, NOW + 1) is None
    assert query_session_user(path, second, NOW + 1) == "editor1"  # only that one ended
    assert query_session_user(path, second, NOW + 3600) is None  # expired


def test_the_file_keeps_digests_not_session_ids(tmp_path):
    path = tmp_path / "chainmap.logins.sqlite"
    session_id = new_session_id()
    write_session_start(path, session_id, "editor1", NOW, 3600)
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert session_id.encode() not in stored


def test_a_deleted_file_ends_every_session(tmp_path):
    path = tmp_path / "chainmap.logins.sqlite"
    session_id = new_session_id()
    write_session_start(path, session_id, "editor1", NOW, 3600)
    for file in tmp_path.iterdir():
        file.unlink()
    assert query_session_user(path, session_id, NOW) is None
