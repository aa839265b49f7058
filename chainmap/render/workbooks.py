"""Excel workbooks for people: the investment-target list (招商清单) with its gaps, the
region's data coverage (which sources, whether one lists every firm) and notes."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from chainmap.queries import query_place_names_en, query_region_name
from chainmap.records import TIER_EN
from chainmap.render.export import write_xlsx_sheets
from chainmap.reports import run_report
from chainmap.text.captions import caption, data_coverage_caption, data_coverage_items
from chainmap.text.catalogue import STATUSES, headers, words

__all__ = ["region_note", "write_targets_sheets", "write_targets_workbook"]


# each sheet's columns and their headers' codes in the text catalogue
TARGET_COLUMNS = {"node_name": "col_gap_node", "node_status": "col_node_status",
                  "firm_name": "col_firm", "score": "col_score", "region_name": "col_region",
                  "distance_km": "col_distance_km", "reasons": "col_target_reasons"}
GAP_COLUMNS = {"node_name": "node", "tier": "tier", "status": "status",
               "status_basis": "col_status_basis", "firm_count": "col_local_firm_count",
               "marginal_count": "col_marginal_count",
               "outside_candidates": "col_outside_candidate_count"}
# the sheets' names and the notes sheet's rows: their codes in the text catalogue
SHEETS = ("sheet_targets", "sheet_gaps", "data_coverage", "sheet_notes")
NOTE_HEADS = ("note_item", "col_note")
NOTE_ROWS = ("chain", "region", "note_made_at", "col_score", "note_sources", "data_coverage")


def write_targets_workbook(con: duckdb.DuckDBPyConnection, chain: str, region: str,
                           path, lang: str = "zh") -> object:
    """Three sheets: ranked targets with reasons, the gaps, and how to read them."""
    targets = run_report(con, "targets", chain, region)
    gaps = run_report(con, "gaps", chain, region)
    chain_name, chain_name_en = con.execute("SELECT name_zh, name_en FROM dim_chain "
                                            "WHERE chain_id = ?", [chain]).fetchone()
    places = query_place_names_en(con) if lang == "en" else {}
    return write_targets_sheets(targets.data, gaps.data,
                                chain_name_en if lang == "en" else chain_name, region, path,
                                lang, places, query_region_name(con, region, lang),
                                gaps.data_coverage)


def region_note(region: str, name: str | None, lang: str = "zh") -> str:
    """The Notes sheet's region: its name with the code the app's address uses
    (重庆市（500000）, Chongqing (500000)); the code alone when the name is not known."""
    if not name or name == region:
        return region
    return f"{name} ({region})" if lang == "en" else f"{name}（{region}）"


def write_targets_sheets(targets: list[dict], gaps: list[dict], chain_name: str, region: str,
                         path, lang: str = "zh", places: dict[str, str] | None = None,
                         region_name: str | None = None,
                         data_coverage: dict | None = None) -> object:
    """The workbook from the `targets` and `gaps` reports' rows (e.g. ones the app has
    already), in `lang` (English: the rows' English forms, regions by `places`);
    `region_name` is the region's name in `lang` (chainmap.queries.query_region_name);
    `data_coverage` the region's (a report's ``data_coverage``): a sheet and a note."""
    en = lang == "en"
    t = pd.DataFrame(targets)
    if en and not t.empty:
        t["node_name"] = t.get("node_name_en", t["node_name"])
        t["reasons"] = t.get("reasons_en", t["reasons"])
        if "firm_name_en" in t:  # a firm's English name where its source gives one
            t["firm_name"] = t["firm_name_en"].where(t["firm_name_en"].notna(), t["firm_name"])
        t["region_name"] = t["region_name"].map(lambda v: (places or {}).get(v, v))
    t = t.reindex(columns=list(TARGET_COLUMNS))
    t["node_status"] = t["node_status"].map(words(STATUSES, lang))
    t["reasons"] = t["reasons"].apply(lambda r: "\n".join(r) if isinstance(r, list) else r)
    g = pd.DataFrame(gaps)
    if en and not g.empty:
        g["node_name"] = g.get("node_name_en", g["node_name"])
        g["tier"] = g["tier"].map(lambda v: TIER_EN.get(v, v))
    g = g.reindex(columns=list(GAP_COLUMNS))
    g["status"] = g["status"].map(words(STATUSES, lang))
    g["status_basis"] = g["status_basis"].map(
        lambda b: caption(f"basis_{b}_short", lang) if isinstance(b, str) else None)
    item, note = (caption(code, lang) for code in NOTE_HEADS)
    names = [caption(code, lang) for code in NOTE_ROWS]
    score, sources = caption("note_score", lang), caption("note_sources_text", lang)
    line = data_coverage_caption(data_coverage, lang) if data_coverage else ""
    notes = pd.DataFrame({item: list(names), note: [
        chain_name, region_note(region, region_name, lang),
        dt.datetime.now().strftime("%Y-%m-%d %H:%M"), score, sources, line]})
    coverage = pd.DataFrame(data_coverage_items(data_coverage, lang) if data_coverage else [])
    sheets = [caption(code, lang) for code in SHEETS]
    write_xlsx_sheets([(sheets[0], t, headers(TARGET_COLUMNS, lang)),
                       (sheets[1], g, headers(GAP_COLUMNS, lang)),
                       (sheets[2], coverage, None), (sheets[3], notes, None)], path)
    return path
