"""No page shows "nan" (issue #17: a district panel printed "约 nan km" for a firm known only
at city level): every text a page renders — children, labels, tooltips, a figure's hover
texts — is read for every chain in each kind of region and every region for one chain, every
district panel of every chain and every node panel, in both languages.

The pages are drawn in process (their layout functions and the panels' view functions), so
the matrix takes a few minutes; the browser tests look at a sample in Chromium.
"""

from __future__ import annotations

import json
import re

import plotly.io.json as pio_json
import pytest

from tests.layouts.components import app_on

# a missing value printed as text: pandas/numpy's nan and NaT, pandas' <NA>, an infinite
# number, JavaScript's undefined; "None" only where it stands for a number ("None km")
MISSING = re.compile(r"(?<![A-Za-z])(nan|NaN|NaT|<NA>|inf|Infinity|undefined)(?![A-Za-z])"
                     r"|None\s*(km|公里|%)")


def strings(component) -> list[str]:
    """Every text value in a rendered layout (numbers in figures are not text)."""
    out: list[str] = []

    def visit(value) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                visit(v)
        elif isinstance(value, list):
            for v in value:
                visit(v)

    visit(json.loads(pio_json.to_json_plotly(component)))
    return out


def missing_in(component) -> list[str]:
    return [s[:120] for s in strings(component) if MISSING.search(s)]


@pytest.fixture(scope="module")
def app(built_settings):
    with app_on(built_settings):
        from chainmap.db import connect

        with connect(built_settings.db_path) as con:
            ids = {
                "chain": [r[0] for r in con.execute(
                    "SELECT chain_id FROM dim_chain ORDER BY chain_id").fetchall()],
                "node": con.execute(
                    "SELECT chain_id, node_id FROM dim_chain_node ORDER BY node_id").fetchall(),
                "district": [r[0] for r in con.execute(
                    "SELECT region_id FROM dim_region WHERE province_id = '500000' "
                    "AND level = 'district' ORDER BY region_id").fetchall()]}
        from layouts import _components

        ids["region"] = [rid for rid, _name, _group in
                         _components._state.cached(_components.query_region_options)]
        yield ids


def test_the_matrix_is_the_shipped_data(app):
    assert len(app["chain"]) >= 10 and len(app["region"]) >= 40 and len(app["district"]) >= 30
    assert {"500000", "chengyu"} <= set(app["region"])


def test_the_check_sees_a_missing_value():
    from dash import html

    assert missing_in(html.Div([html.P("约 nan km"), html.Span(title="None km")]))
    assert not missing_in(html.Div([html.P("Nanchong 南充 · financial · 约 654 km")]))


def _pairs(app) -> list[tuple[str, str]]:
    """Every chain in the kinds of region (Chongqing, 成渝, a zone, a district, a Sichuan
    city) and every region for the rail chain: the formatting of a missing value does not
    depend on which district it is (drawing all 12 × 65 pairs takes half an hour)."""
    kinds = ["500000", "chengyu", "Z500001", "500116", "500106", "510100", "510600"]
    pairs = {(c, r) for c in app["chain"] for r in kinds if r in app["region"]}
    pairs |= {("rail", r) for r in app["region"]}
    return sorted(pairs)


def test_no_chain_or_targets_page_of_any_chain_and_region_shows_nan(app):
    from layouts import chain, targets

    found = {}
    for chain_id, region in _pairs(app):
        for name, page in (("chain", chain), ("targets", targets)):
            bad = missing_in(page.layout(chain=chain_id, region=region))
            if bad:
                found[(name, chain_id, region)] = bad
    assert not found, found


def test_no_overview_map_firms_or_present_page_shows_nan(app):
    from layouts import firms, map, overview, present

    found = {}
    for lang in ("zh", "en"):
        for region in app["region"]:
            bad = missing_in(overview.layout(region=region, lang=lang))
            if bad:
                found[("overview", region, lang)] = bad
        for chain_id in ["", *app["chain"]]:
            for name, page in (("map", map.layout(chain=chain_id, lang=lang)),
                               ("firms", firms.layout(chain=chain_id, lang=lang))):
                bad = missing_in(page)
                if bad:
                    found[(name, chain_id, lang)] = bad
        for chain_id in app["chain"]:
            for step in ("map", "chain", "targets"):
                bad = missing_in(present.layout(chain=chain_id, step=step, lang=lang))
                if bad:
                    found[("present", chain_id, step, lang)] = bad
    assert not found, found


def test_no_district_panel_shows_nan(app):
    from layouts import map

    found = {}
    for lang in ("zh", "en"):  # English words the same values: three chains suffice
        for chain_id in ["", *app["chain"]] if lang == "zh" else ["", "rail", "cnc"]:
            for adcode in app["district"]:
                bad = missing_in(map.district_panel(adcode, chain_id or None, lang))
                if bad:
                    found[(chain_id, adcode, lang)] = bad
    assert not found, found


def test_no_node_panel_shows_nan(app):
    from layouts import chain

    found = {}
    for lang in ("zh", "en"):
        for region in ("500000", "chengyu") if lang == "zh" else ("500000",):
            for chain_id, node in app["node"]:
                bad = missing_in(chain.layout(chain=chain_id, region=region, node=node,
                                              lang=lang))
                if bad:
                    found[(node, region, lang)] = bad
    assert not found, found
