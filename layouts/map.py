"""/map 产业地图: Chongqing's districts, the plan's clusters and its firms."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, html

from layouts._app import with_query
from layouts._map_view import map_page

dash.register_page(__name__, path="/map", title="产业地图 · chainmap",
                   name="产业地图")


def layout(chain: str = "", lang: str = "zh", **_query) -> html.Div:
    return map_page(chain, lang)


@callback(Output("url", "search", allow_duplicate=True), Input("map-chain", "value"),
          State("url", "search"), prevent_initial_call=True)
def on_chain(chain: str, search: str) -> str:
    return with_query(search, chain=chain or None)
