import json
import re
import xml.etree.ElementTree as ET
from itertools import pairwise

import pandas as pd

from chainmap.render.diagram import (
    chain_layout,
    chain_svg,
    diagram_crossings,
    diagram_from_layout,
    query_chain_diagram,
)
from chainmap.render.palette import STATUS_COLOURS

SVG = "{http://www.w3.org/2000/svg}"

TOY_NODES = [  # node_id, tier, tier_order, status
    ("t.u1", "上游", 0, "missing"), ("t.u2", "上游", 0, "weak"), ("t.u3", "上游", 0, "present"),
    ("t.m1", "中游", 1, "strong"), ("t.m2", "中游", 1, "missing"), ("t.m3", "中游", 1, "weak"),
    ("t.d1", "下游", 2, "present"),
]
# in id order every upstream edge crosses the others: u1-m3, u2-m2, u3-m1
TOY_EDGES = pd.DataFrame({"src_node_id": ["t.u1", "t.u2", "t.u3", "t.m1", "t.m2", "t.m3"],
                          "dst_node_id": ["t.m3", "t.m2", "t.m1", "t.d1", "t.d1", "t.d1"]})


def toy_coverage(names: dict[str, str] | None = None) -> pd.DataFrame:
    rows = []
    for node_id, tier, order, status in TOY_NODES:
        count = {"missing": 0, "weak": 1, "present": 2, "strong": 6}[status]
        rows.append({"node_id": node_id, "node_name": (names or {}).get(node_id, f"环节{node_id}"),
                     "name_en": f"Node {node_id}", "tier": tier, "tier_order": order,
                     "status": status, "firm_count": count, "marginal_count": 0,
                     "firms": [f"企业{node_id}{i}" for i in range(count)], "marginal_firms": []})
    return pd.DataFrame(rows)


def naive(layout: pd.DataFrame) -> pd.DataFrame:
    """The same layout with each column in node-id order."""
    out = layout.sort_values(["layer", "node_id"]).copy()
    out["order"] = out.groupby("layer").cumcount()
    return out


def test_layout_puts_tiers_left_to_right():
    layout = chain_layout(toy_coverage(), TOY_EDGES)
    x = dict(zip(layout["node_id"], layout["x"], strict=True))
    assert x["t.u1"] == x["t.u2"] == x["t.u3"] < x["t.m1"] == x["t.m2"] < x["t.d1"]


def test_layout_reduces_crossings_against_the_naive_order():
    layout = chain_layout(toy_coverage(), TOY_EDGES)
    assert diagram_crossings(naive(layout), TOY_EDGES) == 3
    assert diagram_crossings(layout, TOY_EDGES) == 0


def test_layout_is_deterministic_and_independent_of_row_order():
    first = chain_layout(toy_coverage(), TOY_EDGES)
    shuffled = chain_layout(toy_coverage().sample(frac=1, random_state=3),
                            TOY_EDGES.sample(frac=1, random_state=5))
    cols = ["node_id", "x", "y", "order"]
    assert first[cols].equals(shuffled[cols])


def test_boxes_in_a_column_do_not_overlap():
    layout = chain_layout(toy_coverage(), TOY_EDGES)
    for _, column in layout[layout["kind"] == "node"].groupby("layer"):
        ys = sorted(column["y"])
        assert all(b - a >= 1.0 for a, b in pairwise(ys))


def test_an_edge_skipping_a_column_gets_a_bend_point():
    edges = pd.concat([TOY_EDGES, pd.DataFrame({"src_node_id": ["t.u1"],
                                                "dst_node_id": ["t.d1"]})])
    diagram = diagram_from_layout(chain_layout(toy_coverage(), edges), edges)
    (skip,) = [e for e in diagram["edges"] if (e["src"], e["dst"]) == ("t.u1", "t.d1")]
    assert [p[0] for p in skip["points"]] == [1]


def toy_diagram(names=None, firm_en=None) -> dict:
    layout = chain_layout(toy_coverage(names), TOY_EDGES)
    return diagram_from_layout(layout, TOY_EDGES, firm_en, chain="t", chain_name="玩具链",
                               chain_name_en="Toy chain", region="500000", region_name="重庆市",
                               thresholds={"weak_max": 1, "strong_min": 5})


def test_svg_is_standalone_xml_with_status_colours():
    svg = chain_svg(toy_diagram(), "玩具链产业链图谱 · 重庆市")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert re.findall(r"https?://", svg) == ["http://"]  # the xmlns, nothing fetched
    assert "href=" not in svg.replace('marker-end="url(#', "")
    nodes = [g for g in root.iter(f"{SVG}g") if "node" in g.get("class", "").split()]
    assert len(nodes) == len(TOY_NODES)
    for g in nodes:
        status = g.get("class").split("status-")[1]
        box = g.find(f"{SVG}rect")
        assert box.get("fill") == STATUS_COLOURS[status].fill
        assert box.get("stroke") == STATUS_COLOURS[status].stroke
    edges = root.find(f"{SVG}g[@class='edges']")
    assert len(edges.findall(f"{SVG}path")) == len(TOY_EDGES)
    marker = root.find(f"{SVG}defs/{SVG}marker").get("id")
    assert all(p.get("marker-end") == f"url(#{marker})" for p in edges.findall(f"{SVG}path"))
    texts = "".join(root.itertext())
    assert "上游" in texts and "下游" in texts and "缺失" in texts
    assert "Noto Sans CJK SC" in svg


def test_svg_escapes_every_name():
    nasty = {"t.u1": 'A<B & "C" \'D\'', "t.m1": "</text><script>alert(1)</script>"}
    svg = chain_svg(toy_diagram(nasty), 'Title <&> "quoted"')
    assert "<script>" not in svg and "<B" not in svg
    root = ET.fromstring(svg)  # would fail on an unescaped name
    texts = "".join(root.itertext())
    assert "A<B & " in texts  # the text reads as written once parsed
    assert 'Title <&> "quoted"' in texts


def test_svg_in_english_uses_english_names():
    svg = chain_svg(toy_diagram(firm_en={"企业t.m10": "Firm M1"}), "Toy", lang="en")
    texts = "".join(ET.fromstring(svg).itertext())
    assert "Upstream" in texts and "Node t.u1" in texts and "Missing" in texts
    assert "环节t.u1" not in texts


def test_rail_diagram_from_the_database(con):
    diagram = query_chain_diagram(con, "rail", "500000")
    node_ids = {r[0] for r in con.execute(
        "SELECT node_id FROM dim_chain_node WHERE chain_id = 'rail'").fetchall()}
    assert {n["node_id"] for n in diagram["nodes"]} == node_ids
    n_edges = con.execute(
        "SELECT count(*) FROM fct_chain_edge WHERE chain_id = 'rail'").fetchone()[0]
    assert len(diagram["edges"]) == n_edges
    by_tier = {t["tier"]: t for t in diagram["tiers"]}
    assert by_tier["上游"]["x_max"] < by_tier["中游"]["x_min"]
    assert by_tier["中游"]["x_max"] < by_tier["下游"]["x_min"]
    vehicle = next(n for n in diagram["nodes"] if n["node_id"] == "rail.vehicle")
    assert "重庆长客" in vehicle["firms"] and vehicle["status"] in STATUS_COLOURS
    assert diagram["region_name"] == "重庆市" and diagram["chain_name"] == "轨道交通装备"
    assert json.loads(json.dumps(diagram)) == diagram  # JSON-ready
    assert query_chain_diagram(con, "rail", "500000") == diagram  # deterministic


def test_rail_layout_has_far_fewer_crossings_than_id_order(con):
    from chainmap.reports import run_report

    coverage = pd.DataFrame(run_report(con, "coverage", "rail", "500000").data).merge(
        con.execute("SELECT node_id, name_en, tier_order FROM dim_chain_node "
                    "WHERE chain_id = 'rail'").df(), on="node_id")
    edges = con.execute("SELECT src_node_id, dst_node_id FROM fct_chain_edge "
                        "WHERE chain_id = 'rail'").df()
    layout = chain_layout(coverage, edges)
    assert diagram_crossings(layout, edges) * 3 < diagram_crossings(naive(layout), edges)


def test_legend_wraps_inside_a_narrow_canvas():
    svg = chain_svg(toy_diagram(), "Toy", lang="en")
    root = ET.fromstring(svg)
    width = float(root.get("width"))
    swatches = [r for r in root.iter(f"{SVG}rect") if r.get("height") == "18"]
    assert len(swatches) == 5
    assert len({r.get("y") for r in swatches}) == 3  # the English legend needs three rows
    assert all(float(r.get("x")) + 300 < width for r in swatches)
    texts = "".join(root.itertext())
    assert "+4 more" in texts  # the strong node lists 2 of its 6 firms


def test_diagram_names_the_firms_it_lists_in_english_where_known(con):
    from chainmap.render.diagram import query_chain_diagram

    nodes = query_chain_diagram(con, "rail", "500000")["nodes"]
    pairs = {(zh, en) for n in nodes for zh, en in zip(n["firms"], n["firms_en"], strict=True)}
    assert ("重庆长客", "CRRC Changchun (Chongqing)") in pairs


def test_unknown_is_grey_dotted_and_the_legend_defines_it():
    coverage = toy_coverage()
    coverage.loc[coverage["node_id"] == "t.u1", "status"] = "unknown"
    coverage["status_basis"] = [None] * len(coverage)
    coverage.loc[coverage["node_id"] == "t.m2", "status_basis"] = "plan"
    diagram = diagram_from_layout(chain_layout(coverage, TOY_EDGES), TOY_EDGES, None,
                                  chain="t", chain_name="玩具链", chain_name_en="Toy chain",
                                  region="500000", region_name="重庆市",
                                  thresholds={"weak_max": 1, "strong_min": 5})
    grey, red = STATUS_COLOURS["unknown"], STATUS_COLOURS["missing"]
    assert grey.stroke != red.stroke and grey.fill != "#ffffff"  # not the missing red box
    for lang, words in (("zh", "未覆盖：已加载的数据未覆盖本地区此环节，不能判断是否缺失"),
                        ("en", "No data: the loaded data do not cover this node here, so it "
                               "cannot be called missing")):
        root = ET.fromstring(chain_svg(diagram, "Toy", lang=lang))
        texts = [t.text for t in root.iter(f"{SVG}text")]
        assert words in texts  # the legend entry and its definition
        box = next(g for g in root.iter(f"{SVG}g") if g.get("data-node") == "t.u1")
        assert "status-unknown" in box.get("class")
        rect = box.find(f"{SVG}rect")
        assert (rect.get("fill"), rect.get("stroke")) == (grey.fill, grey.stroke)
        assert rect.get("stroke-dasharray")  # dotted, not solid
        swatch = [r for r in root.iter(f"{SVG}rect") if r.get("height") == "18"
                  and r.get("fill") == grey.fill]
        assert len(swatch) == 1
        why = next(g for g in root.iter(f"{SVG}g") if g.get("data-node") == "t.m2")
        assert ("行动计划提出引进" if lang == "zh" else "the plan seeks") in why.find(
            f"{SVG}title").text


def test_the_diagram_says_which_sources_cover_the_region(con):
    diagram = query_chain_diagram(con, "rail", "500000")
    assert diagram["data_coverage"]["region"] == "500000"
    root = ET.fromstring(chain_svg(diagram, "rail"))
    line = " ".join(t.text for t in root.iter(f"{SVG}text") if t.get("class") == "data-coverage")
    assert line.startswith("数据覆盖 · 重庆市：") and "行动计划" in line and "非全量" in line
    statuses = {n["node_id"]: (n["status"], n["status_basis"]) for n in diagram["nodes"]}
    assert statuses["rail.signalling"] == ("missing", "plan")
    assert "unknown" in {s for s, _ in statuses.values()}


def test_long_names_are_set_smaller_or_wrapped_never_cut():
    long_en = "Off-road application (agricultural, construction and non-road mobile machinery)"
    coverage = toy_coverage()
    coverage.loc[coverage["node_id"] == "t.u1", "name_en"] = long_en
    coverage.loc[coverage["node_id"] == "t.u2", "name_en"] = "Bogies"
    diagram = diagram_from_layout(chain_layout(coverage, TOY_EDGES), TOY_EDGES,
                                  thresholds={"weak_max": 1, "strong_min": 5})
    root = ET.fromstring(chain_svg(diagram, "Toy", lang="en"))
    boxes = {g.get("data-node"): g for g in root.iter(f"{SVG}g") if g.get("data-node")}
    long_lines = [t for t in boxes["t.u1"].iter(f"{SVG}text") if t.get("class") == "name"]
    short = [t for t in boxes["t.u2"].iter(f"{SVG}text") if t.get("class") == "name"]
    assert " ".join(t.text for t in long_lines) == long_en  # every word, by words, no "…"
    assert {t.get("font-size") for t in long_lines} == {"11"} and len(long_lines) == 4
    assert [(t.text, t.get("font-size")) for t in short] == [("Bogies", "13")]
    heights = {float(g.find(f"{SVG}rect").get("height")) for g in boxes.values()}
    assert len(heights) == 1  # one box height, tall enough for the four lines
    assert heights.pop() >= 4 * 15 + 20


def test_firms_under_a_name_drop_the_legal_form_and_are_not_cut():
    long_firm = "Sichuan Dahong Agriculture & Animal Husbandry Machinery Co., Ltd."
    coverage = toy_coverage()
    diagram = diagram_from_layout(chain_layout(coverage, TOY_EDGES), TOY_EDGES,
                                  {"企业t.u20": long_firm},
                                  thresholds={"weak_max": 1, "strong_min": 5})
    root = ET.fromstring(chain_svg(diagram, "Toy", lang="en"))
    box = next(g for g in root.iter(f"{SVG}g") if g.get("data-node") == "t.u2")
    firms = [t.text for t in box.iter(f"{SVG}text") if t.get("class") == "firms"]
    assert " ".join(firms) == "Sichuan Dahong Agriculture & Animal Husbandry Machinery"
    assert 1 < len(firms) <= 3  # wrapped by words
    assert long_firm in box.find(f"{SVG}title").text  # the whole name on hover


def test_the_legend_says_what_marginal_evidence_is_and_tiers_are_marked():
    for lang, words in (("zh", "边缘证据：置信度低于 0.5 的企业—环节归属"),
                        ("en", "Marginal evidence: a firm–node assignment with confidence "
                               "below 0.5")):
        root = ET.fromstring(chain_svg(toy_diagram(), "Toy", lang=lang))
        notes = " ".join(t.text for t in root.iter(f"{SVG}text")
                         if t.get("class") == "legend-note")
        assert words in notes
        tiers = [r.get("data-tier") for r in root.iter(f"{SVG}rect") if r.get("class") == "tier"]
        assert tiers == ["上游", "中游", "下游"]


def test_a_page_can_leave_the_coverage_lines_out(con):
    diagram = query_chain_diagram(con, "rail", "500000")
    with_lines = ET.fromstring(chain_svg(diagram, "rail"))
    without = ET.fromstring(chain_svg(diagram, "rail", with_coverage=False))
    kinds = [[t.get("class") for t in root.iter(f"{SVG}text")] for root in (with_lines, without)]
    assert "data-coverage" in kinds[0] and "data-coverage" not in kinds[1]
    assert float(without.get("height")) < float(with_lines.get("height"))
