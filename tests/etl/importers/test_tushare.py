import json

import pytest

from etl.importers.tushare import import_tushare, read_tushare

FIELDS = ["ts_code", "symbol", "name", "area", "industry", "market", "list_date", "act_name",
          "act_ent_type", "fullname", "enname", "exchange", "list_status", "curr_type"]


def _json(tmp_path, items):
    path = tmp_path / "stock_basic.json"
    path.write_text(json.dumps({"code": 0, "data": {"fields": FIELDS, "items": items}},
                               ensure_ascii=False), "utf-8")
    return path


THREE = [
    ["001696.SZ", "001696", "宗申动力", "重庆", "摩托车", "主板", "19970306", "左宗申", "民营企业",
     "重庆宗申动力机械股份有限公司", "Zongshen", "SZSE", "L", "CNY"],
    ["600000.SH", "600000", "示例电气", "四川", "电气设备", "主板", "20000101", "某国资委",
     "地方国企", "成都示例电气股份有限公司", None, "SSE", "L", "CNY"],
    ["600001.SH", "600001", "*ST示例", "内蒙", "专用机械", "主板", "20000101", None, "无",
     "示例机械股份有限公司", None, "SSE", "L", "CNY"],
]


def test_three_listed_firms(tmp_path, ref):
    staged = import_tushare(_json(tmp_path, THREE), ref)
    firms = staged.tables["firms"].set_index("source_key")
    assert staged.rows == 3 and len(firms) == 3
    assert (firms.loc["001696.SZ", "adcode"], firms.loc["001696.SZ", "precision"]) == (
        "500000", "city")
    # the registered name states the city, Tushare only the province
    assert firms.loc["600000.SH", "adcode"] == "510100"
    assert "成都" in firms.loc["600000.SH", "location_evidence"]
    assert (firms.loc["600001.SH", "adcode"], firms.loc["600001.SH", "short_norm"]) == (
        "150000", "示例")
    labels = set(zip(staged.tables["firm_label"]["source_key"],
                     staged.tables["firm_label"]["label"], strict=True))
    assert labels == {("001696.SZ", "上市"), ("001696.SZ", "民企"), ("600000.SH", "上市"),
                      ("600000.SH", "地方国企"), ("600001.SH", "上市")}
    industry = staged.tables["firm_industry"]
    assert set(industry["scheme"]) == {"tushare"} and len(industry) == 3


def test_delisted_and_duplicate_rows(tmp_path, ref):
    rows = [THREE[0], THREE[0], [*THREE[1][:12], "D", "CNY"]]
    staged = import_tushare(_json(tmp_path, rows), ref)
    q = staged.tables["quarantine"].set_index("row_no")["reasons"].to_dict()
    assert q == {2: "duplicate_in_file", 3: "delisted"}
    assert len(staged.tables["firms"]) == 2 and staged.info["duplicate_rows"] == 1
    labels = staged.tables["firm_label"].query("source_key == '600000.SH'")["label"]
    assert "上市" not in set(labels)


def test_not_tushare_json_is_a_clear_error(tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"rows": []}', "utf-8")
    with pytest.raises(ValueError, match="stock_basic"):
        read_tushare(path)


@pytest.mark.parametrize("content", [b"\n", b" ", b"\n\n", b"\xef\xbb\xbf", b",,\n"])
def test_a_file_of_blank_lines_is_a_clear_error(tmp_path, content):
    # found by tests/cli/test_cli_fuzz.py: an IndexError escaped from the header's row
    path = tmp_path / "blank.csv"
    path.write_bytes(content)
    with pytest.raises(ValueError, match="holds no rows"):
        read_tushare(path)


def test_real_stock_basic(shared_dir, ref):
    path = shared_dir / "data" / "listed" / "tushare_stock_basic_2025-06.json"
    if not path.exists():
        pytest.skip("Tushare list not in ../shared")
    staged = import_tushare(path, ref)
    firms = staged.tables["firms"]
    assert staged.rows == 5418 and len(firms) == 5418
    cq = firms[firms["adcode"].str.startswith("50", na=False)]
    sc = firms[firms["adcode"].str.startswith("51", na=False)]
    assert len(cq) == 78 and len(sc) == 179
    # Tushare gives 重庆; two registered names say more (重庆市涪陵… -> 涪陵区)
    assert set(cq["adcode"]) == {"500000", "500102"}
    assert sorted(cq.loc[cq["precision"] == "district", "name"]) == ["涪陵榨菜", "涪陵电力"]
    # the province of every firm agrees with Tushare's area, never contradicts it
    assert (firms["precision"] == "unknown").sum() <= 5
