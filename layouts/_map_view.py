"""Builders for the cluster map: plain functions from library data to Dash components."""

from __future__ import annotations

import dash_leaflet as dl
from dash import dcc, html

from chainmap.geo import query_map_layers
from chainmap.queries import query_chains
from layouts import _state
from layouts._i18n import t

__all__ = ["CLUSTER_COLOURS", "map_layers", "map_page", "side_panel"]

CLUSTER_COLOURS = ["#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2"]


def _label(feature: dict) -> dl.DivMarker:
    p = feature["properties"]
    return dl.DivMarker(
        position=[p["label_lat"], p["label_lon"]],
        iconOptions={"className": "district-label", "html": p["name"],
                     "iconSize": [64, 16], "iconAnchor": [32, 20]},
        id={"type": "district-label", "id": p["region_id"]},
    )


def _group_marker(group: dict, lang: str) -> dl.CircleMarker:
    names = "、".join(f["name"] for f in group["firms"])
    colour = "#b35806" if group["precision"] == "zone" else "#0b3d91"
    return dl.CircleMarker(
        center=[group["lat"], group["lon"]], radius=7 + 3 * group["count"] ** 0.5,
        color="#ffffff", weight=2, fillColor=colour, fillOpacity=0.85,
        children=[dl.Tooltip(f"{group['name']} · {group['count']} {t('firm_unit', lang)}："
                             f"{names}")],
        id={"type": "firm-group", "id": group["region_id"]},
    )


def map_layers(data: dict, lang: str) -> list:
    outlines = []
    for i, feature in enumerate(data["clusters"]["features"]):
        colour = CLUSTER_COLOURS[i % len(CLUSTER_COLOURS)]
        dashed = feature["properties"]["approximate"]
        outlines.append(dl.GeoJSON(
            data={"type": "FeatureCollection", "features": [feature]},
            style={"color": colour, "weight": 3, "fillColor": colour, "fillOpacity": 0.12,
                   "dashArray": "8 6" if dashed else None},
            id={"type": "cluster-outline", "id": feature["id"]}))
    markers = [_group_marker(g, lang) for g in data["groups"]["placed"]]
    return [
        dl.Pane(name="firm-groups", style={"zIndex": 450}, children=markers),
        dl.GeoJSON(data=data["districts"], id="district-layer",
                   style={"color": "#7a7a7a", "weight": 1, "fillColor": "#f4f1ea",
                          "fillOpacity": 1},
                   hoverStyle={"weight": 2.5, "color": "#333"}),
        *outlines,
        *[_label(f) for f in data["districts"]["features"] if f["properties"]["show_label"]],
    ]


def _firm_list(groups: list[dict], lang: str) -> list:
    items = []
    for g in groups:
        where = g["name"] or t("firms_unknown", lang)
        names = "、".join(f["name"] for f in g["firms"])
        items.append(html.Li([html.B(f"{where}（{g['count']}）："), names]))
    return items


def side_panel(data: dict, lang: str) -> list:
    legend = []
    for i, feature in enumerate(data["clusters"]["features"]):
        p = feature["properties"]
        colour = CLUSTER_COLOURS[i % len(CLUSTER_COLOURS)]
        legend.append(html.Li([
            html.Span(className="swatch", style={"background": colour}),
            p["name_en"] if lang == "en" else p["name_zh"],
        ], title=f"{t('source', lang)}：{p['evidence']}"))
    placed = data["groups"]["placed"]
    unplaced = data["groups"]["unplaced"]
    return [
        html.H3(t("clusters", lang)), html.Ul(legend, className="legend"),
        html.P(t("zone_approx", lang), className="note"),
        html.H3(f"{t('firms_district', lang)} / {t('firms_zone', lang)}"),
        html.Ul(_firm_list(placed, lang), className="firm-list", id="placed-list"),
        html.H3(f"{t('firms_city', lang)} / {t('firms_unknown', lang)}"),
        html.Ul(_firm_list(unplaced, lang), className="firm-list", id="unplaced-list"),
        html.P(t("precision_note", lang), className="note"),
        html.P(t("crs_note", lang), className="note"),
    ]


def map_component(data: dict, lang: str) -> dl.Map:
    return dl.Map(
        children=map_layers(data, lang), zoomSnap=0.25, zoom=7.5,
        center=[(data["bounds"][0][0] + data["bounds"][1][0]) / 2,
                (data["bounds"][0][1] + data["bounds"][1][1]) / 2],
        style={"height": "100%", "width": "100%", "background": "#dfe9f2"},
        attributionControl=False, id="cluster-map",
    )


def chain_options(lang: str) -> list[dict]:
    with _state.cursor() as con:
        chains = query_chains(con)
    label = "name_en" if lang == "en" else "name"
    return [{"label": t("all_chains", lang), "value": ""}] + [
        {"label": getattr(r, label), "value": r.id} for r in chains.itertuples()]


def map_page(chain: str = "", lang: str = "zh") -> html.Div:
    lang = "en" if lang == "en" else "zh"
    with _state.cursor() as con:
        data = query_map_layers(con, chain or None)
    return html.Div(className="map-page", children=[
        html.Div(className="toolbar", children=[
            html.Label(t("chain", lang), htmlFor="map-chain"),
            dcc.Dropdown(id="map-chain", options=chain_options(lang), value=chain or "",
                         clearable=False, style={"width": "240px"}),
        ]),
        html.Div(className="map-body", children=[
            html.Div(map_component(data, lang), className="map-pane", id="map-pane"),
            html.Aside(side_panel(data, lang), className="side-panel", id="side-panel"),
        ]),
    ])
