"""Specialization: location quotients, the strong-cluster rule, and relatedness density.

LQ_dn = (E_dn / E_d) / (E_n / E) over firm counts (confirmed producers) of the districts
of a reference area. The U.S. Cluster Mapping strong-cluster rule, adapted to chain nodes:
LQ at or above the 75th percentile of the positive LQs, LQ >= 1, and E_dn >= a size floor.
Density (Hausmann–Hidalgo, Growth Lab): M_dn = 1 if LQ >= 1; proximity
phi_nn' = sum_d M_dn M_dn' / max(k_n, k_n'); density_dn = sum_n' M_dn' phi_nn' / sum_n' phi_nn'.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from chainmap.analytics.facts import CONFIRMED, PRODUCING_ROLES

__all__ = ["count_matrix", "density", "location_quotients", "strong_clusters"]


def count_matrix(facts: pd.DataFrame, district_ids: list[str], node_ids: list[str],
                 min_confidence: float = CONFIRMED) -> pd.DataFrame:
    """Districts x nodes: number of confirmed producing firms located in the district."""
    ok = (facts["node_role"].isin(PRODUCING_ROLES) & (facts["confidence"] >= min_confidence)
          & facts["adcode"].isin(district_ids))
    counts = facts[ok].groupby(["adcode", "node_id"])["firm_id"].nunique().unstack(fill_value=0)
    return counts.reindex(index=district_ids, columns=node_ids, fill_value=0).astype(float)


def location_quotients(counts: pd.DataFrame) -> pd.DataFrame:
    total = counts.values.sum()
    row = counts.sum(axis=1)
    col = counts.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        lq = (counts.div(row, axis=0)).div(col / total, axis=1) if total else counts * 0
    return lq.fillna(0.0).replace([np.inf, -np.inf], 0.0)


def strong_clusters(counts: pd.DataFrame, lq: pd.DataFrame, min_firms: int = 2,
                    percentile: float = 75.0) -> pd.DataFrame:
    """(district, node) pairs passing the strong-cluster rule, with the cut-off used."""
    positive = lq.values[lq.values > 0]
    cut = float(np.percentile(positive, percentile)) if positive.size else float("inf")
    long = pd.DataFrame({"lq": lq.stack(), "firms": counts.stack()}).reset_index()
    long.columns = ["adcode", "node_id", "lq", "firms"]
    strong = long[(long["lq"] >= max(cut, 1.0)) & (long["firms"] >= min_firms)]
    return strong.assign(lq_cutoff=cut).sort_values("lq", ascending=False).reset_index(drop=True)


def density(lq: pd.DataFrame) -> pd.DataFrame:
    """Relatedness density of each district to each node (0–1), from co-location patterns."""
    m = (lq.values >= 1).astype(float)
    ubiquity = m.sum(axis=0)
    co = m.T @ m
    denom = np.maximum.outer(ubiquity, ubiquity)
    with np.errstate(divide="ignore", invalid="ignore"):
        phi = np.where(denom > 0, co / denom, 0.0)
    np.fill_diagonal(phi, 0.0)
    weight = phi.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        dens = np.where(weight > 0, (m @ phi) / weight, 0.0)
    return pd.DataFrame(dens, index=lq.index, columns=lq.columns)
