"""Spreadsheet-like files as they come from registries: .xlsx or .csv, any common encoding,
title or summary rows above the header, merged title cells, ragged rows.

``read_sheet`` (IO) returns every non-blank row as strings, with its row number in
the file; ``detect_header`` and ``apply_header`` (pure) find the header row by the
column names it contains and return the rows below it, so that every data row
is kept and can be accounted for.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pandas as pd

from chainmap.text.refusals import refusal_text

__all__ = ["EXCEL_SUFFIXES", "MAX_COLUMNS", "PYTHON_MAX_MB", "InputRefused", "SheetError",
           "apply_header", "check_columns", "decode_bytes", "detect_header", "excel_to_csv",
           "header_fields", "normalise_header", "read_sheet", "rows_frame", "sniff_delimiter"]

ENCODINGS = ("utf-8-sig", "gb18030")  # utf-8 (with or without BOM), then GBK's superset
HEADER_SCAN_ROWS = 30
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
# openpyxl, the fallback when calamine cannot read a workbook, holds every cell as a Python
# object (~4.6 GB for a million-row export): it only reads workbooks up to this unpacked size
OPENPYXL_MAX_UNPACKED_MB = 500
# above it (the members' declared sizes together) a workbook is streamed by openpyxl, not
# loaded whole by calamine (~1.6× the sheet's XML in memory): 768 MB keeps that under 1.3 GB
CALAMINE_MAX_UNPACKED_MB = 768
# from this unpacked size a workbook whose every value is a string is read by DuckDB's excel
# extension (etl.importers.xlsx_duckdb: C++, streaming, ~100 MB for 1M rows), else as above
EXCEL_EXTENSION_MIN_UNPACKED_MB = 768
# a workbook up to this size is checked before DuckDB reads it; a larger one meanwhile
EXCEL_CHECK_FIRST_MAX_MB = 64
# this reader holds the whole text, then every cell as a Python object: about 17 MB of
# memory a MB of CSV (a 50 MB export: 830 MB). Larger text files are read by DuckDB
# (etl.importers.fastcsv) or refused: 64 MB keeps an import near 1 GB
PYTHON_MAX_MB = 64
# a registry export has about 30-60 columns (企查查's widest, 天眼查's, 启信宝's); a file
# wider than this is refused whole before any per-column SQL is built for it
MAX_COLUMNS = 200
T = TypeVar("T")


class SheetError(ValueError):
    """The file cannot be read as a table; the message says why."""


class InputRefused(SheetError):
    """The file is refused whole, for a reason of ``chainmap.text.refusals`` (``code``, with
    its ``values``); ``str()`` is the English text, ``message(lang)`` the text in ``lang``."""

    def __init__(self, code: str, **values) -> None:
        self.code, self.values = code, values
        super().__init__(refusal_text(code, values, "en"))

    def message(self, lang: str = "en") -> str:
        return refusal_text(self.code, self.values, lang)


def check_columns(width: int, path: Path) -> None:
    """Refuse a table wider than MAX_COLUMNS (``too_many_columns``)."""
    if width > MAX_COLUMNS:
        raise InputRefused("too_many_columns", name=Path(path).name, columns=width,
                           limit=MAX_COLUMNS)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-16 when it starts with its byte-order mark (Excel's "Unicode
    text"), else UTF-8 (BOM or not) when it decodes, else GB18030 (covers GBK)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise SheetError(f"the file starts like UTF-16 text but is not: {exc}") from exc
    position = 0
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            position = max(position, exc.start)
    line = data[:position].count(b"\n") + 1
    raise SheetError(f"the file is neither UTF-8 nor GBK/GB18030 text (line {line} holds bytes "
                     "that are neither; mixed encodings?): save it as UTF-8 and try again")


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:HEADER_SCAN_ROWS])
    counts = {d: sample.count(d) for d in (",", "\t", ";", "|")}
    return max(counts, key=counts.get) if any(counts.values()) else ","


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def rows_frame(rows: list[list[str]], first_row_no: int = 1) -> pd.DataFrame:
    width = max((len(r) for r in rows), default=0)
    padded = [[c.strip() for c in r] + [""] * (width - len(r)) for r in rows]
    frame = pd.DataFrame(padded, columns=range(width), dtype=object)
    frame.index = pd.RangeIndex(first_row_no, first_row_no + len(rows), name="row_no")
    blank = frame.eq("").all(axis=1) if width else pd.Series(True, index=frame.index)
    return frame[~blank]


def _read_text(path: Path) -> tuple[pd.DataFrame, dict]:
    size = path.stat().st_size
    if size > PYTHON_MAX_MB << 20:
        raise InputRefused("python_reader_too_large", name=path.name, mb=size / (1 << 20),
                           limit=PYTHON_MAX_MB)
    text, encoding = decode_bytes(path.read_bytes())
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:  # e.g. a cell over csv.field_size_limit() (131 072 characters)
        raise SheetError(f"line {reader.line_num}: {exc}") from exc
    check_columns(max((len(r) for r in rows), default=0), path)
    return rows_frame(rows), {"encoding": encoding, "delimiter": delimiter}


def _text_cells(row: list) -> list[str]:
    return [v.strip() if type(v) is str else _cell(v) for v in row]


def _calamine_sheet(path: Path, use: Callable[[str, Iterator[list[str]]], T]) -> T | None:
    """``use(name, rows)`` on the workbook's first worksheet with more than one row (else its
    first worksheet), read by calamine (Rust: ~7× openpyxl on a 100k-row export). The rows
    come as ``_read_excel_openpyxl`` gives them: every cell through ``_cell``, from A1
    (nothing skipped, so row numbers are the sheet's), each as wide as the widest. None when
    calamine is missing or fails: openpyxl then reads the file (or says why not)."""
    try:
        from python_calamine import CalamineWorkbook, SheetTypeEnum
    except ImportError:  # pragma: no cover - a dependency, but optional for this path
        return None
    try:
        book = CalamineWorkbook.from_path(str(path))
        try:
            sheets = [book.get_sheet_by_name(m.name) for m in book.sheets_metadata
                      if m.typ == SheetTypeEnum.WorkSheet]
            if not sheets:
                return None
            sheet = next((s for s in sheets if s.end is not None and s.end[0] >= 1), sheets[0])
            # iter_rows starts at row 1 but at the first used column
            lead = [""] * (sheet.start[1] if sheet.start is not None else 0)
            width = len(lead) + (sheet.width or 0)
            check_columns(width, path)
            rows = (cells + [""] * (width - len(cells))
                    for cells in (lead + _text_cells(row) for row in sheet.iter_rows()))
            return use(sheet.name, rows)
        finally:
            book.close()
    except InputRefused:
        raise
    except Exception:  # any failure: openpyxl reads it or gives the error
        return None


def _read_excel_fast(path: Path) -> tuple[list[list[str]], str] | None:
    """(every row, the sheet's name) of the sheet ``_calamine_sheet`` reads, or None."""
    return _calamine_sheet(path, lambda name, rows: (list(rows), name))


@contextlib.contextmanager
def _openpyxl_first_sheet(path: Path) -> Iterator:
    """The workbook's first worksheet with more than one row (else its first), opened by
    openpyxl in read-only mode (the sheet's XML parsed as it is read) for the block; its
    errors as SheetError (a refusal of ours passes as it is)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for bad files
        raise SheetError(f"not a readable .xlsx workbook: {exc}") from exc
    try:
        yield next((ws for ws in book.worksheets if ws.max_row and ws.max_row > 1),
                   book.worksheets[0])
    except SheetError:
        raise
    except Exception as exc:  # a damaged member: zlib, zipfile CRC, XML parse errors …
        raise SheetError(f"the workbook is damaged and cannot be read: {exc}") from exc
    finally:
        book.close()


def _openpyxl_sheet(path: Path, use: Callable[[str, Iterator[list[str]]], T]) -> T:
    """``use(name, rows)`` on the sheet ``_read_excel_openpyxl`` reads, the rows streamed
    (its memory does not grow with the sheet, its time does, ~5× calamine's), each as wide
    as the sheet's dimension."""
    with _openpyxl_first_sheet(path) as sheet:
        if sheet.max_column is None:  # no <dimension> in the file: counted (streamed)
            sheet.reset_dimensions()
            sheet.calculate_dimension(force=True)
        width = sheet.max_column or 0
        check_columns(width, path)
        rows = ([*(_cell(v) for v in row), *[""] * (width - len(row))]
                for row in sheet.iter_rows(values_only=True))
        return use(sheet.title, rows)


def excel_to_csv(path: Path, target: Path) -> tuple[str, str] | None:
    """Write the sheet ``_calamine_sheet`` reads to ``target`` as UTF-8 CSV, a record per
    sheet row, streaming: a million-row export never sits in memory as Python objects.
    Returns (the sheet's name, the reader: calamine or openpyxl), or None when calamine is
    missing or cannot read the file.
    Calamine holds the whole sheet in memory (a 1M-row export, 1,152 MB unpacked: 1.8 GB);
    a workbook unpacking to more than CALAMINE_MAX_UNPACKED_MB is streamed by openpyxl
    instead, so that an import stays within its memory bound (docs/reliability.md)."""
    def write(name: str, rows: Iterator[list[str]]) -> str:
        with target.open("w", encoding="utf-8", newline="") as out:
            csv.writer(out, lineterminator="\n").writerows(rows)
        return name

    unpacked = _unpacked_mb(path)
    if unpacked > EXCEL_EXTENSION_MIN_UNPACKED_MB:
        name = _excel_extension_csv(path, target, unpacked)
        if name is not None:
            return name, "duckdb-excel"
    if unpacked > CALAMINE_MAX_UNPACKED_MB:
        return _openpyxl_sheet(path, write), "openpyxl"
    sheet = _calamine_sheet(path, write)
    return None if sheet is None else (sheet, "calamine")


def _excel_extension_csv(path: Path, target: Path, unpacked_mb: float) -> str | None:
    """``excel_to_csv`` by DuckDB's excel extension for a workbook whose every value is a
    string (``etl.importers.xlsx_duckdb``): the sheet's name, or None (nothing written)
    when the extension is missing or the workbook holds anything else. A large sheet is
    checked (a pass over its XML, in a thread) while DuckDB writes it, to the last possible
    row (the last row is known only at the end of the XML; the blank rows past it are
    dropped as every blank row is); a small one is checked first."""
    import duckdb

    from etl.importers import xlsx_duckdb

    found = xlsx_duckdb.text_only_sheet(path)
    if found is None or found[2] > MAX_COLUMNS:
        return None  # a wider sheet is refused by the old readers, with its width
    member, sheet, width = found
    with duckdb.connect() as con, ThreadPoolExecutor(1) as pool:
        if not xlsx_duckdb.load_excel(con):
            return None
        first = unpacked_mb <= EXCEL_CHECK_FIRST_MAX_MB
        checked = pool.submit(xlsx_duckdb.check_sheet, path, member, width, first)
        rows = xlsx_duckdb.MAX_ROWS
        if first:
            rows = checked.result() or 0
        # a sheet that fails the check stops DuckDB at once (the old readers read it)
        checked.add_done_callback(lambda done: done.result() is None and con.interrupt())
        try:
            written = rows > 0 and xlsx_duckdb.sheet_to_csv(con, path, sheet, width, rows,
                                                            target) is None
        except duckdb.Error:
            written = False
        last_row = checked.result()
    if not written or last_row is None:
        target.unlink(missing_ok=True)
        return None
    return sheet


def _read_excel(path: Path) -> tuple[pd.DataFrame, dict]:
    fast = _read_excel_fast(path)
    if fast is not None:
        rows, name = fast
        return rows_frame(rows), {"sheet": name, "reader": "calamine"}
    return _read_excel_openpyxl(path)


def _unpacked_mb(path: Path) -> float:
    """The members' declared uncompressed size (0 when it is not a readable zip archive:
    openpyxl then says what is wrong)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return sum(m.file_size for m in archive.infolist()) / (1 << 20)
    except (zipfile.BadZipFile, OSError, ValueError):
        return 0.0


def _read_excel_openpyxl(path: Path) -> tuple[pd.DataFrame, dict]:
    unpacked = _unpacked_mb(path)
    if unpacked > OPENPYXL_MAX_UNPACKED_MB:
        raise SheetError(
            f"{path.name} could not be read by the fast workbook reader, and at "
            f"{unpacked:,.0f} MB unpacked it is too large for the slow one (at most "
            f"{OPENPYXL_MAX_UNPACKED_MB} MB): open it in Excel or WPS and save it as .csv "
            "(UTF-8), then import the .csv")
    with _openpyxl_first_sheet(path) as sheet:
        check_columns(sheet.max_column or 0, path)
        rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        name = sheet.title
    return rows_frame(rows), {"sheet": name}


def read_sheet(path: Path) -> tuple[pd.DataFrame, dict]:
    """Every non-blank row of the file as strings, indexed by its 1-based row number."""
    path = Path(path)
    suffix = path.suffix.lower()
    if path.is_file() and path.stat().st_size == 0:
        raise SheetError(f"{path.name} is empty (0 bytes)")
    if suffix in EXCEL_SUFFIXES:
        return _read_excel(path)
    if suffix in TEXT_SUFFIXES:
        return _read_text(path)
    if suffix == ".xls":
        raise SheetError("old .xls workbooks are not supported: save the file as .xlsx or .csv")
    raise SheetError(f"unsupported file type {suffix!r}: use .xlsx or .csv")


def normalise_header(text: str) -> str:
    """Header cell -> comparable form: no spaces, no bracketed unit, half-width brackets."""
    text = str(text or "").replace("（", "(").replace("）", ")").replace("\n", "")
    text = re.sub(r"\(.*?\)", "", text)
    return re.sub(r"\s+", "", text).strip().lower()


def detect_header(raw: pd.DataFrame, synonyms: dict[str, tuple[str, ...]],
                  required: tuple[str, ...]) -> int | None:
    """Row number of the header: the early row naming the most known columns (two or more),
    one of them a ``required`` field, else the first naming a ``required`` field alone;
    None when no row names one."""
    lookup = {normalise_header(s): field for field, names in synonyms.items() for s in names}
    best, best_score, alone = None, min(2, len(synonyms)) - 1, None
    for row_no, row in raw.head(HEADER_SCAN_ROWS).iterrows():
        fields = {lookup.get(normalise_header(v)) for v in row if v}
        fields.discard(None)
        if any(f in fields for f in required) and len(fields) > best_score:
            best, best_score = row_no, len(fields)
        elif alone is None and any(f in fields for f in required):
            alone = row_no
    # no row names two known columns: the first naming a required one alone (a list of
    # names only, 企业名称 and nothing else, is a registry too)
    return best if best is not None else alone


def apply_header(raw: pd.DataFrame, header_row: int, synonyms: dict[str, tuple[str, ...]],
                 ) -> tuple[pd.DataFrame, list[str]]:
    """(rows below the header with canonical column names, header cells not understood)."""
    columns, ignored = header_fields(raw.loc[header_row], synonyms)
    body = raw.loc[raw.index > header_row, list(columns)].rename(columns=columns)
    return body, ignored


def header_fields(header: pd.Series, synonyms: dict[str, tuple[str, ...]],
                  ) -> tuple[dict[int, str], list[str]]:
    """({column position: field} for the header cells understood, the cells not understood);
    the first column naming a field wins."""
    lookup = {normalise_header(s): field for field, names in synonyms.items() for s in names}
    columns, ignored = {}, []
    for position, cell in header.items():
        field = lookup.get(normalise_header(cell))
        if field and field not in columns.values():
            columns[position] = field
        elif cell:
            ignored.append(str(cell))
    return columns, ignored
