"""/present 演示模式: full screen, large type, map → chain → targets, with exports."""

from __future__ import annotations

import base64
import tempfile
from pathlib import Path

import dash
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, dcc, html
from dash.exceptions import PreventUpdate

from chainmap.render.bundle import chain_title
from chainmap.render.chromium import RenderUnavailableError
from chainmap.render.diagram import query_chain_diagram
from chainmap.render.diagram_svg import chain_svg
from chainmap.text.captions import firm_caption
from chainmap.text.sanitize import safe_filename
from chainmap.text.ui import t
from chainmap.views.present import STEP_FORMATS, STEPS, write_step_file
from chainmap_web import state as _state
from chainmap_web.urls import lang_of, query_of
from layouts._components import (
    chain_select,
    drawable_chain,
    drawable_region,
    no_targets_text,
    region_select,
    report_rows,
)
from layouts._inputs import dict_of, known_chain, known_region, list_of
from layouts._map_view import map_component, map_data
from layouts._titles import titled
from layouts.app import query_change

dash.register_page(__name__, path="/present", title=titled("present"), name=t("nav_present"))

EXPORTS = {"png": "PNG", "pdf": "PDF", "html": "HTML", "svg": "SVG"}


def _svg_image(chain: str, region: str, lang: str) -> html.Img:
    diagram = _state.cached(query_chain_diagram, chain, region)
    svg = chain_svg(diagram, chain_title(diagram, lang), lang)
    src = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return html.Img(src=src, className="present-svg", id="present-chain-svg",
                    alt=chain_title(diagram, lang))


def _targets(chain: str, region: str, lang: str) -> html.Div:
    rows = _state.cached(report_rows, "targets", chain, region)
    if not rows:
        gaps = _state.cached(report_rows, "gaps", chain, region)
        return html.Div(html.P(no_targets_text(gaps, lang)), className="present-targets")
    en = lang == "en"
    return html.Div(className="present-targets", id="present-targets", children=[
        html.Div(className="present-card", children=[
            html.Div([html.Span(f"{i}", className="rank"),
                      html.B(firm_caption(r, lang)),
                      html.Span(" → " + (r.get("node_name_en", r["node_name"]) if en
                                         else r["node_name"]), className="node"),
                      html.Span(f"{r['score']:.0f}", className="score")],
                     className="present-card-head"),
            html.Ul([html.Li(x) for x in
                     (r.get("reasons_en", r["reasons"]) if en else r["reasons"])[:3]])])
        for i, r in enumerate(rows[:6], start=1)])


def step_view(step: str, chain: str, region: str, lang: str):
    """The content of one step of the sequence (plain function, tested directly)."""
    if step == "chain":
        return _svg_image(chain, region, lang)
    if step == "targets":
        return _targets(chain, region, lang)
    return html.Div(map_component(map_data(chain, lang), lang), className="present-map")


def layout(chain: str = "rail", region: str = "500000", step: str = "map", lang: str = "zh",
           **_q) -> html.Div:
    lang = "en" if lang == "en" else "zh"
    step = step if step in STEPS else "map"
    chain, region = drawable_chain(chain), drawable_region(region)
    return html.Div(className="present-page", id="present-page", children=[
        html.Div(className="present-bar", children=[
            chain_select(chain, lang, component_id="present-chain"),
            region_select(region, "present-region", lang),
            html.Button("◀", id="present-prev", className="btn"),
            html.Span(t(f"step_{step}", lang), id="present-step-name", className="step-name"),
            html.Button("▶", id="present-next", className="btn"),
            html.Button(t("fullscreen", lang), id="present-full", className="btn"),
            *[html.Button(EXPORTS[f], id={"type": "present-export", "fmt": f},
                          className="btn btn-light") for f in STEP_FORMATS[step]],
            html.Button(t("bundle", lang), id={"type": "present-export", "fmt": "zip"},
                        className="btn"),
            dcc.Download(id="present-download"),
            html.Span(id="present-error", className="error"),
        ]),
        html.Div(step_view(step, chain, region, lang), className="present-stage",
                 id="present-stage"),
    ])


@callback(Output("url", "search", allow_duplicate=True), Input("present-prev", "n_clicks"),
          Input("present-next", "n_clicks"), Input("present-chain", "value"),
          Input("present-region", "value"), State("url", "search"), prevent_initial_call=True)
def on_nav(_prev, _next, chain, region, search):
    step = query_of(search).get("step", "map")
    index = STEPS.index(step) if step in STEPS else 0
    if dash.ctx.triggered_id in ("present-prev", "present-next"):
        index = (index + (1 if dash.ctx.triggered_id == "present-next" else -1)) % len(STEPS)
    return query_change(search, {"chain": "rail", "region": "500000", "step": "map"},
                        chain=chain, region=region, step=STEPS[index])


def export_file(step: str, fmt: str, chain: str, region: str, lang: str) -> dict:
    """Write the requested file in a temporary folder and hand it to the browser."""
    kind = "bundle" if fmt == "zip" else step
    # chain, region and fmt arrive in the request: no path separators reach the file system
    name = safe_filename(f"chainmap-{kind}-{chain}-{region}.{fmt}")
    with tempfile.TemporaryDirectory(prefix="chainmap-present-") as tmp, _state.cursor() as con:
        path = write_step_file(con, kind, chain, region, fmt, Path(tmp) / name, lang)
        return dcc.send_bytes(path.read_bytes(), name)


@callback(Output("present-download", "data"), Output("present-error", "children"),
          Input({"type": "present-export", "fmt": dash.ALL}, "n_clicks"),
          State("present-chain", "value"), State("present-region", "value"),
          State("url", "search"), prevent_initial_call=True)
def on_export(clicks, chain, region, search):
    if not any(list_of(clicks)):
        return dash.no_update, dash.no_update
    query = query_of(search)
    step = query.get("step") if query.get("step") in STEPS else "map"
    fmt = dict_of(dash.ctx.triggered_id).get("fmt")
    if fmt != "zip" and fmt not in STEP_FORMATS[step]:  # not a button of this step
        raise PreventUpdate
    try:
        return export_file(step, fmt, known_chain(chain), known_region(region),
                           lang_of(search)), ""
    except RenderUnavailableError as exc:
        return dash.no_update, str(exc)


clientside_callback(
    ClientsideFunction(namespace="chainmap", function_name="fullscreen"),
    Output("present-full", "title"), Input("present-full", "n_clicks"),
    prevent_initial_call=True)
