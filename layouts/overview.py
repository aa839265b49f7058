"""/ 总览: the plan's targets against what is measured, completeness, firms, biggest gaps."""

from __future__ import annotations

import dash
import plotly.graph_objects as go
from dash import dcc, html

from chainmap.captions import data_coverage_items
from chainmap.overview import query_overview
from chainmap.palette import FONT_FAMILY, STATUS_COLOURS
from chainmap.records import TIER_EN
from chainmap.sanitize import plotly_text
from layouts import _state
from layouts._app import query_change
from layouts._components import drawable_region, place, region_select, status_badge
from layouts._heatmap import firms_heatmap
from layouts._i18n import bracketed, page_title, t

dash.register_page(__name__, path="/", title=page_title("overview"), name=t("nav_overview"))


def completeness_figure(frame, lang: str) -> go.Figure:
    names = (frame["name_en"] if lang == "en" else frame["name_zh"]).map(plotly_text)
    fig = go.Figure()
    for col, status in (("missing", "missing"), ("weak", "weak"), ("covered", "strong"),
                        ("unknown", "unknown")):
        label = t("covered", lang) if col == "covered" else t(f"status_{status}", lang)
        fig.add_bar(y=names, x=frame[col], name=label, orientation="h",
                    marker_color=STATUS_COLOURS[status].solid,
                    hovertemplate="%{y}: %{x}<extra></extra>")
    fig.update_layout(barmode="stack", height=40 + 30 * len(frame), margin={"l": 10, "r": 10,
                      "t": 10, "b": 30}, font={"family": FONT_FAMILY, "size": 13},
                      legend={"orientation": "h", "y": -0.08}, plot_bgcolor="#fff",
                      yaxis={"autorange": "reversed"})
    return fig


def progress_table(rows: list[dict], lang: str) -> html.Table:
    head = html.Tr([html.Th(x) for x in (t("metric", lang), t("target_2025", lang),
                                           t("measured", lang), "")])
    body = []
    for r in rows:
        value = r.get("measured_en", r["measured"]) if lang == "en" else r["measured"]
        measured = t("no_data", lang) if value is None else f"{value:g}"
        body.append(html.Tr([
            html.Td(r["metric_en"] if lang == "en" else r["metric"], title=r["plan_quote"]),
            html.Td(r.get("target_en", r["target"]) if lang == "en" else r["target"]),
            html.Td(measured),
            html.Td(html.Span(t(r["status"], lang), className=f"badge badge-{r['status']}"),
                    title=(r.get("note_en") if lang == "en" else r.get("note")) or ""),
        ]))
    return html.Table([html.Thead(head), html.Tbody(body)], className="table")


def gap_list(frame, lang: str, region: str) -> html.Ul:
    en = lang == "en"
    items = []
    for g in frame.itertuples():
        query = f"?chain={g.chain_id}&region={region}" + ("&lang=en" if lang == "en" else "")
        items.append(html.Li([
            status_badge(g.status, lang), " ", html.B(g.chain_name_en if en else g.chain_name),
            " · ", (g.node_name_en if en and isinstance(g.node_name_en, str) else g.node_name),
            bracketed(TIER_EN.get(g.tier, g.tier) if en else g.tier, lang),
            f" · {t('outside_candidates', lang)} {g.outside_candidates} · ",
            dcc.Link(t("see_chain", lang), href="/chain" + query + f"&node={g.node_id}"), " · ",
            dcc.Link(t("see_map", lang), href=f"/map?chain={g.chain_id}"
                     + ("&lang=en" if lang == "en" else "")), " · ",
            dcc.Link(t("see_targets", lang), href="/targets" + query),
        ]))
    return html.Ul(items, className="gap-list", id="biggest-gaps")


def coverage_card(coverage: dict, covered: list[dict], lang: str) -> list:
    """Which sources place firms in the region, their firm counts, whether one lists every
    firm there (then a node with no firm is missing, else unknown); the regions registries
    cover."""
    items = data_coverage_items(coverage, lang)
    head = html.Tr([html.Th(k) for k in (items[0] if items else {})])
    rows = [html.Tr([html.Td(f"{v:,}" if isinstance(v, int) else v) for v in item.values()])
            for item in items]
    region = place(coverage["region_name"], lang) if coverage["region"] != "chengyu" \
        else coverage["region_name_en" if lang == "en" else "region_name"]
    covers = [f"{place(c['name'], lang)}{bracketed(t('cover_' + c['basis'], lang), lang)}"
              for c in covered]
    return [
        html.H3(t("data_coverage", lang) + t("colon", lang) + region),
        html.Table([html.Thead(head), html.Tbody(rows)], className="table coverage-table",
                   id="coverage-table") if items else html.P(t("none", lang)),
        html.P(t("coverage_exhaustive_yes" if coverage["exhaustive"]
                 else "coverage_exhaustive_no", lang), className="note"),
        html.P([html.B(t("covered_regions", lang) + t("colon", lang)),
                ("、" if lang != "en" else ", ").join(dict.fromkeys(covers))
                or t("covered_none", lang)], className="note", id="covered-regions"),
    ]


def biggest_gaps(data: dict, lang: str, region: str) -> list:
    """The missing nodes (never unknown ones), and how many nodes the data do not cover."""
    unknown = int(data["completeness"]["unknown"].sum())
    if data["biggest_gaps"].empty:
        return [html.P(t("no_missing", lang).format(n=unknown), className="note",
                       id="biggest-gaps")]
    return [gap_list(data["biggest_gaps"], lang, region),
            html.P(t("unknown_note", lang).format(n=unknown), className="note")]


def layout(region: str = "500000", lang: str = "zh", **_query) -> html.Div:
    lang = "en" if lang == "en" else "zh"
    region = drawable_region(region)  # an unknown id from an old or edited link: the default
    data = _state.cached(query_overview, region)
    chains = data["completeness"]
    return html.Div(className="overview-page", children=[
        html.Div(className="toolbar", children=[
            html.Label(t("region", lang)), region_select(region, "overview-region", lang)]),
        html.Div(className="grid", children=[
            html.Section(className="card", children=[
                html.H3(t("targets_title", lang)), progress_table(data["progress"], lang)]),
            html.Section(className="card", children=[
                html.H3(t("completeness", lang)),
                dcc.Graph(figure=completeness_figure(chains, lang), id="completeness-graph",
                          config={"displayModeBar": False})]),
            html.Section(className="card", children=[
                html.H3(t("biggest_gaps", lang)), *biggest_gaps(data, lang, region)]),
            html.Section(className="card", id="coverage-card", children=coverage_card(
                data["data_coverage"], data["covered_regions"], lang)),
            html.Section(className="card", children=[
                html.H3(t("firms_by_chain", lang)),
                dcc.Graph(figure=firms_heatmap(data["firms_by_chain_district"], chains, lang),
                          id="firms-heatmap", config={"displayModeBar": False})]),
        ]),
        html.P(t("data_note", lang), className="note"),
    ])


@dash.callback(dash.Output("url", "search", allow_duplicate=True),
               dash.Input("overview-region", "value"), dash.State("url", "search"),
               prevent_initial_call=True)
def on_region(region: str, search: str) -> str:
    return query_change(search, {"region": "500000"}, region=region)
