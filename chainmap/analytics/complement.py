"""成渝 complementarity: where one side's strong nodes fill the other side's gaps."""

from __future__ import annotations

__all__ = ["complementarity"]

GAP = ("missing", "weak")
STRENGTH = ("present", "strong")


def _with_status(table: dict[str, dict], statuses: tuple[str, ...]) -> dict[str, dict]:
    return {node_id: row for node_id, row in table.items() if row["status"] in statuses}


def _fills(gap_side: dict[str, dict], strong_sides: dict[str, dict[str, dict]],
           names: dict[str, str], partners: set[str]) -> list[dict]:
    rows = []
    gaps = _with_status(gap_side, GAP)
    for region_id, table in strong_sides.items():
        strong = _with_status(table, STRENGTH)
        for node_id in (n for n in gaps if n in strong):
            gap, there = gaps[node_id], strong[node_id]
            rows.append({
                "node_id": node_id, "node_name": gap["node_name"],
                "tier": gap["tier"], "gap_status": gap["status"],
                "region_id": region_id, "region_name": names.get(region_id, region_id),
                "status": there["status"],
                "firm_count": int(there["firm_count"]),
                "firms": list(there["firms"]),
                "plan_partner": region_id in partners,
            })
    return sorted(rows, key=lambda r: (not r["plan_partner"], -r["firm_count"], r["node_id"]))


def complementarity(cq: dict[str, dict], sc: dict[str, dict], sc_cities: dict[str, dict],
                    names: dict[str, str], partners: set[str]) -> dict:
    """`cq`/`sc`: node_id -> status row (coverage.region_node_status) of Chongqing and of
    Sichuan; `sc_cities`: region_id -> the same per Sichuan city."""
    return {
        "sichuan_fills_chongqing": _fills(cq, sc_cities, names, partners),
        "chongqing_fills_sichuan": _fills(sc, {"500000": cq}, names, partners),
    }
