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
from chainmap_web.urls import DEFAULTS, lang_of, query_of, selection_of
from layouts._components import (
    chain_select,
    no_targets_text,
    region_select,
    report_rows,
)
from layouts._inputs import dict_of, known_chain, known_region, list_of
from layouts._map_view import map_component, map_data
from layouts._titles import titled
from layouts.app import query_change
from layouts.ids import Id

dash.register_page(__name__, path="/present", title=titled("present"), name=t("nav_present"))

EXPORTS = {"png": "PNG", "pdf": "PDF", "html": "HTML", "svg": "SVG"}


def _svg_image(chain: str, region: str, lang: str) -> html.Img:
    diagram = _state.cached(query_chain_diagram, chain, region)
    svg = chain_svg(diagram, chain_title(diagram, lang), lang)
    src = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return html.Img(src=src, className="present-svg", id=Id.PRESENT_CHAIN_SVG,
                    alt=chain_title(diagram, lang))


def _targets(chain: str, region: str, lang: str) -> html.Div:
    rows = _state.cached(report_rows, "targets", chain, region)
    if not rows:
        gaps = _state.cached(report_rows, "gaps", chain, region)
        return html.Div(html.P(no_targets_text(gaps, lang)), className="present-targets")
    en = lang == "en"
    return html.Div(className="present-targets", id=Id.PRESENT_TARGETS, children=[
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


def layout(step: str = "map", **query) -> html.Div:
    selected = selection_of(query)  # an unknown chain or region: the default
    chain, region, lang = selected.chain, selected.region, selected.lang
    step = step if step in STEPS else "map"
    return html.Div(className="present-page", id=Id.PRESENT_PAGE, children=[
        html.Div(className="present-bar", children=[
            chain_select(chain, lang, component_id=Id.PRESENT_CHAIN),
            region_select(region, Id.PRESENT_REGION, lang),
            html.Button("◀", id=Id.PRESENT_PREV, className="btn"),
            html.Span(t(f"step_{step}", lang), id=Id.PRESENT_STEP_NAME, className="step-name"),
            html.Button("▶", id=Id.PRESENT_NEXT, className="btn"),
            html.Button(t("fullscreen", lang), id=Id.PRESENT_FULL, className="btn"),
            *[html.Button(EXPORTS[f], id={"type": Id.PRESENT_EXPORT, "fmt": f},
                          className="btn btn-light") for f in STEP_FORMATS[step]],
            html.Button(t("bundle", lang), id={"type": Id.PRESENT_EXPORT, "fmt": "zip"},
                        className="btn"),
            dcc.Download(id=Id.PRESENT_DOWNLOAD),
            html.Span(id=Id.PRESENT_ERROR, className="error"),
        ]),
        html.Div(step_view(step, chain, region, lang), className="present-stage",
                 id=Id.PRESENT_STAGE),
    ])


@callback(Output(Id.URL, "search", allow_duplicate=True), Input(Id.PRESENT_PREV, "n_clicks"),
          Input(Id.PRESENT_NEXT, "n_clicks"), Input(Id.PRESENT_CHAIN, "value"),
          Input(Id.PRESENT_REGION, "value"), State(Id.URL, "search"), prevent_initial_call=True)
def on_nav(_prev, _next, chain, region, search):
    step = query_of(search).get("step", "map")
    index = STEPS.index(step) if step in STEPS else 0
    if dash.ctx.triggered_id in (Id.PRESENT_PREV, Id.PRESENT_NEXT):
        index = (index + (1 if dash.ctx.triggered_id == Id.PRESENT_NEXT else -1)) % len(STEPS)
    return query_change(search, DEFAULTS | {"step": "map"}, chain=chain, region=region,
                        step=STEPS[index])


def export_file(step: str, fmt: str, chain: str, region: str, lang: str) -> dict:
    """Write the requested file in a temporary folder and hand it to the browser."""
    kind = "bundle" if fmt == "zip" else step
    # chain, region and fmt arrive in the request: no path separators reach the file system
    name = safe_filename(f"chainmap-{kind}-{chain}-{region}.{fmt}")
    with tempfile.TemporaryDirectory(prefix="chainmap-present-") as tmp, _state.cursor() as con:
        path = write_step_file(con, kind, chain, region, fmt, Path(tmp) / name, lang)
        return dcc.send_bytes(path.read_bytes(), name)


@callback(Output(Id.PRESENT_DOWNLOAD, "data"), Output(Id.PRESENT_ERROR, "children"),
          Input({"type": Id.PRESENT_EXPORT, "fmt": dash.ALL}, "n_clicks"),
          State(Id.PRESENT_CHAIN, "value"), State(Id.PRESENT_REGION, "value"),
          State(Id.URL, "search"), prevent_initial_call=True)
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
    Output(Id.PRESENT_FULL, "title"), Input(Id.PRESENT_FULL, "n_clicks"),
    prevent_initial_call=True)
