"""The overview (总览): chain completeness, firms by chain and district, biggest gaps, targets,
and what the data cover (which sources place firms in the region, whether any lists all)."""

from __future__ import annotations

import duckdb
import pandas as pd

from chainmap.aggregates import FIRMS_BY_CHAIN_DISTRICT_SQL
from chainmap.analytics.coverage import STATUSES, query_node_status
from chainmap.analytics.data_coverage import query_covered_regions, query_data_coverage
from chainmap.analytics.progress import plan_progress
from chainmap.cache import memoised
from chainmap.db import stored_table
from chainmap.selection import DEFAULT_REGION

__all__ = ["chain_completeness", "query_firms_by_chain_district", "query_overview",
           "rank_biggest_gaps"]


def chain_completeness(con: duckdb.DuckDBPyConnection, region: str) -> tuple[pd.DataFrame,
                                                                           pd.DataFrame]:
    """Per chain: nodes by status (unknown: no data to judge by) and the share with a
    confirmed local producer; and all missing and weak nodes (unknown ones are no gaps)."""
    chains = con.execute(
        "SELECT chain_id, name_zh, name_en, focus FROM dim_chain ORDER BY focus DESC, chain_id"
    ).df()
    nodes = query_node_status(con, region)
    counts = nodes.groupby(["chain_id", "status"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=list(STATUSES), fill_value=0)
    frame = chains.merge(counts, left_on="chain_id", right_index=True, how="left").fillna(0)
    frame["nodes"] = frame[list(STATUSES)].sum(axis=1).astype(int)
    frame["covered"] = (frame["present"] + frame["strong"]).astype(int)
    frame["completeness"] = (frame["covered"] / frame["nodes"].where(frame["nodes"] > 0)).round(3)
    english = con.execute("SELECT node_id, name_en AS node_name_en FROM dim_chain_node").df()
    gaps = nodes[nodes["status"].isin(["missing", "weak"])].merge(
        chains.rename(columns={"name_zh": "chain_name", "name_en": "chain_name_en"})[
            ["chain_id", "chain_name", "chain_name_en", "focus"]], on="chain_id").merge(
        english, on="node_id", how="left")
    frame = frame.astype(dict.fromkeys(STATUSES, int))
    return frame.reset_index(drop=True), gaps.reset_index(drop=True)


OUTSIDE = "重庆市外/未知"  # firms outside Chongqing (FIRMS_BY_CHAIN_DISTRICT_SQL says it too)
CITY_ONLY = "区县不详"  # the column of firms known only to Chongqing (likewise)
ZONE = "（功能区）"  # after a zone's name in its column (likewise)
# FIRMS_BY_CHAIN_DISTRICT_SQL's rows (chainmap.aggregates), stored by the build (etl/derive.py)
STORED_FIRMS_BY_CHAIN_DISTRICT_SQL = ("SELECT chain_id, area, firms "
                                      "FROM agg_firms_by_chain_district ORDER BY 1, 2")


def query_firms_by_chain_district(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Firm counts per chain and Chongqing district; firms known only to the city or a zone
    get their own columns instead of being spread over districts (read once per read-only
    connection; a copy is returned)."""
    sql = (STORED_FIRMS_BY_CHAIN_DISTRICT_SQL
           if stored_table(con, "agg_firms_by_chain_district") else FIRMS_BY_CHAIN_DISTRICT_SQL)
    return memoised(con, "firms_by_chain_district", lambda: con.execute(sql).df()).copy()


GAPS_PER_CHAIN = 3  # so that one chain cannot fill the list
GAPS_SHOWN = 10


def rank_biggest_gaps(gaps: pd.DataFrame, per_chain: int = GAPS_PER_CHAIN,
                      limit: int = GAPS_SHOWN) -> pd.DataFrame:
    """The missing nodes a planner can act on first: those with firms outside the region
    to attract (more candidates first), then the plan's focus chains, upstream before
    downstream; at most ``per_chain`` of one chain and ``limit`` in all."""
    if gaps.empty:
        return pd.DataFrame()
    missing = gaps[gaps["status"] == "missing"].assign(
        has_candidates=lambda f: f["outside_candidates"] > 0)
    ranked = missing.sort_values(
        ["has_candidates", "outside_candidates", "focus", "tier_order", "node_id"],
        ascending=[False, False, False, True, True], kind="stable")
    ranked = ranked[ranked.groupby("chain_id").cumcount() < per_chain]
    return ranked.head(limit).drop(columns="has_candidates").reset_index(drop=True)


def query_overview(con: duckdb.DuckDBPyConnection, region: str = DEFAULT_REGION) -> dict:
    """The overview of a region. ``biggest_gaps`` are missing nodes only (a node the data do
    not cover is never shown as missing); ``data_coverage``: the region's sources
    (chainmap.analytics.data_coverage); ``covered_regions``: the regions registry imports
    list every firm of."""
    completeness, gaps = chain_completeness(con, region)
    return {"completeness": completeness, "gaps": gaps, "biggest_gaps": rank_biggest_gaps(gaps),
            "firms_by_chain_district": query_firms_by_chain_district(con),
            "progress": plan_progress(con), "data_coverage": query_data_coverage(con, region),
            "covered_regions": query_covered_regions(con)}
