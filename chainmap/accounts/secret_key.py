"""The key that signs session cookies: CHAINMAP_SECRET_KEY, else a file beside the database.

The file is made once (32 random bytes, hex), mode 0600, and published with a hard link so
that several server processes starting together all end up with the same key.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from chainmap.config import Settings

__all__ = ["MIN_KEY", "load_secret_key"]

MIN_KEY = 32  # characters


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_hex(32) + "\n")
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(FileExistsError):  # another process won: use its key
            os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def load_secret_key(settings: Settings) -> str:
    """The configured key, or the key file's (created if missing; refused if others can read
    it or it is too short)."""
    if settings.secret_key:
        if len(settings.secret_key) < MIN_KEY:
            raise ValueError(f"CHAINMAP_SECRET_KEY must have at least {MIN_KEY} characters")
        return settings.secret_key
    path = settings.secret_key_path
    if not path.exists():
        _create(path)
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        raise PermissionError(f"{path} is readable by others (mode {mode:o}); chmod 600 it")
    key = path.read_text("utf-8").strip()
    if len(key) < MIN_KEY:
        raise ValueError(f"{path} holds no usable key; delete it to make a new one")
    return key
