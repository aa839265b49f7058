"""/map 产业地图: districts shaded by a chain's firms or LQ, clusters, leaders, 成渝 overlay."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, html

from chainmap.analytics.distance import distance_phrase
from chainmap.text.captions import firm_caption
from chainmap.text.ui import bracketed, t
from chainmap.views.district_detail import query_district_detail
from chainmap_web import state as _state
from chainmap_web.urls import lang_of
from layouts._components import drawable_region, firm_name, firm_names, place
from layouts._inputs import dict_of, known_chain
from layouts._map_view import map_page
from layouts._titles import titled
from layouts.app import query_change
from layouts.ids import Id, district_status

dash.register_page(__name__, path="/map", title=titled("map"), name=t("nav_map"))


def layout(chain: str = "", lang: str = "zh", measure: str = "firms", overlay: str = "",
           label: str = "", **_query) -> html.Div:
    return map_page(chain, lang, measure, overlay, label)


def district_panel(adcode: str | None, chain: str | None, lang: str) -> list:
    if not adcode:
        return [html.P(t("click_district", lang), className="note")]
    d = _state.cached(query_district_detail, adcode, chain or None)
    en = lang == "en"
    sep, colon = (", " if en else "、"), t("colon", lang)
    english = firm_names((f["firm_id"] for f in d["firms"]), lang)
    firms = sep.join(firm_name(f["firm_id"], f["name"], english) for f in d["firms"]) \
        or t("no_firms", lang)
    # a zone covers part of the district, never the whole: said so under its name
    zones = sep.join(t(f"zone_part_{z['part']}", lang).format(zone=place(z["name"], lang))
                     for z in d["zone_parts"])
    out = [html.H3(place(d["name"], lang), id=Id.DISTRICT_NAME),
           *([html.P(zones, className="note", id=Id.DISTRICT_ZONES)] if zones else []),
           html.P([html.B(t("firms_here", lang) + colon), firms], id=Id.DISTRICT_FIRMS)]
    if chain:  # missing (the data say so) apart from unknown (no source covers it here)
        for status, key in (("missing", "missing_here"), ("unknown", "unknown_here")):
            nodes = d[f"{status}_en"] if en else d[status]
            count = bracketed(len(nodes), lang) + colon
            out.append(html.P([html.Span(t(f"status_{status}", lang),
                                         className=f"badge badge-{status}"), " ",
                               html.B(t(key, lang) + count), sep.join(nodes) or t("none", lang)],
                              id=district_status(status)))
        out.append(html.B(t("suppliers_where", lang) + colon))
        out.append(html.Ul([html.Li(_supplier(x, lang)) for x in d["targets"]]
                           or [html.Li(t("none", lang))], className="firm-list",
                           id=Id.DISTRICT_SUPPLIERS))
        if d["targets"]:
            out.append(html.P(t("distance_note", lang), className="note"))
    return out


def _supplier(x: dict, lang: str) -> str:
    """An outside supplier of a missing node: firm → node: how far from the district, and
    where (chainmap.analytics.distance.distance_phrase, as /targets says it)."""
    en = lang == "en"
    where = place(x["region_name"], lang) if isinstance(x["region_name"], str) else None
    name = firm_caption(x, lang)
    return f"{name} → {x['node_name_en'] if en else x['node_name']}{t('colon', lang)}" \
        + distance_phrase(x["distance"], lang, where)


@callback(Output(Id.DISTRICT_DETAIL, "children"), Input(Id.DISTRICT_LAYER, "clickData"),
          State(Id.MAP_CHAIN, "value"), State(Id.URL, "search"), prevent_initial_call=True)
def on_district(feature: dict | None, chain: str, search: str):
    lang = lang_of(search)
    adcode = drawable_region(dict_of(dict_of(feature).get("properties")).get("region_id"), "")
    return district_panel(adcode, known_chain(chain, allow_all=True), lang)


@callback(Output(Id.URL, "search", allow_duplicate=True), Input(Id.MAP_CHAIN, "value"),
          Input(Id.MAP_MEASURE, "value"), Input(Id.MAP_OVERLAY, "value"), State(Id.URL, "search"),
          Input(Id.MAP_LABEL, "value"), prevent_initial_call=True)
def on_controls(chain: str, measure: str, overlay: list[str], search: str, label: str = ""):
    return query_change(search, {"chain": "", "measure": "firms", "overlay": "", "label": ""},
                        chain=chain, measure=measure if chain else "firms",
                        overlay="chengyu" if overlay else "", label=label or "")
