import pandas as pd

from etl.classify import TEXT_KEYWORDS_SQL, chain_score_sql, chain_sql, node_sql
from etl.sqlframes import query_steps

NODES = pd.DataFrame([("engine.transmission", "engine"), ("clean_energy.gearbox", "clean_energy"),
                      ("rail.gearbox", "rail"), ("engine.app_onroad", "engine"),
                      ("robot.smart_factory", "robot"), ("aero.uav", "aero")],
                     columns=["node_id", "chain_id"])
KEYWORDS = pd.DataFrame([("engine.transmission", "变速器"), ("clean_energy.gearbox", "风电齿轮箱"),
                         ("rail.gearbox", "齿轮箱"), ("engine.app_onroad", "商用车"),
                         ("robot.smart_factory", "智能工厂"), ("aero.uav", "无人机")],
                        columns=["node_id", "keyword"])
CODES = pd.DataFrame([("engine.transmission", "3453"), ("clean_energy.gearbox", "3453"),
                      ("rail.gearbox", "3715"), ("aero.uav", "3741")],
                     columns=["node_id", "gbt_code"])
GENERIC = pd.DataFrame({"keyword": ["智能工厂"]})
INDUSTRY_MAP = pd.DataFrame([("shenwan", "风电零部件", "clean_energy", "medium"),
                             ("tushare", "汽车配件", "engine", "weak"),
                             ("tushare", "摩托车", "engine", "weak"),
                             ("shenwan", "摩托车", "engine", "medium"),
                             ("wind", "航空航天与国防", "aero", "medium"),
                             ("tushare", "汽车整车", "*", "veto")],
                            columns=["scheme", "industry", "chain_id", "strength"])
GBT_NAMES = pd.DataFrame([("3453", "齿轮及齿轮减、变速箱制造", 3), ("3741", "飞机制造", 3)],
                         columns=["code", "name", "level"])
TERMS = pd.DataFrame([("风电", "clean_energy", 0.7), ("机车", "rail", 0.6), ("摩托车", "-", 0.0),
                      ("发动机", "engine", 0.45), ("航空发动机", "aero", 0.7),
                      ("机器人", "robot", 0.7), ("储能", "grid", 0.45),
                      ("消费类电池", "grid", -0.6), ("乘用车", "*", -0.5)],
                     columns=["keyword", "chain_id", "weight"])
NO_INDUSTRY = pd.DataFrame(columns=["firm_id", "scheme", "code", "name", "source_id"])
NO_NODES = pd.DataFrame(columns=["firm_id", "node_id", "chain_id", "source_id", "confidence"])


def _text(*rows):
    return pd.DataFrame(rows, columns=["firm_id", "source_id", "field", "text", "weight"])


def _industry(*rows):
    return pd.DataFrame(rows, columns=NO_INDUSTRY.columns).astype(object)


def _frames(text, industry=NO_INDUSTRY):
    return {"cls_text": text, "chain_node_keyword": KEYWORDS, "dim_chain_node": NODES,
            "chain_node_industry": CODES, "firm_industry": industry.astype(object),
            "ref_industry_chain": INDUSTRY_MAP, "ref_generic_keyword": GENERIC,
            "ref_gbt_name": GBT_NAMES, "ref_chain_term": TERMS}


def _classify(text, industry=NO_INDUSTRY):
    out = query_steps(_frames(text, industry),
                      [("cls_text_kw", TEXT_KEYWORDS_SQL), ("n", node_sql())], ["n"])["n"]
    return {(r.firm_id, r.node_id): round(r.confidence, 2) for r in out.itertuples()}, out


def _chains(text, industry=NO_INDUSTRY, nodes=NO_NODES, only=None):
    frames = _frames(text, industry) | {"cls_nodes": nodes.astype(
        {"confidence": float}) if len(nodes) else nodes.astype(object)}
    out = query_steps(frames, [("cls_text_kw", TEXT_KEYWORDS_SQL),
                               ("c", chain_score_sql(only=only))], ["c"])["c"]
    return {(r.firm_id, r.chain_id): (r.status, r.confidence) for r in out.itertuples()}, out


def test_three_products():
    got, out = _classify(_text(("a", "s", "product", "汽车变速器", 0.54),
                               ("b", "s", "product", "风电齿轮箱", 0.4),
                               ("c", "s", "product", "商用车座椅", 0.3)))
    assert got == {("a", "engine.transmission"): 0.65, ("b", "clean_energy.gearbox"): 0.7}
    assert "营收占比 54%" in out.loc[out["firm_id"] == "a", "evidence"].iloc[0]


def test_side_lines_and_generic_keywords_need_corroboration():
    text = _text(("a", "s", "product", "变速器", 0.02), ("b", "s", "product", "智能工厂", 0.9))
    assert _classify(text)[0] == {}
    industry = _industry(("a", "tushare", None, "汽车配件", "s"))
    assert _classify(text, industry)[0] == {("a", "engine.transmission"): 0.40}


def test_industry_code_and_shenwan_industry_raise_confidence():
    industry = _industry(("a", "gbt4754", "3453", "齿轮及齿轮减、变速箱制造", "s"),
                         ("b", "shenwan", None, "风电零部件", "s"))
    got, out = _classify(_text(("a", "s", "scope", "生产销售变速器及配件", None),
                               ("b", "s", "product", "风电齿轮箱", 0.4)), industry)
    assert got[("a", "engine.transmission")] == 0.5   # scope alone would be dropped
    assert got[("b", "clean_energy.gearbox")] == 0.8
    assert "申万行业「风电零部件」" in out.loc[out["firm_id"] == "b", "evidence"].iloc[0]


def test_a_gbt_class_given_by_name_only_finds_its_code():
    """Registry exports write 所属行业 as a name: the standard's names give its code."""
    industry = _industry(("a", "label", None, "齿轮及齿轮减、变速箱制造", "s"))
    got, _ = _classify(_text(("a", "s", "scope", "生产销售变速器及配件", None)), industry)
    assert got == {("a", "engine.transmission"): 0.5}


def test_signals_combine_into_one_confidence_per_firm_and_chain():
    nodes = pd.DataFrame([("a", "clean_energy.gearbox", "clean_energy", "s", 0.7)],
                         columns=NO_NODES.columns)
    got, out = _chains(_text(("a", "s", "product", "风电齿轮箱", None)),
                       _industry(("a", "shenwan", None, "风电零部件", "s")), nodes)
    # 1 - (1 - 0.7 node) (1 - 0.7 word) (1 - 0.5 label)
    assert got == {("a", "clean_energy"): ("chain", 0.96)}
    evidence = out["evidence"].iloc[0]
    assert "链条环节 clean_energy.gearbox" in evidence and "含「风电」" in evidence
    assert "申万行业「风电零部件」" in evidence


def test_labels_match_in_their_own_scheme_and_a_weak_label_alone_places_nobody():
    industry = _industry(("a", "tushare", None, "摩托车", "s"),
                         ("b", "shenwan", None, "摩托车", "s"),
                         ("c", "label", None, "航空航天与国防", "s"),
                         ("d", "tushare", None, "汽车配件", "s"))
    got, _ = _chains(_text(), industry)
    assert got == {("b", "engine"): ("chain", 0.5), ("c", "aero"): ("chain", 0.5)}


def test_a_word_inside_a_longer_chain_word_is_not_counted():
    got, _ = _chains(_text(("a", "s", "product", "摩托车", None),
                           ("b", "s", "product", "航空发动机", None)))
    assert got == {("b", "aero"): ("chain", 0.7)}


def test_a_second_chain_named_in_passing_goes_to_review():
    text = _text(("a", "s", "product", "风电、储能", None),
                 ("b", "s", "product", "风电、储能", None))
    nodes = pd.DataFrame([("b", "grid.storage", "grid", "s", 0.55)], columns=NO_NODES.columns)
    got, _ = _chains(text, nodes=nodes)
    assert got[("a", "clean_energy")] == ("chain", 0.7)
    assert got[("a", "grid")] == ("review", 0.45)
    # two kinds of evidence (a node and a word) place the second chain too
    assert got[("b", "grid")] == ("chain", 0.75)


def test_negative_words_and_vehicle_makers_lower_the_score():
    text = _text(("a", "s", "product", "消费类电池、储能", None),
                 ("b", "s", "product", "乘用车、发动机", None),
                 ("c", "s", "product", "发动机", None))
    industry = _industry(("c", "tushare", None, "汽车整车", "s"))
    nodes = pd.DataFrame([("c", "engine.transmission", "engine", "s", 0.6)],
                         columns=NO_NODES.columns)
    got, out = _chains(text, industry, nodes)
    assert ("a", "grid") not in got  # 0.45 x 0.4: below the review list
    assert ("b", "engine") not in got  # 0.45 x 0.5
    assert got[("c", "engine")] == ("review", 0.39)
    assert "但Tushare 行业「汽车整车」" in out.loc[out["firm_id"] == "c", "evidence"].iloc[0]


def test_only_scores_the_firms_asked_for():
    text = _text(("a", "s", "product", "风电", None), ("b", "s", "product", "风电", None))
    got, _ = _chains(text, only="SELECT 'b' AS firm_id")
    assert set(got) == {("b", "clean_energy")}


def test_chain_rows_are_the_placed_chains_with_their_confidence():
    scores = pd.DataFrame([("a", "rail", 0.72, "chain", "含「机车」", "s"),
                           ("b", "grid", 0.45, "review", "含「储能」", "s")],
                          columns=["firm_id", "chain_id", "confidence", "status", "evidence",
                                   "source_id"])
    out = query_steps({"firm_chain_score": scores}, [("c", chain_sql())], ["c"])["c"]
    assert list(zip(out["firm_id"], out["chain_id"], out["method"], strict=True)) == [
        ("a", "rail", "rule")]
    assert out["evidence"].iloc[0] == "置信度 0.72：含「机车」"
