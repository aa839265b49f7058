"""The read-only connection to the built database, and what a damaged file raises."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

__all__ = ["FAULTS", "DatabaseMissingError", "DatabaseUnreadableError", "connect",
           "connect_checked", "fault_reason", "read_faults", "rebuild_command", "store_name"]

# what DuckDB raises for a file it cannot read: at open (not a database file, truncated,
# no permission) or at a query (a block whose checksum does not match: bit flips)
FAULTS = (duckdb.IOException, duckdb.SerializationException, OSError)
REASONS = (
    ("not a valid DuckDB database file", "not a DuckDB database file"),
    ("Could not read enough bytes", "truncated: the file ends before its last block"),
    ("Permission denied", "permission denied"),
    ("Is a directory", "a directory, not a file"),
)


class DatabaseMissingError(FileNotFoundError):
    """No database at the configured path; run `chainmap build` first."""


class DatabaseUnreadableError(Exception):
    """The database file exists no more, or DuckDB cannot read it (damaged, truncated, not a
    database, no permission); rebuilding it (`rebuild_command`) replaces it."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path, self.reason = Path(path), reason
        super().__init__(f"database {self.path} is unreadable or corrupt ({reason})")


def connect(db_path: str | Path, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    path = Path(db_path)
    if read_only and not path.exists():
        raise DatabaseMissingError(f"no database at {path}; run `chainmap build` first")
    return duckdb.connect(str(path), read_only=read_only)


@contextmanager
def connect_checked(db_path: str | Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The database, read-only, for the block: a damaged file raises DatabaseUnreadableError,
    at the open or at a query of the block (``read_faults``); no file, DatabaseMissingError."""
    with read_faults(db_path), connect(db_path) as con:
        yield con


def fault_reason(error: BaseException, size: int | None) -> str:
    """A short reason for an error of FAULTS, given the file's size (None: no file)."""
    if isinstance(error, PermissionError):
        return "permission denied"
    if size is None or isinstance(error, FileNotFoundError):
        return "no such file"
    if size == 0:
        return "empty file, 0 bytes"
    text = str(error)
    checksum = re.search(r"Corrupt database file.*block at location (\d+)", text)
    if checksum:
        return f"checksum mismatch in the block at byte {checksum[1]}"
    for needle, reason in REASONS:
        if needle in text:
            return reason
    first = text.splitlines()[0] if text.strip() else type(error).__name__
    return first.removeprefix("IO Error: ")[:160]


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


@contextmanager
def read_faults(db_path: str | Path) -> Iterator[None]:
    """Raise DatabaseUnreadableError for what FAULTS the body raises: opening, stat-ing or
    querying the database at `db_path` (wrap only reads of that file). DatabaseMissingError
    (`connect` finds no file) passes as it is."""
    path = Path(db_path)
    try:
        yield
    except FAULTS as exc:
        if isinstance(exc, OSError) and not _about(exc, path):
            raise  # another file (an export's folder …): not the database's fault
        raise DatabaseUnreadableError(path, fault_reason(exc, _size(path))) from exc


def _about(error: OSError, path: Path) -> bool:
    """Whether an OSError is the database file's own (gone, or not readable by us); not
    DatabaseMissingError, which says to build it first (a database never built)."""
    return (isinstance(error, (FileNotFoundError, PermissionError))
            and error.filename is not None and Path(error.filename) == path)


def rebuild_command(db_path: str | Path) -> str:
    """The command that builds the database at `db_path` again."""
    return f"chainmap --db {shlex.quote(str(db_path))} build"


def store_name(db_path: str | Path) -> str:
    """The folder of committed imports beside the database, which every build replays."""
    return f"{Path(db_path)}.imports"
