"""chainmap.db: which errors mean the database file cannot be read, and the short reasons."""

from __future__ import annotations

import errno

import duckdb
import pytest

from chainmap.db import (
    DatabaseMissingError,
    DatabaseUnreadableError,
    connect,
    fault_reason,
    read_faults,
    rebuild_command,
)
from tests.corrupt_db import damaged_copy


def test_the_reasons_are_short():
    def reason(message: str, size: int = 1000) -> str:
        return fault_reason(duckdb.IOException(message), size)

    assert reason('IO Error: Cannot open file "/x.duckdb": Permission denied') == \
        "permission denied"
    assert reason("IO Error: Corrupt database file: computed checksum 1 does not match "
                  "stored checksum 2 in block at location 4993024") == \
        "checksum mismatch in the block at byte 4993024"
    assert reason("IO Error: Trying to read a database file with version number 99\nmore") \
        == "Trying to read a database file with version number 99"
    assert reason("anything", size=0) == "empty file, 0 bytes"
    assert fault_reason(FileNotFoundError(errno.ENOENT, "gone"), None) == "no such file"
    assert fault_reason(PermissionError(errno.EACCES, "no"), 10) == "permission denied"


def test_only_the_databases_own_errors_are_its_fault(tmp_path):
    db = tmp_path / "chainmap.duckdb"
    with pytest.raises(DatabaseUnreadableError, match="no such file"), read_faults(db):
        db.stat()
    with pytest.raises(DatabaseUnreadableError, match="permission denied"), read_faults(db):
        raise PermissionError(errno.EACCES, "Permission denied", str(db))
    elsewhere = tmp_path / "no-folder" / "map.html"
    with pytest.raises(FileNotFoundError) as raised, read_faults(db):
        elsewhere.write_text("x")  # an export's file: not the database's fault
    assert not isinstance(raised.value, DatabaseUnreadableError)
    with pytest.raises(DatabaseMissingError), read_faults(db):
        connect(db)  # never built: `connect` says to build it first


def test_a_query_of_a_damaged_block_is_the_databases_fault(built_settings, tmp_path):
    db = damaged_copy(built_settings.db_path, tmp_path / "chainmap.duckdb", "flipped_blocks")
    con = connect(db)  # the open succeeds: the catalogue's blocks are intact
    with con, pytest.raises(DatabaseUnreadableError) as raised, read_faults(db):
        con.execute("SELECT max(name) FROM dim_firm").fetchall()
    assert raised.value.path == db and "checksum mismatch" in raised.value.reason
    assert str(raised.value).startswith(f"database {db} is unreadable or corrupt (")
    assert rebuild_command(tmp_path / "a b.duckdb") == \
        f"chainmap --db '{tmp_path}/a b.duckdb' build"
