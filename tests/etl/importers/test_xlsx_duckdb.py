"""DuckDB's excel extension (etl.importers.xlsx_duckdb) gives exactly the rows calamine gives.

A large workbook whose every value is a string is read by ``read_xlsx``; any other cell
type (a number, a date, a boolean, a formula) sends the workbook to the old readers. Each
workbook is imported with the extension forced (its size threshold set to 0) and with
calamine, and the stage tables, counts, warnings and info must be equal.
"""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from openpyxl import Workbook

import etl.importers.sheets as sheets
from etl.importers import xlsx_duckdb

from .conftest import HEADER, ROWS
from .test_fastcsv import WORKBOOKS, XLSX_CASES, _assert_same, _import, _workbook

pytestmark = pytest.mark.skipif(
    not xlsx_duckdb.load_excel(__import__("duckdb").connect()),
    reason="duckdb-extension-excel is not installed")


def _both(path, ref, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(sheets, "EXCEL_EXTENSION_MIN_UNPACKED_MB", -1)
        new = _import(path, ref, True, monkeypatch)
    old = _import(path, ref, True, monkeypatch)
    return new, old


def _csv_rows(path):
    """The CSV's rows, cells stripped, less the blank rows at its end (the extension's CSV
    runs to the sheet's last possible row: blank rows, dropped as every blank row is)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [[c.strip() for c in r] for r in csv.reader(handle)]
    while rows and not any(rows[-1]):
        rows.pop()
    return rows


def _calamine_rows(path):
    name, rows = sheets._calamine_sheet(path, lambda name, rows: (name, [
        [c.strip() for c in r] for r in rows]))
    while rows and not any(rows[-1]):
        rows.pop()
    return name, rows


def _via_extension(path, tmp_path, monkeypatch, parallel=False):
    """excel_to_csv with the extension's size threshold at 0; ``parallel``: the sheet
    checked while DuckDB reads it to the last possible row (as a large one is)."""
    monkeypatch.setattr(sheets, "EXCEL_EXTENSION_MIN_UNPACKED_MB", -1)
    if parallel:
        monkeypatch.setattr(sheets, "EXCEL_CHECK_FIRST_MAX_MB", -1)
    target = tmp_path / "sheet.csv"
    return sheets.excel_to_csv(path, target), target


@pytest.mark.parametrize("shape", list(WORKBOOKS))
def test_workbooks_read_the_same(shape, ref, tmp_path, monkeypatch):
    path = _workbook(tmp_path / f"{shape}.xlsx", WORKBOOKS[shape](), title=shape != "untitled")
    new, old = _both(path, ref, monkeypatch)
    _assert_same(new, old)


@pytest.mark.parametrize("case", XLSX_CASES, ids=lambda c: c.id)
def test_corpus_workbooks_read_the_same(case, ref, tmp_path, monkeypatch):
    path = case.make(tmp_path)
    new, old = _both(path, ref, monkeypatch)
    _assert_same(new, old)


def _awkward_text(path, write_only: bool):
    """Strings only: a title row merged over the header's width, a blank row, cells with
    commas, quotes, line breaks (one of only line breaks), padding, a gap, a far cell."""
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("企业名录 \"A&B\"") if write_only else book.active
    if not write_only:
        sheet.title = "企业名录 \"A&B\""
    rows = [["【导出】企业名录"], [], HEADER, ROWS[0],
            ['A, "q"\nx', " sp ", "\u3000全角\t", "\r\nb\rc", " \n\n "],
            [None, "x", None, None, None, None, None, None, None, None, None, None, "far"],
            [], ROWS[1]]
    for row in rows:
        sheet.append(row)
    if not write_only:
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    book.save(path)
    return path


@pytest.mark.parametrize("parallel", [False, True], ids=["checked-first", "checked-meanwhile"])
@pytest.mark.parametrize("write_only", [False, True], ids=["shared-strings", "inline"])
def test_text_cells_are_calamines_text(write_only, parallel, tmp_path, monkeypatch):
    path = _awkward_text(tmp_path / "text.xlsx", write_only)
    (name, reader), target = _via_extension(path, tmp_path, monkeypatch, parallel)
    assert reader == "duckdb-excel"
    assert (name, _csv_rows(target)) == _calamine_rows(path)


@pytest.mark.parametrize("value", [5000, 5000.0, 1.5, dt.date(2020, 1, 2),
                                   dt.datetime(2020, 1, 2, 3, 4), True, "=1+2"],
                         ids=["int", "float-int", "float", "date", "datetime", "bool",
                              "formula"])
@pytest.mark.parametrize("parallel", [False, True], ids=["checked-first", "checked-meanwhile"])
def test_any_value_not_a_string_keeps_the_old_reader(value, parallel, tmp_path, monkeypatch):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append([ROWS[0][0], value])
    book.save(tmp_path / "typed.xlsx")
    (_name, reader), target = _via_extension(tmp_path / "typed.xlsx", tmp_path, monkeypatch,
                                             parallel)
    assert reader == "calamine"
    assert _csv_rows(target) == _calamine_rows(tmp_path / "typed.xlsx")[1]


def test_two_sheets_keep_the_old_reader(tmp_path, monkeypatch):
    book = Workbook()
    book.active.append(["说明"])
    data = book.create_sheet("data")
    data.append(HEADER)
    data.append(ROWS[0])
    book.save(tmp_path / "two.xlsx")
    (name, reader), _target = _via_extension(tmp_path / "two.xlsx", tmp_path, monkeypatch)
    assert (name, reader) == ("data", "calamine")


def test_a_value_past_the_widest_allowed_column_keeps_the_old_reader(tmp_path, monkeypatch):
    """The old readers refuse a table wider than MAX_COLUMNS with its real width."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.cell(row=2, column=sheets.MAX_COLUMNS + 1, value="x")
    book.save(tmp_path / "wide.xlsx")
    monkeypatch.setattr(sheets, "EXCEL_EXTENSION_MIN_UNPACKED_MB", -1)
    with pytest.raises(sheets.InputRefused):
        sheets.excel_to_csv(tmp_path / "wide.xlsx", tmp_path / "sheet.csv")


def test_a_missing_extension_keeps_the_old_reader(tmp_path, monkeypatch):
    path = _awkward_text(tmp_path / "text.xlsx", False)
    monkeypatch.setattr(xlsx_duckdb, "load_excel", lambda con: False)
    (_name, reader), target = _via_extension(path, tmp_path, monkeypatch)
    assert reader == "calamine"
    assert _csv_rows(target) == _calamine_rows(path)[1]


@pytest.mark.parametrize("parallel", [False, True], ids=["checked-first", "checked-meanwhile"])
@pytest.mark.parametrize("swap", [(b'<c r="B2"', b'<c s="0" r="B2"'),
                                  (b'<row r="2"', b'<row spans="1:2" r="2"')],
                         ids=["cell", "row"])
def test_a_reference_not_first_keeps_the_old_reader(swap, parallel, tmp_path, monkeypatch):
    """The width and the last row are found by ``<c r="`` and ``<row r="``: a cell (or, where
    the last row is used, a row) written otherwise sends the workbook to the old readers."""
    import zipfile

    book = Workbook(write_only=True)
    sheet = book.create_sheet("data")
    sheet.append(HEADER)
    sheet.append(ROWS[0])
    book.save(tmp_path / "plain.xlsx")
    with zipfile.ZipFile(tmp_path / "plain.xlsx") as src, \
            zipfile.ZipFile(tmp_path / "odd.xlsx", "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/"):
                assert swap[0] in data
                data = data.replace(swap[0], swap[1])
            dst.writestr(item, data)
    (_name, reader), target = _via_extension(tmp_path / "odd.xlsx", tmp_path, monkeypatch,
                                             parallel)
    expected = "duckdb-excel" if swap[0].startswith(b"<row") and parallel else "calamine"
    assert reader == expected
    assert _csv_rows(target) == _calamine_rows(tmp_path / "odd.xlsx")[1]
