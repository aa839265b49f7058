"""Chain leaders (链主): an explainable score with a per-factor breakdown."""

from __future__ import annotations

import math
from bisect import bisect_left

import networkx as nx
import numpy as np
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

    Column by column over firms (in firm_id order): firms on the same set of nodes share their
    upstream suppliers (computed once per set), and each factor is computed once per distinct
    value; the result is the same as scoring each firm on its own."""
    local = facts[facts["in_region"] & facts["node_role"].isin(PRODUCING_ROLES)]
    if local.empty:
        return pd.DataFrame(columns=["firm_id", "firm_name", "score", "factors"])
    best_revenue = local.groupby("firm_id")["revenue_yi"].first().max()
    total = max(graph.number_of_nodes() - 1, 1)
    depth = {n: len(nx.ancestors(graph, n)) / total for n in graph}
    position = (local["node_id"].map(depth) * local["confidence"]).groupby(
        local["firm_id"]).max().fillna(0.0)
    node_lists: dict[str, list] = {}
    for firm_id, node_id in zip(local["firm_id"].tolist(), local["node_id"].tolist(),
                                strict=True):
        node_lists.setdefault(firm_id, []).append(node_id)
    firm_ids = sorted(node_lists)
    firsts = local[~local["firm_id"].duplicated()].set_index("firm_id").loc[firm_ids]
    upstream_of, names = _supplier_sets(graph, local)
    n_local, supplier_names = [], []
    for firm_id in firm_ids:
        firms, named, counts = upstream_of(frozenset(node_lists[firm_id]))
        n_local.append(len(firms) - (firm_id in firms))
        if firm_id in firms and counts[names[firm_id]] == 1:  # itself, under a unique name
            at = bisect_left(named, names[firm_id])  # the names are sorted, unique
            named = named[:at] + named[at + 1:]
        supplier_names.append(list(named))
    labels, plans = firsts["labels"].tolist(), firsts["plan_designation"].tolist()
    most = max(n_local)
    factors = {  # unrounded, in LEADER_WEIGHTS order
        "size": [size_score(r, best_revenue) for r in firsts["revenue_yi"].tolist()],
        "position": [round(float(p), 4) for p in position.loc[firm_ids].tolist()],
        "local_suppliers": [n / most if most else 0.0 for n in n_local],
        "labels": _per_distinct(labels, label_score),
        "plan": _per_distinct(plans, designation_score),
    }
    out = pd.DataFrame({
        "firm_id": firm_ids, "firm_name": firsts["name"].tolist(),
        "region_name": firsts["region_name"].tolist(),
        "precision": firsts["precision"].tolist(),
        "nodes": [sorted(node_lists[f]) for f in firm_ids],
        "plan_designation": plans, "labels": labels, "n_local_suppliers": n_local,
        "local_supplier_names": supplier_names,
        "factors": [{k: (None if v is None else round(v, 4)) for k, v in zip(
            factors, row, strict=True)} for row in zip(*factors.values(), strict=True)],
        "size_known": [v is not None for v in factors["size"]],
        "score": _scores(factors),
    })
    return out.sort_values(["score", "firm_id"], ascending=[False, True]).reset_index(drop=True)


def _per_distinct(values: list, score) -> list:
    memo: dict = {}
    return [memo[v] if v in memo else memo.setdefault(v, score(v)) for v in values]


def _scores(factors: dict[str, list]) -> list[float]:
    """round(100 × Σ weight × factor, 2), unknown = 0, summed in LEADER_WEIGHTS order: the same
    floating-point operations as one firm at a time."""
    total = None
    for k, w in LEADER_WEIGHTS.items():
        term = w * np.array([0.0 if v is None else v for v in factors[k]], dtype=float)
        total = term if total is None else total + term
    return [round(v, 2) for v in (100 * total).tolist()]
