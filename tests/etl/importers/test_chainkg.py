import json

import pytest

from etl.importers.chainkg import import_chainkg


def _folder(tmp_path):
    folder = tmp_path / "kg"
    folder.mkdir()
    companies = [{"name": "示例动力", "fullname": "重庆示例动力股份有限公司", "code": "600002",
                  "location": "上海证券交易所", "time": "2010-01-01"},
                 {"name": "示例风电", "fullname": "示例风电股份有限公司", "code": "000003.SZ",
                  "location": "深圳证券交易所", "time": "2011-01-01"}]
    (folder / "company.json").write_text(
        "\n".join(json.dumps(c, ensure_ascii=False) for c in companies) + "\n{bad json\n", "utf-8")
    (folder / "company_industry.json").write_text(
        json.dumps({"company_code": "000003.SZ", "industry_code": "630602",
                    "industry_name": "风电零部件", "company_name": "示例风电"},
                   ensure_ascii=False) + "\n", "utf-8")
    (folder / "company_product.csv").write_text(
        "company_code,product,weight\n600002SH,通用汽油机,0.6\n600002SH,分部间抵销,-0.2\n"
        "000003SZ,风电齿轮箱,0.8\n999999SH,不存在公司的产品,0.5\n", "utf-8")
    (folder / "product_product.csv").write_text(
        "product,related_product,relation\n风电齿轮箱,齿轮钢,上游材料\n齿轮钢,风电齿轮箱,下游产品\n"
        "齿轮箱,风电齿轮箱,产品小类\n", "utf-8")
    (folder / "industry.json").write_text("", "utf-8")
    return folder


def test_small_knowledge_graph(tmp_path, ref):
    staged = import_chainkg(_folder(tmp_path), ref)
    t = staged.tables
    assert sorted(t["firms"]["source_key"]) == ["000003.SZ", "600002.SH"]
    assert t["firms"].set_index("source_key").loc["600002.SH", "adcode"] == "500000"
    assert sorted(t["firm_product"]["product"]) == ["通用汽油机", "风电齿轮箱"]
    assert t["product_link"][["product", "material"]].values.tolist() == [["风电齿轮箱", "齿轮钢"]]
    reasons = dict(zip(t["quarantine"]["file"] + ":" + t["quarantine"]["row_no"].astype(str),
                       t["quarantine"]["reasons"], strict=True))
    assert reasons == {"company.json:3": "bad_record",
                       "company_product.csv:3": "not_a_product;low_weight",
                       "company_product.csv:5": "unknown_company"}
    rejected = (t["quarantine"]["status"] == "rejected").sum()
    assert staged.rows == 3 + 1 + 4 + 2 and rejected == 3
    assert any("industry.json" in w for w in staged.warnings)


def test_a_folder_without_companies_is_an_error(tmp_path):
    with pytest.raises(ValueError, match=r"company\.json"):
        import_chainkg(tmp_path, None)


def test_real_knowledge_graph(shared_dir, ref):
    folder = shared_dir / "data" / "chainkg"
    if not (folder / "company.json").exists():
        pytest.skip("ChainKnowledgeGraph not in ../shared")
    staged = import_chainkg(folder, ref)
    t = staged.tables
    assert len(t["firms"]) == 4654 - 68            # 68 companies are listed twice
    assert t["firms"]["stock_code"].str.match(r"^\d{6}\.(SH|SZ|BJ)$").all()
    assert len(t["firm_product"]) > 45000 and (t["firm_product"]["weight"] >= 0).all()
    assert len(t["product_link"]) > 50000
    rejected = (t["quarantine"]["status"] == "rejected").sum()
    assert staged.rows - rejected > 115000
