"""MIIT green lists -> stage tables: a plant's name resolves to its firm, the province stays
the precision unless the registered name names a place, every row keeps its evidence."""

from __future__ import annotations

from etl.importers.green import read_green, stage_green


def _write(tmp_path, text: str):
    path = tmp_path / "green.csv"
    path.write_text(text, "utf-8")
    return path


def test_a_plant_is_its_firm_and_the_label_names_the_plant(tmp_path, ref):
    rows, kind = read_green(_write(tmp_path, (
        "序号,地区,工厂名称,行业,第三方评价机构,批次\n"
        "1,重庆,重庆长安汽车股份有限公司渝北工厂,汽车,某机构,1\n"
        "2,四川,中原示例电器有限公司,,某机构,3\n"
        "3,重庆,重庆涪陵示例机械有限公司,,某机构,2\n"
        "4,,,,,\n")))
    assert kind == "factory"
    out = stage_green(rows, kind, ref, "green.csv")
    firms = out["firms"].set_index("row_no")
    assert firms.loc[1, "full_name"] == "重庆长安汽车股份有限公司"
    assert (firms.loc[1, "adcode"], firms.loc[1, "precision"]) == ("500000", "city")
    # a bare city-district stem (中原) is not where a firm registered: the province stays
    assert (firms.loc[2, "adcode"], firms.loc[2, "precision"]) == ("510000", "province")
    # the registered name's own region (重庆涪陵…) is
    assert (firms.loc[3, "adcode"], firms.loc[3, "precision"]) == ("500102", "district")
    assert firms.loc[3, "location_evidence"].startswith("名称冠以「重庆涪陵」")
    labels = out["firm_label"].set_index("source_key")
    assert labels.loc["factory-1", "label"] == "绿色工厂"
    assert "第 1 批" in labels.loc["factory-1", "evidence"]
    assert "渝北工厂" in labels.loc["factory-1", "evidence"]
    assert out["quarantine"]["reasons"].str.contains("missing_name").sum() == 1


def test_the_supply_chain_list_is_its_own_label(tmp_path, ref):
    rows, kind = read_green(_write(tmp_path, (
        "序号,地区,企业名称,第三方评价机构,批次\n1,四川,东方电气集团东方电机有限公司,某机构,2\n")))
    assert kind == "supply_chain"
    out = stage_green(rows, kind, ref)
    assert out["firm_label"]["label"].tolist() == ["绿色供应链管理示范企业"]
