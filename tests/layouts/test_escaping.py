"""Names drawn as markup by the pages (the chain diagram's SVG, Leaflet div icons and
tooltips) are escaped; file names built from request values cannot leave their folder."""

from __future__ import annotations

import re

import pytest

from chainmap_web import state as _state
from tests.hostile import IMG, SCRIPT
from tests.layouts.components import app_on, find


@pytest.fixture()
def hostile_state(hostile_settings):
    """The pages read the hostile database (an app exists: pages register on import)."""
    with app_on(hostile_settings):
        yield hostile_settings


def test_the_chain_page_svg_holds_hostile_names_as_text(hostile_state):
    import xml.etree.ElementTree as ET

    from layouts import chain

    page = chain.layout(chain="rail", region="500000", node="rail.vehicle")
    markup = find(page, "chain-svg").data
    assert "<img" not in markup and "<script" not in markup
    root = ET.fromstring(markup)  # an unescaped name would break the XML or add an element
    tags = {el.tag.split("}")[1] for el in root.iter()}
    assert tags <= {"svg", "g", "rect", "path", "text", "tspan", "title", "defs", "marker"}
    assert not [a for el in root.iter() for a in el.attrib if a.startswith("on")]
    tips = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}title"))
    assert IMG in tips and SCRIPT in tips  # the hostile firms, read back as text
    assert find(page, "chain-selected").data == "rail.vehicle"


def test_map_div_icons_and_tooltips_hold_no_markup_from_names(hostile_state):
    from chainmap.geo.queries import query_map_layers
    from layouts._map_view import map_layers

    data = _state.cached(query_map_layers, "rail", None, "firms", True)
    layers = map_layers(data, "zh")
    icons = [layer.iconOptions["html"] for layer in layers if hasattr(layer, "iconOptions")]
    assert any("&lt;img src=x" in html for html in icons)  # the hostile leader is drawn
    for html in icons:  # a led-off district name's own line and span are the only markup
        assert "<" not in re.sub(r"</?(svg|line|circle|span)( [^<>]*)?>", "", html)
    tooltips = [f["properties"]["tooltip"] for f in data["districts"]["features"]]
    assert tooltips and all("<" not in t for t in tooltips)


def test_present_exports_keep_request_values_out_of_paths(hostile_state, tmp_path,
                                                          monkeypatch):
    import tempfile

    from layouts.present import export_file

    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    sent = export_file("map", "html", "rail", "/../../../escaped", "zh")  # region: unused
    assert "/" not in sent["filename"] and not sent["filename"].startswith(".")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []  # nothing left anywhere


def test_targets_download_name_is_a_safe_file_name(hostile_state):
    from layouts.targets import targets_download

    sent = targets_download("rail", "500000")
    assert sent["filename"] == "chainmap-招商清单-rail-500000.xlsx"
