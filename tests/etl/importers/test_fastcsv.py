"""DuckDB's CSV reader (etl.importers.fastcsv) gives exactly what the Python reader gives.

Every file is imported twice, once with the fast reader and once with it switched off
(``read_sheet``), and the stage tables, row counts, warnings and info must be equal —
or both imports must fail with the same message. The files are the bad-input corpus's
text files plus shapes chosen to trip a CSV reader.
"""

from __future__ import annotations

import pytest

import etl.importers.registry as registry
from etl.importers.fastcsv import WHITESPACE, read_csv_rows
from etl.importers.registry import REQUIRED, SYNONYMS, import_registry
from etl.importers.stage import STAGE_TABLES
from tests.corpus import build
from tests.corpus.cases import CASES

from .conftest import HEADER, ROWS, SUMMARY, TITLE

# text files only; the size-limit cases are refused before any reader runs
TEXT_CASES = [c for c in CASES if c.kind == "qcc" and c.mapping is None
              and not any(word in c.id for word in ("xlsx", "bomb", "over-limit"))]


def _line(cells: list[str]) -> str:
    return ",".join(cells)


def _plain(rows: list[list[str]], newline: str = "\n", title: bool = True) -> str:
    lines = ([_line(TITLE), _line(SUMMARY)] if title else []) + [_line(HEADER)]
    lines += [_line(r) for r in rows]
    return newline.join(lines) + newline


def _quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


SHAPES = {
    "crlf": lambda: _plain(ROWS[:4], "\r\n"),
    "no-title": lambda: _plain(ROWS[:4], title=False),
    "no-final-newline": lambda: _plain(ROWS[:3]).rstrip("\n"),
    "quoted-multiline": lambda: _plain([[_quote(ROWS[0][0]), "", "存续", "", "", "", "重庆市",
                                         "重庆市", "北碚区", _quote("重庆市北碚区\n示例路1号"),
                                         "", _quote('齿轮箱, "风电" 齿轮箱'), "", ""],
                                        ROWS[1]]),
    "padded-cells": lambda: _plain([[f"\u3000 {ROWS[0][0]}\t", *[f" {c} " for c in ROWS[0][1:]]],
                                    ROWS[1]]),
    "short-and-long-rows": lambda: _plain([ROWS[0][:3], ROWS[1], [*ROWS[2], "多余", "列"]]),
    "delimiter-only-rows": lambda: _plain([ROWS[0], [""] * len(HEADER), [" "] * 3, ROWS[1]]),
    "blank-line": lambda: _plain([ROWS[0], [], ROWS[1]]),
    "bare-cr": lambda: _plain(ROWS[:3], "\r"),
    "stray-quote": lambda: _plain([[ROWS[0][0] + '"x', *ROWS[0][1:]], ROWS[1]]),
    "tab-delimited": lambda: "\n".join("\t".join(r) for r in [HEADER, *ROWS[:3]]) + "\n",
    "header-only": lambda: _plain([]),
    "whitespace-only-cells": lambda: _plain([[WHITESPACE[:5]] * len(HEADER), ROWS[0]]),
    # DuckDB read these as no rows, or one too few, without an error
    "mixed-line-endings": lambda: _line(TITLE) + "\n" + _plain(ROWS[:4], "\r\n", title=False),
    "lf-data-under-crlf-title": lambda: _line(TITLE) + "\r\n" + _plain(ROWS[:4], title=False),
    "multiline-title-with-commas": lambda: _quote("企查查 企业搜索结果\n（示例, 非真实企业）")
    + ",导出时间：2024-05-01,共 4 条\n" + _plain(ROWS[:4], title=False),
}


def _import(path, ref, fast: bool, monkeypatch):
    with monkeypatch.context() as patch:
        if not fast:
            patch.setattr(registry, "read_csv_rows", lambda *a, **k: None)
        try:
            staged = import_registry(path, ref)
        except Exception as exc:  # compared between the two readers
            return ("error", type(exc).__name__, str(exc))
    tables = {t: staged.tables[t] for t in STAGE_TABLES}
    info = {k: v for k, v in staged.info.items() if k != "reader"}
    return ("ok", staged.rows, staged.warnings, info, tables)


def _assert_same(fast, slow):
    assert fast[0] == slow[0], (fast[:3], slow[:3])
    if fast[0] == "error":
        assert fast == slow
        return
    assert fast[1:4] == slow[1:4]
    for table in STAGE_TABLES:
        a = fast[4][table].sort_values(list(fast[4][table].columns)).reset_index(drop=True)
        b = slow[4][table].sort_values(list(slow[4][table].columns)).reset_index(drop=True)
        assert a.equals(b), (table, a, b)


@pytest.mark.parametrize("case", TEXT_CASES, ids=lambda c: c.id)
def test_corpus_files_read_the_same(case, ref, tmp_path, monkeypatch):
    path = case.make(tmp_path)
    _assert_same(_import(path, ref, True, monkeypatch), _import(path, ref, False, monkeypatch))


@pytest.mark.parametrize("shape", list(SHAPES))
@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_awkward_files_read_the_same(shape, encoding, ref, tmp_path, monkeypatch):
    text = SHAPES[shape]()
    if encoding == "gbk" and any(c in text for c in WHITESPACE if ord(c) > 0x7F and c != "\u3000"):
        pytest.skip("GBK cannot hold those whitespace characters")
    path = build.write_bytes(tmp_path / f"{shape}.csv", text.encode(encoding))
    _assert_same(_import(path, ref, True, monkeypatch), _import(path, ref, False, monkeypatch))


def test_fast_reader_takes_ordinary_files_and_declines_doubtful_ones(tmp_path):
    import duckdb

    def takes(shape: str) -> bool:
        path = build.write_bytes(tmp_path / f"{shape}.csv", SHAPES[shape]().encode("utf-8"))
        with duckdb.connect() as con:
            return read_csv_rows(con, path, SYNONYMS, REQUIRED) is not None

    # it must actually be used, or the speed (docs/performance.md) is not what runs …
    assert takes("crlf") and takes("quoted-multiline") and takes("padded-cells")
    # … and must hand over whatever it cannot read exactly as read_sheet does
    assert not takes("blank-line") and not takes("bare-cr")
    # … including files DuckDB reads too few rows of, silently
    assert not takes("mixed-line-endings") and not takes("lf-data-under-crlf-title")
    assert not takes("multiline-title-with-commas")


LINK_HEADER = ["供应商", "客户", "产品", "来源", "供应商统一社会信用代码", "备注", "无关列"]
LINKS = [
    ["重庆示例齿轮箱有限责任公司", "重庆长客示例有限公司", "齿轮箱", "年报", "", "", "x"],
    ["重庆示例齿轮箱有限责任公司", "重庆长客示例有限公司", "齿轮箱", "年报", "", "重复", ""],
    ["  重庆示例电机有限公司 ", "重庆示例电机有限公司", "电机", "", "", "", ""],  # self link
    ["", "重庆长客示例有限公司", "轴承", "", "", "", ""],                          # no supplier
    ["重庆示例轴承有限公司", "重庆长客示例有限公司", "轴承", "", "91500000XXXX", "", ""],
    ["重庆示例轴承有限公司", '重庆"长客"示例有限公司', "轴承, 滚子", "网页", "", "", ""],
]


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_links_files_read_the_same(encoding, tmp_path, monkeypatch):
    import etl.importers.links as links

    def quoted(cell: str) -> str:
        return _quote(cell) if any(c in cell for c in ',"') else cell

    text = "\n".join(",".join(quoted(c) for c in r) for r in [LINK_HEADER, *LINKS]) + "\n"
    path = build.write_bytes(tmp_path / "links.csv", text.encode(encoding))

    def run(fast: bool):
        with monkeypatch.context() as patch:
            if not fast:
                patch.setattr(links, "read_csv_rows", lambda *a, **k: None)
            staged = links.import_links(path)
        info = {k: v for k, v in staged.info.items() if k != "reader"}
        return ("ok", staged.rows, staged.warnings, info,
                {t: staged.tables[t] for t in ("supply_link", "quarantine")},
                staged.info.get("reader"))

    fast, slow = run(True), run(False)
    assert (fast[5], slow[5]) == ("duckdb", None)  # the fast reader really read it
    assert fast[1:4] == slow[1:4]
    for table in ("supply_link", "quarantine"):
        a, b = fast[4][table], slow[4][table]
        assert a.sort_values("row_no").reset_index(drop=True).equals(
            b.sort_values("row_no").reset_index(drop=True)), (table, a, b)
    # kept: the first of the duplicates, the invalid-code row (flagged) and the quoted one
    assert len(fast[4]["supply_link"]) == 3 and len(fast[4]["quarantine"]) >= 4


# .xlsx: streamed to CSV by calamine and read by DuckDB, against read_sheet (calamine to
# Python rows, and openpyxl: the fallback when calamine cannot read a workbook)
XLSX_CASES = [c for c in CASES if c.kind == "qcc" and c.mapping is None and "xlsx" in c.id
              and "bomb" not in c.id]


def _workbook(path, rows, title: bool = True):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    if title:
        ws.append(TITLE)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
        ws.append([])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


WORKBOOKS = {
    "titled": lambda: ROWS,
    "untitled": lambda: ROWS[:4],
    "multiline-and-quotes": lambda: [[ROWS[0][0], "", "存续", "", "", "", "重庆市", "重庆市",
                                      "北碚区", "重庆市北碚区\n示例路1号", "",
                                      '齿轮箱, "风电" 齿轮箱', "", ""], ROWS[1]],
    "padded-and-blank-rows": lambda: [[f"\u3000 {ROWS[0][0]}\t", *ROWS[0][1:]], [],
                                      [""] * 3, ROWS[1], [], ROWS[2]],
    "bare-cr-in-a-cell": lambda: [[ROWS[0][0], "", "存续\r迁出"], ROWS[1]],
    "numbers-and-dates": lambda: [[ROWS[0][0], "", "存续", "", 1200.0, "1990-01-01", "重庆市",
                                   "重庆市", "北碚区", "", "", "", 35.0, ""], ROWS[1]],
}


def _import_three_ways(path, ref, monkeypatch):
    import etl.importers.sheets as sheets

    fast = _import(path, ref, True, monkeypatch)
    slow = _import(path, ref, False, monkeypatch)
    with monkeypatch.context() as patch:
        patch.setattr(sheets, "_read_excel_fast", lambda p: None)
        old = _import(path, ref, False, monkeypatch)
    return fast, slow, old


@pytest.mark.parametrize("shape", list(WORKBOOKS))
def test_workbooks_read_the_same(shape, ref, tmp_path, monkeypatch):
    path = _workbook(tmp_path / f"{shape}.xlsx", WORKBOOKS[shape](), title=shape != "untitled")
    fast, slow, old = _import_three_ways(path, ref, monkeypatch)
    _assert_same(fast, slow)
    _assert_same(fast, old)


@pytest.mark.parametrize("case", XLSX_CASES, ids=lambda c: c.id)
def test_corpus_workbooks_read_the_same(case, ref, tmp_path, monkeypatch):
    path = case.make(tmp_path)
    fast, slow, old = _import_three_ways(path, ref, monkeypatch)
    _assert_same(fast, slow)
    _assert_same(fast, old)


@pytest.mark.parametrize("shape", [*WORKBOOKS, *(c.id for c in XLSX_CASES)])
def test_a_workbook_too_big_for_calamine_is_streamed_by_openpyxl_the_same(shape, ref,
                                                                         tmp_path, monkeypatch):
    """Past CALAMINE_MAX_UNPACKED_MB (calamine holds the whole sheet: 1.8 GB for 1M rows) the
    sheet is streamed to CSV by openpyxl's read-only mode: the same rows, the same import."""
    import duckdb

    import etl.importers.sheets as sheets

    case = next((c for c in XLSX_CASES if c.id == shape), None)
    path = case.make(tmp_path) if case else _workbook(
        tmp_path / f"{shape}.xlsx", WORKBOOKS[shape](), title=shape != "untitled")
    fast = _import(path, ref, True, monkeypatch)
    with monkeypatch.context() as patch:
        patch.setattr(sheets, "CALAMINE_MAX_UNPACKED_MB", 0)  # every zip with a member
        streamed = _import(path, ref, True, monkeypatch)
        if case is None:
            with duckdb.connect() as con:
                read = read_csv_rows(con, path, SYNONYMS, REQUIRED)
            assert read.info["reader"] == "openpyxl+duckdb"
    _assert_same(fast, streamed)


def test_fast_reader_takes_a_workbook(tmp_path):
    import duckdb

    path = _workbook(tmp_path / "export.xlsx", ROWS)
    with duckdb.connect() as con:
        read = read_csv_rows(con, path, SYNONYMS, REQUIRED)
    assert read is not None and read.info == {"sheet": "Sheet", "reader": "calamine+duckdb"}
