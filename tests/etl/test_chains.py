import pytest

from etl.chains import build_chains
from etl.read import read_chain_templates

TINY = {
    "id": "toy", "name_zh": "玩具链", "name_en": "Toy", "focus": False,
    "nodes": [
        {"id": "toy.steel", "name_zh": "钢材", "tier": "上游", "gbt4754": ["3120"],
         "keywords": ["钢材"]},
        {"id": "toy.body", "name_zh": "整机", "tier": "中游", "gbt4754": ["3491", "3120"],
         "keywords": ["整机", "总装"]},
        {"id": "toy.service", "name_zh": "运维", "tier": "下游", "gbt4754": [],
         "keywords": []},
    ],
    "edges": [["toy.steel", "toy.body"], ["toy.body", "toy.service"]],
}


def test_build_chains_flattens_nodes_codes_keywords_and_edges():
    tables = build_chains([TINY], {"3120": "炼钢", "3491": "工业机器人制造"})
    nodes = tables["dim_chain_node"].set_index("node_id")
    assert list(nodes["tier_order"]) == [0, 1, 2]
    assert sorted(tables["chain_node_industry"]["gbt_code"]) == ["3120", "3120", "3491"]
    assert set(tables["chain_node_industry"]["gbt_name"]) == {"炼钢", "工业机器人制造"}
    assert len(tables["chain_node_keyword"]) == 3
    assert tables["fct_chain_edge"][["src_node_id", "dst_node_id"]].values.tolist() == [
        ["toy.steel", "toy.body"], ["toy.body", "toy.service"]]


def test_unknown_edge_end_is_an_error():
    bad = TINY | {"edges": [["toy.steel", "toy.nowhere"]]}
    with pytest.raises(ValueError, match="unknown node"):
        build_chains([bad])


def test_bad_tier_is_an_error():
    bad = TINY | {"nodes": [TINY["nodes"][0] | {"tier": "上上游"}]}
    with pytest.raises(ValueError, match="tier"):
        build_chains([bad])


def test_node_id_must_carry_chain_prefix():
    bad = TINY | {"nodes": [TINY["nodes"][0] | {"id": "other.steel"}], "edges": []}
    with pytest.raises(ValueError, match="prefix"):
        build_chains([bad])


def test_shipped_templates_meet_the_issue_contract(built_settings):
    import networkx as nx

    templates = {t["id"]: t for t in read_chain_templates(built_settings.chains_dir)}
    assert set(templates) == {"engine", "robot", "cnc", "rail", "grid", "clean_energy",
                              "construction", "agri", "elevator", "ship", "enviro", "aero"}
    for cid, t in templates.items():
        floor = 15 if cid in {"engine", "robot", "rail", "clean_energy"} else 8
        assert len(t["nodes"]) >= floor, cid
        assert {n["tier"] for n in t["nodes"]} == {"上游", "中游", "下游"}, cid
        g = nx.DiGraph([tuple(e) for e in t["edges"]])
        assert nx.is_directed_acyclic_graph(g), cid
        assert set(g.nodes) == {n["id"] for n in t["nodes"]}, f"{cid}: isolated node"
        assert all(n["gbt4754"] and n["keywords"] for n in t["nodes"]), cid


@pytest.mark.parametrize("chain,names", [
    ("rail", ["整车", "转向架", "受电弓", "制动", "传动齿轮箱", "牵引系统", "信号系统",
              "智能检测与远程运维"]),
    ("robot", ["减速器", "伺服驱动", "控制器", "一体化关节", "灵巧手", "系统集成"]),
])
def test_components_the_plan_names_are_nodes(built_settings, chain, names):
    template = next(t for t in read_chain_templates(built_settings.chains_dir)
                    if t["id"] == chain)
    node_names = " ".join(n["name_zh"] for n in template["nodes"])
    for name in names:
        assert name in node_names, f"{chain}: no node for {name}"


def test_plan_quotes_in_templates_are_verbatim(built_settings, plan_text):
    for t in read_chain_templates(built_settings.chains_dir):
        for n in t["nodes"]:
            if n.get("plan_named"):
                assert n["plan_quote"] and n["plan_quote"] in plan_text, n["id"]


def test_gbt_codes_exist_in_the_standard(built_settings, shared_dir):
    import csv

    with (shared_dir / "data" / "gbt4754" / "gbt4754_2017.csv").open(encoding="utf-8") as f:
        standard = {r["code"]: r["name"] for r in csv.DictReader(f)}
    with (built_settings.data_dir / "reference" / "gbt4754_codes_used.csv").open(
            encoding="utf-8") as f:
        used = list(csv.DictReader(f))
    assert used
    for row in used:
        assert standard.get(row["code"]) == row["name"], row
