"""What the shipped registry adds to the pages: the map's legend does not call a district
without a known firm empty, the import page names the name-history reasons and method."""

from __future__ import annotations

import pytest

from chainmap.text.catalogue import REVIEW_REASONS
from tests.layouts.components import app_on, chinese, visible_texts


@pytest.fixture(scope="module")
def pages(built_settings):
    with app_on(built_settings):
        from layouts import _import_view, _map_view

        yield {"map_view": _map_view, "import_view": _import_view}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_firm_count_legend_says_none_known_not_zero(pages, lang):
    data = pages["map_view"].map_data("rail", lang)
    legend = visible_texts(pages["map_view"]._choropleth_legend(data, lang))
    first = "无已知企业" if lang == "zh" else "none known"
    assert first in legend and "0" not in legend
    assert any(("不等于没有企业" if lang == "zh" else "is not none") in x for x in legend)
    if lang == "en":
        assert chinese(legend) == []
    lq = pages["map_view"].map_data("rail", lang, "lq")
    assert "0" in visible_texts(pages["map_view"]._choropleth_legend(lq, lang))


def test_name_history_reasons_and_method_in_both_languages(pages):
    imports = pages["import_view"]
    reasons = REVIEW_REASONS  # the one text catalogue's table (the page shows them from it)
    for reason in ("name contains a known short name (name history?)",
                   "former name matches another province's firm",
                   "former name matches a known firm's name core, same province"):
        zh, en = reasons[reason]
        assert chinese([zh]) and en == reason
    assert imports.shown_names("zh")["match_method"]["former_name"] == "曾用名"
    assert imports.shown_names("en")["match_method"]["former_name"] == "former name"


def test_the_map_filters_by_a_label(pages, built_settings):
    from chainmap.db import connect
    from tests.layouts.components import find

    view = pages["map_view"]
    page = view.map_page(label="绿色工厂")
    assert find(page, "map-label").value == "绿色工厂"
    assert "绿色工厂" in "".join(visible_texts(find(page, "map-label-note")))
    assert find(view.map_page(label="no such label"), "map-label").value == ""
    green = view.map_data(None, "zh", label="绿色工厂")
    every = view.map_data(None, "zh")
    with connect(built_settings.db_path) as con:
        labelled = {r[0] for r in con.execute(
            "SELECT firm_id FROM firm_label WHERE label = '绿色工厂'").fetchall()}
    drawn = {f["firm_id"] for part in ("placed", "unplaced") for g in green["groups"][part]
             for f in g["firms"]}
    assert drawn and drawn <= labelled
    counts = {f["id"]: f["properties"]["firms"] for f in green["districts"]["features"]}
    totals = {f["id"]: f["properties"]["firms"] for f in every["districts"]["features"]}
    assert all(counts[d] <= totals[d] for d in counts) and sum(counts.values()) < sum(
        totals.values())
    english = view.map_page(label="绿色工厂", lang="en")
    assert "green factory" in "".join(visible_texts(find(english, "map-label-note")))
