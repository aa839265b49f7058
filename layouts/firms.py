"""/firms 企业库: searchable, sortable firm table; a firm's facts with their provenance."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, dash_table, dcc, html

from chainmap.firm_search import query_firm_detail, query_firm_page
from chainmap.queries import query_chains
from chainmap.records import METHOD_ZH
from layouts import _state
from layouts._app import lang_of
from layouts._components import PRECISION_ZH, ROLE_ZH, chain_select
from layouts._i18n import t

dash.register_page(__name__, path="/firms", title="企业库 · chainmap", name="企业库")

PAGE_SIZE = 25
COLUMNS = ["name", "role", "region_name", "precision", "chains", "labels", "n_sources"]


def firm_rows(search: str, chain: str, role: str, sort_by: list | None, page: int
              ) -> tuple[list[dict], int]:
    """The table page for the current filters (plain function; the callback only unpacks)."""
    sort = (sort_by or [{"column_id": "name", "direction": "asc"}])[0]
    with _state.cursor() as con:
        frame, total = query_firm_page(con, search or "", chain or "", role or "",
                                       sort["column_id"], sort["direction"] == "desc",
                                       page or 0, PAGE_SIZE)
    frame["role"] = frame["role"].map(ROLE_ZH).fillna(frame["role"])
    frame["precision"] = frame["precision"].map(PRECISION_ZH).fillna(frame["precision"])
    frame["region_name"] = frame["region_name"].fillna("未知")
    names = dict(_state.cached(query_chains)[["id", "name"]].itertuples(index=False))
    frame["chains"] = frame["chains"].fillna("").map(
        lambda v: "、".join(names.get(c.strip(), c.strip()) for c in v.split(",") if c.strip()))
    return frame.to_dict("records"), max(1, -(-total // PAGE_SIZE))


def firm_detail(firm_id: str | None, lang: str) -> list:
    if not firm_id:
        return [html.P(t("pick_firm", lang), className="note")]
    with _state.cursor() as con:
        detail = query_firm_detail(con, firm_id)
    if detail is None:
        return [html.P(t("no_firms", lang), className="note")]
    firm = detail["firm"]
    rows = []
    for f in detail["facts"].itertuples():
        source = (html.A(f.title, href=f.locator, target="_blank", rel="noopener noreferrer")
                  if isinstance(f.locator, str) and f.locator.startswith(("http://", "https://"))
                  else f.title)
        value = ROLE_ZH.get(f.value, f.value) if f.fact == "角色" else f.value
        rows.append(html.Tr([html.Td(f.fact), html.Td(value), html.Td(source),
                             html.Td(METHOD_ZH.get(f.method, f.method)),
                             html.Td(f.evidence if isinstance(f.evidence, str) else "",
                                     className="evidence")]))
    head = html.Tr([html.Th(x) for x in ("事实", "内容", "来源", "方式", "依据")])
    return [html.H3(firm["name"], id="firm-detail-name"),
            html.P(firm["full_name"] if isinstance(firm["full_name"], str) else ""),
            html.Table([html.Thead(head), html.Tbody(rows)], className="table")]


def layout(q: str = "", chain: str = "", role: str = "", firm: str = "", lang: str = "zh",
           **_query) -> html.Div:
    lang = "en" if lang == "en" else "zh"
    rows, pages = firm_rows(q, chain, role, None, 0)
    header = {"name": "名称", "role": "角色", "region_name": "所在地", "precision": "定位精度",
              "chains": "产业链", "labels": "标签", "n_sources": "来源数"}
    return html.Div(className="firms-page", children=[
        html.Div(className="toolbar", children=[
            dcc.Input(id="firm-search", type="search", value=q, debounce=True,
                      placeholder=t("search_firm", lang), className="search"),
            html.Label(t("chain", lang)),
            chain_select(chain, lang, allow_all=True, component_id="firm-chain"),
            dcc.Dropdown(id="firm-role", value=role, clearable=False, style={"width": "140px"},
                         options=[{"label": "全部角色", "value": ""}] + [
                             {"label": v, "value": k} for k, v in ROLE_ZH.items()]),
        ]),
        html.Div(className="two-col", children=[
            html.Section(className="card", children=[dash_table.DataTable(
                id="firm-table", data=rows, page_count=pages, page_current=0,
                page_size=PAGE_SIZE, page_action="custom", sort_action="custom",
                sort_mode="single", sort_by=[],
                columns=[{"name": header[c], "id": c} for c in COLUMNS],
                style_cell={"fontFamily": "inherit", "fontSize": 13, "textAlign": "left",
                            "whiteSpace": "normal", "height": "auto", "padding": "4px 8px"},
                style_header={"fontWeight": "bold", "backgroundColor": "#f5f7fa"},
                row_selectable=False, cell_selectable=True)]),
            html.Section(className="card", id="firm-detail",
                         children=firm_detail(firm or None, lang)),
        ]),
    ])


@callback(Output("firm-table", "data"), Output("firm-table", "page_count"),
          Input("firm-search", "value"), Input("firm-chain", "value"),
          Input("firm-role", "value"), Input("firm-table", "sort_by"),
          Input("firm-table", "page_current"), prevent_initial_call=True)
def on_filter(search, chain, role, sort_by, page):
    return firm_rows(search, chain, role, sort_by, page)


@callback(Output("firm-detail", "children"), Input("firm-table", "active_cell"),
          State("firm-table", "data"), State("url", "search"), prevent_initial_call=True)
def on_pick(active_cell, rows, search):
    lang = lang_of(search)
    if not active_cell or not rows or active_cell["row"] >= len(rows):
        return firm_detail(None, lang)
    return firm_detail(rows[active_cell["row"]]["firm_id"], lang)
