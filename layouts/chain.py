"""/chain 产业链图谱: the chain diagram of /present and the bundle (tier panels, status colours,
firms in the boxes, the legend with its thresholds), interactive; a click lists a node's firms.

A click on a box sets ``?node=`` in the URL (assets/chain.js), so the page is drawn again with
that node's panel: a selected node is a link like any other (back, reload, share).
"""

from __future__ import annotations

import dash
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, html

from chainmap.render.diagram import query_chain_diagram
from chainmap.text.ui import t
from chainmap.views.node_detail import query_node_firms
from chainmap_web import state as _state
from chainmap_web.urls import DEFAULTS, selection_of
from layouts._chain_view import coverage_note, diagram_markup, diagram_view, node_panel
from layouts._components import chain_select, region_select
from layouts._titles import titled
from layouts.app import query_change
from layouts.ids import Id

dash.register_page(__name__, path="/chain", title=titled("chain"), name=t("nav_chain"))

def node_view(chain: str, region: str, node_id: str | None, lang: str):
    """The diagram's markup, the selected node (None for an unknown id), its side panel and
    the diagram (for its data coverage line)."""
    with _state.cursor():  # one cursor: the chain's facts are read once for all
        diagram = _state.cached(query_chain_diagram, chain, region)
        node = next((n for n in diagram["nodes"] if n["node_id"] == node_id), None)
        firms = _state.cached(query_node_firms, chain, region, node_id) if node else None
        markup = _state.cached(diagram_markup, chain, region, lang)
    return markup, node["node_id"] if node else None, node_panel(node, firms, lang), diagram


def layout(node: str = "", **query) -> html.Div:
    selected = selection_of(query)  # an unknown chain or region: the default
    chain, region, lang = selected.chain, selected.region, selected.lang
    markup, selected, panel, diagram = node_view(chain, region, node or None, lang)
    return html.Div(className="chain-page", children=[
        html.Div(className="toolbar", children=[
            html.Label(t("chain", lang)), chain_select(chain, lang, component_id=Id.CHAIN_CHAIN),
            html.Label(t("region", lang)), region_select(region, Id.CHAIN_REGION, lang),
            # shown by assets/chain.js where the drawing is wider than the pane
            html.Button(t("chain_fit", lang), id=Id.CHAIN_FIT, className="chain-fit",
                        title=t("chain_fit_title", lang), hidden=True)]),
        html.Div(className="chain-body", children=[
            html.Div([*diagram_view(markup, selected, lang), coverage_note(diagram, lang)],
                     className="chain-pane", id=Id.CHAIN_PANE),
            html.Aside(panel, className="side-panel", id=Id.NODE_PANEL),
        ]),
    ])


@callback(Output(Id.URL, "search", allow_duplicate=True), Input(Id.CHAIN_CHAIN, "value"),
          Input(Id.CHAIN_REGION, "value"), State(Id.URL, "search"), prevent_initial_call=True)
def on_select(chain: str, region: str, search: str) -> str:
    return query_change(search, DEFAULTS, ("node",), chain=chain, region=region)


# the SVG into the page, its clicks and tooltips: assets/chain.js
clientside_callback(ClientsideFunction("chainmap_chain", "draw"),
                    Output(Id.CHAIN_DRAWN, "children"), Input(Id.CHAIN_SVG, "data"),
                    Input(Id.CHAIN_SELECTED, "data"))
