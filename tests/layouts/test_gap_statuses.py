"""The pages tell missing (the data say so) from unknown (no loaded source covers the node
there), in Chinese and English, on the shipped data (the plan's firms, no registry)."""

from __future__ import annotations

import pytest

from chainmap.render.palette import STATUS_COLOURS
from tests.layouts.components import app_on, chinese, find, visible_texts, walk


@pytest.fixture(scope="module")
def pages(built_settings):
    with app_on(built_settings):
        from layouts import _chain_view, chain, map, overview, targets

        yield {"chain": chain, "chain_view": _chain_view, "map": map, "overview": overview,
               "targets": targets}


def _text(component) -> str:
    return "".join(visible_texts(component))


def _class(component) -> str:
    return getattr(component, "className", None) or ""


def test_district_panel_lists_missing_and_unknown_apart(pages):
    panel = pages["map"].district_panel("500116", "rail", "zh")
    missing, unknown = find(panel, "district-missing"), find(panel, "district-unknown")
    assert "该区缺失的环节" in _text(missing) and "信号系统（列控/联锁）" in _text(missing)
    assert "数据未覆盖的环节（不能判断是否缺失）" in _text(unknown)
    assert "轴承" in _text(unknown) and "轴承" not in _text(missing)
    assert "信号系统（列控/联锁）" not in _text(unknown)
    badges = [_class(c) for c in walk(panel) if "badge" in _class(c)]
    assert badges == ["badge badge-missing", "badge badge-unknown"]
    english = pages["map"].district_panel("500116", "rail", "en")
    assert "Nodes the data do not cover here" in _text(find(english, "district-unknown"))
    assert chinese(visible_texts(find(english, "district-unknown"))) == []


def _svg(page):
    import xml.etree.ElementTree as ET

    return ET.fromstring(find(page, "chain-svg").data)


def test_chain_page_legend_defines_unknown_and_draws_it_grey(pages):
    svg_ns = "{http://www.w3.org/2000/svg}"
    page = pages["chain"].layout(chain="rail", region="500000")
    root = _svg(page)
    texts = [t.text for t in root.iter(f"{svg_ns}text")]
    assert "未覆盖：已加载的数据未覆盖本地区此环节，不能判断是否缺失" in texts
    assert _text(find(page, "chain-coverage")).startswith("数据覆盖 · 重庆市：")
    grey = STATUS_COLOURS["unknown"]
    boxes = {g.get("data-node"): g.find(f"{svg_ns}rect") for g in root.iter(f"{svg_ns}g")
             if g.get("data-node")}
    assert (boxes["rail.bearings"].get("fill"), boxes["rail.bearings"].get("stroke")) == (
        grey.fill, grey.stroke)
    assert boxes["rail.bearings"].get("stroke-dasharray")  # dotted
    assert boxes["rail.signalling"].get("fill") == STATUS_COLOURS["missing"].fill
    english = _svg(pages["chain"].layout(chain="rail", region="500000", lang="en"))
    assert "No data: the loaded data do not cover this node here, so it cannot be called " \
        "missing" in [t.text for t in english.iter(f"{svg_ns}text")]


def test_node_panel_says_why_missing_or_what_unknown_means(pages):
    _markup, _node, panel, _diagram = pages["chain"].node_view("rail", "500000",
                                                                "rail.signalling", "zh")
    assert _text(find(panel, "node-basis")) == "依据：行动计划提出引进企业补此环节"
    _markup, _node, panel, _diagram = pages["chain"].node_view("rail", "500000",
                                                                "rail.bearings", "en")
    assert _text(find(panel, "node-basis")).startswith("no data: the loaded data")


def test_overview_shows_data_coverage_and_no_unknown_among_biggest_gaps(pages):
    page = pages["overview"].layout(region="500000")
    card = find(page, "coverage-card")
    table = find(card, "coverage-table")
    cells = [c.children for c in walk(table) if getattr(c, "children", None) is not None
             and isinstance(c.children, str)]
    assert "重庆市装备制造业高质量发展行动计划（2021—2025年）" in cells and "非全量" in cells
    assert "本区域没有全量企业名录" in _text(card)
    assert "尚无" in _text(find(card, "covered-regions"))
    gaps = find(page, "biggest-gaps")
    statuses = {_class(c) for c in walk(gaps) if "badge" in _class(c)}
    assert statuses == {"badge badge-missing"}
    figure = find(page, "completeness-graph").figure
    assert [bar.name for bar in figure.data] == ["缺失", "薄弱", "具备/优势", "未覆盖"]
    sichuan = pages["overview"].layout(region="510000")  # no registry, the plan is CQ's
    assert _text(find(sichuan, "biggest-gaps")).startswith("没有可判定为缺失的环节")


def test_targets_gap_table_lists_missing_weak_then_unknown(pages):
    page = pages["targets"].layout(chain="rail", region="500000")
    rows = find(page, "gap-table").children[1].children
    statuses = [row.children[0].children.className for row in rows]
    order = {"badge badge-missing": 0, "badge badge-weak": 1, "badge badge-unknown": 2}
    assert [order[s] for s in statuses] == sorted(order[s] for s in statuses)
    assert set(statuses) == set(order)
    unknown = next(row for row in rows
                   if row.children[0].children.className == "badge badge-unknown")
    assert unknown.children[0].title.startswith("未覆盖：")
