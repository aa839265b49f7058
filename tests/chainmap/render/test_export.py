import pandas as pd
from openpyxl import load_workbook

from chainmap.render.export import neutralise_formula, write_csv, write_json, write_xlsx


def test_formula_like_cells_are_neutralised():
    assert neutralise_formula("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert neutralise_formula("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert neutralise_formula("重庆长客") == "重庆长客"
    assert neutralise_formula(3) == 3


def test_xlsx_is_formatted_for_people(tmp_path):
    frame = pd.DataFrame({"name": ["重庆长客", "=1+1"], "chains": [["rail"], ["rail", "engine"]]})
    path = write_xlsx(frame, tmp_path / "x.xlsx", sheet="企业库", headers={"name": "名称"})
    ws = load_workbook(path)["企业库"]
    assert ws["A1"].value == "名称" and ws["A1"].font.bold
    assert ws.freeze_panes == "A2"
    assert ws["A3"].value == "'=1+1"
    assert ws["B3"].value == "rail; engine"
    assert ws.column_dimensions["A"].width >= 10


def test_csv_has_a_bom_for_excel(tmp_path):
    path = write_csv(pd.DataFrame({"名称": ["重庆长客"]}), tmp_path / "x.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_json_keeps_chinese_readable():
    assert "重庆" in write_json([{"name": "重庆"}])


def test_quarantine_rows_keep_each_kind_s_own_keys_and_odd_raw_text():
    import duckdb

    from chainmap.views.import_report import quarantine_table

    con = duckdb.connect()
    con.execute("CREATE TABLE import_batch (batch_id VARCHAR, kind VARCHAR)")
    con.execute("INSERT INTO import_batch VALUES ('qcc-1', 'qcc'), ('tushare-1', 'tushare')")
    con.execute("CREATE TABLE import_quarantine (batch_id VARCHAR, file VARCHAR, row_no INT, "
                "stage VARCHAR, status VARCHAR, reasons VARCHAR, raw VARCHAR)")
    con.execute("""INSERT INTO import_quarantine VALUES
        ('qcc-1', 'a.csv', 2, 'import', 'rejected', 'missing_name', '{"name": "示例简称"}'),
        ('tushare-1', 'b.json', 3, 'import', 'rejected', 'bad_record',
         '{"ts_code": "000001.SZ", "name": "示例"}'),
        ('qcc-1', 'a.csv', 4, 'resolve', 'flagged', 'review_match', '{Acme} ≈ 示例 (x)')""")
    table = quarantine_table(con, fields={"name": "简称"})
    assert list(table.columns) == ["批次", "文件", "行", "处理", "原因", "原因代码", "原始内容",
                                   "简称", "ts_code", "name"]
    by_row = table.set_index("行")
    assert by_row.loc[2, "简称"] == "示例简称" and by_row.loc[3, "name"] == "示例"
    assert by_row.loc[4, "原始内容"] == "{Acme} ≈ 示例 (x)"


def test_a_large_quarantine_is_written_piece_by_piece_with_the_same_columns():
    """Pieces of 2,048 rows: a field first met in a late piece, and a raw text that is not a
    set of values, still give every piece (and the header) the same columns, in order."""
    import csv
    import io
    import json

    import duckdb

    from chainmap.render.export import csv_chunks
    from chainmap.views.import_report import iter_quarantine_tables, quarantine_table

    con = duckdb.connect()
    con.execute("CREATE TABLE import_batch (batch_id VARCHAR, kind VARCHAR)")
    con.execute("INSERT INTO import_batch VALUES ('qcc-1', 'qcc')")
    con.execute("CREATE TABLE import_quarantine (batch_id VARCHAR, file VARCHAR, row_no INTEGER,"
                " stage VARCHAR, status VARCHAR, reasons VARCHAR, raw VARCHAR)")
    rows = [("qcc-1", "f.csv", i, "import", "rejected", "missing_name",
             json.dumps({"full_name": None, "address": f"示例路{i}号"}
                        | ({"late": "=1+1"} if i == 4800 else {}), ensure_ascii=False))
            for i in range(1, 5001)]
    rows[3000] = (*rows[3000][:6], "X ≈ Y")
    con.executemany("INSERT INTO import_quarantine VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    pieces = list(iter_quarantine_tables(con, fields={"full_name": "企业名称"}, rows=2048))
    assert len(pieces) >= 2
    assert all(list(p.columns) == list(pieces[0].columns) for p in pieces)
    assert list(pieces[0].columns)[6:] == ["原始内容", "企业名称", "address", "late"]
    whole = quarantine_table(con, fields={"full_name": "企业名称"})
    text = b"".join(csv_chunks(pieces)).decode("utf-8-sig")
    read = list(csv.DictReader(io.StringIO(text)))
    assert len(read) == len(whole) == 5000
    assert read[4799]["late"] == "'=1+1" and read[3000]["原始内容"] == "X ≈ Y"
    assert read[0]["address"] == "示例路1号" and read[0]["late"] == ""
    assert b"".join(csv_chunks([])) == "\ufeff".encode()


def test_csv_cells_are_treated_column_wise_as_they_were_cell_by_cell():
    """csv_chunks flattens and neutralises per column; the bytes are what one call per cell
    gives, for text, mixed, boolean, date, decimal, pandas-string and empty columns."""
    import datetime
    import decimal

    import pandas as pd

    from chainmap.render.export import _flat_cell, csv_chunks, neutralise_formula

    frames = [
        pd.DataFrame({"a": ["=1+1", "-", "--", "-x", "+", "@a", "\tb", "ok", None, 5, 1.5,
                            float("nan")],
                      "b": [[1, 2], {"k": "v"}, ("x",), "s", None, "=f", 3, "t", "u", "v", "w",
                            "x"], "c": range(12), "d": [-1.0] * 12}),
        pd.DataFrame({"b": [True, False, None], "d": [datetime.date(2020, 1, 1), None,
                                                      datetime.date(2021, 2, 2)],
                      "x": [decimal.Decimal("1.5"), None, "=a"], "m": ["=1", 2, None]}),
        pd.DataFrame({"x": pd.Series(["=a", None, "-"], dtype="string")}),
        pd.DataFrame(columns=["a", "b"]),
    ]
    for frame in frames:
        cell_by_cell = frame.apply(lambda col: col.map(_flat_cell)).map(neutralise_formula)
        expected = "\ufeff".encode() + cell_by_cell.to_csv(index=False).encode()
        assert b"".join(csv_chunks([frame])) == expected
    assert b"'=1+1" in b"".join(csv_chunks([frames[0]]))
