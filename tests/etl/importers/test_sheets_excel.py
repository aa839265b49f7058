"""The fast .xlsx reader (calamine) gives exactly the rows the openpyxl reader gives.

``read_sheet`` reads a workbook with calamine and falls back to openpyxl when calamine
cannot; both must frame the same cells the same way (row numbers, text of dates and
numbers, stripping, blank rows, which sheet), so an import never depends on which one ran.
"""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from etl.importers.sheets import (
    _read_excel_fast,
    _read_excel_openpyxl,
    read_sheet,
    rows_frame,
)


def _both(path):
    fast = _read_excel_fast(path)
    assert fast is not None, "calamine could not read a valid workbook"
    rows, name = fast
    slow, info = _read_excel_openpyxl(path)
    return rows_frame(rows), name, slow, info["sheet"]


def _awkward(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "企业名录"
    ws.merge_cells("C3:H3")
    ws["C3"] = "  重庆市装备制造企业名录（2025）  "
    ws.append([])
    ws.append([None, None, "企业名称", "成立日期", "注册资本", "参保人数", "上市", "备注"])
    ws.append([None, None, " 重庆齿轮箱有限责任公司\u3000", dt.datetime(1966, 3, 1), 12345.5,
               1200.0, True, None])
    ws.append([])
    ws.append([None, None, "重庆川仪自动化股份有限公司", dt.datetime(1999, 11, 5, 10, 30), 51.0,
               3, False, "=1+1"])
    ws.append([None, None, "大数公司", dt.date(2001, 1, 2), 123456789012345.0, 0.1 + 0.2,
               None, "#备注"])
    ws.append([None, None, "时间公司", dt.time(8, 15), -0.0, 1e-7, "  ", "\t制表\t"])
    ws.append([None] * 8)
    ws.append([None, None, "末行公司"])
    wb.save(path)
    return path


def test_awkward_sheet_reads_the_same_both_ways(tmp_path):
    fast, name, slow, slow_name = _both(_awkward(tmp_path / "awkward.xlsx"))
    assert name == slow_name == "企业名录"
    assert list(fast.index) == list(slow.index)  # the sheet's own row numbers
    assert fast.equals(slow)
    assert fast.loc[3, 2] == "重庆市装备制造企业名录（2025）"
    assert fast.loc[6, 2] == "重庆齿轮箱有限责任公司"  # stripped like str.strip
    assert fast.loc[6, 3] == "1966-03-01" and fast.loc[6, 5] == "1200"


def test_first_sheet_with_data_is_read(tmp_path):
    wb = Workbook()
    wb.active.title = "说明"
    wb.active.append(["本文件由系统导出"])
    data = wb.create_sheet("数据")
    data.append(["企业名称", "统一社会信用代码"])
    data.append(["重庆齿轮箱有限责任公司", "915000002028133022"])
    path = tmp_path / "two.xlsx"
    wb.save(path)
    fast, name, slow, slow_name = _both(path)
    assert name == slow_name == "数据"
    assert fast.equals(slow)


def test_sheets_of_one_row_read_the_first(tmp_path):
    wb = Workbook()
    wb.active.title = "甲"
    wb.active.append(["企业名称"])
    wb.create_sheet("乙").append(["统一社会信用代码"])
    path = tmp_path / "thin.xlsx"
    wb.save(path)
    fast, name, slow, slow_name = _both(path)
    assert name == slow_name == "甲"
    assert fast.equals(slow)


def test_error_cells_read_as_empty(tmp_path):
    """A cached formula error (#N/A, #VALUE! …) holds no value: calamine gives an empty cell
    (openpyxl, the fallback, gives the error's text)."""
    wb = Workbook()
    wb.active.append(["企业名称", "注册资本"])
    wb.active.append(["重庆齿轮箱有限责任公司", "#N/A"])  # openpyxl stores it as an error cell
    path = tmp_path / "errors.xlsx"
    wb.save(path)
    rows, _name = _read_excel_fast(path)
    assert rows[1] == ["重庆齿轮箱有限责任公司", ""]


def test_read_sheet_says_which_reader(tmp_path):
    frame, info = read_sheet(_awkward(tmp_path / "awkward.xlsx"))
    assert info == {"sheet": "企业名录", "reader": "calamine"}
    assert len(frame) == 7


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 not really a zip", b"\x00" * 64])
def test_unreadable_workbooks_fall_back_to_openpyxl(tmp_path, content):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    assert _read_excel_fast(path) is None  # openpyxl then reads it or gives the error


def test_a_huge_workbook_calamine_cannot_read_is_refused_not_read_into_memory(
        tmp_path, monkeypatch):
    import etl.importers.sheets as sheets

    path = _awkward(tmp_path / "big.xlsx")
    monkeypatch.setattr(sheets, "_calamine_sheet", lambda *_a: None)  # calamine fails
    monkeypatch.setattr(sheets, "OPENPYXL_MAX_UNPACKED_MB", 0.001)  # and the file is "huge"
    with pytest.raises(sheets.SheetError, match=r"save it as \.csv"):
        read_sheet(path)
    monkeypatch.setattr(sheets, "OPENPYXL_MAX_UNPACKED_MB", 500)
    frame, info = read_sheet(path)  # within the limit openpyxl reads it
    assert len(frame) == 7 and "reader" not in info
