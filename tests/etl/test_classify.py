import pandas as pd

from etl.classify import chain_sql, node_sql
from etl.sqlframes import query_frames, query_steps

NODES = pd.DataFrame([("engine.transmission", "engine"), ("clean_energy.gearbox", "clean_energy"),
                      ("rail.gearbox", "rail"), ("engine.app_onroad", "engine"),
                      ("robot.smart_factory", "robot")], columns=["node_id", "chain_id"])
KEYWORDS = pd.DataFrame([("engine.transmission", "变速器"), ("clean_energy.gearbox", "风电齿轮箱"),
                         ("rail.gearbox", "齿轮箱"), ("engine.app_onroad", "商用车"),
                         ("robot.smart_factory", "智能工厂")], columns=["node_id", "keyword"])
CODES = pd.DataFrame([("engine.transmission", "3453"), ("clean_energy.gearbox", "3453"),
                      ("rail.gearbox", "3715")], columns=["node_id", "gbt_code"])
GENERIC = pd.DataFrame({"keyword": ["智能工厂"]})
INDUSTRY_MAP = pd.DataFrame([("shenwan", "风电零部件", "clean_energy", "medium"),
                             ("tushare", "汽车配件", "engine", "weak")],
                            columns=["scheme", "industry", "chain_id", "strength"])
NO_INDUSTRY = pd.DataFrame(columns=["firm_id", "scheme", "code", "name", "source_id"])


def _text(*rows):
    return pd.DataFrame(rows, columns=["firm_id", "source_id", "field", "text", "weight"])


def _classify(text, industry=NO_INDUSTRY):
    frames = {"cls_text": text, "chain_node_keyword": KEYWORDS, "dim_chain_node": NODES,
              "chain_node_industry": CODES, "firm_industry": industry.astype(object),
              "ref_industry_chain": INDUSTRY_MAP, "ref_generic_keyword": GENERIC}
    out = query_frames(node_sql(), frames)
    return {(r.firm_id, r.node_id): round(r.confidence, 2) for r in out.itertuples()}, out


def test_three_products():
    got, out = _classify(_text(("a", "s", "product", "汽车变速器", 0.54),
                               ("b", "s", "product", "风电齿轮箱", 0.4),
                               ("c", "s", "product", "商用车座椅", 0.3)))
    assert got == {("a", "engine.transmission"): 0.65, ("b", "clean_energy.gearbox"): 0.7}
    assert "营收占比 54%" in out.loc[out["firm_id"] == "a", "evidence"].iloc[0]


def test_side_lines_and_generic_keywords_need_corroboration():
    text = _text(("a", "s", "product", "变速器", 0.02), ("b", "s", "product", "智能工厂", 0.9))
    assert _classify(text)[0] == {}
    industry = pd.DataFrame([("a", "tushare", None, "汽车配件", "s")], columns=NO_INDUSTRY.columns)
    assert _classify(text, industry)[0] == {("a", "engine.transmission"): 0.40}


def test_industry_code_and_shenwan_industry_raise_confidence():
    industry = pd.DataFrame([("a", "gbt4754", "3453", "齿轮及齿轮减、变速箱制造", "s"),
                             ("b", "shenwan", None, "风电零部件", "s")],
                            columns=NO_INDUSTRY.columns)
    got, out = _classify(_text(("a", "s", "scope", "生产销售变速器及配件", None),
                               ("b", "s", "product", "风电齿轮箱", 0.4)), industry)
    assert got[("a", "engine.transmission")] == 0.5   # scope alone would be dropped
    assert got[("b", "clean_energy.gearbox")] == 0.8
    assert "申万行业「风电零部件」" in out.loc[out["firm_id"] == "b", "evidence"].iloc[0]


def test_chains_follow_nodes_and_shenwan_industries_but_not_tushare_alone():
    nodes = pd.DataFrame([("a", "engine.transmission", "engine", "s")],
                         columns=["firm_id", "node_id", "chain_id", "source_id"])
    industry = pd.DataFrame([("b", "shenwan", None, "风电零部件", "s"),
                             ("c", "tushare", None, "汽车配件", "s")], columns=NO_INDUSTRY.columns)
    out = query_steps({"cls_nodes": nodes, "firm_industry": industry.astype(object),
                       "ref_industry_chain": INDUSTRY_MAP, "chain_node_industry": CODES,
                       "dim_chain_node": NODES}, [("c", chain_sql())], ["c"])["c"]
    assert sorted(zip(out["firm_id"], out["chain_id"], strict=True)) == [
        ("a", "engine"), ("b", "clean_energy")]
