"""Damaged copies of a built database, as a disk, a copy or a person may leave them.

DuckDB's file starts with three 4 KiB headers; then come blocks of `block_size` bytes, each
beginning with the 8-byte checksum of the rest. A flipped byte in a block is found when the
block is read: at the open for the catalogue's blocks, at a query for a table's.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

__all__ = ["DAMAGES", "damaged_copy", "fails_to_read"]

HEADERS = 3 * 4096
CHECKSUM = 8


def _layout(path: Path) -> tuple[list[int], int]:
    """The blocks holding table data, and the block size."""
    with duckdb.connect(str(path), read_only=True) as con:
        size = con.execute("SELECT block_size FROM pragma_database_size()").fetchone()[0]
        blocks: set[int] = set()
        for (table,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall():
            blocks |= {b for (b,) in con.execute(
                "SELECT DISTINCT block_id FROM pragma_storage_info(?) WHERE block_id >= 0",
                [table]).fetchall()}
    return sorted(blocks), size


def _flip(path: Path, offsets) -> None:
    with path.open("r+b") as f:
        for offset in offsets:
            f.seek(offset)
            byte = f.read(1)
            f.seek(offset)
            f.write(bytes([byte[0] ^ 0xFF]))


def _half(src: Path, dst: Path) -> None:
    shutil.copyfile(src, dst)
    with dst.open("r+b") as f:
        f.truncate(src.stat().st_size // 2)


def _flipped_blocks(src: Path, dst: Path) -> None:
    """One byte of every table's data blocks flipped: the file opens, every query of a
    table fails its block's checksum."""
    blocks, size = _layout(src)
    shutil.copyfile(src, dst)
    _flip(dst, [HEADERS + b * size + CHECKSUM + size // 2 for b in blocks])


def _flipped_across(src: Path, dst: Path) -> None:
    """A byte every 64 KiB after the headers flipped: the catalogue's blocks too (the open
    fails)."""
    shutil.copyfile(src, dst)
    _flip(dst, range(HEADERS + 100, src.stat().st_size, 65536))


def _empty(_src: Path, dst: Path) -> None:
    dst.write_bytes(b"")


def _not_duckdb(_src: Path, dst: Path) -> None:
    dst.write_text("企业名称,地址\n重庆长客,重庆市\n" * 500, "utf-8")


DAMAGES = {"half": _half, "flipped_blocks": _flipped_blocks,
           "flipped_across": _flipped_across, "empty": _empty, "not_duckdb": _not_duckdb}


def damaged_copy(src: Path, dst: Path, damage: str) -> Path:
    """A copy of the database `src` at `dst`, damaged the named way; checked to fail a read
    of the firm table (a test of the damage would otherwise prove nothing)."""
    DAMAGES[damage](Path(src), Path(dst))
    assert fails_to_read(dst), f"the {damage} copy still reads"
    return Path(dst)


def fails_to_read(path: Path) -> bool:
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            con.execute("SELECT count(*), max(length(name)) FROM dim_firm").fetchall()
    except duckdb.IOException:
        return True
    return False
