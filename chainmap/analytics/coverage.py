"""Coverage per chain node: how many firms in the region make it, and a status."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from chainmap.analytics.facts import CONFIRMED, PRODUCING_ROLES

__all__ = ["Thresholds", "gaps", "node_coverage", "node_status"]

STATUS_ORDER = {"missing": 0, "weak": 1, "present": 2, "strong": 3}


@dataclass(frozen=True)
class Thresholds:
    """weak: at most `weak_max` confirmed firms (or only marginal ones); strong: `strong_min`+."""

    weak_max: int = 1
    strong_min: int = 5
    confirmed: float = CONFIRMED


def node_status(firm_count: int, marginal_count: int, t: Thresholds) -> str:
    if firm_count == 0 and marginal_count == 0:
        return "missing"
    if firm_count <= t.weak_max:
        return "weak"
    if firm_count >= t.strong_min:
        return "strong"
    return "present"


def node_coverage(nodes: pd.DataFrame, facts: pd.DataFrame,
                  thresholds: Thresholds | None = None) -> pd.DataFrame:
    """Nodes of a chain with local firm counts and a status.

    `nodes`: node_id, name_zh, name_en, tier, tier_order; `facts`: query_chain_facts rows.
    """
    t = thresholds or Thresholds()
    local = facts[facts["in_region"] & facts["node_role"].isin(PRODUCING_ROLES)]
    confirmed = local[local["confidence"] >= t.confirmed]
    marginal = local[local["confidence"] < t.confirmed]
    support = facts[facts["in_region"] & ~facts["node_role"].isin(PRODUCING_ROLES)]
    labelled = confirmed[confirmed["labels"].fillna("").str.len() > 0]

    def names(frame: pd.DataFrame) -> pd.Series:
        return frame.groupby("node_id")["name"].agg(lambda s: list(dict.fromkeys(s)))

    out = nodes[["node_id", "name_zh", "name_en", "tier", "tier_order"]].copy()
    out = out.rename(columns={"name_zh": "node_name"})
    out["firm_count"] = out["node_id"].map(confirmed.groupby("node_id").size()).fillna(0)
    out["marginal_count"] = out["node_id"].map(marginal.groupby("node_id").size()).fillna(0)
    out["labelled_count"] = out["node_id"].map(labelled.groupby("node_id").size()).fillna(0)
    out["support_count"] = out["node_id"].map(support.groupby("node_id").size()).fillna(0)
    for col in ("firm_count", "marginal_count", "labelled_count", "support_count"):
        out[col] = out[col].astype(int)
    out["revenue_yi"] = out["node_id"].map(confirmed.groupby("node_id")["revenue_yi"].sum(
        min_count=1))
    out["firms"] = out["node_id"].map(names(confirmed)).apply(
        lambda v: v if isinstance(v, list) else [])
    out["marginal_firms"] = out["node_id"].map(names(marginal)).apply(
        lambda v: v if isinstance(v, list) else [])
    out["status"] = [node_status(f, m, t) for f, m in
                     zip(out["firm_count"], out["marginal_count"], strict=True)]
    return out.sort_values(["tier_order", "node_id"]).reset_index(drop=True)


def gaps(coverage: pd.DataFrame) -> pd.DataFrame:
    """Missing and weak nodes, missing first, upstream first."""
    out = coverage[coverage["status"].isin(["missing", "weak"])].copy()
    out["_o"] = out["status"].map(STATUS_ORDER)
    return out.sort_values(["_o", "tier_order", "node_id"]).drop(columns="_o").reset_index(
        drop=True)
