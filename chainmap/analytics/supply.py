"""Local supply ratio (本地配套率): the share of supplying nodes with a supplier nearby."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from chainmap.analytics.facts import CONFIRMED, PRODUCING_ROLES
from chainmap.analytics.geometry import haversine_km

__all__ = ["DISTANCE_PRECISIONS", "covered_nodes", "leader_supply", "supply_ratio"]

DISTANCE_PRECISIONS = ("point", "district", "zone")  # a city-level location has no distance


def covered_nodes(facts: pd.DataFrame, scope: pd.Series, min_confidence: float = CONFIRMED
                  ) -> set[str]:
    """Nodes with at least one producing firm for which `scope` (a boolean mask) is true."""
    ok = scope & facts["node_role"].isin(PRODUCING_ROLES) & (facts["confidence"] >= min_confidence)
    return set(facts.loc[ok, "node_id"].unique())


def _ratio(nodes: set[str], covered: set[str]) -> float | None:
    return round(len(nodes & covered) / len(nodes), 4) if nodes else None


def supply_ratio(graph: nx.DiGraph, facts: pd.DataFrame, in_chengyu: pd.Series) -> dict:
    """Chain level: supplying nodes (those with a consumer in the chain) covered in each scope."""
    supplying = {n for n in graph if graph.out_degree(n) > 0}
    local = covered_nodes(facts, facts["in_region"])
    chengyu = covered_nodes(facts, in_chengyu)
    marginal = covered_nodes(facts, facts["in_region"], min_confidence=0.0)
    return {
        "ratio": _ratio(supplying, local),
        "ratio_chengyu": _ratio(supplying, chengyu),
        "ratio_incl_marginal": _ratio(supplying, marginal),
        "supplying_nodes": len(supplying),
        "covered_nodes": len(supplying & local),
        "uncovered": sorted(supplying - local),
        "uncovered_in_chengyu": sorted(supplying - chengyu),
    }


def _label_points(facts: pd.DataFrame) -> tuple[np.ndarray, list[tuple]]:
    """Each row's label point as a code into the distinct points (lon, lat)."""
    points = facts[["label_lon", "label_lat"]]
    codes = points.groupby(["label_lon", "label_lat"], sort=False, dropna=False).ngroup()
    _, first = np.unique(codes.to_numpy(), return_index=True)
    return codes.to_numpy(), list(points.iloc[first].itertuples(index=False, name=None))


def _within_km(codes: np.ndarray, points: list[tuple], mine, km: float) -> np.ndarray:
    """Rows whose label point lies within `km` of `mine`'s (haversine once per point)."""
    near = []
    for lon, lat in points:
        dist = haversine_km(mine["label_lon"], mine["label_lat"], lon, lat)
        near.append(dist is not None and dist <= km)
    return np.array(near, dtype=bool)[codes]


def leader_supply(graph: nx.DiGraph, facts: pd.DataFrame, in_chengyu: pd.Series,
                  leaders: pd.DataFrame, km: float | None = None) -> list[dict]:
    """Per leader: the share of the nodes upstream of its own with a supplier in each scope."""
    rows = []
    located = facts["precision"].isin(DISTANCE_PRECISIONS)
    local = covered_nodes(facts, facts["in_region"])
    chengyu = covered_nodes(facts, in_chengyu)
    codes, points = _label_points(facts) if km is not None else (None, [])
    for leader in leaders.itertuples():
        own = set(leader.nodes)
        upstream = set().union(*(nx.ancestors(graph, n) for n in own if n in graph)) - own
        row = {"firm_id": leader.firm_id, "firm_name": leader.firm_name,
               "upstream_nodes": len(upstream),
               "ratio": _ratio(upstream, local),
               "ratio_chengyu": _ratio(upstream, chengyu)}
        if km is not None:
            mine = facts[facts["firm_id"] == leader.firm_id].iloc[0]
            if mine["precision"] in DISTANCE_PRECISIONS:
                near = located & _within_km(codes, points, mine, km)
                row["ratio_km"] = _ratio(upstream, covered_nodes(facts, near))
            else:
                row["ratio_km"] = None
                row["note"] = "该企业位置仅知到市级，无法计算距离范围内的配套率"
        row["uncovered"] = sorted(upstream - local)
        rows.append(row)
    return rows
