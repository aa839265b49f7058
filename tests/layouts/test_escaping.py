"""Names drawn as HTML by the pages (plotly labels, Leaflet div icons and tooltips) are
escaped; file names built from request values cannot leave their folder."""

from __future__ import annotations

import pytest

from layouts import _state
from layouts._chain_view import chain_figure, short_label
from tests.layouts.components import app_on

HOSTILE_NODE = '<img src=x onerror=alert(1)><b>"粗"</b>'


@pytest.fixture()
def hostile_state(hostile_settings):
    """The pages read the hostile database (an app exists: pages register on import)."""
    with app_on(hostile_settings):
        yield hostile_settings


def test_short_labels_escape_markup_but_keep_their_line_break():
    assert short_label("<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
    label = short_label("<img src=x onerror=alert(1)>")
    assert label.count("<br>") == 1 and "<img" not in label and "&lt;img" in label


def test_the_chain_figure_escapes_node_names_in_annotations_and_hover():
    node = {"node_id": "n1", "name": HOSTILE_NODE, "name_en": HOSTILE_NODE, "status": "missing",
            "firm_count": 0, "marginal_count": 0, "x": 0, "y": 0}
    diagram = {"nodes": [node], "edges": [], "columns": 1, "height": 1,
               "tiers": [{"tier": "<i>上游</i>", "x_min": 0, "x_max": 0}]}
    fig = chain_figure(diagram, "zh")
    texts = [a.text for a in fig.layout.annotations]
    hover = [h for trace in fig.data if trace.hovertext for h in trace.hovertext]
    for text in texts + hover:
        assert "<img" not in text and "<i>" not in text and "<b>\"" not in text
    assert any("&lt;img" in t for t in texts) and "&lt;img" in hover[0]
    assert '"粗"' in hover[0]  # quotes stay readable: plotly does not decode &quot;


def test_map_div_icons_and_tooltips_hold_no_markup_from_names(hostile_state):
    from chainmap.geo import query_map_layers
    from layouts._map_view import map_layers

    data = _state.cached(query_map_layers, "rail", None, "firms", True)
    layers = map_layers(data, "zh")
    icons = [layer.iconOptions["html"] for layer in layers if hasattr(layer, "iconOptions")]
    assert any("&lt;img src=x" in html for html in icons)  # the hostile leader is drawn
    for html in icons:
        assert "<" not in html
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
