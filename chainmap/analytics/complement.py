"""成渝 complementarity: where one side's strong nodes fill the other side's gaps."""

from __future__ import annotations

import pandas as pd

__all__ = ["complementarity"]

GAP = ("missing", "weak")
STRENGTH = ("present", "strong")


def _fills(gap_side: pd.DataFrame, strong_sides: dict[str, pd.DataFrame],
           names: dict[str, str], partners: set[str]) -> list[dict]:
    rows = []
    gaps = gap_side[gap_side["status"].isin(GAP)].set_index("node_id")
    for region_id, coverage in strong_sides.items():
        strong = coverage[coverage["status"].isin(STRENGTH)].set_index("node_id")
        for node_id in gaps.index.intersection(strong.index):
            rows.append({
                "node_id": node_id, "node_name": gaps.at[node_id, "node_name"],
                "tier": gaps.at[node_id, "tier"], "gap_status": gaps.at[node_id, "status"],
                "region_id": region_id, "region_name": names.get(region_id, region_id),
                "status": strong.at[node_id, "status"],
                "firm_count": int(strong.at[node_id, "firm_count"]),
                "firms": strong.at[node_id, "firms"],
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
