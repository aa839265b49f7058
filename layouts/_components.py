"""Shared component builders: selectors, badges, figure styling."""

from __future__ import annotations

import duckdb
from dash import dcc, html

from chainmap import selection
from chainmap.queries import query_chains, query_firm_names_en, query_place_names_en
from chainmap.records import LABEL_EN, FirmRole, Precision
from chainmap.reports import report_of
from chainmap.selection import DEFAULT_CHAIN, DEFAULT_REGION, Selection
from chainmap.text.captions import caption
from chainmap.text.ui import t
from chainmap.views.firm_search import query_labels
from chainmap_web import state as _state
from chainmap_web.urls import chain_ids, region_ids

__all__ = ["chain_select", "drawable_chain", "drawable_region", "firm_name", "firm_names",
           "no_targets_text", "place", "place_names", "precision_names", "query_region_options",
           "region_select", "report_rows", "role_names", "status_badge"]


def report_rows(con: duckdb.DuckDBPyConnection, kind: str, chain: str, region: str) -> list:
    """A report's rows for a chain and region the page's selection holds (already checked:
    chainmap_web.urls.selection_of), for ``_state.cached``: the targets and present pages
    share one memo entry per report."""
    return report_of(con, kind, Selection(chain, region)).data


def no_targets_text(gaps: list | None, lang: str) -> str:
    """Why a ranked list is empty: no gap to fill (``gaps`` empty), no missing or weak node
    but nodes the data do not cover (``gaps`` holds only unknown ones), or no outside firm
    for the gaps there are (or ``gaps`` not known)."""
    if gaps == []:
        return t("no_gaps_targets", lang)
    if gaps and all(g.get("status") == "unknown" for g in gaps):
        return t("no_known_gaps_targets", lang).format(n=len(gaps))
    return t("no_targets", lang)


def role_names(lang: str = "zh") -> dict[str, str]:
    """A firm's role code -> its name as the tables show it."""
    return {role.value: t(f"role_{role.value}", lang) for role in FirmRole}


def precision_names(lang: str = "zh") -> dict[str, str]:
    """A firm's location precision code -> its name as the tables show it."""
    return {p.value: t(f"precision_{p.value}", lang) for p in Precision}


def place_names(lang: str) -> dict[str, str]:
    """A region's Chinese name -> its name in `lang` (empty in Chinese: names are Chinese)."""
    return _state.cached(query_place_names_en) if lang == "en" else {}


def firm_names(firm_ids, lang: str) -> dict[str, str]:
    """firm_id -> the firm's English name, for those of `firm_ids` that have one; empty in
    Chinese (a firm is named as registered). Use with `firm_name`."""
    if lang != "en":
        return {}
    ids = tuple(sorted({i for i in firm_ids if isinstance(i, str)}))
    return _state.cached(query_firm_names_en, ids) if ids else {}


def firm_name(firm_id: str | None, name: str, names: dict[str, str]) -> str:
    """A firm's name as shown: its English name where `names` (firm_names) has one, else
    its name as registered (a firm without an English name is never given a made-up one)."""
    return names.get(firm_id, name) if firm_id is not None else name


def place(name: str | None, lang: str) -> str | None:
    """A region's name in `lang`: its English name in English where one is known (a name
    without one stays Chinese, never a guess), else as it is."""
    if lang != "en" or not isinstance(name, str):
        return name
    return place_names(lang).get(name, name)


def drawable_chain(chain: object, default: str = DEFAULT_CHAIN, *,
                   allow_all: bool = False) -> str:
    """A chain id from a control as a page can draw it (chainmap.selection.drawable_chain)."""
    return selection.drawable_chain(chain, chain_ids(), default, allow_all=allow_all)


def drawable_region(region: object, default: str = DEFAULT_REGION) -> str:
    """A region id from a control as a page can draw it (chainmap.selection.drawable_region)."""
    return selection.drawable_region(region, region_ids(), default)


def chain_select(chain: str, lang: str, *, allow_all: bool = False,
                 component_id: str) -> dcc.Dropdown:
    chains = _state.cached(query_chains)
    label = "name_en" if lang == "en" else "name"
    options = [{"label": getattr(r, label), "value": r.id} for r in chains.itertuples()]
    if allow_all:
        options = [{"label": t("all_chains", lang), "value": ""}, *options]
    return dcc.Dropdown(id=component_id, options=options, value=chain, clearable=False,
                        style={"width": "260px"})


def query_region_options(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(region_id, label, group) for the region switch: Chongqing, 成渝, zones, districts,
    Sichuan cities."""
    rows = con.execute(
        "SELECT region_id, name, level, province_id FROM dim_region "
        "WHERE province_id IN ('500000', '510000') AND level IN ('province', 'city', 'district',"
        " 'zone') AND NOT (province_id = '510000' AND level = 'district') "
        "ORDER BY province_id, CASE level WHEN 'province' THEN 0 WHEN 'zone' THEN 1 "
        "WHEN 'city' THEN 2 ELSE 3 END, region_id").fetchall()
    out = [("500000", "重庆市", "cq"), ("chengyu", caption("region_chengyu"), "group")]
    out += [(rid, name, "zone" if level == "zone" else pid)
            for rid, name, level, pid in rows if rid != "500000"]
    return out


def region_select(region: str, component_id: str, lang: str = "zh") -> dcc.Dropdown:
    options = [{"label": caption("region_chengyu", lang) if rid == "chengyu" else
                place(name, lang) + (t("zone_suffix", lang) if group == "zone" else ""),
                "value": rid} for rid, name, group in _state.cached(query_region_options)]
    return dcc.Dropdown(id=component_id, options=options, value=region, clearable=False,
                        style={"width": "300px" if lang == "en" else "220px"})


def status_badge(status: str, lang: str) -> html.Span:
    return html.Span(t(f"status_{status}", lang), className=f"badge badge-{status}")


def label_options(lang: str) -> list[dict]:
    """A firm-label filter's options (the firm list's and the map's): every label firms
    carry, with its firm count, "all labels" first."""
    words = LABEL_EN if lang == "en" else {}
    fmt = "{} ({:,})" if lang == "en" else "{}（{:,}）"
    return [{"label": t("all_labels", lang), "value": ""}] + [
        {"label": fmt.format(words.get(label, label), n), "value": label}
        for label, n in _state.cached(query_labels)]
