"""A clicked district: its firms, the nodes it lacks, where outside suppliers are."""

from __future__ import annotations

import math

import duckdb

from chainmap.analytics.distance import FirmDistance, query_distance_origin
from chainmap.analytics.region import query_region
from chainmap.geo.firms import query_firm_locations
from chainmap.reports import report_of
from chainmap.selection import Selection

__all__ = ["query_district_detail"]


def query_district_detail(con: duckdb.DuckDBPyConnection, adcode: str,
                          chain: str | None = None, top: int = 5) -> dict:
    """Firms located in the district; with a chain, its missing nodes (``missing``), the nodes
    no loaded source covers there (``unknown``: they cannot be called missing) and top outside
    suppliers (node names in Chinese, and in English under ``missing_en``, ``unknown_en`` and
    ``node_name_en``; ``distance`` a chainmap.analytics.distance.FirmDistance from the
    district, said with distance_phrase as /targets says it). `adcode` and `chain` are known
    ids (the caller's selection is checked: chainmap.selection), not checked again."""
    name = con.execute("SELECT name FROM dim_region WHERE region_id = ?", [adcode]).fetchone()
    here = query_firm_locations(con, chain, adcode=adcode)
    # a zone spans parts of districts (region_zone_member.part: partial, core = 直管园,
    # extension = 拓展园): a district is never inside a zone, a part of it may be
    zones = con.execute("SELECT r.name, z.part FROM region_zone_member z JOIN dim_region r "
                        "ON r.region_id = z.zone_id WHERE z.adcode = ? ORDER BY z.zone_id",
                        [adcode]).fetchall()
    detail = {"adcode": adcode, "name": name[0] if name else adcode,
              "firms": [{**f, "chains": f["chains"] if isinstance(f["chains"], str) else None}
                        for f in here[["firm_id", "name", "role", "chains"]].to_dict("records")],
              "zones": [z[0] for z in zones],
              "zone_parts": [{"name": z, "part": part} for z, part in zones],
              "missing": [], "missing_en": [], "unknown": [], "unknown_en": [], "targets": []}
    if chain:
        english = dict(con.execute("SELECT node_id, name_en FROM dim_chain_node "
                                   "WHERE chain_id = ?", [chain]).fetchall())
        selection = Selection(chain, adcode)
        coverage = report_of(con, "coverage", selection).data
        for status in ("missing", "unknown"):
            nodes = [c for c in coverage if c["status"] == status]
            detail[status] = [c["node_name"] for c in nodes]
            detail[f"{status}_en"] = [english.get(c["node_id"]) or c["node_name"] for c in nodes]
        targets = report_of(con, "targets", selection).data
        seen, picked = set(), []
        for t in targets:
            if t["firm_id"] not in seen:
                seen.add(t["firm_id"])
                picked.append({k: t[k] for k in ("firm_id", "firm_name", "node_name", "score",
                                                 "region_name", "distance_km")}
                              | {"node_name_en": t["node_name_en"],
                                 "firm_name_en": t.get("firm_name_en")})
        detail["targets"] = _with_distances(con, adcode, picked[:top])
    return detail


def _with_distances(con: duckdb.DuckDBPyConnection, adcode: str, picked: list[dict]
                    ) -> list[dict]:
    """Each picked target with its distance from the district (None, never NaN, when it
    cannot be said: a firm known only to its province, or to 重庆市)."""
    if not picked:
        return picked
    origin = query_distance_origin(con, query_region(con, adcode))
    precision = dict(con.execute("SELECT firm_id, precision FROM dim_firm WHERE "
                                 "list_contains(?, firm_id)",
                                 [[p["firm_id"] for p in picked]]).fetchall())
    out = []
    for p in picked:
        km = p["distance_km"]
        km = None if km is None or (isinstance(km, float) and math.isnan(km)) else float(km)
        where = p["region_name"] if isinstance(p["region_name"], str) else None
        out.append(p | {"distance_km": km, "distance": FirmDistance(
            km, origin, precision.get(p["firm_id"]), where)})
    return out
