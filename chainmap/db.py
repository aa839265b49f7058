"""The read-only connection to the built database, its snapshot, and what a damaged file raises.

What is computed from a read-only connection is remembered in the one cache
(``chainmap.cache``): per connection (``memoised``), or per database file as the web server
has it open (``connect_stamped`` names the file: the cache's key and its folder on disk)."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from chainmap.cache import is_read_only, memoised

__all__ = ["FAULTS", "DatabaseMissingError", "DatabaseUnreadableError", "connect",
           "connect_checked", "connect_stamped", "fault_reason", "file_stamp", "read_faults",
           "rebuild_command", "store_name", "stored_table"]

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


def file_stamp(path: str | Path) -> tuple[int, int, int]:
    """(inode, mtime_ns, size): what tells one database file from the next swapped in."""
    st = Path(path).stat()
    return st.st_ino, st.st_mtime_ns, st.st_size


def connect_stamped(db_path: str | Path) -> tuple[duckdb.DuckDBPyConnection, tuple]:
    """(a read-only connection, the stamp of the file it has open): a file swapped in between
    the stat and the open is seen by a second stat (the stamp names the values other
    processes load, chainmap.cache_disk); a file that will not hold still gets a stamp no
    file has."""
    stamp = file_stamp(db_path)
    for _ in range(3):
        con = connect(db_path)
        try:
            after = file_stamp(db_path)
        except BaseException:
            con.close()
            raise
        if after == stamp:
            return con, stamp
        con.close()
        stamp = after
    return connect(db_path), (*stamp, "unsure")


def stored_table(con: duckdb.DuckDBPyConnection, table: str, *columns: str) -> bool:
    """Whether a table the build derives (``agg_*``, etl/derive.py) may be read instead of
    recomputing it: only on a read-only connection to a build that has it, with ``columns``
    (a database built by an earlier version may lack a column added since; a writable
    connection may have changed the tables it derives from)."""
    def has() -> bool:
        have = {r[0] for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
            "AND database_name = current_database()", [table]).fetchall()}
        return bool(have) and set(columns) <= have

    return is_read_only(con) and memoised(con, ("stored", table, columns), has)


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
