"""/ 总览: the plan's targets against what is measured, completeness, firms, biggest gaps."""

from __future__ import annotations

import dash
import plotly.graph_objects as go
from dash import dcc, html
from flask import has_request_context

from chainmap.analytics.progress import (
    UNIT_EN,
    plan_progress,
    progress_summary,
    with_manual_figures,
)
from chainmap.progress_store import (
    FIRST_YEAR,
    LAST_YEAR,
    ProgressEntryError,
    append_entry,
    check_entry,
    progress_store_path,
    read_progress_store,
)
from chainmap.records import TIER_EN
from chainmap.render.palette import FONT_FAMILY, STATUS_COLOURS
from chainmap.text.captions import data_coverage_items
from chainmap.text.sanitize import plotly_text
from chainmap.text.ui import bracketed, t
from chainmap.views.overview import query_overview
from chainmap_web import state as _state
from chainmap_web.auth import current_user, has_role
from chainmap_web.urls import DEFAULTS, lang_of, selection_of
from layouts._components import place, region_select, status_badge
from layouts._heatmap import firms_heatmap
from layouts._inputs import text_of
from layouts._titles import titled
from layouts.app import query_change
from layouts.ids import Id, progress_row

dash.register_page(__name__, path="/", title=titled("overview"), name=t("nav_overview"))


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


PLAN_START = 2021  # the plan's first year: the trend's x axis runs from it to 2025


def figure_text(value: float, unit: str | None, lang: str) -> str:
    """4626 亿元; in English in the unit English readers use (462.6 bn yuan)."""
    if lang == "en":
        factor, word = UNIT_EN.get(unit or "", (1, unit or ""))
        return f"{value * factor:,.4g} {word}".rstrip() if value * factor >= 1e4 \
            else f"{value * factor:g} {word}".rstrip()
    return f"{value:g} {unit or ''}".rstrip()


def _short(text: str, limit: int = 18) -> str:
    """A source's name as the cell shows it: its part before "：" (site and date of a
    page), else its first ``limit`` characters (the whole of it is the link's title)."""
    head = text.split("：", 1)[0]
    return head if len(head) <= limit else head[:limit] + "…"


def source_cell(figure: dict, lang: str) -> list:
    """The latest figure's source: a link (a URL) or the document's name, the quoted
    sentence as its title, and who gave it: published, or entered by whom and when."""
    name = _short(figure["source_title"])
    hover = "\n".join(x for x in (figure["source_title"], figure["quote"]) if x)
    link = (html.A(name, href=figure["source_url"], target="_blank", rel="noopener",
                   title=hover, className="progress-source")
            if figure["source_url"] else html.Span(name, title=hover,
                                                   className="progress-source"))
    if figure["method"] == "manual":
        when = (figure["entered_at"] or "")[:10]
        how = t("progress_manual", lang).format(who=figure["entered_by"] or "?", when=when)
    else:
        how = t("progress_published", lang) + t("progress_in_chinese", lang)  # pages in Chinese
    return [link, html.Br(), html.Small(how, className="note")]


def trend(row: dict, lang: str) -> html.Div:
    """Years on x (2021–2025), one bar a year: the figure as a share of the target (the
    top line; capped there); a year without a figure is an empty slot."""
    by_year = {f["year"]: f for f in row["figures"]}  # the last of a year wins
    first = min([PLAN_START, *by_year])
    cols = []
    for year in range(first, row["year"] + 1):
        figure = by_year.get(year)
        if figure is None:
            cols.append(html.Div(className="spark-col", title=str(year),
                                 children=html.Div(className="spark-empty")))
            continue
        share = figure["value"] / row["target_value"] if row["target_value"] else 0
        cols.append(html.Div(className="spark-col", title=t("progress_year", lang).format(
            year=year, value=figure_text(figure["value"], figure["unit"], lang)), children=[
            html.Div(className="spark-bar", style={"height": f"{min(share, 1) * 100:.0f}%"})]))
    return html.Div(className="spark", title=t("progress_trend_note", lang), children=[
        html.Div(cols, className="spark-cols"),
        html.Div([html.Span(str(first)), html.Span(str(row["year"]))], className="spark-axis")])


def progress_bar(summary: dict, lang: str) -> html.Div:
    share = summary["share"] or 0
    label = t("progress_met", lang) if summary["met"] else \
        t("progress_share", lang).format(pct=f"{share:.0%}")
    return html.Div(className="pbar-wrap", children=[
        html.Div(html.Div(className="pbar-fill" + (" pbar-met" if summary["met"] else ""),
                          style={"width": f"{min(share, 1) * 100:.0f}%"}), className="pbar"),
        html.Small(label, className="pbar-label")])


def progress_table(rows: list[dict], lang: str) -> list:
    """One row per target with a cited figure (latest figure, target, a bar towards it and
    the trend by year, the source); the targets without one in a single line."""
    en = lang == "en"
    head = html.Tr([html.Th(x) for x in (t("metric", lang), t("progress_latest", lang),
                                           t("target_2025", lang), t("progress_bar", lang),
                                           t("progress_source", lang))])
    body, without = [], []
    for r in rows:
        metric = r["metric_en"] if en else r["metric"]
        summary = progress_summary(r)
        if summary is None:
            without.append(metric)
            continue
        latest = summary["latest"]
        note = (latest.get("note_en") if en else latest.get("note")) or ""
        body.append(html.Tr(id=progress_row(r["target_id"]), children=[
            html.Td(metric, title=r["plan_quote"], className="progress-metric"),
            html.Td([html.B(figure_text(latest["value"], latest["unit"], lang)),
                     bracketed(latest["year"], lang)], className="num"),
            html.Td(r.get("target_en", r["target"]) if en else r["target"], className="num"),
            html.Td([progress_bar(summary, lang), trend(r, lang)], className="progress-cell"),
            html.Td(source_cell(latest, lang), className="progress-source-cell"),
        ]))
        if note:  # the figure's definition, under its row across the table
            body.append(html.Tr(html.Td(html.Small(note, className="note"), colSpan=5),
                                className="progress-note-row"))
    parts = []
    if body:
        parts.append(html.Table([html.Thead(head), html.Tbody(body)],
                                className="table progress-table"))
    if without:
        parts.append(html.P(t("progress_none", lang).format(
            n=len(without), names=(", " if en else "、").join(without)),
            className="note", id=Id.PROGRESS_MISSING))
    return parts


def progress_rows(progress: list[dict]) -> tuple[list[dict], str | None]:
    """The plan's targets with their figures: the database's, the editors' from the store
    as it is now (a figure shows as soon as it is entered); and why the store could not be
    read, if so."""
    try:
        store = read_progress_store(progress_store_path(_state.settings().db_path))
    except (ProgressEntryError, OSError) as exc:
        message = exc.message("en") if isinstance(exc, ProgressEntryError) else str(exc)
        return progress, message
    return with_manual_figures(progress, store), None


def progress_panel(progress: list[dict], lang: str) -> list:
    """The targets panel: ``plan_progress`` rows with the editors' figures as of now."""
    rows, error = progress_rows(progress)
    parts = progress_table(rows, lang)
    if error:
        parts.append(html.P(t("progress_store_unreadable", lang).format(error=error),
                            className="note"))
    return parts


def _is_editor() -> bool:
    return has_request_context() and has_role("editor")


def editor_form(rows: list[dict], lang: str) -> html.Details | html.P:
    """The form editors enter a figure with (hidden from everyone else: entering needs the
    editor role whatever the auth setting, as importing does)."""
    if not _is_editor():
        return html.P(t("progress_editors_only", lang), className="note",
                      id=Id.PROGRESS_EDITORS_ONLY)
    en = lang == "en"
    options = [{"label": r["metric_en"] if en else r["metric"], "value": r["target_id"]}
               for r in rows]

    def field(key: str, component) -> html.Label:
        return html.Label([t(key, lang), component], className="progress-field")

    return html.Details(id=Id.PROGRESS_FORM, className="progress-form", children=[
        html.Summary(t("progress_form_title", lang)),
        html.Div(className="progress-fields", children=[
            html.Div([t("progress_form_target", lang), dcc.RadioItems(
                options, id=Id.PROGRESS_TARGET, className="progress-targets")],
                className="progress-field progress-target-field"),
            field("progress_form_year", dcc.Input(id=Id.PROGRESS_YEAR, type="text",
                                                  inputMode="numeric",
                                                  placeholder=f"{FIRST_YEAR}–{LAST_YEAR}")),
            field("progress_form_value", dcc.Input(id=Id.PROGRESS_VALUE, type="text",
                                                   inputMode="decimal")),
            field("progress_form_source", dcc.Input(
                id=Id.PROGRESS_SOURCE, type="text",
                placeholder=t("progress_form_source_hint", lang))),
            field("progress_form_note", dcc.Input(id=Id.PROGRESS_NOTE, type="text")),
            html.Button(t("progress_form_save", lang), id=Id.PROGRESS_SAVE, className="btn"),
        ]),
        html.Div(id=Id.PROGRESS_FORM_RESULT, role="status"),
    ])


def gap_list(frame, lang: str, region: str) -> html.Ul:
    en = lang == "en"
    items = []
    for g in frame.itertuples():
        query = f"?chain={g.chain_id}&region={region}" + ("&lang=en" if lang == "en" else "")
        n = int(g.outside_candidates)
        candidates = (html.B(t("gaps_candidates", lang).format(n=n)) if n
                      else html.Span(t("gaps_no_candidates", lang), className="note"))
        items.append(html.Li([
            status_badge(g.status, lang), " ", html.B(g.chain_name_en if en else g.chain_name),
            " · ", (g.node_name_en if en and isinstance(g.node_name_en, str) else g.node_name),
            bracketed(TIER_EN.get(g.tier, g.tier) if en else g.tier, lang), " · ", candidates,
            " · ", dcc.Link(t("see_targets", lang), href="/targets" + query,
                            className="gap-targets-link"), " · ",
            dcc.Link(t("see_chain", lang), href="/chain" + query + f"&node={g.node_id}"), " · ",
            dcc.Link(t("see_map", lang), href=f"/map?chain={g.chain_id}"
                     + ("&lang=en" if lang == "en" else "")),
        ]))
    return html.Ul(items, className="gap-list", id=Id.BIGGEST_GAPS)


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
                   id=Id.COVERAGE_TABLE) if items else html.P(t("none", lang)),
        html.P(t("coverage_exhaustive_yes" if coverage["exhaustive"]
                 else "coverage_exhaustive_no", lang), className="note"),
        html.P([html.B(t("covered_regions", lang) + t("colon", lang)),
                ("、" if lang != "en" else ", ").join(dict.fromkeys(covers))
                or t("covered_none", lang)], className="note", id=Id.COVERED_REGIONS),
    ]


def biggest_gaps(data: dict, lang: str, region: str) -> list:
    """The missing nodes (never unknown ones), and how many nodes the data do not cover."""
    unknown = int(data["completeness"]["unknown"].sum())
    if data["biggest_gaps"].empty:
        return [html.P(t("no_missing", lang).format(n=unknown), className="note",
                       id=Id.BIGGEST_GAPS)]
    return [html.P(t("gaps_rank_note", lang), className="note", id=Id.GAPS_RANK_NOTE),
            gap_list(data["biggest_gaps"], lang, region),
            html.P(t("unknown_note", lang).format(n=unknown), className="note")]


def layout(**query) -> html.Div:
    selected = selection_of(query)  # an unknown region from an old or edited link: the default
    region, lang = selected.region, selected.lang
    data = _state.cached(query_overview, region)
    chains = data["completeness"]
    return html.Div(className="overview-page", children=[
        html.Div(className="toolbar", children=[
            html.Label(t("region", lang)), region_select(region, Id.OVERVIEW_REGION, lang)]),
        html.Div(className="grid", children=[
            html.Section(className="card", id=Id.PROGRESS_CARD, children=[
                html.H3(t("targets_title", lang)),
                html.Div(progress_panel(data["progress"], lang), id=Id.PROGRESS_PANEL),
                editor_form(data["progress"], lang)]),
            html.Section(className="card", children=[
                html.H3(t("completeness", lang)),
                dcc.Graph(figure=completeness_figure(chains, lang), id=Id.COMPLETENESS_GRAPH,
                          config={"displayModeBar": False})]),
            html.Section(className="card", children=[
                html.H3(t("biggest_gaps", lang)), *biggest_gaps(data, lang, region)]),
            html.Section(className="card", id=Id.COVERAGE_CARD, children=coverage_card(
                data["data_coverage"], data["covered_regions"], lang)),
            html.Section(className="card", children=[
                html.H3(t("firms_by_chain", lang)),
                dcc.Graph(figure=firms_heatmap(data["firms_by_chain_district"], chains, lang),
                          id=Id.FIRMS_HEATMAP, config={"displayModeBar": False})]),
        ]),
        html.P(t("data_note", lang), className="note"),
    ])


@dash.callback(dash.Output(Id.URL, "search", allow_duplicate=True),
               dash.Input(Id.OVERVIEW_REGION, "value"), dash.State(Id.URL, "search"),
               prevent_initial_call=True)
def on_region(region: str, search: str) -> str:
    return query_change(search, {"region": DEFAULTS["region"]}, region=region)


def save_figure(target: object, year: object, value: object, source: object, note: object,
                lang: str, progress: list[dict]) -> tuple[list, list | object]:
    """Store an editor's figure, or say in the page's language why not (nothing stored);
    the message and the panel drawn again."""
    user = current_user()
    if user is None or not has_role("editor"):
        return [html.P(t("need_editor", lang), className="error-box")], dash.no_update
    units = {r["target_id"]: r["unit"] for r in progress}
    try:
        entry = check_entry(text_of(target) or None, year, value, text_of(source),
                            text_of(note), units, entered_by=user.name)
        append_entry(progress_store_path(_state.settings().db_path), entry)
    except ProgressEntryError as exc:
        return [html.P(t("progress_not_saved", lang).format(error=exc.message(lang)),
                       className="error-box", id=Id.PROGRESS_ERROR)], dash.no_update
    except OSError as exc:
        return [html.P(t("progress_not_saved", lang).format(error=exc.strerror or exc),
                       className="error-box", id=Id.PROGRESS_ERROR)], dash.no_update
    row = next(r for r in progress if r["target_id"] == entry.target_id)
    saved = t("progress_saved", lang).format(
        metric=row["metric_en"] if lang == "en" else row["metric"], year=entry.year,
        value=figure_text(entry.value, entry.unit, lang), source=entry.source)
    return [html.P(saved, className="ok-box", id=Id.PROGRESS_SAVED)], progress_panel(progress, lang)


@dash.callback(dash.Output(Id.PROGRESS_FORM_RESULT, "children"),
               dash.Output(Id.PROGRESS_PANEL, "children"),
               dash.Input(Id.PROGRESS_SAVE, "n_clicks"), dash.State(Id.PROGRESS_TARGET, "value"),
               dash.State(Id.PROGRESS_YEAR, "value"), dash.State(Id.PROGRESS_VALUE, "value"),
               dash.State(Id.PROGRESS_SOURCE, "value"), dash.State(Id.PROGRESS_NOTE, "value"),
               dash.State(Id.URL, "search"), prevent_initial_call=True)
def on_progress_save(_clicks, target, year, value, source, note, search):
    lang = lang_of(text_of(search))
    return save_figure(target, year, value, source, note, lang, _state.cached(plan_progress))
