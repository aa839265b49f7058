"""Builders for the cluster map: plain functions from library data to Dash components."""

from __future__ import annotations

import dash_leaflet as dl
from dash import dcc, html

from chainmap.geo.classes import CHOROPLETH, CHOROPLETH_EDGE, count_labels, group_radii
from chainmap.geo.places import map_label, with_firm_names_en
from chainmap.geo.queries import query_map_layers
from chainmap.queries import query_chains
from chainmap.records import LABEL_EN
from chainmap.render.map_labels import LabelSpot, StarSpot, district_label, label_icon, place_labels
from chainmap.render.palette import CLUSTER_COLOURS, DISTRICT_FILL, GROUP_COLOURS, MAP_BACKGROUND
from chainmap.selection import lang_of
from chainmap.text.captions import firm_unit_caption
from chainmap.text.sanitize import escape
from chainmap.text.ui import bracketed, t
from chainmap_web import state as _state
from chainmap_web.urls import selection_of
from layouts._components import label_options, place, place_names
from layouts.ids import Id

__all__ = ["CHOROPLETH", "map_component", "map_data", "map_layers", "map_page", "side_panel"]

NO_CLICK = {"interactive": False}
# the zooms the map opens at, from 1280×800 to 1600×1000 and more: names are laid out free
# of overlaps at each (chainmap.render.map_labels); with the 成渝 overlay the map fits Sichuan too
# the districts' shading over a base map (CHAINMAP_TILE_URL); without one it is opaque
TILED_FILL_OPACITY = 0.7
LABEL_ZOOM, CHENGYU_LABEL_ZOOM = (7.25, 7.5, 7.75, 8.0, 8.25), (6.0, 6.25, 6.5, 6.75, 7.0)


def map_name(name: str, lang: str) -> str:
    """A district's or city's label on the map (chainmap.geo.places.map_label in `lang`)."""
    return map_label(name, place_names(lang))


def _sep(lang: str) -> str:
    return ", " if lang == "en" else "、"


def _label(feature: dict, lang: str, spot: LabelSpot) -> dl.DivMarker:
    """A district's name at its spot (above its firm circle, or led off with a line)."""
    p = feature["properties"]
    return dl.DivMarker(
        position=[p["label_lat"], p["label_lon"]],
        iconOptions=label_icon(escape(district_label(p, place_names(lang))), spot),
        id={"type": Id.DISTRICT_LABEL, "id": p["region_id"]},
    )


def label_spots(data: dict, lang: str, radii: dict[str, float]
                ) -> tuple[dict[str, LabelSpot], list[StarSpot]]:
    """Every district's name spot and each leader star's (chainmap.render.map_labels)."""
    districts = [{"region_id": p["region_id"], "text": district_label(p, place_names(lang)),
                  "lon": p["label_lon"], "lat": p["label_lat"], "small": not p["show_label"],
                  "area": p.get("area", 0.0)}
                 for f in data["districts"]["features"] for p in [f["properties"]]]
    stars = [{"lon": p["lon"], "lat": p["lat"], "text": f"★ {p['firm_name']}"}
             for p in data["leaders"]]
    cities = [{"lon": p["label_lon"], "lat": p["label_lat"], "text": map_name(p["name"], lang)}
              for f in (data.get("chengyu") or {}).get("cities", {}).get("features", [])
              for p in [f["properties"]]]
    if cities:  # zoomed out to Sichuan: only the names that have room (chainmap.render.map_labels)
        return place_labels(districts, radii, stars, CHENGYU_LABEL_ZOOM, cities, crowded=True)
    return place_labels(districts, radii, stars, LABEL_ZOOM)


def _layers(con, chain: str | None, measure: str, overlay: bool, lang: str,
            label: str | None = None) -> dict:
    layers = query_map_layers(con, chain, None, measure, overlay, label)
    return with_firm_names_en(con, layers) if lang == "en" else layers


def map_data(chain: str | None, lang: str, measure: str = "firms",
             overlay: bool = False, label: str | None = None) -> dict:
    """What the map draws (chainmap.geo.queries.query_map_layers, memoised); in English each firm
    drawn is called by its English name where its source gives one, as on the offline map.
    `label`: only the firms carrying it (绿色工厂 …)."""
    return _state.cached(_layers, chain, measure, overlay, lang_of(lang),
                         label or None)


def _group_marker(group: dict, lang: str, radius: float) -> dl.CircleMarker:
    names = _sep(lang).join(f["name"] for f in group["firms"])
    return dl.CircleMarker(
        center=[group["lat"], group["lon"]], radius=radius,
        color="#ffffff", weight=2, fillColor=GROUP_COLOURS.get(group["precision"], "#0b3d91"),
        fillOpacity=0.85,
        children=[dl.Tooltip(f"{place(group['name'], lang)} · {group['count']} "
                             f"{firm_unit_caption(group['count'], lang)}{t('colon', lang)}"
                             f"{names}")],
        id={"type": Id.FIRM_GROUP, "id": group["region_id"]},
    )


def _leader_marker(leader: dict, lang: str, spot: StarSpot | None = None) -> dl.DivMarker:
    """A chain leader's ★ and name, on the side `spot` gives (default: up and right)."""
    spot = spot or StarSpot(True, True, 120.0)
    w = round(spot.width)
    return dl.DivMarker(
        position=[leader["lat"], leader["lon"]],
        iconOptions={"className": "leader-marker" + ("" if spot.right else " star-left"),
                     "html": f"★ {escape(leader['firm_name'])}", "iconSize": [w, 18],
                     "iconAnchor": [-8 if spot.right else w + 8, 26 if spot.up else -8]},
        id={"type": Id.LEADER, "id": str(leader["rank"])},
        children=[dl.Tooltip(f"{t('leader', lang)} #{leader['rank']} · {leader['score']:.1f}")])


def base_map() -> str | None:
    """The GCJ-02 tile template the map draws under the districts (CHAINMAP_TILE_URL), or
    None: no base map, drawn offline."""
    return _state.settings().tile_url


def _tile_layer(url: str) -> dl.TileLayer:
    """The base map: the tiles in their own pane under the districts' (Leaflet's tilePane)."""
    return dl.TileLayer(url=url, attribution=_state.settings().tile_host, id=Id.BASE_TILES)


def crs_note(lang: str) -> str:
    """The map's note on its coordinates and which base map is drawn under the districts."""
    host = _state.settings().tile_host
    return t("crs_note_tiles", lang).format(host=host) if host else t("crs_note", lang)


def _choropleth(data: dict) -> list:
    # over a base map the shading lets the tiles show through (roads, rivers, towns)
    opacity = TILED_FILL_OPACITY if base_map() else 1
    layers = []
    for klass, colour in enumerate(CHOROPLETH):
        feats = [f for f in data["districts"]["features"] if f["properties"]["klass"] == klass]
        if feats:
            layers.append(dl.GeoJSON(
                data={"type": "FeatureCollection", "features": feats}, options=NO_CLICK,
                style={"color": CHOROPLETH_EDGE[klass], "weight": 2.5 if klass else 1,
                       "fillColor": colour, "fillOpacity": opacity},
                id={"type": Id.CHOROPLETH, "id": str(klass)}))
    return layers


def _chengyu(data: dict, lang: str) -> list:
    cy = data.get("chengyu")
    if not cy:
        return []
    partner = [f for f in cy["cities"]["features"] if f["properties"].get("partner")]
    other = [f for f in cy["cities"]["features"] if not f["properties"].get("partner")]
    layers = [
        dl.GeoJSON(data={"type": "FeatureCollection", "features": other}, options=NO_CLICK,
                   style={"color": "#999", "weight": 1, "fillColor": DISTRICT_FILL,
                          "fillOpacity": 0.6}, id=Id.SICHUAN_CITIES),
        dl.GeoJSON(data={"type": "FeatureCollection", "features": partner}, options=NO_CLICK,
                   style={"color": "#b35806", "weight": 2.5, "fillColor": "#fdb863",
                          "fillOpacity": 0.45}, id=Id.PARTNER_CITIES),
    ]
    layers += [dl.DivMarker(position=[f["properties"]["label_lat"], f["properties"]["label_lon"]],
                            iconOptions={"className": "district-label city-label",
                                         "html": escape(map_name(f["properties"]["name"],
                                                                 lang)),
                                         "iconSize": [80, 16], "iconAnchor": [40, 8]})
               for f in cy["cities"]["features"]]
    return layers


def _belts(data: dict, lang: str) -> list:
    cy = data.get("chengyu") or {}
    belts = cy.get("belts", [])
    cores = [dl.GeoJSON(data=cy["core_outlines"], options=NO_CLICK, id=Id.CORE_OUTLINES,
                        style={"color": "#6a3d9a", "weight": 3, "fillOpacity": 0,
                               "dashArray": "2 6"})] if cy else []
    return cores + [dl.Polyline(positions=b["path"], color="#6a3d9a", weight=4, dashArray="10 8",
                        opacity=0.85, children=[dl.Tooltip(
                            f"{b['name_en'] if lang == 'en' else b['name_zh']}"
                            + bracketed(t('schematic', lang), lang))]) for b in belts]


def _tooltips(districts: dict, lang: str) -> dict:
    """The districts with their hover tooltips (name: firms) in `lang` (a copy in English)."""
    if lang != "en":
        return districts
    return districts | {"features": [f | {"properties": f["properties"] | {
        "tooltip": escape(f"{place(f['properties']['name'], lang)}: "
                          f"{f['properties']['firms']}")}} for f in districts["features"]]}


def map_layers(data: dict, lang: str) -> list:
    outlines = []
    for i, feature in enumerate(data["clusters"]["features"]):
        colour = CLUSTER_COLOURS[i % len(CLUSTER_COLOURS)]
        dashed = feature["properties"]["approximate"]
        outlines.append(dl.GeoJSON(
            data={"type": "FeatureCollection", "features": [feature]}, options=NO_CLICK,
            style={"color": colour, "weight": 3, "fillOpacity": 0,
                   "dashArray": "8 6" if dashed else None},
            id={"type": Id.CLUSTER_OUTLINE, "id": feature["id"]}))
    placed = data["groups"]["placed"]
    radii = group_radii(placed)
    markers = [_group_marker(g, lang, radii[g["region_id"]]) for g in placed]
    spots, stars = label_spots(data, lang, radii)
    return [
        *_chengyu(data, lang),
        *_choropleth(data),
        dl.GeoJSON(data=_tooltips(data["districts"], lang), id=Id.DISTRICT_LAYER,
                   style={"color": "#7a7a7a", "weight": 1, "fillOpacity": 0},
                   hoverStyle={"weight": 3, "color": "#333"}),
        *outlines,
        *_belts(data, lang),
        dl.Pane(name="firm-groups", style={"zIndex": 450}, children=markers),
        *[_label(f, lang, spots[f["properties"]["region_id"]])
          for f in data["districts"]["features"] if f["properties"]["region_id"] in spots],
        *[_leader_marker(p, lang, spot) for p, spot in zip(data["leaders"], stars,
                                                           strict=True)],
    ]


# beyond this many names in a list, each place's names fold under its heading (a registry
# puts a district heading and twenty names in each of 38 districts: a long scroll)
FOLD_NAMES = 60


def _firm_list(groups: list[dict], lang: str) -> list:
    fold = sum(len(g["firms"]) for g in groups) > FOLD_NAMES
    items = []
    for g in groups:
        where = place(g["name"], lang) or t("firms_unknown", lang)
        names = _sep(lang).join(f["name"] for f in g["firms"])
        if g.get("more"):
            names += t("and_more", lang).format(n=g["more"])
        if fold:
            head = where + bracketed(f"{g['count']:,}", lang)
            items.append(html.Li(html.Details([html.Summary(html.B(head)), names])))
        else:
            count = bracketed(g["count"], lang) + t("colon", lang)
            items.append(html.Li([html.B(f"{where}{count}"), names]))
    return items


def _choropleth_legend(data: dict, lang: str) -> html.Div:
    b = data["breaks"]
    if data["measure"] == "lq":
        labels = ["0", f"≤{b[0]}", f"{b[0]}–{b[1]}", f"{b[1]}–{b[2]}", f"{b[2]}–{b[3]}",
                  f">{b[3]}"]
    else:
        # no firm known is not no firm: the loaded lists name some firms only
        labels = [t("map_none_known", lang), *count_labels(b)[1:]]
    return html.Div(className="choropleth-legend", children=[
        html.Span(t("measure_" + data["measure"], lang) + t("colon", lang)),
        *[html.Span([html.I(style={"background": c}), label])
          for c, label in zip(CHOROPLETH, labels, strict=True)],
        *([html.Span(t("map_none_known_note", lang), className="note")]
          if data["measure"] != "lq" else []),
        *([html.Span([html.I(className="unshaded"), t("sichuan_unshaded", lang)],
                     id=Id.SICHUAN_UNSHADED)] if data.get("chengyu") else [])])


def side_panel(data: dict, lang: str) -> list:
    legend = []
    for i, feature in enumerate(data["clusters"]["features"]):
        p = feature["properties"]
        colour = CLUSTER_COLOURS[i % len(CLUSTER_COLOURS)]
        legend.append(html.Li([
            html.Span(className="swatch", style={"border": f"3px solid {colour}"}),
            p["name_en"] if lang == "en" else p["name_zh"],
        ], title=f"{t('source', lang)}{t('colon', lang)}{p['evidence']}"))
    label = data.get("label")
    shown = (LABEL_EN.get(label, label) if lang == "en" else label) if label else None
    out = [html.Div(id=Id.DISTRICT_DETAIL, className="district-detail",
                    children=html.P(t("click_district", lang), className="note")),
           *([html.P(t("map_label_only", lang).format(label=shown), className="note",
                     id=Id.MAP_LABEL_NOTE)] if label else []),
           _choropleth_legend(data, lang),
           html.H3(t("clusters", lang)), html.Ul(legend, className="legend"),
           html.P(t("zone_approx", lang), className="note")]
    if data.get("chengyu"):
        out += [html.H3(t("partners", lang)), html.Ul(
            [html.Li(f"{place(f['properties']['name'], lang)}{t('colon', lang)}"  # the plan's
                     f"{'；'.join(f['properties']['themes'])}")  # themes: quoted as written
             for f in data["chengyu"]["cities"]["features"] if f["properties"].get("partner")],
            className="firm-list", id=Id.PARTNER_LIST),
            html.P(t("belts_note", lang), className="note")]
    out += [
        html.H3(f"{t('firms_district', lang)} / {t('firms_zone', lang)}"),
        html.Ul(_firm_list(data["groups"]["placed"], lang), className="firm-list",
                id=Id.PLACED_LIST),
        html.H3(f"{t('firms_city', lang)} / {t('firms_unknown', lang)}"),
        html.Ul(_firm_list(data["groups"]["unplaced"], lang), className="firm-list",
                id=Id.UNPLACED_LIST),
        *([html.P(t("outside_count", lang).format(n=data["outside_count"]),
                  className="note", id=Id.OUTSIDE_COUNT)] if data.get("outside_count") else []),
        html.P(t("precision_note", lang), className="note"),
        html.P(crs_note(lang), className="note", id=Id.CRS_NOTE),
    ]
    return out


def map_component(data: dict, lang: str) -> dl.Map:
    # the map opens fitted to what it draws: Chongqing, or with the 成渝 overlay every
    # Sichuan city too (阿坝, 甘孜 in the west). No centre and zoom: dash-leaflet's Map
    # would set those and ignore the bounds; and so no viewport tracking either (it compares
    # the view with the centre prop, and fails on none: a console error on every move)
    url = base_map()
    return dl.Map(
        children=([_tile_layer(url)] if url else []) + map_layers(data, lang),
        zoomSnap=0.25, trackViewport=False,
        bounds=data["bounds"], boundsOptions={"padding": [10, 10]},
        style={"height": "100%", "width": "100%", "background": MAP_BACKGROUND},
        attributionControl=False, id=Id.CLUSTER_MAP,
    )


def chain_options(lang: str) -> list[dict]:
    chains = _state.cached(query_chains)
    label = "name_en" if lang == "en" else "name"
    return [{"label": t("all_chains", lang), "value": ""}] + [
        {"label": getattr(r, label), "value": r.id} for r in chains.itertuples()]


def map_page(chain: str = "", lang: str = "zh", measure: str = "firms",
             overlay: str = "", label: str = "") -> html.Div:
    selected = selection_of({"chain": chain, "lang": lang}, allow_all=True)  # checked once
    chain, lang = selected.chain, selected.lang
    measure = "lq" if measure == "lq" and chain else "firms"
    labels = label_options(lang)
    label = label if label in {o["value"] for o in labels} else ""
    data = map_data(chain or None, lang, measure, overlay == "chengyu", label or None)
    return html.Div(className="map-page", children=[
        html.Div(className="toolbar", children=[
            html.Label(t("chain", lang), htmlFor=Id.MAP_CHAIN),
            dcc.Dropdown(id=Id.MAP_CHAIN, options=chain_options(lang), value=chain or "",
                         clearable=False, style={"width": "240px"}),
            dcc.RadioItems(id=Id.MAP_MEASURE, value=measure, inline=True,
                           className="radio", options=[
                               {"label": t("measure_firms", lang), "value": "firms"},
                               {"label": t("measure_lq", lang), "value": "lq",
                                "disabled": not chain}]),
            dcc.Checklist(id=Id.MAP_OVERLAY, value=["chengyu"] if overlay == "chengyu" else [],
                          inline=True, className="radio",
                          options=[{"label": t("overlay_chengyu", lang), "value": "chengyu"}]),
            dcc.Dropdown(id=Id.MAP_LABEL, options=labels, value=label, clearable=False,
                         style={"width": "230px"}),
        ]),
        html.Div(className="map-body", children=[
            html.Div(map_component(data, lang), className="map-pane", id=Id.MAP_PANE),
            html.Aside(side_panel(data, lang), className="side-panel", id=Id.SIDE_PANEL),
        ]),
    ])
