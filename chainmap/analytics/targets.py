"""Investment targets (招商): outside firms that could fill a gap, ranked, with reasons."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from chainmap.analytics.coverage import STATUS_ZH
from chainmap.analytics.facts import PRODUCING_ROLES
from chainmap.analytics.geometry import haversine_km
from chainmap.analytics.leaders import label_score, size_score
from chainmap.analytics.region import Region
from chainmap.records import METHOD_ZH

__all__ = ["TARGET_WEIGHTS", "investment_targets"]

TARGET_WEIGHTS = {"fit": 0.30, "plan": 0.20, "size": 0.15, "labels": 0.10,
                  "relatedness": 0.10, "distance": 0.10, "leader_ties": 0.05}
DISTANCE_SCALE_KM = 300.0


def _distance(region: Region, firm) -> float | None:
    """Region to firm, label point to label point; none when the firm is only known to an
    area that contains the region (a 重庆市-level firm seen from a Chongqing district)."""
    if firm.precision not in ("point", "district", "zone", "city"):
        return None
    if firm.precision == "city" and firm.adcode in (region.region_id, region.province_id):
        return None
    return haversine_km(region.lon, region.lat, firm.label_lon, firm.label_lat)


def _reasons(gap, firm, dist, ties: list[str], density: float | None) -> list[str]:
    reasons = [f"填补「{gap.node_name}」环节（本地{STATUS_ZH[gap.status]}，"
               f"确认企业 {int(gap.firm_count)} 家）",
               f"环节匹配依据：{firm.evidence}（置信度 {firm.confidence:.2f}，"
               f"{METHOD_ZH.get(firm.method, firm.method)}）"]
    if firm.firm_role == "attract" or firm.plan_designation == "引进":
        reasons.append("行动计划明确提出引进该企业")
    if pd.notna(firm.revenue_yi):
        reasons.append(f"规模：营业收入约 {firm.revenue_yi:g} 亿元")
    else:
        reasons.append("规模：暂无数据")
    if isinstance(firm.labels, str) and firm.labels:
        reasons.append("标签：" + "、".join(firm.labels.split(";")))
    if density is not None:
        reasons.append(f"本地相关产业基础（关联密度）{density:.2f}")
    if dist is None:
        reasons.append("距离：所在地未知")
    else:
        where = firm.region_name if isinstance(firm.region_name, str) else ""
        reasons.append(f"距离：约 {dist:.0f} 公里（{where}）")
    if ties:
        reasons.append("与本地链主关联：为 " + "、".join(ties) + " 的上游环节供货")
    return reasons


def investment_targets(graph: nx.DiGraph, gap_rows: pd.DataFrame, facts: pd.DataFrame,
                       leaders: pd.DataFrame, region: Region,
                       density: dict[str, float] | None = None, top: int = 10) -> pd.DataFrame:
    """For every gap node, the outside producers on it, scored by TARGET_WEIGHTS."""
    outside = facts[~facts["in_region"] & facts["node_role"].isin(PRODUCING_ROLES)]
    best_revenue = outside["revenue_yi"].max()
    leader_nodes = {r.firm_name: set(r.nodes) for r in leaders.head(5).itertuples()} \
        if not leaders.empty else {}
    rows = []
    for gap in gap_rows.itertuples():
        downstream = nx.descendants(graph, gap.node_id) if gap.node_id in graph else set()
        ties = [name for name, nodes in leader_nodes.items() if nodes & downstream]
        dens = (density or {}).get(gap.node_id)
        for firm in outside[outside["node_id"] == gap.node_id].itertuples():
            dist = _distance(region, firm)
            factors = {
                "fit": float(firm.confidence),
                "plan": 1.0 if firm.firm_role == "attract" else 0.0,
                "size": size_score(firm.revenue_yi, best_revenue),
                "labels": label_score(firm.labels),
                "relatedness": dens,
                "distance": None if dist is None else 1 / (1 + dist / DISTANCE_SCALE_KM),
                "leader_ties": 1.0 if ties else 0.0,
            }
            score = 100 * sum(TARGET_WEIGHTS[k] * (v or 0.0) for k, v in factors.items())
            rows.append({
                "node_id": gap.node_id, "node_name": gap.node_name, "node_status": gap.status,
                "firm_id": firm.firm_id, "firm_name": firm.name, "score": round(score, 2),
                "distance_km": None if dist is None else round(dist),
                "region_name": firm.region_name if isinstance(firm.region_name, str) else None,
                "reasons": _reasons(gap, firm, dist, ties, dens),
                "factors": {k: (None if v is None else round(v, 4)) for k, v in factors.items()},
            })
    out = pd.DataFrame(rows, columns=["node_id", "node_name", "node_status", "firm_id",
                                      "firm_name", "score", "distance_km", "region_name",
                                      "reasons", "factors"])
    out = out.sort_values(["node_id", "score"], ascending=[True, False])
    return out.groupby("node_id").head(top).sort_values(
        ["score", "node_id"], ascending=[False, True]).reset_index(drop=True)
