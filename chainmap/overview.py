"""The overview (总览): chain completeness, firms by chain and district, biggest gaps, targets."""

from __future__ import annotations

import duckdb
import pandas as pd

from chainmap.analytics.progress import plan_progress
from chainmap.reports import run_report

__all__ = ["chain_completeness", "query_firms_by_chain_district", "query_overview"]

STATUSES = ("missing", "weak", "present", "strong")


def chain_completeness(con: duckdb.DuckDBPyConnection, region: str) -> tuple[pd.DataFrame,
                                                                           pd.DataFrame]:
    """Per chain: nodes by status and the share with a confirmed local producer; and all gaps."""
    chains = con.execute(
        "SELECT chain_id, name_zh, name_en, focus FROM dim_chain ORDER BY focus DESC, chain_id"
    ).df()
    rows, gap_rows = [], []
    for chain in chains.itertuples():
        gaps = pd.DataFrame(run_report(con, "gaps", chain.chain_id, region).data)
        total = con.execute("SELECT count(*) FROM dim_chain_node WHERE chain_id = ?",
                            [chain.chain_id]).fetchone()[0]
        counts = gaps["status"].value_counts() if not gaps.empty else pd.Series(dtype=int)
        missing, weak = int(counts.get("missing", 0)), int(counts.get("weak", 0))
        rows.append({"chain_id": chain.chain_id, "name_zh": chain.name_zh,
                     "name_en": chain.name_en, "focus": bool(chain.focus), "nodes": total,
                     "missing": missing, "weak": weak, "covered": total - missing - weak,
                     "completeness": round((total - missing - weak) / total, 3) if total else 0})
        if not gaps.empty:
            gap_rows.append(gaps.assign(chain_id=chain.chain_id, chain_name=chain.name_zh,
                                        focus=bool(chain.focus)))
    gap_frame = pd.concat(gap_rows, ignore_index=True) if gap_rows else pd.DataFrame()
    return pd.DataFrame(rows), gap_frame


def query_firms_by_chain_district(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Firm counts per chain and Chongqing district; firms known only to the city or a zone
    get their own columns instead of being spread over districts."""
    return con.execute(
        "SELECT c.chain_id, "
        "  CASE WHEN f.precision = 'district' THEN r.name "
        "       WHEN f.precision = 'zone' THEN r.name || '（功能区）' "
        "       WHEN f.adcode = '500000' THEN '区县不详' ELSE '重庆市外/未知' END AS area, "
        "  count(DISTINCT f.firm_id) AS firms "
        "FROM firm_chain c JOIN dim_firm f ON f.firm_id = c.firm_id "
        "LEFT JOIN dim_region r ON r.region_id = f.adcode "
        "GROUP BY 1, 2 ORDER BY 1, 2"
    ).df()


def query_overview(con: duckdb.DuckDBPyConnection, region: str = "500000") -> dict:
    completeness, gaps = chain_completeness(con, region)
    biggest = pd.DataFrame()
    if not gaps.empty:
        biggest = gaps[gaps["status"] == "missing"].sort_values(
            ["focus", "outside_candidates", "tier"], ascending=[False, False, True]).head(12)
    return {"completeness": completeness, "gaps": gaps, "biggest_gaps": biggest,
            "firms_by_chain_district": query_firms_by_chain_district(con),
            "progress": plan_progress(con)}
