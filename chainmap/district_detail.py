"""A clicked district: its firms, the nodes it lacks, where outside suppliers are."""

from __future__ import annotations

import duckdb

from chainmap.geo import query_firm_locations
from chainmap.reports import run_report

__all__ = ["query_district_detail"]


def query_district_detail(con: duckdb.DuckDBPyConnection, adcode: str,
                          chain: str | None = None, top: int = 5) -> dict:
    """Firms located in the district; with a chain, its missing nodes (``missing``), the nodes
    no loaded source covers there (``unknown``: they cannot be called missing) and top outside
    suppliers (node names in Chinese, and in English under ``missing_en``, ``unknown_en`` and
    ``node_name_en``)."""
    name = con.execute("SELECT name FROM dim_region WHERE region_id = ?", [adcode]).fetchone()
    here = query_firm_locations(con, chain, adcode=adcode)
    zones = con.execute("SELECT r.name FROM region_zone_member z JOIN dim_region r "
                        "ON r.region_id = z.zone_id WHERE z.adcode = ?", [adcode]).fetchall()
    detail = {"adcode": adcode, "name": name[0] if name else adcode,
              "firms": [{**f, "chains": f["chains"] if isinstance(f["chains"], str) else None}
                        for f in here[["firm_id", "name", "role", "chains"]].to_dict("records")],
              "zones": [z[0] for z in zones], "missing": [], "missing_en": [], "unknown": [],
              "unknown_en": [], "targets": []}
    if chain:
        english = dict(con.execute("SELECT node_id, name_en FROM dim_chain_node "
                                   "WHERE chain_id = ?", [chain]).fetchall())
        coverage = run_report(con, "coverage", chain, adcode).data
        for status in ("missing", "unknown"):
            nodes = [c for c in coverage if c["status"] == status]
            detail[status] = [c["node_name"] for c in nodes]
            detail[f"{status}_en"] = [english.get(c["node_id"]) or c["node_name"] for c in nodes]
        targets = run_report(con, "targets", chain, adcode).data
        seen, picked = set(), []
        for t in targets:
            if t["firm_id"] not in seen:
                seen.add(t["firm_id"])
                picked.append({k: t[k] for k in ("firm_id", "firm_name", "node_name", "score",
                                                 "region_name", "distance_km")}
                              | {"node_name_en": t["node_name_en"],
                                 "firm_name_en": t.get("firm_name_en")})
        detail["targets"] = picked[:top]
    return detail
