"""/targets 补链招商: the chain's gaps in a region, ranked outside firms with reasons, Excel."""

from __future__ import annotations

import io

import dash
from dash import Input, Output, State, callback, dcc, html

from chainmap.analytics.data_coverage import query_data_coverage
from chainmap.queries import query_firm_names_en_by_name, query_region_name
from chainmap.records import TIER_EN
from chainmap.render.workbooks import write_targets_sheets
from chainmap.text.captions import firm_caption
from chainmap.text.sanitize import safe_filename
from chainmap.text.ui import bracketed, status_note, t
from chainmap_web import state as _state
from chainmap_web.urls import DEFAULTS, lang_of, selection_of
from layouts._components import (
    chain_select,
    no_targets_text,
    place_names,
    region_select,
    report_rows,
    status_badge,
)
from layouts._inputs import known_chain, known_region
from layouts._titles import titled
from layouts.app import query_change
from layouts.ids import Id

dash.register_page(__name__, path="/targets", title=titled("targets"), name=t("nav_targets"))


def _chain_name(con, chain: str, lang: str = "zh") -> str:
    column = "name_en" if lang == "en" else "name_zh"
    return con.execute(f"SELECT {column} FROM dim_chain WHERE chain_id = ?",  # noqa: S608
                       [chain]).fetchone()[0]


def _why(gap: dict, lang: str) -> str | None:
    """Why a missing node is missing, what an unknown one means (the status cell's title)."""
    if gap.get("status_basis"):
        return t(f"basis_{gap['status_basis']}", lang)
    return status_note("unknown", lang) if gap["status"] == "unknown" else None


def gap_table(gaps: list[dict], lang: str) -> html.Table:
    en = lang == "en"
    # in English, the marginal firms by their English names where their source gives one
    marginal = tuple(sorted({n for g in gaps for n in g["marginal_firms"]})) if en else ()
    english = _state.cached(query_firm_names_en_by_name, marginal) if marginal else {}
    rows = [html.Tr([html.Td(status_badge(g["status"], lang), title=_why(g, lang)),
                     html.Td(g.get("node_name_en", g["node_name"]) if en else g["node_name"]),
                     html.Td(TIER_EN.get(g["tier"], g["tier"]) if en else g["tier"]),
                     html.Td(g["firm_count"]),
                     html.Td((", " if en else "、").join(english.get(n, n)
                                                        for n in g["marginal_firms"]) or "—"),
                     html.Td(g["outside_candidates"])]) for g in gaps]
    head = html.Tr([html.Th(x) for x in (
        t("status", lang), t("node", lang), t("tier", lang), t("local_firms", lang),
        t("marginal_firms", lang), t("outside_candidates", lang))])
    return html.Table([html.Thead(head), html.Tbody(rows)], className="table", id=Id.GAP_TABLE)


def target_cards(targets: list[dict], lang: str, gaps: list[dict] | None = None) -> list:
    """The ranked targets as cards; none: why (no gap to fill, or no outside firm for one)."""
    if not targets:
        return [html.P(no_targets_text(gaps, lang), className="note", id=Id.NO_TARGETS)]
    en = lang == "en"
    cards = []
    for rank, r in enumerate(targets, start=1):
        node = r.get("node_name_en", r["node_name"]) if en else r["node_name"]
        reasons = r.get("reasons_en", r["reasons"]) if en else r["reasons"]
        cards.append(html.Div(className="target-card", children=[
            html.Div(className="target-head", children=[
                html.Span(f"{rank}", className="rank"),
                html.B(firm_caption(r, lang)),
                html.Span(f" → {node}", className="node"),
                html.Span(f"{r['score']:.1f}", className="score", title=str(r["factors"])),
            ]),
            html.Div(className="scorebar", children=html.Div(
                style={"width": f"{min(r['score'], 100):.0f}%"})),
            html.Ul([html.Li(reason) for reason in reasons]),
        ]))
    return cards


def layout(**query) -> html.Div:
    selected = selection_of(query)  # an unknown chain or region: the default
    chain, region, lang = selected.chain, selected.region, selected.lang
    with _state.cursor():  # one cursor: the chain's facts are read once for both reports
        gaps = _state.cached(report_rows, "gaps", chain, region)
        targets = _state.cached(report_rows, "targets", chain, region)
    return html.Div(className="targets-page", children=[
        html.Div(className="toolbar", children=[
            html.Label(t("chain", lang)), chain_select(chain, lang, component_id=Id.TARGETS_CHAIN),
            html.Label(t("region", lang)), region_select(region, Id.TARGETS_REGION, lang),
            html.Button(t("export_excel", lang), id=Id.TARGETS_EXPORT, className="btn"),
            dcc.Download(id=Id.TARGETS_DOWNLOAD),
        ]),
        html.Div(className="two-col", children=[
            html.Section(className="card", children=[
                html.H3(t("gaps_title", lang) + bracketed(len(gaps), lang)),
                gap_table(gaps, lang),
                html.P(t("no_gaps", lang), className="note", id=Id.NO_GAPS) if not gaps
                else None]),
            html.Section(className="card", children=[
                html.H3(t("targets_ranked", lang) + bracketed(len(targets), lang)),
                html.Div(target_cards(targets, lang, gaps), id=Id.TARGET_LIST)]),
        ]),
    ])


@callback(Output(Id.URL, "search", allow_duplicate=True), Input(Id.TARGETS_CHAIN, "value"),
          Input(Id.TARGETS_REGION, "value"), State(Id.URL, "search"), prevent_initial_call=True)
def on_select(chain: str, region: str, search: str) -> str:
    return query_change(search, DEFAULTS, chain=chain, region=region)


def targets_download(chain: str, region: str, lang: str = "zh") -> dict:
    """The workbook from the same (memoised) reports the page shows, in its language."""
    en = lang == "en"
    buffer = io.BytesIO()
    with _state.cursor():  # one cursor: the chain's facts are read once for both reports
        gaps = _state.cached(report_rows, "gaps", chain, region)
        targets = _state.cached(report_rows, "targets", chain, region)
        chain_name = _state.cached(_chain_name, chain, lang)
        region_name = _state.cached(query_region_name, region, lang)
        coverage = _state.cached(query_data_coverage, region)
    write_targets_sheets(targets, gaps, chain_name, region, buffer, lang, place_names(lang),
                         region_name, coverage)
    name = f"chainmap-targets-{chain}-{region}.xlsx" if en else \
        f"chainmap-招商清单-{chain}-{region}.xlsx"
    return dcc.send_bytes(buffer.getvalue(), safe_filename(name))


@callback(Output(Id.TARGETS_DOWNLOAD, "data"), Input(Id.TARGETS_EXPORT, "n_clicks"),
          State(Id.TARGETS_CHAIN, "value"), State(Id.TARGETS_REGION, "value"),
          State(Id.URL, "search"), prevent_initial_call=True)
def on_export(_clicks: int, chain: str, region: str, search: str | None = None) -> dict:
    """An unknown chain or region (a stale or edited request) downloads nothing."""
    return targets_download(known_chain(chain), known_region(region), lang_of(search))
