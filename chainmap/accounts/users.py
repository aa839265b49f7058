"""People who may log in, their roles and password hashes: a small JSON file beside the database.

The user store is not in the database: ``chainmap build`` replaces the database file, and
accounts must survive it. Passwords are stored only as werkzeug scrypt hashes. The pure
functions (``add_user``, ``remove_user``, ``verify_password``) take and return plain dicts of
``User``; ``read_users`` / ``write_users`` / ``write_user_change`` touch the file (written
atomically, mode 0600, changes serialised by a lock file).

Roles are ordered: viewer < editor < admin. A role grants everything the lower ones do.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path

from werkzeug.security import check_password_hash, generate_password_hash

__all__ = ["HASH_METHOD", "MIN_PASSWORD", "Role", "User", "UserError", "add_user",
           "read_users", "remove_user", "role_allows", "valid_name", "verify_password",
           "write_user_change", "write_users"]

HASH_METHOD = "scrypt"
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
NAME_RE = re.compile(r"[\w.@-]{1,64}")
FORMAT = 1


class Role(StrEnum):
    VIEWER = "viewer"
    EDITOR = "editor"
    ADMIN = "admin"


RANK = {Role.VIEWER: 1, Role.EDITOR: 2, Role.ADMIN: 3}


class UserError(ValueError):
    """A bad name, role or password, or an unknown or duplicate user."""


@dataclass(frozen=True)
class User:
    name: str
    role: Role
    password_hash: str = field(repr=False)
    created: str = ""


def role_allows(role: Role | str | None, required: Role | str) -> bool:
    """Whether `role` includes `required` (admin includes editor includes viewer)."""
    if role is None:
        return False
    try:
        return RANK[Role(role)] >= RANK[Role(required)]
    except ValueError:
        return False


def valid_name(name: str) -> str:
    """The user name (NFC); letters of any script, digits, `.`, `_`, `@`, `-`, up to 64."""
    norm = unicodedata.normalize("NFC", str(name))
    if not NAME_RE.fullmatch(norm):
        raise UserError("a user name is 1–64 letters, digits, '.', '_', '@' or '-'")
    return norm


def _role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise UserError(f"unknown role {role!r}; one of {[r.value for r in Role]}") from None


def add_user(users: Mapping[str, User], name: str, role: str, password: str, *,
             replace: bool = False, now: dt.datetime | None = None) -> dict[str, User]:
    """A new mapping with the user added (or, with `replace`, its role and password reset)."""
    name = valid_name(name)
    if name in users and not replace:
        raise UserError(f"user {name!r} exists")
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise UserError(f"a password has {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    created = users[name].created if name in users else \
        (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    user = User(name, _role(role), generate_password_hash(password, method=HASH_METHOD),
                created)
    return {**users, name: user}


def remove_user(users: Mapping[str, User], name: str) -> dict[str, User]:
    if name not in users:
        raise UserError(f"no user {name!r}")
    return {k: v for k, v in users.items() if k != name}


@cache
def _dummy_hash() -> str:
    return generate_password_hash("not a password of anyone", method=HASH_METHOD)


def verify_password(users: Mapping[str, User], name: str, password: str) -> User | None:
    """The user if the password is theirs, else None (as slow for unknown names)."""
    user = users.get(str(name))
    if len(password) > MAX_PASSWORD:
        return None
    ok = check_password_hash(user.password_hash if user else _dummy_hash(), password)
    return user if ok and user is not None else None


def _parse(doc: dict) -> dict[str, User]:
    users = {}
    for name, entry in (doc.get("users") or {}).items():
        users[name] = User(name, _role(entry["role"]), entry["password_hash"],
                           entry.get("created", ""))
    return users


def _document(users: Mapping[str, User]) -> dict:
    return {"format": FORMAT, "users": {
        u.name: {"role": u.role.value, "password_hash": u.password_hash, "created": u.created}
        for u in sorted(users.values(), key=lambda u: u.name)}}


def read_users(path: Path) -> dict[str, User]:
    """The users in the file; none when it does not exist."""
    try:
        text = Path(path).read_text("utf-8")
    except FileNotFoundError:
        return {}
    try:
        return _parse(json.loads(text))
    except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
        raise UserError(f"{path}: not a chainmap user file ({exc})") from exc


def write_users(path: Path, users: Mapping[str, User]) -> Path:
    """Write the file atomically (a temporary file in the same folder, then a rename), 0600."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)  # mode 0600
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(_document(users), out, ensure_ascii=False, indent=2)
            out.write("\n")
            out.flush()
            os.fsync(out.fileno())
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    lock = Path(path).with_name(Path(path).name + ".lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def write_user_change(path: Path, change: Callable[[dict[str, User]], dict[str, User]]
                      ) -> dict[str, User]:
    """Read, apply `change`, write: one writer at a time (an exclusive lock file)."""
    with _locked(path):
        users = change(read_users(path))
        write_users(path, users)
    return users
