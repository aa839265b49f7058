import csv
import io

import pandas as pd
import pytest
from openpyxl import Workbook

from etl.importers.registry import SYNONYMS, import_registry, registry_rows
from etl.importers.sheets import SheetError, decode_bytes, detect_header, read_sheet

from .conftest import CODE_A, CODE_B, HEADER, ROWS, write_csv, write_xlsx


def test_decode_utf8_bom_and_gbk():
    assert decode_bytes("企业名称".encode("utf-8-sig")) == ("企业名称", "utf-8-sig")
    assert decode_bytes("企业名称".encode())[0] == "企业名称"
    assert decode_bytes("企业名称".encode("gbk")) == ("企业名称", "gb18030")


def test_header_is_found_below_title_rows(tmp_path):
    raw, info = read_sheet(write_csv(tmp_path / "x.csv", "gbk"))
    assert detect_header(raw, SYNONYMS, ("full_name",)) == 3 and info["encoding"] == "gb18030"
    rows, warnings, row_info = registry_rows(raw)
    assert row_info["title_rows"] == 2 and "skipped 2 title" in warnings[0]
    assert rows["row_no"].iloc[0] == 4  # the file's own row number


def test_missing_columns_are_null_and_named(tmp_path):
    path = tmp_path / "min.csv"
    path.write_text("公司名称,地址\n重庆示例一有限公司,重庆市江北区示例路\n", "utf-8")
    rows, _w, info = registry_rows(read_sheet(path)[0])
    assert "uscc" in info["columns_missing"] and list(rows.columns) == ["row_no", "full_name",
                                                                        "address"]


def test_no_header_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("a,b\n1,2\n", "utf-8")
    with pytest.raises(SheetError, match="no header row"):
        registry_rows(read_sheet(path)[0])


@pytest.fixture(params=["gbk", "utf-8-sig", "utf-8", "xlsx"])
def export(request, tmp_path):
    if request.param == "xlsx":
        return write_xlsx(tmp_path / "export.xlsx")
    return write_csv(tmp_path / "export.csv", request.param)


def test_every_row_is_accounted_for(export, ref):
    staged = import_registry(export, ref)
    firms, quarantine = staged.tables["firms"], staged.tables["quarantine"]
    rejected = quarantine[quarantine["status"] == "rejected"]
    assert staged.rows == 6  # 7 rows below the header, one of them blank
    assert staged.rows == len(firms) + len(rejected)
    assert dict(zip(rejected["row_no"], rejected["reasons"], strict=True)) == {
        6: "inactive_status", 10: "not_a_data_row"}


def test_firm_fields_are_cleaned_and_located(export, ref):
    firms = import_registry(export, ref).tables["firms"].set_index("row_no")
    assert firms.loc[4, "uscc"] == CODE_A and firms.loc[5, "uscc"] == CODE_B
    assert (firms.loc[4, "adcode"], firms.loc[4, "precision"]) == ("500109", "district")
    assert (firms.loc[5, "adcode"], firms.loc[5, "precision"]) == ("510117", "district")  # 郫县
    assert (firms.loc[7, "adcode"], firms.loc[7, "precision"]) == ("Z500001", "zone")
    assert (firms.loc[8, "adcode"], firms.loc[8, "precision"]) == ("500000", "city")
    assert firms.loc[4, "registered_capital_wan"] == 5000.0
    assert pd.isna(firms.loc[5, "registered_capital_wan"])  # US dollars: not converted
    assert firms.loc[4, "founded"] == "2015-03-04" and firms.loc[5, "founded"] == "2018-01-01"
    assert firms.loc[4, "employees"] == 120
    assert firms.loc[7, "parent_norm"] == "重庆示例齿轮箱有限公司"


def test_doubtful_rows_are_flagged_with_reasons(export, ref):
    q = import_registry(export, ref).tables["quarantine"]
    flagged = dict(zip(q.loc[q["status"] == "flagged", "row_no"],
                       q.loc[q["status"] == "flagged", "reasons"], strict=True))
    assert flagged[5] == "capital_currency"
    assert "invalid_uscc" in flagged[7]
    assert "duplicate_in_file" in flagged[8]   # 有限公司 = 有限责任公司


def test_industry_codes_and_labels(export, ref):
    tables = import_registry(export, ref).tables
    industry = tables["firm_industry"].set_index("source_key")["code"].to_dict()
    assert industry == {"r4": "3453", "r5": "3491"}
    labels = set(zip(tables["firm_label"]["source_key"], tables["firm_label"]["label"],
                     strict=True))
    assert {("r4", "民企"), ("r5", "外资")} <= labels


def test_header_synonyms_from_another_vendor(tmp_path, ref):
    path = tmp_path / "tyc.csv"
    path.write_text("公司名称,统一社会信用代码,经营状态,注册地址,所属行业\n"
                    f"重庆示例二有限公司,{CODE_A},开业,重庆市永川区示例路,C34 通用设备制造业\n",
                    "utf-8")
    firms = import_registry(path, ref).tables["firms"]
    assert firms["adcode"].tolist() == ["500118"] and firms["status"].tolist() == ["开业"]


def test_header_list_is_the_vendor_shape():
    assert HEADER[0] == "企业名称" and len(ROWS[0]) == len(HEADER)


FORMER_ROWS = [
    ["重庆示例甲机械有限公司", "重庆示例乙机械有限公司；重庆示例丙机械有限责任公司", "重庆市"],
    ["重庆示例丁机械有限公司", "「重庆示例戊机械有限公司」「重庆示例己机械有限公司」", "重庆市"],
    ["重庆示例庚机械有限公司", "重庆示例辛机械有限公司（2015-03 至 2018-06）\n"
     "重庆示例庚机械有限公司、重庆示例壬机械(集团)有限公司,重庆示例壬机械集团有限公司", "重庆市"],
    ["重庆示例癸机械有限公司", "-", "重庆市"],
    ["重庆示例注销二机械有限公司", "重庆示例子机械有限公司", "重庆市"],
]


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_former_names_one_a_row_whatever_the_separator(tmp_path, ref, form):
    """曾用名 split at ；;、,， line breaks and 「」, date ranges dropped, the row's own name and
    blanks left out, normalised like registered names; a rejected row keeps none."""
    header = ["企业名称", "曾用名", "所属省份", "登记状态"]
    rows = [[*r, "注销" if "注销" in r[0] else "存续"] for r in FORMER_ROWS]
    if form == "xlsx":
        path, wb = tmp_path / "former.xlsx", Workbook()
        for row in [header, *rows]:
            wb.active.append(row)
        wb.save(path)
    else:
        path = tmp_path / "former.csv"
        buffer = io.StringIO()
        csv.writer(buffer).writerows([header, *rows])
        path.write_text(buffer.getvalue(), "utf-8")
    staged = import_registry(path, ref)
    keys = dict(zip(staged.tables["firms"]["full_name"], staged.tables["firms"]["source_key"],
                    strict=True))
    former = staged.tables["firm_former_name"]
    got = {(k, n) for k, n in zip(former["source_key"], former["former_name"], strict=True)}
    assert got == {
        (keys["重庆示例甲机械有限公司"], "重庆示例乙机械有限公司"),
        (keys["重庆示例甲机械有限公司"], "重庆示例丙机械有限责任公司"),
        (keys["重庆示例丁机械有限公司"], "重庆示例戊机械有限公司"),
        (keys["重庆示例丁机械有限公司"], "重庆示例己机械有限公司"),
        (keys["重庆示例庚机械有限公司"], "重庆示例辛机械有限公司"),
        (keys["重庆示例庚机械有限公司"], "重庆示例壬机械(集团)有限公司"),
        (keys["重庆示例庚机械有限公司"], "重庆示例壬机械集团有限公司")}
    norms = dict(zip(former["former_name"], zip(former["name_norm"], former["name_core"],
                                                strict=True), strict=True))
    assert norms["重庆示例丙机械有限责任公司"] == ("重庆示例丙机械有限公司", "示例丙机械")
    assert norms["重庆示例壬机械(集团)有限公司"] == ("重庆示例壬机械集团有限公司", "示例壬机械")
    assert "重庆示例注销二机械有限公司" not in keys  # rejected: no former names staged
    assert "former_names" in staged.info["columns_used"]


def test_former_name_header_synonyms():
    for header in ("曾用名", "曾用名称", "历史名称", "原名称", "原企业名称", "former_names",
                   "former_name"):
        assert header in SYNONYMS["former_names"]
