"""Large text exports read by DuckDB itself, with no Python loop over the rows.

``read_sheet`` (``etl.importers.sheets``) reads a file with Python's ``csv`` module into
pandas: simple and forgiving, but about 10 µs and several hundred bytes per row. For a
million-row registry export ``read_csv_rows`` reads the same file with DuckDB's
``read_csv`` straight into a table, and gives exactly the rows ``read_sheet`` would:
same row numbers, same cells (Python's ``str.strip`` applied), blank rows dropped.

It only does so when it can be sure of that; otherwise it returns None and the caller
uses ``read_sheet``, which also produces the precise error message for a broken file.
It declines when the file is not text (.csv/.txt/.tsv), is UTF-16, holds an empty line
(DuckDB skips those, which would shift the row numbers), a bare carriage return or a NUL
byte, is
neither UTF-8 nor GB18030 (GBK) in its first megabyte, has no header row there, or when
DuckDB's strict parser finds anything it would have to guess about (a stray quote, a row
wider than the first rows, invalid UTF-8 further in) or a cell longer than Python's
``csv`` accepts, or when the rows DuckDB read do not account for the file's lines (one row
a line, less the line breaks inside quoted cells): DuckDB reads lines ending in LF above
lines ending in CRLF as no rows at all, and skips a row too many under a title with a
quoted line break, without an error. GB18030/GBK files are transcoded to a temporary UTF-8
file first, block by block. An .xlsx/.xlsm workbook is streamed by calamine to a temporary
UTF-8 CSV (``sheets.excel_to_csv``: the sheet and cells ``read_sheet`` would read) and then
read the same way; where calamine cannot read it, ``read_sheet`` does (openpyxl, with its
errors).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import mmap
import os
import sys
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from etl.importers.sheets import (
    EXCEL_SUFFIXES,
    HEADER_SCAN_ROWS,
    TEXT_SUFFIXES,
    check_columns,
    detect_header,
    excel_to_csv,
    header_fields,
    rows_frame,
    sniff_delimiter,
)

__all__ = ["FastRead", "read_csv_rows"]

HEAD_BYTES = 1 << 20
SCAN_BLOCK = 1 << 26
CSV_FIELD_LIMIT = 131_072  # Python's csv.field_size_limit() default: read_sheet refuses more
# every character Python's str.strip() removes
WHITESPACE = "".join(chr(i) for i in range(sys.maxunicode + 1) if chr(i).isspace())
SPACE = "'" + WHITESPACE + "'"  # as an SQL literal (no quote in it)
FIRSTS = ", ".join(str(ord(ch)) for ch in WHITESPACE)


class FastRead:
    """What ``read_csv_rows`` found: the first rows as ``read_sheet`` gives them (for the
    header logic), the header's row number, the file-level info, the column map and the
    header cells not understood."""

    def __init__(self, head: pd.DataFrame, header_row: int, info: dict,
                 fields: dict[int, str], ignored: list[str], width: int,
                 raw_table: str) -> None:
        self.head, self.header_row, self.info = head, header_row, info
        self.fields, self.ignored = fields, ignored
        self.width = width  # the raw table's columns: c0 … c<width - 1>
        self.raw_table = raw_table

    def load_rows(self, con: duckdb.DuckDBPyConnection, fields: tuple[str, ...],
                  table: str = "rows") -> None:
        """The data rows as ``con``'s temporary ``table``: ``row_no``, then ``fields`` (text,
        stripped as ``str.strip`` does, "" for an empty cell; NULL for a field the file
        lacks), blank rows dropped; the raw table is dropped."""
        column = {field: pos for pos, field in self.fields.items()}
        cols = ", ".join(f"{_stripped(column[f])} AS {f}" if f in column
                         else f"CAST(NULL AS VARCHAR) AS {f}" for f in fields)
        con.execute(f"CREATE TEMP TABLE {table} AS SELECT "  # noqa: S608
                    f"CAST(rowid AS BIGINT) + {self.header_row + 1} AS row_no, {cols} "
                    f"FROM {self.raw_table} WHERE NOT ({_blank(self.width)})")
        con.execute(f"DROP TABLE {self.raw_table}")


def _stripped(i: int) -> str:
    """Cell ``c<i>`` as ``str.strip()`` leaves it ("" for NULL): only cells that start or
    end with whitespace are trimmed (trimming with a character set costs ~10x a plain copy;
    checking the two ends costs little: the first character by its code point)."""
    return (f"coalesce(CASE WHEN ord(c{i}) IN ({FIRSTS}) OR contains({SPACE}, right(c{i}, 1)) "
            f"THEN trim(c{i}, {SPACE}) ELSE c{i} END, '')")


def _blank(width: int) -> str:
    """A row is blank when every cell is whitespace or empty: when all its cells together
    are. One expression a row whatever the width (a condition per cell, ANDed, made
    DuckDB's planner take seconds at 100 columns and run out of memory at 200). Trimming
    the joined cells with a character set is slow (most of the rows statement's time): a
    row whose first cell starts with a character other than whitespace is not blank, and
    only the other rows are joined and trimmed (a CASE, so this order holds)."""
    cells = ", ".join(f"c{i}" for i in range(width))
    return (f"CASE WHEN c0 <> '' AND ord(c0) NOT IN ({FIRSTS}) THEN FALSE "
            f"ELSE trim(concat({cells}), {SPACE}) = '' END")


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _line_count(path: Path) -> int | None:
    """The file's lines (a last line without a line break counts), or None when it holds an
    empty line, a bare carriage return, a blank first line or a NUL byte (C-speed byte
    scans; DuckDB reads NULs as text, slowly: 400 MB of them in 10 s). With no
    bare carriage return every line ends in a line feed: counting those counts the lines."""
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size == 0:
            return None
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            start = 3 if data[:3] == codecs.BOM_UTF8 else 0
            if data[start:start + 1] in (b"\n", b"\r"):
                return None
            if data.find(b"\n\n") >= 0 or data.find(b"\n\r\n") >= 0 or data.find(b"\0") >= 0:
                return None
            feeds = bare = 0  # line feeds; carriage returns not followed by one, block by block
            cr = data.find(b"\r") >= 0
            for offset in range(0, size, SCAN_BLOCK):
                block = data[offset:offset + SCAN_BLOCK + 1]  # one byte of overlap
                feeds += block[:SCAN_BLOCK].count(b"\n")
                if cr:
                    bare += block[:SCAN_BLOCK].count(b"\r") - block.count(b"\r\n")
            if bare:
                return None
            return feeds + (data[size - 1:size] != b"\n")


def _transcode(path: Path, encoding: str, folder: Path) -> Path | None:
    """``path`` re-encoded as UTF-8 in ``folder``; None if it does not decode."""
    target = folder / "input-utf8.csv"
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        with path.open("rb") as src, target.open("w", encoding="utf-8", newline="") as dst:
            for block in iter(lambda: src.read(1 << 22), b""):
                dst.write(decoder.decode(block))
            dst.write(decoder.decode(b"", final=True))
    except UnicodeDecodeError:
        return None
    return target


def _head_text(head: bytes, complete: bool) -> tuple[str, str] | None:
    """(text, encoding) of the first bytes, cut at the last line break unless complete."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16: read_sheet handles it
    if not complete:
        cut = head.rfind(b"\n")
        head = head[:cut + 1] if cut >= 0 else head
    for encoding in ("utf-8-sig", "gb18030"):
        with contextlib.suppress(UnicodeDecodeError):
            return head.decode(encoding), encoding
    return None


def read_csv_rows(con: duckdb.DuckDBPyConnection, path: Path,
                  synonyms: dict[str, tuple[str, ...]], required: tuple[str, ...],
                  table: str = "sheet_raw") -> FastRead | None:
    """Read ``path`` into ``con``'s temporary ``table`` (``c0`` … ``cN``, text as in the file)
    and return what was found (``FastRead.load_rows`` selects the data rows from it), or None
    when ``read_sheet`` must read the file (see the module docstring)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES + EXCEL_SUFFIXES or not path.is_file():
        return None
    with tempfile.TemporaryDirectory(prefix="chainmap-csv-") as tmp:
        prepared = _utf8_source(path, Path(tmp))
        lines = None if prepared is None else _line_count(prepared[0])
        if lines is None:
            return None
        source, text, info, fixed = prepared
        found = _head_rows(text, synonyms, required, fixed)
        if found is None:
            return None
        head_frame, header_row, skip_lines, width, delimiter = found
        check_columns(width, path)  # before any SQL with a term per column
        fields, ignored = header_fields(head_frame.loc[header_row], synonyms)
        if not _load(con, source, table, (skip_lines, lines), width, delimiter):
            return None
    if fixed is None:  # a text file: say which delimiter was found
        info["delimiter"] = delimiter
    return FastRead(head_frame, header_row, info, fields, ignored, width, table)


def _utf8_source(path: Path, tmp: Path) -> tuple[Path, str, dict, str | None] | None:
    """(a UTF-8 CSV holding the file's rows, its first megabyte's text, file info, its
    delimiter when known), or None: a workbook streamed to CSV by calamine or, past
    CALAMINE_MAX_UNPACKED_MB, openpyxl (comma-separated),
    a GB18030 file transcoded, a UTF-8 one as it is (delimiter to be sniffed)."""
    source, info, fixed = path, None, None
    if path.suffix.lower() in EXCEL_SUFFIXES:
        source = tmp / "sheet.csv"
        read = excel_to_csv(path, source)
        if read is None:
            return None
        info, fixed = {"sheet": read[0], "reader": f"{read[1]}+duckdb"}, ","
    size = source.stat().st_size
    with source.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    decoded = _head_text(head, complete=size <= HEAD_BYTES)
    if decoded is None:
        return None
    text, encoding = decoded
    if encoding == "gb18030":
        source = _transcode(path, "gb18030", tmp)
        if source is None:
            return None
    return source, text, info or {"encoding": encoding, "reader": "duckdb"}, fixed


def _head_rows(text: str, synonyms: dict[str, tuple[str, ...]], required: tuple[str, ...],
               delimiter: str | None = None) -> tuple[pd.DataFrame, int, int, int, str] | None:
    """(first rows as read_sheet frames them, header row, lines up to and including the
    header, column count, delimiter), or None when no header is among them. The delimiter
    is sniffed unless given."""
    delimiter = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records, line_after = [], []
    try:
        for record in reader:
            records.append(record)
            line_after.append(reader.line_num)
            if len(records) >= 4 * HEADER_SCAN_ROWS:
                break
    except csv.Error:
        return None
    if not records:
        return None
    frame = rows_frame(records)
    header_row = detect_header(frame, synonyms, required)
    if header_row is None or header_row >= len(records):
        return None  # no header, or the header is the last (maybe cut) record read
    width = max(len(r) for r in records)
    return frame, int(header_row), line_after[header_row - 1], width, delimiter


def _load(con: duckdb.DuckDBPyConnection, source: Path, table: str, lines: tuple[int, int],
          width: int, delimiter: str) -> bool:
    """DuckDB's strict CSV reader into ``table``; False (and no table) when it refuses the
    file or reads other records than its lines hold. ``lines``: the lines up to and
    including the header (skipped), and the file's lines."""
    skip, total = lines
    # every name and number below is ours; the path and delimiter are quoted literals
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(width)) + "}"
    lengths = ", ".join(f"coalesce(strlen(c{i}), 0)" for i in range(width))
    read = (f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM read_csv("  # noqa: S608
            f"{_sql_text(str(source))}, header = false, skip = {skip}, all_varchar = true, "
            f"columns = {columns}, null_padding = true, auto_detect = false, "
            f"delim = {_sql_text(delimiter)}, quote = '\"', escape = '\"')")
    longest = f"SELECT count(*), max(greatest({lengths})) FROM {table}"  # noqa: S608
    try:
        con.execute(read)
        records, longest_cell = con.execute(longest).fetchone()
        if (longest_cell or 0) > CSV_FIELD_LIMIT or not _all_lines_read(
                con, table, width, records, total - skip):
            con.execute(f"DROP TABLE {table}")
            return False  # maybe over Python's limit, or lines lost: read_sheet decides
    except duckdb.Error:
        con.execute(f"DROP TABLE IF EXISTS {table}")
        return False
    return True


def _all_lines_read(con: duckdb.DuckDBPyConnection, table: str, width: int, records: int,
                    lines: int) -> bool:
    """Whether the ``records`` DuckDB read account for the ``lines`` below the header: one
    record a line, less the line breaks inside quoted cells. DuckDB can read too few rows
    without an error (lines ending in LF above lines ending in CRLF: none at all; a quoted
    line break above the header: one skipped too many). The line breaks in cells are only
    counted when the plain count disagrees: most files have none."""
    if records == lines:
        return True
    if records > lines:
        return False
    inside = " + ".join(f"coalesce(strlen(c{i}) - strlen(replace(c{i}, chr(10), '')), 0)"
                        for i in range(width))
    broken = con.execute(f"SELECT sum({inside}) FROM {table}").fetchone()[0]  # noqa: S608
    return records + int(broken or 0) == lines
