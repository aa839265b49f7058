"""Large text-only .xlsx workbooks read by DuckDB's excel extension (``read_xlsx``, C++).

``read_xlsx`` streams the sheet's XML straight into DuckDB: a million-row export in a
fraction of openpyxl's time (the reader ``sheets.excel_to_csv`` uses past
CALAMINE_MAX_UNPACKED_MB) and in ~100 MB of memory. Its text differs from ``sheets._cell``
for every cell that is not a string (a date comes as its serial number, a boolean as 1,
a number as the XML's own digits), so it is used only for a workbook whose every cell
holding a value is a string, as ``text_only_sheet`` finds in one streaming pass over the
sheet's XML (C-speed byte counts): one worksheet; every ``<v>`` the index of a shared
string (``t="s"``) or an inline string (``<is>``); no formula, rich-text run, phonetic run
or ``_xHHHH_`` escape (which the readers may treat differently); every row and cell with
its reference; no column past ``WIDE`` (the refusal of a wider table stays with the old
readers). Anything else is read as before. ``sheet_to_csv`` writes the rows ``sheets``'
readers would write: from A1, each as wide as the widest (a cell holding a line break
stripped as ``str.strip`` strips: fastcsv declines a CSV with an empty line).
"""

from __future__ import annotations

import importlib.util
import logging
import re
import sys
import zipfile
from pathlib import Path

import duckdb

__all__ = ["MAX_ROWS", "check_sheet", "load_excel", "sheet_to_csv", "text_only_sheet"]

log = logging.getLogger(__name__)
READ_BLOCK = 1 << 24
ESCAPE = re.compile(rb"_x[0-9A-Fa-f]{4}_")
CELL_COLUMN = re.compile(rb'<c r="([A-Z]+)[0-9]')
MAX_ROWS = 1_048_576  # a worksheet's last possible row
LAST_ROW = re.compile(rb'<row r="(\d+)"')
SHEET = re.compile(rb'<sheet [^>]*name="([^"]*)"')
# every character Python's str.strip() removes, as an SQL literal (no quote in it)
WHITESPACE = "".join(chr(i) for i in range(sys.maxunicode + 1) if chr(i).isspace())


def load_excel(con: duckdb.DuckDBPyConnection) -> bool:
    """Load the excel extension shipped by the ``duckdb-extension-excel`` wheel into ``con``
    (offline: no download); False, with a warning, when it is missing or does not load."""
    spec = importlib.util.find_spec("duckdb_extension_excel")
    folder = Path(next(iter(spec.submodule_search_locations))) if spec and \
        spec.submodule_search_locations else None
    file = folder / "extensions" / f"v{duckdb.__version__}" / "excel.duckdb_extension" \
        if folder else None
    if file is None or not file.is_file():
        log.warning("DuckDB's excel extension is missing (pip install "
                    "duckdb-extension-excel==%s): large .xlsx files are read by openpyxl",
                    duckdb.__version__)
        return False
    try:
        con.execute(f"INSTALL '{_quoted(str(file))[1:-1]}'")
        con.execute("LOAD excel")
    except duckdb.Error as exc:
        log.warning("DuckDB's excel extension does not load (%s): large .xlsx files are "
                    "read by openpyxl", exc)
        return False
    return True


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _unescape(name: bytes) -> str:
    from xml.sax.saxutils import unescape

    return unescape(name.decode("utf-8"), {"&quot;": '"', "&apos;": "'"})


def text_only_sheet(path: Path) -> tuple[str, str, int] | None:
    """(the sheet's member, its name, its widest column in the first block) when the
    workbook has one worksheet (and no chart sheet); else None. ``check_sheet`` then
    verifies the whole sheet."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            sheets = [n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")]
            if len(sheets) != 1 or any(n.startswith("xl/chartsheets/") for n in names):
                return None
            declared = SHEET.findall(archive.read("xl/workbook.xml"))
            if len(declared) != 1:
                return None
            head = next(_blocks(archive, sheets[0]), b"")
    except Exception:  # a damaged archive (zlib, CRC, …): the old readers say what is wrong
        return None
    width = max((_number(c) for c in set(CELL_COLUMN.findall(head))), default=0)
    return (sheets[0], _unescape(declared[0]), width) if width else None


def check_sheet(path: Path, member: str, width: int, exact_rows: bool = False) -> int | None:
    """The sheet's last row when every cell holding a value is a string as the module
    docstring says and no cell lies past column ``width``; else None. One streaming pass
    (the sheet's XML inflated and searched at C speed), then the shared strings'."""
    try:
        with zipfile.ZipFile(path) as archive:
            last_row = _scan(archive, member, _past(width), exact_rows)
            if last_row is None:
                return None
            if "xl/sharedStrings.xml" in archive.namelist() and not _plain_strings(
                    archive, "xl/sharedStrings.xml"):
                return None
    except Exception:  # a damaged archive: the old readers say what is wrong
        return None
    return last_row


def _number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _past(width: int) -> re.Pattern:
    """A cell reference past column ``width`` (as letters: A-Z, AA-ZZ, then any three)."""
    letters = _column(width)
    if len(letters) == 1:
        beyond = ("[A-Z]{2,3}" if letters == "Z"
                  else f"[{chr(ord(letters) + 1)}-Z]|[A-Z]{{2,3}}")
    else:
        first, second = letters
        parts = ["[A-Z]{3}"]
        if first < "Z":
            parts.append(f"[{chr(ord(first) + 1)}-Z][A-Z]")
        if second < "Z":
            parts.append(f"{first}[{chr(ord(second) + 1)}-Z]")
        beyond = "|".join(parts)
    return re.compile(rb'<c r="(?:' + beyond.encode() + rb")[0-9]")


def _blocks(archive: zipfile.ZipFile, member: str):
    """The member's bytes in blocks, each cut after its last '>' (the rest carried into the
    next): no tag, so no pattern counted here, is split between two blocks."""
    carry = b""
    with archive.open(member) as handle:
        for block in iter(lambda: handle.read(READ_BLOCK), b""):
            data = carry + block
            cut = data.rfind(b">") + 1
            carry = data[cut:]
            yield data[:cut]
    if carry.strip():
        yield carry


def _plain_strings(archive: zipfile.ZipFile, member: str) -> bool:
    """No rich-text run, phonetic run or _xHHHH_ escape in the shared strings."""
    return not any(b"<r>" in data or b"<rPh" in data or ESCAPE.search(data)
                   for data in _blocks(archive, member))


def _scan(archive: zipfile.ZipFile, member: str, past: re.Pattern,
          exact_rows: bool) -> int | None:
    """The last row, or None: a ``<v>`` not a shared string's index (a number, a date, a
    boolean, an error, a formula's result), a rich-text or phonetic run, an escape, a cell
    past the width or whose reference is not its first attribute (the width is found by
    that pattern); with ``exact_rows``, a row whose reference is not (the last row is)."""
    values = shared = cells = cells_ref = rows = rows_ref = last_row = 0
    for data in _blocks(archive, member):
        if (b"<r>" in data or b"<rPh" in data or b"<row>" in data or b"<c>" in data
                or ESCAPE.search(data) or past.search(data)):
            return None
        values += data.count(b"<v")
        shared += data.count(b' t="s"')
        cells += data.count(b"<c ")
        cells_ref += data.count(b'<c r="')
        if exact_rows:
            rows += data.count(b"<row ")
            rows_ref += data.count(b'<row r="')
        tail = data.rfind(b'<row r="')
        if tail >= 0:
            last_row = int(LAST_ROW.match(data, tail).group(1))
    same = values == shared and cells == cells_ref and rows == rows_ref
    return last_row if same and last_row >= 1 else None


def _column(n: int) -> str:
    """Column letters of the 1-based column ``n``."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_to_csv(con: duckdb.DuckDBPyConnection, path: Path, sheet: str, width: int,
                 rows: int, target: Path) -> None:
    """Write rows 1 … ``rows`` of ``sheet``, columns 1 … ``width``, to ``target`` as UTF-8
    CSV (as the module docstring says). ``con`` has the excel extension loaded."""
    rng = f"A1:{_column(width)}{rows}"
    relation = con.sql(f"SELECT * FROM read_xlsx({_quoted(str(path))}, "  # noqa: S608
                       f"sheet = {_quoted(sheet)}, range = '{rng}', header = false, "
                       "all_varchar = true, stop_at_empty = false) LIMIT 0")
    cells = ", ".join(_stripped(f'"{c}"') for c in relation.columns)
    con.execute(f"COPY (SELECT {cells} FROM read_xlsx({_quoted(str(path))}, "  # noqa: S608
                f"sheet = {_quoted(sheet)}, range = '{rng}', header = false, "
                "all_varchar = true, stop_at_empty = false)) TO "
                f"{_quoted(str(target))} (FORMAT csv, HEADER false, QUOTE '\"', ESCAPE '\"')")


def _stripped(cell: str) -> str:
    """The cell, stripped as ``str.strip`` strips when it holds a line break (fastcsv strips
    every cell anyway: this only keeps a cell's leading or trailing line breaks from making
    an empty line, or a bare carriage return, in the CSV, which fastcsv declines)."""
    space = "'" + WHITESPACE + "'"
    return (f"CASE WHEN contains({cell}, chr(10)) OR contains({cell}, chr(13)) "
            f"THEN trim({cell}, {space}) ELSE {cell} END")
