"""The firms on one chain node, grouped by where they are relative to a region."""

from __future__ import annotations

import duckdb

from chainmap.analytics.facts import CONFIRMED, query_chain_facts
from chainmap.reports import report_of
from chainmap.selection import Selection

__all__ = ["GROUPS", "query_node_firms"]

GROUPS = ("local", "sichuan", "elsewhere", "unknown")
LEADERS_MARKED = 3


def _group(row, region: str) -> str:
    if row.in_region:
        return "local"
    if not isinstance(row.adcode, str):
        return "unknown"
    if row.province_id == "510000" and region != "510000":
        return "sichuan"
    return "elsewhere"


def query_node_firms(con: duckdb.DuckDBPyConnection, chain: str, region: str,
                     node_id: str) -> dict:
    """{local, sichuan, elsewhere, unknown}: firms with their evidence; local leaders marked.
    `chain` and `region` are known ids (the caller's selection is checked: chainmap.selection)."""
    facts = query_chain_facts(con, chain, region)
    leaders = {r["firm_id"] for r in report_of(con, "leaders", Selection(chain, region)).data[
        :LEADERS_MARKED]}
    out: dict[str, list[dict]] = {g: [] for g in GROUPS}
    for row in facts[facts["node_id"] == node_id].itertuples():
        out[_group(row, region)].append({
            "firm_id": row.firm_id, "name": row.name, "role": row.node_role,
            "confidence": round(float(row.confidence), 2),
            "marginal": bool(row.confidence < CONFIRMED), "method": row.method,
            "evidence": row.evidence,
            "region_name": row.region_name if isinstance(row.region_name, str) else None,
            "precision": row.precision, "leader": row.firm_id in leaders,
        })
    return out
