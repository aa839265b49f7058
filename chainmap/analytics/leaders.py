"""Chain leaders (链主): an explainable score with a per-factor breakdown."""

from __future__ import annotations

import math
from bisect import bisect_left

import networkx as nx
import pandas as pd

from chainmap.analytics.facts import PRODUCING_ROLES

__all__ = ["DESIGNATION_WEIGHT", "LABEL_WEIGHT", "LEADER_WEIGHTS", "designation_score",
           "label_score", "leader_scores", "size_score"]

# Weights of the factors; they sum to 1 and the score is reported on 0–100.
LEADER_WEIGHTS = {"size": 0.25, "position": 0.25, "local_suppliers": 0.20,
                  "labels": 0.10, "plan": 0.20}

# How strongly the plan's own verb designates a firm as an anchor of its chain.
DESIGNATION_WEIGHT = {"依托": 1.0, "重点依托": 1.0, "重点支持": 0.9, "推进搬迁项目": 0.7,
                      "推进项目建设": 0.7, "支持": 0.6, "推动": 0.6, "鼓励扩大投资": 0.6,
                      "支持打造服务平台": 0.3, "加强指导": 0.3, "引进": 0.3,
                      "推动设立研发中心": 0.3}

LABEL_WEIGHT = {"链主": 1.0, "央企": 0.5, "上市": 0.5, "龙头企业": 0.5, "专精特新": 0.3,
                "外资": 0.2}


def designation_score(designation) -> float:
    return DESIGNATION_WEIGHT.get(designation, 0.0) if isinstance(designation, str) else 0.0


def label_score(labels) -> float:
    if not isinstance(labels, str) or not labels:
        return 0.0
    return min(1.0, sum(LABEL_WEIGHT.get(label, 0.0) for label in labels.split(";")))


def size_score(revenue, best_revenue) -> float | None:
    """log-scaled revenue against the largest candidate; None when revenue is unknown."""
    if revenue is None or (isinstance(revenue, float) and math.isnan(revenue)):
        return None
    if not best_revenue or best_revenue <= 0:
        return 0.0
    return math.log1p(max(revenue, 0)) / math.log1p(best_revenue)


def _supplier_sets(graph: nx.DiGraph, local: pd.DataFrame):
    """Per set of nodes: (the local firms on nodes upstream of them, those firms' names)."""
    suppliers: dict[str, set] = {}
    names: dict[str, str] = {}
    for firm_id, node_id, name in zip(local["firm_id"].tolist(), local["node_id"].tolist(),
                                      local["name"].tolist(), strict=True):
        suppliers.setdefault(node_id, set()).add(firm_id)
        names.setdefault(firm_id, name)
    ancestors = {n: nx.ancestors(graph, n) for n in graph}
    memo: dict[frozenset, tuple[set, list, dict]] = {}

    def of(nodes: frozenset) -> tuple[set, list, dict]:
        if nodes not in memo:
            upstream = set().union(*(ancestors[n] for n in nodes if n in ancestors))
            firms = set().union(*(suppliers.get(n, set()) for n in upstream))
            counts: dict = {}
            for f in firms:
                counts[names[f]] = counts.get(names[f], 0) + 1
            memo[nodes] = (firms, sorted(counts), counts)
        return memo[nodes]
    return of, names


def leader_scores(graph: nx.DiGraph, facts: pd.DataFrame) -> pd.DataFrame:
    """Rank the region's producing firms of one chain; every factor is reported (0–1).

    Vectorised over firms: firms on the same set of nodes share their upstream suppliers
    (computed once per set); the result is the same as scoring each firm on its own."""
    local = facts[facts["in_region"] & facts["node_role"].isin(PRODUCING_ROLES)]
    best_revenue = local.groupby("firm_id")["revenue_yi"].first().max()
    total = max(graph.number_of_nodes() - 1, 1)
    depth = {n: len(nx.ancestors(graph, n)) / total for n in graph}
    position = (local["node_id"].map(depth) * local["confidence"]).groupby(
        local["firm_id"]).max().fillna(0.0)
    node_lists: dict[str, list] = {}
    firsts: dict[str, dict] = {}
    columns = ["name", "region_name", "precision", "plan_designation", "labels", "revenue_yi"]
    for firm_id, node_id, *values in zip(
            local["firm_id"].tolist(), local["node_id"].tolist(),
            *(local[c].tolist() for c in columns), strict=True):
        node_lists.setdefault(firm_id, []).append(node_id)
        if firm_id not in firsts:
            firsts[firm_id] = dict(zip(columns, values, strict=True))
    position = position.to_dict()
    upstream_of, names = _supplier_sets(graph, local)
    rows = []
    for firm_id in sorted(node_lists):
        nodes, first = node_lists[firm_id], firsts[firm_id]
        firms, supplier_names, counts = upstream_of(frozenset(nodes))
        n_local = len(firms) - (firm_id in firms)
        if firm_id in firms and counts[names[firm_id]] == 1:  # itself, under a unique name
            at = bisect_left(supplier_names, names[firm_id])  # the names are sorted, unique
            supplier_names = supplier_names[:at] + supplier_names[at + 1:]
        size = size_score(first["revenue_yi"], best_revenue)
        rows.append({
            "firm_id": firm_id, "firm_name": first["name"], "region_name": first["region_name"],
            "precision": first["precision"], "nodes": sorted(nodes),
            "plan_designation": first["plan_designation"], "labels": first["labels"],
            "n_local_suppliers": n_local,
            "local_supplier_names": list(supplier_names),
            "factors": {"size": size, "position": round(float(position[firm_id]), 4),
                        "local_suppliers": n_local,
                        "labels": label_score(first["labels"]),
                        "plan": designation_score(first["plan_designation"])},
        })
    most_suppliers = max((r["n_local_suppliers"] for r in rows), default=0)
    for r in rows:
        f = dict(r["factors"])
        f["local_suppliers"] = f["local_suppliers"] / most_suppliers if most_suppliers else 0.0
        r["factors"] = {k: (None if v is None else round(v, 4)) for k, v in f.items()}
        r["size_known"] = f["size"] is not None
        r["score"] = round(100 * sum(LEADER_WEIGHTS[k] * (v or 0.0) for k, v in f.items()), 2)
    out = pd.DataFrame(rows)
    if out.empty:
        return pd.DataFrame(columns=["firm_id", "firm_name", "score", "factors"])
    return out.sort_values(["score", "firm_id"], ascending=[False, True]).reset_index(drop=True)
