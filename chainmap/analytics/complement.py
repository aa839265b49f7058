"""成渝 complementarity: where one side's strong nodes fill the other side's gaps."""

from __future__ import annotations

import pandas as pd

__all__ = ["complementarity"]

GAP = ("missing", "weak")
STRENGTH = ("present", "strong")


def _by_node(coverage: pd.DataFrame, statuses: tuple[str, ...]) -> dict[str, dict]:
    rows = coverage.loc[coverage["status"].isin(statuses),
                        ["node_id", "node_name", "tier", "status", "firm_count", "firms"]]
    return {r["node_id"]: r for r in rows.to_dict("records")}


def _fills(gap_side: pd.DataFrame, strong_sides: dict[str, pd.DataFrame],
           names: dict[str, str], partners: set[str]) -> list[dict]:
    rows = []
    gaps = _by_node(gap_side, GAP)
    for region_id, coverage in strong_sides.items():
        strong = _by_node(coverage, STRENGTH)
        for node_id in (n for n in gaps if n in strong):
            gap, there = gaps[node_id], strong[node_id]
            rows.append({
                "node_id": node_id, "node_name": gap["node_name"],
                "tier": gap["tier"], "gap_status": gap["status"],
                "region_id": region_id, "region_name": names.get(region_id, region_id),
                "status": there["status"],
                "firm_count": int(there["firm_count"]),
                "firms": there["firms"],
                "plan_partner": region_id in partners,
            })
    return sorted(rows, key=lambda r: (not r["plan_partner"], -r["firm_count"], r["node_id"]))


def complementarity(cq: pd.DataFrame, sc: pd.DataFrame, sc_cities: dict[str, pd.DataFrame],
                    names: dict[str, str], partners: set[str]) -> dict:
    """`cq`/`sc`: coverage of Chongqing and of Sichuan; `sc_cities`: coverage per city."""
    return {
        "sichuan_fills_chongqing": _fills(cq, sc_cities, names, partners),
        "chongqing_fills_sichuan": _fills(sc, {"500000": cq}, names, partners),
    }
