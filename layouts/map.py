"""/map 产业地图: Chongqing's districts, the plan's clusters and its firms."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, dcc, html

from chainmap.queries import query_chains
from layouts import _state
from layouts._app import with_query
from layouts._i18n import t
from layouts._map_view import map_component, map_data, side_panel

dash.register_page(__name__, path="/map", redirect_from=["/"], title="产业地图 · chainmap",
                   name="产业地图")


def chain_options(lang: str) -> list[dict]:
    with _state.cursor() as con:
        chains = query_chains(con)
    label = "name_en" if lang == "en" else "name"
    return [{"label": t("all_chains", lang), "value": ""}] + [
        {"label": getattr(r, label), "value": r.id} for r in chains.itertuples()]


def layout(chain: str = "", lang: str = "zh", **_query) -> html.Div:
    lang = "en" if lang == "en" else "zh"
    with _state.cursor() as con:
        data = map_data(con, chain or None)
    return html.Div(className="map-page", children=[
        html.Div(className="toolbar", children=[
            html.Label(t("chain", lang), htmlFor="chain-select"),
            dcc.Dropdown(id="chain-select", options=chain_options(lang), value=chain or "",
                         clearable=False, style={"width": "240px"}),
        ]),
        html.Div(className="map-body", children=[
            html.Div(map_component(data, lang), className="map-pane", id="map-pane"),
            html.Aside(side_panel(data, lang), className="side-panel", id="side-panel"),
        ]),
    ])


@callback(Output("url", "search", allow_duplicate=True), Input("chain-select", "value"),
          State("url", "search"), prevent_initial_call=True)
def on_chain(chain: str, search: str) -> str:
    return with_query(search, chain=chain or None)
