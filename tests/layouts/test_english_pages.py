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
    assert panel[0].children == "Jiangjin District (Chongqing High-tech Zone)"
    missing = panel[2].children[1]
    assert missing and chinese([missing]) == []
    liangjiang = pages["map"].district_panel("500105", None, "en")[0].children
    assert liangjiang == "Jiangbei District (Liangjiang New Area)"
    assert pages["map"].district_panel("500116", "rail", "zh")[0].children == "江津区（重庆高新区）"


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
