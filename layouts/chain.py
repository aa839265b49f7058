"""/chain 产业链图谱: the layered chain diagram coloured by status; a click lists a node's firms."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, dcc, html

from chainmap.diagram import query_chain_diagram
from chainmap.node_detail import query_node_firms
from layouts import _state
from layouts._app import lang_of, query_change
from layouts._chain_view import chain_figure, coverage_note, node_panel
from layouts._components import chain_select, drawable_chain, drawable_region, region_select
from layouts._i18n import t
from layouts._inputs import dict_of, known_chain, known_region, list_of
from layouts._titles import titled

dash.register_page(__name__, path="/chain", title=titled("chain"), name=t("nav_chain"))

DEFAULTS = {"chain": "rail", "region": "500000"}


def node_view(chain: str, region: str, node_id: str | None, lang: str, with_diagram=False):
    """The figure (with the node highlighted) and the side panel for one node (and the
    diagram, with ``with_diagram``)."""
    with _state.cursor():  # one cursor: the chain's facts are read once for both
        diagram = _state.cached(query_chain_diagram, chain, region)
        node = next((n for n in diagram["nodes"] if n["node_id"] == node_id), None)
        firms = _state.cached(query_node_firms, chain, region, node_id) if node else None
    out = chain_figure(diagram, lang, node_id if node else None), node_panel(node, firms, lang)
    return (*out, diagram) if with_diagram else out


STATUS_TITLES = {"missing": "status_missing_def", "unknown": "status_unknown_def"}


def legend(lang: str) -> html.Div:
    return html.Div(className="legend-row", id="chain-legend", children=[
        html.Span(t("legend", lang) + t("colon", lang)),
        *[html.Span(t(f"status_{s}", lang), className=f"badge badge-{s}",
                    title=t(STATUS_TITLES[s], lang) if s in STATUS_TITLES else None)
          for s in ("missing", "weak", "present", "strong", "unknown")],
        html.Span(t("box_count", lang), className="muted")])


def legend_notes(lang: str) -> html.Div:
    """What missing and unknown mean (a gap is only called missing where the data can say)."""
    return html.Div(className="legend-notes", id="chain-legend-notes", children=[
        html.Span(t("status_missing_def", lang)), html.Span(" · "),
        html.Span(t("status_unknown_def", lang))])


def layout(chain: str = "rail", region: str = "500000", node: str = "", lang: str = "zh",
           **_q) -> html.Div:
    lang = "en" if lang == "en" else "zh"
    chain, region = drawable_chain(chain), drawable_region(region)
    figure, panel, diagram = node_view(chain, region, node or None, lang, with_diagram=True)
    return html.Div(className="chain-page", children=[
        html.Div(className="toolbar", children=[
            html.Label(t("chain", lang)), chain_select(chain, lang, component_id="chain-chain"),
            html.Label(t("region", lang)), region_select(region, "chain-region", lang),
            legend(lang)]),
        legend_notes(lang),
        html.Div(className="chain-body", children=[
            html.Div([dcc.Graph(id="chain-graph", figure=figure,
                                config={"displayModeBar": False}),
                      coverage_note(diagram, lang)], className="chain-pane"),
            html.Aside(panel, className="side-panel", id="node-panel"),
        ]),
    ])


@callback(Output("url", "search", allow_duplicate=True), Input("chain-chain", "value"),
          Input("chain-region", "value"), State("url", "search"), prevent_initial_call=True)
def on_select(chain: str, region: str, search: str) -> str:
    return query_change(search, DEFAULTS, ("node",), chain=chain, region=region)


@callback(Output("chain-graph", "figure"), Output("node-panel", "children"),
          Input("chain-graph", "clickData"), State("chain-chain", "value"),
          State("chain-region", "value"), State("url", "search"), prevent_initial_call=True)
def on_click(click: dict | None, chain: str, region: str, search: str):
    lang = lang_of(search)
    chain, region = known_chain(chain), known_region(region)
    points = list_of(dict_of(click).get("points"))
    node = dict_of(points[0] if points else None).get("customdata")
    return node_view(chain, region, node if isinstance(node, str) else None, lang)
