"""Resilience: single-supplier nodes, concentration (HHI), and what-if removals."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from chainmap.analytics.coverage import GapBasis, Thresholds, node_coverage
from chainmap.analytics.facts import CONFIRMED, PRODUCING_ROLES

__all__ = ["concentration", "remove_and_compare"]


def concentration(facts: pd.DataFrame, min_confidence: float = CONFIRMED) -> pd.DataFrame:
    """Per node: confirmed local producers, HHI (0–1) by revenue when all known, else equal."""
    local = facts[facts["in_region"] & facts["node_role"].isin(PRODUCING_ROLES)
                  & (facts["confidence"] >= min_confidence)]
    rows = []
    for node_id, group in local.groupby("node_id"):
        revenue = group["revenue_yi"]
        if revenue.notna().all() and revenue.sum() > 0:
            shares, basis = revenue / revenue.sum(), "revenue"
        else:
            shares, basis = pd.Series([1 / len(group)] * len(group)), "count"
        rows.append({"node_id": node_id, "firm_count": len(group),
                     "hhi": round(float((shares ** 2).sum()), 4), "hhi_basis": basis,
                     "single_supplier": len(group) == 1,
                     "firms": sorted(group["name"].unique())})
    return pd.DataFrame(rows, columns=["node_id", "firm_count", "hhi", "hhi_basis",
                                       "single_supplier", "firms"])


def _supplied(graph: nx.DiGraph, covered: set[str]) -> set[str]:
    """Nodes with at least one direct input node that has a local producer."""
    return {n for n in graph if any(p in covered for p in graph.predecessors(n))}


def remove_and_compare(graph: nx.DiGraph, nodes: pd.DataFrame, facts: pd.DataFrame,
                       remove: str, thresholds: Thresholds | None = None,
                       basis: GapBasis | None = None) -> dict:
    """Remove a firm (id or name) or a node; report what loses all local supply (statuses
    as node_coverage gives them with `basis`)."""
    if remove in graph:
        after_facts = facts[facts["node_id"] != remove]
        removed = {"kind": "node", "id": remove, "name": graph.nodes[remove].get("name_zh")}
    else:
        hit = facts[(facts["firm_id"] == remove) | (facts["name"] == remove)]
        if hit.empty:
            raise ValueError(
                f"--remove {remove!r} is neither a node of this chain nor a firm on it")
        after_facts = facts[~facts["firm_id"].isin(hit["firm_id"])]
        removed = {"kind": "firm", "id": hit["firm_id"].iloc[0], "name": hit["name"].iloc[0]}
    before = node_coverage(nodes, facts, thresholds, basis).set_index("node_id")
    after = node_coverage(nodes, after_facts, thresholds, basis).set_index("node_id")
    has_before = set(before.index[before["firm_count"] + before["marginal_count"] > 0])
    has_after = set(after.index[after["firm_count"] + after["marginal_count"] > 0])
    if removed["kind"] == "node":
        has_after.discard(remove)
    lost = sorted(has_before - has_after)
    cut_off = sorted(
        n for n in _supplied(graph, has_before) - _supplied(graph, has_after)
        if graph.in_degree(n) > 0)
    changed = [{"node_id": n, "before": before.at[n, "status"], "after": after.at[n, "status"]}
               for n in before.index if before.at[n, "status"] != after.at[n, "status"]]
    return {"removed": removed, "nodes_losing_all_local_firms": lost,
            "downstream_losing_all_local_supply": cut_off, "status_changes": changed}
