"""Coverage per chain node: how many firms in the region make it, and a status.

A node with no known producer in the region is ``missing`` only where the data can say so
(``chainmap.analytics.data_coverage.GapBasis``: a registry import covers the region, or the
plan seeks a firm for the node in Chongqing), with ``status_basis`` saying which; elsewhere
it is ``unknown``: no loaded source names a firm there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from chainmap.aggregates import ALL_CHAIN_FACTS_SQL
from chainmap.analytics.data_coverage import GapBasis, query_gap_basis
from chainmap.analytics.facts import CONFIRMED, PRODUCING_ROLES, facts_stored
from chainmap.analytics.region import query_region_members
from chainmap.cache import memoised

__all__ = ["GAP_STATUSES", "STATUSES", "GapBasis", "Thresholds",
           "gaps", "node_coverage", "node_status", "query_node_status", "region_node_status"]

# the order gaps are listed in: known gaps first, then what the data cannot judge
STATUS_ORDER = {"missing": 0, "weak": 1, "unknown": 2, "present": 3, "strong": 4}
STATUSES = ("missing", "weak", "present", "strong", "unknown")
GAP_STATUSES = ("missing", "weak")  # what investment targets fill


@dataclass(frozen=True)
class Thresholds:
    """weak: at most `weak_max` confirmed firms (or only marginal ones); strong: `strong_min`+."""

    weak_max: int = 1
    strong_min: int = 5
    confirmed: float = CONFIRMED


def node_status(firm_count: int, marginal_count: int, t: Thresholds,
                basis: str | None = None) -> str:
    """missing (no producer, and ``basis`` says the data would show one: ``registry`` or
    ``plan``), unknown (no producer, no basis), weak, present or strong."""
    if firm_count == 0 and marginal_count == 0:
        return "missing" if basis else "unknown"
    if firm_count <= t.weak_max:
        return "weak"
    if firm_count >= t.strong_min:
        return "strong"
    return "present"


def _tally(local: pd.DataFrame, t: Thresholds) -> dict[str, dict]:
    """Per node: counts and firm names (unique, in facts order) of the region's rows."""
    tally: dict[str, dict] = {}
    for node_id, role, confidence, name, labels in zip(
            local["node_id"].tolist(), local["node_role"].tolist(),
            local["confidence"].tolist(), local["name"].tolist(), local["labels"].tolist(),
            strict=True):
        n = tally.setdefault(node_id, {"firm_count": 0, "marginal_count": 0,
                                       "labelled_count": 0, "support_count": 0,
                                       "firms": {}, "marginal_firms": {}})
        if role not in PRODUCING_ROLES:
            n["support_count"] += 1
        elif confidence >= t.confirmed:
            n["firm_count"] += 1
            n["firms"][name] = None
            n["labelled_count"] += isinstance(labels, str) and len(labels) > 0
        else:
            n["marginal_count"] += 1
            n["marginal_firms"][name] = None
    return tally


def region_node_status(nodes: pd.DataFrame, facts: pd.DataFrame,
                       members: dict[str, frozenset[str]],
                       thresholds: Thresholds | None = None,
                       bases: dict[str, GapBasis] | None = None) -> dict[str, dict[str, dict]]:
    """For each region: node_id -> node_name, tier, status, status_basis, firm_count and
    firms, as node_coverage reports them for that region, from one pass over the regions'
    rows (`members`: the adcodes inside each region; `bases`: what can call a node missing
    there, none by default)."""
    t = thresholds or Thresholds()
    bases = bases or {}
    regions_of: dict[str, list[str]] = {}
    for region_id, adcodes in members.items():
        for adcode in adcodes:
            regions_of.setdefault(adcode, []).append(region_id)
    rows = facts.loc[facts["adcode"].isin(frozenset(regions_of)),
                     ["adcode", "node_id", "node_role", "confidence", "name"]]
    firms: dict[tuple[str, str], dict] = {}
    marginal: dict[tuple[str, str], int] = {}
    for adcode, node_id, role, confidence, name in zip(
            rows["adcode"].tolist(), rows["node_id"].tolist(), rows["node_role"].tolist(),
            rows["confidence"].tolist(), rows["name"].tolist(), strict=True):
        if role not in PRODUCING_ROLES:
            continue
        for region_id in regions_of[adcode]:
            key = (region_id, node_id)
            if confidence >= t.confirmed:
                named = firms.setdefault(key, {"count": 0, "names": {}})
                named["count"] += 1
                named["names"][name] = None
            else:
                marginal[key] = marginal.get(key, 0) + 1
    ordered = nodes.sort_values(["tier_order", "node_id"])
    node_rows = list(zip(ordered["node_id"].tolist(), ordered["name_zh"].tolist(),
                         ordered["tier"].tolist(), strict=True))
    out: dict[str, dict[str, dict]] = {}
    for region_id in members:
        table = out[region_id] = {}
        basis = bases.get(region_id, GapBasis())
        for node_id, name, tier in node_rows:
            named = firms.get((region_id, node_id), {"count": 0, "names": {}})
            count = named["count"]
            status = node_status(count, marginal.get((region_id, node_id), 0), t,
                                 basis.basis(node_id))
            table[node_id] = {"node_id": node_id, "node_name": name, "tier": tier,
                              "status": status, "status_basis": _basis_of(status, node_id,
                                                                          basis),
                              "firm_count": count, "firms": list(named["names"])}
    return out


def _basis_of(status: str, node_id: str, basis: GapBasis) -> str | None:
    """Why a missing node is missing (``registry``, ``plan``); None for every other status."""
    return basis.basis(node_id) if status == "missing" else None


def _statuses(frame: pd.DataFrame, t: Thresholds, basis: GapBasis,
              ) -> tuple[pd.Series, pd.Series]:
    """status and status_basis (None where there is none) of each row (firm_count,
    marginal_count, node_id)."""
    status, why = [], []
    for node_id, f, m in zip(frame["node_id"].tolist(), frame["firm_count"].tolist(),
                             frame["marginal_count"].tolist(), strict=True):
        s = node_status(f, m, t, basis.basis(node_id))
        status.append(s)
        why.append(_basis_of(s, node_id, basis))
    return (pd.Series(status, index=frame.index, dtype=object),
            pd.Series(why, index=frame.index, dtype=object))


def node_coverage(nodes: pd.DataFrame, facts: pd.DataFrame,
                  thresholds: Thresholds | None = None,
                  basis: GapBasis | None = None) -> pd.DataFrame:
    """Nodes of a chain with local firm counts, a status and `status_basis` (why a missing
    node is missing: ``registry`` or ``plan``; else None).

    `nodes`: node_id, name_zh, name_en, tier, tier_order; `facts`: query_chain_facts rows
    (only those with `in_region` are read); `basis`: what in the data can call a node with
    no producer missing in the region (query_gap_basis); none by default (such a node is
    then ``unknown``)."""
    t = thresholds or Thresholds()
    local = facts.loc[facts["in_region"], ["node_id", "node_role", "confidence", "name",
                                           "labels", "revenue_yi"]]
    tally = _tally(local, t)
    confirmed = local[local["node_role"].isin(PRODUCING_ROLES)
                      & (local["confidence"] >= t.confirmed)]
    out = nodes[["node_id", "name_zh", "name_en", "tier", "tier_order"]].copy()
    out = out.rename(columns={"name_zh": "node_name"})
    per_node = [tally.get(n) for n in out["node_id"].tolist()]
    for col in ("firm_count", "marginal_count", "labelled_count", "support_count"):
        out[col] = pd.Series([int(n[col]) if n else 0 for n in per_node], index=out.index,
                             dtype=int)
    out["revenue_yi"] = out["node_id"].map(confirmed.groupby("node_id")["revenue_yi"].sum(
        min_count=1))
    out["firms"] = pd.Series([list(n["firms"]) if n else [] for n in per_node],
                             index=out.index, dtype=object)
    out["marginal_firms"] = pd.Series([list(n["marginal_firms"]) if n else []
                                       for n in per_node], index=out.index, dtype=object)
    out["status"], out["status_basis"] = _statuses(out, t, basis or GapBasis())
    return out.sort_values(["tier_order", "node_id"]).reset_index(drop=True)


def gaps(coverage: pd.DataFrame, unknown: bool = False) -> pd.DataFrame:
    """Missing and weak nodes (with ``unknown``, then the nodes the data cannot judge),
    missing first, upstream first."""
    wanted = [*GAP_STATUSES, "unknown"] if unknown else list(GAP_STATUSES)
    out = coverage[coverage["status"].isin(wanted)].copy()
    out["_o"] = out["status"].map(STATUS_ORDER)
    return out.sort_values(["_o", "tier_order", "node_id"]).drop(columns="_o").reset_index(
        drop=True)


# Region-independent counts per (node, firm location): a region's status counts are sums over
# the locations inside it (and outside_candidates over the rest), so one scan serves every
# region. Rows are (chain, firm, node) best assignments, so counting rows counts firms. A
# read-only connection counts the build's agg_chain_facts; a writable one computes the rows.
NODE_LOCATION_COUNTS = """
SELECT node_id, adcode, count(*) AS firms,
       count(CASE WHEN node_role IN ('maker', 'project') AND confidence >= ? THEN 1 END)
           AS confirmed,
       count(CASE WHEN node_role IN ('maker', 'project') AND confidence < ? THEN 1 END)
           AS marginal
FROM {rows}
GROUP BY node_id, adcode
"""
NODE_LOCATION_COUNTS_SQL = NODE_LOCATION_COUNTS.format(rows=f"({ALL_CHAIN_FACTS_SQL}) a")
STORED_NODE_LOCATION_COUNTS_SQL = NODE_LOCATION_COUNTS.format(rows="agg_chain_facts")

NODES_SQL = """
SELECT chain_id, node_id, name_zh AS node_name, tier, tier_order FROM dim_chain_node
ORDER BY chain_id, tier_order, node_id
"""


@dataclass(frozen=True)
class _LocationCounts:
    """NODE_LOCATION_COUNTS_SQL as codes into the distinct nodes and locations."""

    node_ids: list
    node_of: np.ndarray
    adcodes: list
    adcode_of: np.ndarray
    counts: dict[str, np.ndarray]


def _location_counts(frame: pd.DataFrame) -> _LocationCounts:
    node_of, node_ids = pd.factorize(frame["node_id"])
    adcode_of, adcodes = pd.factorize(frame["adcode"], use_na_sentinel=False)
    return _LocationCounts(list(node_ids), node_of, list(adcodes), adcode_of,
                           {c: frame[c].to_numpy() for c in ("firms", "confirmed", "marginal")})


def _per_node(lc: _LocationCounts, inside: np.ndarray) -> dict[str, dict[str, int]]:
    """Per node: Σ confirmed and marginal over the locations inside, Σ firms over the rest."""
    sums = {}
    for column, source, mask in (("firm_count", "confirmed", inside),
                                 ("marginal_count", "marginal", inside),
                                 ("outside_candidates", "firms", ~inside)):
        total = np.bincount(lc.node_of, weights=np.where(mask, lc.counts[source], 0),
                            minlength=len(lc.node_ids))
        sums[column] = dict(zip(lc.node_ids, total.astype("int64").tolist(), strict=True))
    return sums


def query_node_status(con, region: str, chain: str | None = None,
                      thresholds: Thresholds | None = None) -> pd.DataFrame:
    """Status (and status_basis) of every node of every chain (or one) from set-based
    counts; the same rule as node_coverage, without firm names (for overviews over many
    chains). The counts per node and location are read once per read-only connection
    (chainmap.cache)."""
    t = thresholds or Thresholds()
    sql = (STORED_NODE_LOCATION_COUNTS_SQL if facts_stored(con)
           else NODE_LOCATION_COUNTS_SQL)
    lc = memoised(con, ("node_location_counts", t.confirmed), lambda: _location_counts(
        con.execute(sql, [t.confirmed, t.confirmed]).df()))
    nodes = memoised(con, "all_chain_nodes", lambda: con.execute(NODES_SQL).df())
    frame = nodes if chain is None else nodes[nodes["chain_id"] == chain]
    frame = frame.reset_index(drop=True)
    members = query_region_members(con, region)
    inside = np.array([a in members for a in lc.adcodes], dtype=bool)[lc.adcode_of]
    for column, per_node in _per_node(lc, inside).items():
        frame[column] = pd.Series([per_node.get(n, 0) for n in frame["node_id"].tolist()],
                                  index=frame.index, dtype="int64")
    frame["status"], frame["status_basis"] = _statuses(frame, t, query_gap_basis(con, region))
    return frame
