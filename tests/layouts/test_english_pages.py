"""English mode names places, nodes, tiers, labels and reasons in English; what is data
(firm names, quoted evidence) stays as written, and Chinese mode is as before."""

from __future__ import annotations

from html import unescape

import pytest

from tests.layouts.components import app_on, chinese, find, walk

CQ_DISTRICT_LABELS = {"Jiangjin", "Banan", "Yubei", "Xiushan", "Zhongxian"}


@pytest.fixture(scope="module")
def pages(built_settings):
    with app_on(built_settings):
        from layouts import _map_view, map, overview, targets

        yield {"map": map, "overview": overview, "targets": targets, "map_view": _map_view}


def test_targets_in_english(pages):
    page = pages["targets"].layout(chain="rail", lang="en")
    gap_rows = find(page, "gap-table").children[1].children
    nodes = [row.children[1].children for row in gap_rows]
    tiers = {row.children[2].children for row in gap_rows}
    assert nodes and chinese(nodes) == [] and tiers <= {"upstream", "midstream", "downstream"}
    cards = find(page, "target-list").children
    reasons = [li.children for li in cards[0].children[2].children]
    assert reasons[0].startswith("Fills the node “")
    assert any(r.startswith("Distance: about ") for r in reasons)
    # only data stays Chinese: the firm's name, a quoted evidence text, leaders' names
    assert all(not chinese([r]) or r.startswith(("Node match:", "Tied to local"))
               for r in reasons)
    assert find(page, "targets-region").options[0]["label"] == "Chongqing"
    zh = pages["targets"].layout(chain="rail")
    assert find(zh, "gap-table").children[1].children[0].children[2].children == "上游"
    assert find(zh, "target-list").children[0].children[2].children[0].children.startswith("填补")


def test_district_panel_in_english(pages):
    panel = pages["map"].district_panel("500116", "rail", "en")
    # a zone takes in part of a district (issue #17: "江津区（重庆高新区）" read as if 江津
    # were inside the zone): the part is said under the name, as region_zone_member has it
    assert panel[0].children == "Jiangjin District"
    assert find(panel, "district-zones").children == \
        "partly in Chongqing High-tech Zone (extension park)"
    missing = find(panel, "district-missing").children[-1]  # the nodes' names
    assert "Signalling" in missing and chinese([missing]) == []
    liangjiang = pages["map"].district_panel("500105", None, "en")
    assert liangjiang[0].children == "Jiangbei District"
    assert find(liangjiang, "district-zones").children == "partly in Liangjiang New Area"
    zh = pages["map"].district_panel("500116", "rail", "zh")
    assert zh[0].children == "江津区"
    assert find(zh, "district-zones").children == "部分区域属重庆高新区（拓展园）"
    # no distance is a number it is not: the suppliers say how far from 江津区, in km
    suppliers = [li.children for li in find(panel, "district-suppliers").children]
    assert suppliers and all("nan" not in s for s in suppliers)
    assert any("about 758 km from Jiangjin District (measured to Zhuzhou: only the city "
               "is known)" in s for s in suppliers)


def test_map_labels_and_lists_in_english(pages):
    page = pages["map"].layout(lang="en")
    labels = {unescape(c.iconOptions["html"]) for c in walk(page)
              if getattr(c, "iconOptions", None) and "district-label" in
              c.iconOptions.get("className", "")}
    assert labels >= CQ_DISTRICT_LABELS and chinese(list(labels)) == []
    lists = [c for c in walk(page) if getattr(c, "className", None) == "firm-list"]
    heads = [li.children[0].children for ul in lists for li in ul.children]
    assert any(h.startswith("Liangjiang New Area (") for h in heads)
    assert chinese(heads) == []
    zh = pages["map"].layout()
    assert "江津区" in {c.iconOptions["html"] for c in walk(zh)
                       if getattr(c, "iconOptions", None)}


def test_overview_in_english(pages):
    page = pages["overview"].layout(lang="en")
    gaps = find(page, "biggest-gaps").children
    words = [x for li in gaps for x in li.children if isinstance(x, str)]
    assert gaps and chinese(words) == []
    regions = [o["label"] for o in find(page, "overview-region").options]
    assert regions[:2] == ["Chongqing", "Chengdu–Chongqing economic circle"]
    assert "Liangjiang New Area (zone)" in regions and chinese(regions) == []
    heat = next(c for c in walk(page) if getattr(c, "figure", None) is not None
                and c.figure.data and c.figure.data[0].type == "heatmap").figure
    assert "Jiangjin District" in heat.data[0].x and chinese(list(heat.data[0].x)) == []
    targets = [c.children for c in walk(page) if getattr(c, "children", None) == "> 300 bn yuan"]
    assert targets


def test_firm_detail_in_english(pages):
    from layouts import firms

    detail = firms.firm_detail("cq_crrc_cc", "en")
    rows = [[td.children for td in tr.children] for tr in detail[-1].children[1].children]
    values = {row[0]: row[1] for row in rows}
    assert values["Chain"] == "Rail transit equipment (relied on)"  # the plan's 依托
    assert "Jiangbei District (district)" in [row[1] for row in rows]
    assert detail[0].id == "firm-detail-name" and chinese([detail[0].children]) == []
    zh = firms.firm_detail("cq_crrc_cc", "zh")
    assert "轨道交通装备（依托）" in [tr.children[1].children for tr in zh[-1].children[1].children]


def test_exports_in_english(built_settings):
    import pandas as pd

    from chainmap.db import connect
    from chainmap.geo.places import with_firm_names_en
    from chainmap.geo.queries import query_map_layers
    from chainmap.queries import query_place_names_en
    from chainmap.render.bundle import targets_table_html
    from chainmap.render.html_map import offline_map_html
    from chainmap.reports import run_report

    with connect(built_settings.db_path) as con:
        places = query_place_names_en(con)
        layers = query_map_layers(con, "rail")
        page = offline_map_html(with_firm_names_en(con, layers), "Rail", "en", places=places)
        zh_page = offline_map_html(layers, "轨道", "zh")
        rows = pd.DataFrame(run_report(con, "targets", "rail", "500000").data)
    assert "Jiangjin District" in page and "江津区" not in page
    # firms are called by their English names where their source gives one
    assert "CRRC Changchun (Chongqing)" in page and "重庆长客" not in page
    assert "重庆长客" in zh_page and "CRRC Changchun" not in zh_page
    table = targets_table_html(rows, "en", places)
    assert "<td>China Railway Signal &amp; Communication (CRSC)</td>" in table
    assert "<td>中国通号</td>" in targets_table_html(rows, "zh")
    assert "Traction systems" in table and "<td>Zhuzhou</td>" in table
    assert "Labels: " in table and "<td>牵引系统" not in table and "标签" not in table
    assert "牵引系统" in targets_table_html(rows, "zh")


def test_present_targets_file_and_progress_notes_in_english(built_settings, tmp_path):
    from chainmap.analytics.progress import plan_progress
    from chainmap.db import connect
    from chainmap.views.present import write_step_file

    with connect(built_settings.db_path) as con:
        en = write_step_file(con, "targets", "rail", "500000", "html", tmp_path / "t.html",
                             "en").read_text("utf-8")
        zh = write_step_file(con, "targets", "rail", "500000", "html", tmp_path / "z.html",
                             "zh").read_text("utf-8")
        rows = plan_progress(con)
    assert "Rail transit equipment" in en and "Chongqing" in en and "Traction systems" in en
    assert "补链招商" not in en and "<td>牵引系统" not in en and '<html lang="en">' in en
    assert "补链招商目标清单 · 轨道交通装备 · 重庆市" in zh and "牵引系统" in zh
    notes = [r.get("note_en") or "" for r in rows] + [r.get("note") or "" for r in rows]
    assert all("nan" not in n for n in notes)
    assert any(n.startswith("needs the statistics bureau") for n in notes)


def test_targets_download_notes_name_the_region_in_the_page_language(pages):
    import base64
    import io

    from openpyxl import load_workbook

    for lang, sheet, expected in (("en", "Notes", "Sichuan Province (510000)"),
                                  ("zh", "说明", "四川省（510000）")):
        sent = pages["targets"].targets_download("rail", "510000", lang)
        book = load_workbook(io.BytesIO(base64.b64decode(sent["content"])))
        assert book[sheet]["B3"].value == expected


def _markers(page, kind: str) -> list[str]:
    return [unescape(c.iconOptions["html"]) for c in walk(page)
            if getattr(c, "iconOptions", None) and kind in c.iconOptions.get("className", "")]


def test_firms_with_an_english_name_are_called_by_it_in_english(pages):
    """A firm whose source gives an English name (data/plan/firms.csv name_en) is called by
    it in English: map stars and groups, the district panel, the node panel, the target
    cards. A firm without one keeps its registered name; Chinese mode is as before."""
    from layouts import chain

    leaders = _markers(pages["map"].layout(chain="rail", lang="en"), "leader-marker")
    assert "★ CRRC Changchun (Chongqing)" in leaders and chinese(leaders) == []
    assert "★ 重庆长客" in _markers(pages["map"].layout(chain="rail"), "leader-marker")
    from layouts import present  # the present page draws the same map
    assert "★ CRRC Changchun (Chongqing)" in _markers(
        present.step_view("map", "rail", "500000", "en"), "leader-marker")
    panel = pages["map"].district_panel("500105", "rail", "en")  # 江北区: 重庆长客
    assert "CRRC Changchun (Chongqing)" in find(panel, "district-firms").children[1]
    assert "重庆长客" in find(pages["map"].district_panel("500105", "rail", "zh"),
                          "district-firms").children[1]
    node = chain.node_view("rail", "500000", "rail.vehicle", "en")
    names = [li.children[0].children for li in find(node, "node-firms-local").children
             if isinstance(li.children, list)]
    assert "★ CRRC Changchun (Chongqing)" in names
    cards = find(pages["targets"].layout(chain="rail", lang="en"), "target-list").children
    heads = [card.children[0].children[1].children for card in cards]
    assert "China Railway Signal & Communication (CRSC)" in heads
    # the reasons name the local chain leaders by their English names too
    ties = [li.children for card in cards for li in card.children[2].children
            if li.children.startswith("Tied to local chain leaders")]
    assert ties and any("CRRC Changchun (Chongqing)" in x for x in ties) and chinese(ties) == []
    zh = find(pages["targets"].layout(chain="rail"), "target-list").children
    assert "中国通号" in [card.children[0].children[1].children for card in zh]
    # the gap table's marginal firms too
    gaps = find(pages["targets"].layout(chain="rail", lang="en"), "gap-table")
    marginal = " ".join(row.children[4].children for row in gaps.children[1].children)
    assert "Chongqing Gearbox" in marginal and "重庆齿轮箱" not in marginal
    zh_rows = find(pages["targets"].layout(chain="rail"), "gap-table").children[1].children
    assert "重庆齿轮箱" in " ".join(row.children[4].children for row in zh_rows)


def test_a_target_without_an_english_name_keeps_its_name_in_english_files():
    """Through a DataFrame a missing English name is NaN (pandas' text dtype), not None: the
    firm keeps its registered name, never "nan"."""
    import pandas as pd

    from chainmap.render.bundle import targets_table_html
    from chainmap.text.captions import firm_caption

    row = {"node_name": "牵引系统", "node_name_en": "Traction systems", "node_status": "missing",
           "firm_name": "某某轨道科技有限公司", "score": 50.0, "region_name": None,
           "reasons": ["x"], "reasons_en": ["y"]}
    frame = pd.DataFrame([row | {"firm_name_en": None},
                          row | {"firm_name": "中国通号", "firm_name_en": "CRSC"}])
    assert frame["firm_name_en"].isna().iloc[0]
    table = targets_table_html(frame, "en")
    assert "<td>某某轨道科技有限公司</td>" in table and "<td>CRSC</td>" in table
    assert "nan" not in table
    assert firm_caption({"firm_name": "甲", "firm_name_en": float("nan")}, "en") == "甲"
    assert firm_caption({"firm_name": "甲", "firm_name_en": "A"}, "zh") == "甲"


def test_no_targets_says_why(pages, monkeypatch):
    """With a registry's local firms on every node there is no gap, hence no target: the
    page says so instead of asking for an import that was made (seen at 1M in Chromium)."""
    targets = pages["targets"]
    assert targets.target_cards([], "zh", [])[0].children == \
        "没有需要补链的环节，因此暂无招商目标（见左侧）。"
    assert targets.target_cards([], "en", [{"node_id": "x"}])[0].children.startswith(
        "No outside candidates yet")
    # only nodes the data do not cover: no known gap, and a registry would tell
    assert targets.target_cards([], "en", [{"node_id": "x", "status": "unknown"}])[
        0].children.startswith("No node is known to be missing or weak, so there are no "
                               "targets; 1 nodes are not covered")
    # a report that finds no gap (memoised under this function's own name)
    monkeypatch.setattr(targets, "report_rows", lambda con, kind, chain, region: [])
    page = targets.layout(chain="rail", lang="en")
    assert find(page, "no-gaps").children.startswith("No missing or weak nodes")
    assert find(page, "no-targets").children.startswith("No node needs filling")
    assert find(targets.layout(chain="rail"), "no-gaps").children.startswith("该区域这条产业链")


def test_long_firm_lists_fold_under_their_place(pages):
    """A registry's twenty names in each of 38 districts fold under each district's heading;
    the plan's short lists stay open."""
    view = pages["map_view"]
    groups = [{"name": f"区{i}", "count": 394, "more": 374,
               "firms": [{"name": f"企业{i}-{j}"} for j in range(20)]} for i in range(4)]
    items = view._firm_list(groups, "zh")
    summary, names = items[0].children.children
    assert summary.children.children == "区0（394）" and names.startswith("企业0-0、")
    assert view._firm_list(groups[:1], "en")[0].children[0].children == "区0 (394): "
    assert view._firm_list([{**groups[0], "count": 1394}] * 4, "en")[0].children.children[
        0].children.children == "区0 (1,394)"
