import pandas as pd
from openpyxl import load_workbook

from chainmap.export import neutralise_formula, write_csv, write_json, write_xlsx


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
