"""/firms 企业库: searchable, sortable firm table; a firm's facts with their provenance."""

from __future__ import annotations

import dash
from dash import Input, Output, State, callback, clientside_callback, dash_table, dcc, html

from chainmap.queries import query_chains
from chainmap.records import LABEL_EN
from chainmap.text.catalogue import METHODS, label
from chainmap.text.evidence import evidence_en
from chainmap.text.ui import LANGS, bracketed, t
from chainmap.views.firm_search import query_firm_detail, query_firm_page
from chainmap_web import state as _state
from chainmap_web.urls import lang_of, selection_of
from layouts._components import (
    chain_select,
    firm_name,
    firm_names,
    label_options,
    place_names,
    precision_names,
    role_names,
)
from layouts._inputs import dict_of, list_of, page_of, text_of
from layouts._titles import titled, view_title
from layouts.ids import Id

dash.register_page(__name__, path="/firms", title=titled("firms"), name=t("nav_firms"))

PAGE_SIZE = 25
SEARCH_DEBOUNCE_S = 0.3  # the table follows the search as one types, after this pause
COLUMNS = ["name", "role", "region_name", "precision", "chains", "labels", "n_sources"]
HEADS = {"name": "col_name", "role": "col_role", "region_name": "col_region",
         "precision": "col_location_precision", "chains": "col_chains", "labels": "col_labels",
         "n_sources": "col_sources"}
# Columns holding words: each row carries them in both languages ("role" Chinese, "role_en"
# English) and the page shows the one of its language, so the filter callback needs no
# language (nor a change of its inputs, which bench/locustfile.py posts as they are).
WORDED = ("role", "precision", "region_name", "chains", "labels")
# the name too: "name_en" is a firm's English name where its source gives one, else its
# registered name (never a made-up one: layouts._components.firm_name)
PER_LANGUAGE = ("name", *WORDED)
# a fact's name (as chainmap.views.firm_search spells it) -> its text key
FACTS = {"角色": "col_role", "所在地": "col_region", "全称": "fact_full_name",
         "产业链": "chain", "环节": "node", "标签": "fact_label"}


def column_id(column: str, lang: str) -> str:
    """The table's column id of `column` in `lang`."""
    return f"{column}_en" if lang == "en" and column in PER_LANGUAGE else column


def sort_key(column_id: str) -> str:
    """The sort key of a column id (either language's): a worded column by its code, the
    English name by itself (as shown: English names A-Z, then registered names)."""
    base = column_id.removesuffix("_en")
    return base if base in WORDED else column_id


def firm_rows(search: str, chain: str, role: str, sort_by: list | None, page: int,
              label: str = "") -> tuple[list[dict], int]:
    """The table page for the current filters (plain function; the callback only unpacks)."""
    sort = (sort_by or [{"column_id": "name", "direction": "asc"}])[0]
    # memoised: the first page (every visitor's) and a search paged back and forth are read
    # once per database file (at 1M firms a page costs 0.2-0.5 s of SQL)
    frame, total = _state.cached(query_firm_page, search or "", chain or "", role or "",
                                 sort_key(sort["column_id"]), sort["direction"] == "desc",
                                 page or 0, PAGE_SIZE, label or "")
    frame = frame.copy()  # the memo's frame stays as it was read
    chains = _state.cached(query_chains)
    codes = frame[list(WORDED)].copy()
    english = firm_names(frame["firm_id"], "en")
    frame["name_en"] = [firm_name(i, n, english) for i, n in zip(frame["firm_id"], frame["name"],
                                                                 strict=True)]
    for lang in LANGS:
        names = dict(chains[["id", "name_en" if lang == "en" else "name"]]
                     .itertuples(index=False))
        joiner = ", " if lang == "en" else "、"
        frame[column_id("role", lang)] = codes["role"].map(role_names(lang)) \
            .fillna(codes["role"])
        frame[column_id("precision", lang)] = codes["precision"].map(precision_names(lang)) \
            .fillna(codes["precision"])
        places = place_names(lang)
        frame[column_id("region_name", lang)] = codes["region_name"].map(
            lambda v, p=places: p.get(v, v)).fillna(t("region_unknown", lang))
        frame[column_id("chains", lang)] = codes["chains"].fillna("").map(
            lambda v, n=names, j=joiner: j.join(n.get(c.strip(), c.strip())
                                                for c in v.split(",") if c.strip()))
        words = LABEL_EN if lang == "en" else {}
        frame[column_id("labels", lang)] = codes["labels"].fillna("").map(
            lambda v, w=words, j=joiner: j.join(w.get(x.strip(), x.strip())
                                                for x in v.split(",") if x.strip()))
    return frame.to_dict("records"), max(1, -(-total // PAGE_SIZE))


def evidence_text(evidence: object, lang: str) -> str:
    """A fact's evidence as the page shows it: as written in Chinese; in English the build's
    fixed words translated and a Chinese quote said to be one (chainmap.text.evidence)."""
    if lang == "en":
        return evidence_en(evidence)
    return evidence if isinstance(evidence, str) else ""


def method_name(method: str, lang: str) -> str:
    return label(METHODS, method, lang)


def firm_detail(firm_id: str | None, lang: str) -> list:
    if not firm_id:
        return [html.P(t("pick_firm", lang), className="note")]
    detail = _state.cached(query_firm_detail, firm_id)
    if detail is None:
        return [html.P(t("no_firms", lang), className="note")]
    firm = detail["firm"]
    rows = []
    for f in detail["facts"].itertuples():
        source = (html.A(f.title, href=f.locator, target="_blank", rel="noopener noreferrer")
                  if isinstance(f.locator, str) and f.locator.startswith(("http://", "https://"))
                  else f.title)
        value = f.value_en if lang == "en" and isinstance(f.value_en, str) else f.value
        if f.fact == "角色":
            value = role_names(lang).get(f.value, f.value)
        elif f.fact == "标签" and lang == "en":
            value = LABEL_EN.get(f.value, f.value)
        if isinstance(f.precision, str):  # a location: at what precision it is known
            name = precision_names(lang).get(f.precision, f.precision)
            value += bracketed(name, lang)
        fact = t(FACTS[f.fact], lang) if f.fact in FACTS else f.fact
        rows.append(html.Tr([html.Td(fact), html.Td(value), html.Td(source),
                             html.Td(method_name(f.method, lang)),
                             html.Td(evidence_text(f.evidence, lang),
                                     className="evidence")]))
    head = html.Tr([html.Th(t(key, lang)) for key in
                    ("fact_fact", "fact_value", "source", "fact_method", "fact_evidence")])
    english = firm.get("name_en") if lang == "en" else None
    english = english.strip() if isinstance(english, str) and english.strip() else None
    # in English the firm's English name first where its source gives one, its registered
    # (Chinese) name under it; none: the registered name and a word that there is none
    return [html.H3(english or firm["name"], id=Id.FIRM_DETAIL_NAME),
            *([html.P(t("registered_name", lang).format(name=firm["name"]),
                      id=Id.FIRM_DETAIL_NAME_ZH, className="note")] if english else []),
            *([html.P(t("no_name_en", lang), className="note", id=Id.FIRM_DETAIL_NO_NAME_EN)]
              if lang == "en" and not english else []),
            html.P(firm["full_name"] if isinstance(firm["full_name"], str)
                   and firm["full_name"] != firm["name"] else ""),  # not the name again
            html.Table([html.Thead(head), html.Tbody(rows)], className="table")]


def chain_titles(lang: str) -> dict[str, str]:
    """The page's title for each choice of the chain filter ("" all chains), in `lang`."""
    return {chain: view_title("firms", {"lang": lang, "chain": chain})
            for chain in ["", *_state.cached(query_chains)["id"]]}


def layout(q: str = "", role: str = "", firm: str = "", label: str = "",
           **query) -> html.Div:
    selected = selection_of(query, allow_all=True)  # an unknown chain: all, as the control
    chain, lang = selected.chain, selected.lang
    known = {o["value"] for o in label_options(lang)}
    label = label if label in known else ""
    role = role if role in role_names(lang) else ""
    rows, pages = firm_rows(q, chain, role, None, 0, label)
    return html.Div(className="firms-page", children=[
        # the tab's title per chain choice, for the script that keeps URL and title current
        dcc.Store(id=Id.FIRM_TITLES, data=chain_titles(lang)),
        html.Div(className="toolbar", children=[
            dcc.Input(id=Id.FIRM_SEARCH, type="search", value=q, debounce=SEARCH_DEBOUNCE_S,
                      placeholder=t("search_firm", lang), className="search",
                      autoComplete="off"),
            html.Label(t("chain", lang)),
            chain_select(chain, lang, allow_all=True, component_id=Id.FIRM_CHAIN),
            dcc.Dropdown(id=Id.FIRM_ROLE, value=role, clearable=False, style={"width": "140px"},
                         options=[{"label": t("all_roles", lang), "value": ""}] + [
                             {"label": v, "value": k} for k, v in role_names(lang).items()]),
            dcc.Dropdown(id=Id.FIRM_LABEL, value=label, clearable=False,
                         style={"width": "230px"}, options=label_options(lang)),
        ]),
        html.Div(className="two-col", children=[
            html.Section(className="card", children=[dash_table.DataTable(
                id=Id.FIRM_TABLE, data=rows, page_count=pages, page_current=0,
                page_size=PAGE_SIZE, page_action="custom", sort_action="custom",
                sort_mode="single", sort_by=[],
                columns=[{"name": t(HEADS[c], lang), "id": column_id(c, lang)}
                         for c in COLUMNS],
                style_cell={"fontFamily": "inherit", "fontSize": 13, "textAlign": "left",
                            "whiteSpace": "normal", "height": "auto", "padding": "4px 8px"},
                style_header={"fontWeight": "bold", "backgroundColor": "#f5f7fa"},
                style_table={"overflowX": "auto"},  # longer English words: scroll, not spill
                row_selectable=False, cell_selectable=True)]),
            html.Section(className="card", id=Id.FIRM_DETAIL,
                         children=firm_detail(firm or None, lang)),
        ]),
    ])


@callback(Output(Id.FIRM_TABLE, "data"), Output(Id.FIRM_TABLE, "page_count"),
          Input(Id.FIRM_SEARCH, "value"), Input(Id.FIRM_CHAIN, "value"),
          Input(Id.FIRM_ROLE, "value"), Input(Id.FIRM_TABLE, "sort_by"),
          Input(Id.FIRM_TABLE, "page_current"), Input(Id.FIRM_LABEL, "value"),
          prevent_initial_call=True)
def on_filter(search, chain, role, sort_by, page, label=""):
    sort = dict_of(list_of(sort_by)[0]) if list_of(sort_by) else {}
    sort_by = [{"column_id": text_of(sort.get("column_id"), "name"),
                "direction": text_of(sort.get("direction"), "asc")}] if sort else []
    return firm_rows(text_of(search), text_of(chain), text_of(role), sort_by, page_of(page),
                     text_of(label))


@callback(Output(Id.FIRM_DETAIL, "children"), Input(Id.FIRM_TABLE, "active_cell"),
          State(Id.FIRM_TABLE, "data"), State(Id.URL, "search"), prevent_initial_call=True)
def on_pick(active_cell, rows, search):
    lang = lang_of(search)
    rows, row = list_of(rows), dict_of(active_cell).get("row")
    if not isinstance(row, int) or isinstance(row, bool) or not 0 <= row < len(rows):
        return firm_detail(None, lang)
    return firm_detail(text_of(dict_of(rows[row]).get("firm_id")) or None, lang)


# The view in the URL as it changes, without drawing the page again (the search box keeps its
# focus and what is being typed): the address is replaced in place (no history entry per
# key), the shell's location told the new query (navigation links, the language switch keep
# it) and the tab's title follows the chain. Opening such a URL draws the same view (layout).
_URL_JS = """function(values, key) {
    const params = new URLSearchParams(window.location.search);
    let changed = false;
    Object.keys(values).forEach(function (k) {
        const now = typeof values[k] === "string" ? values[k] : "";
        if ((params.get(k) || "") === now) { return; }
        changed = true;
        if (now) { params.set(k, now); } else { params.delete(k); }
    });
    if (!changed) { return window.dash_clientside.no_update; }
    const query = params.toString();
    const search = query ? "?" + query : "";
    window.history.replaceState(window.history.state, "",
                                window.location.pathname + search + window.location.hash);
    return search;
}"""

clientside_callback(
    """function(q, chain, role, label, titles) {
        const urlOf = URL_JS;
        if (titles && typeof titles === "object" && typeof titles[chain || ""] === "string") {
            document.title = titles[chain || ""];
        }
        return urlOf({q: q, chain: chain, role: role, label: label});
    }""".replace("URL_JS", _URL_JS),
    Output(Id.URL, "search", allow_duplicate=True), Input(Id.FIRM_SEARCH, "value"),
    Input(Id.FIRM_CHAIN, "value"), Input(Id.FIRM_ROLE, "value"), Input(Id.FIRM_LABEL, "value"),
    State(Id.FIRM_TITLES, "data"), prevent_initial_call=True)

# a changed filter shows its first page (not the page the last list was at: an empty one)
clientside_callback(
    """function(q, chain, role, label, page) {
        return page ? 0 : window.dash_clientside.no_update;
    }""",
    Output(Id.FIRM_TABLE, "page_current"), Input(Id.FIRM_SEARCH, "value"),
    Input(Id.FIRM_CHAIN, "value"), Input(Id.FIRM_ROLE, "value"), Input(Id.FIRM_LABEL, "value"),
    State(Id.FIRM_TABLE, "page_current"), prevent_initial_call=True)

clientside_callback(
    """function(cell, rows) {
        const urlOf = URL_JS;
        const row = cell && Number.isInteger(cell.row) && Array.isArray(rows) ? rows[cell.row]
            : null;
        const firm = row && typeof row.firm_id === "string" ? row.firm_id : "";
        return firm ? urlOf({firm: firm}) : window.dash_clientside.no_update;
    }""".replace("URL_JS", _URL_JS),
    Output(Id.URL, "search", allow_duplicate=True), Input(Id.FIRM_TABLE, "active_cell"),
    State(Id.FIRM_TABLE, "data"), prevent_initial_call=True)
