"""The user store: roles, hashes, atomic 0600 file, CLI."""

from __future__ import annotations

import json
import stat

import pytest
from click.testing import CliRunner

from chainmap.accounts.users import (
    Role,
    UserError,
    add_user,
    read_users,
    remove_user,
    role_allows,
    valid_name,
    verify_password,
    write_user_change,
    write_users,
)
from chainmap_cli.main import cli


def test_roles_include_the_lower_ones():
    assert role_allows(Role.ADMIN, "editor") and role_allows("editor", Role.VIEWER)
    assert not role_allows("viewer", "editor") and not role_allows("editor", "admin")
    assert not role_allows(None, "viewer") and not role_allows("root", "viewer")


def test_passwords_are_stored_as_scrypt_hashes_and_verified():
    users = add_user({}, "张三", "editor", "correct horse")
    assert users["张三"].password_hash.startswith("scrypt:")
    assert "correct horse" not in users["张三"].password_hash
    assert verify_password(users, "张三", "correct horse").role is Role.EDITOR
    assert verify_password(users, "张三", "wrong horse") is None
    assert verify_password(users, "nobody", "correct horse") is None
    assert verify_password(users, "张三", "x" * 5000) is None


def test_add_and_remove_are_pure_and_checked():
    empty: dict = {}
    users = add_user(empty, "ann", "viewer", "password1")
    assert empty == {} and set(users) == {"ann"}
    with pytest.raises(UserError, match="exists"):
        add_user(users, "ann", "viewer", "password2")
    with pytest.raises(UserError, match="password"):
        add_user(users, "bob", "viewer", "short")
    with pytest.raises(UserError, match="role"):
        add_user(users, "bob", "root", "password1")
    assert remove_user(users, "ann") == {} and set(users) == {"ann"}
    with pytest.raises(UserError):
        remove_user(users, "bob")


@pytest.mark.parametrize("name", ["", "a b", "../x", "a/b", "<img>", "x" * 65, "a\x00"])
def test_bad_names_are_refused(name):
    with pytest.raises(UserError):
        valid_name(name)


def test_the_file_is_written_atomically_with_mode_0600(tmp_path):
    path = tmp_path / "db.users.json"
    assert read_users(path) == {}
    write_users(path, add_user({}, "ann", "admin", "password1"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    doc = json.loads(path.read_text("utf-8"))
    assert doc["users"]["ann"]["role"] == "admin" and "password" not in doc["users"]["ann"]
    users = write_user_change(path, lambda u: add_user(u, "bob", "viewer", "password2"))
    assert set(read_users(path)) == {"ann", "bob"} == set(users)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_corrupt_file_is_an_error_not_an_empty_store(tmp_path):
    path = tmp_path / "u.json"
    path.write_text("{not json", "utf-8")
    with pytest.raises(UserError):
        read_users(path)


def test_cli_adds_lists_changes_and_removes_users(tmp_path):
    db = tmp_path / "x.duckdb"
    runner = CliRunner()
    added = runner.invoke(cli, ["--db", str(db), "user", "add", "ed", "--role", "editor",
                                "--password-stdin"], input="editor-pass\n")
    assert added.exit_code == 0, added.output
    users = read_users(tmp_path / "x.users.json")
    assert verify_password(users, "ed", "editor-pass").role is Role.EDITOR
    prompted = runner.invoke(cli, ["--db", str(db), "user", "add", "vi"],
                             input="viewer-pass\nviewer-pass\n")
    assert prompted.exit_code == 0 and "viewer-pass" not in prompted.output
    listed = runner.invoke(cli, ["--db", str(db), "user", "list"])
    assert "ed" in listed.output and "editor" in listed.output and "scrypt" not in listed.output
    again = runner.invoke(cli, ["--db", str(db), "user", "add", "ed", "--password-stdin"],
                          input="another-pass\n")
    assert again.exit_code != 0 and "exists" in again.output
    changed = runner.invoke(cli, ["--db", str(db), "user", "passwd", "ed", "--role", "admin",
                                  "--password-stdin"], input="another-pass\n")
    assert changed.exit_code == 0
    users = read_users(tmp_path / "x.users.json")
    assert verify_password(users, "ed", "another-pass").role is Role.ADMIN
    assert runner.invoke(cli, ["--db", str(db), "user", "remove", "ed"]).exit_code == 0
    assert set(read_users(tmp_path / "x.users.json")) == {"vi"}
