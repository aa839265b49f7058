"""The firm-on-node facts of one chain, with whether each firm lies in the asked region."""

from __future__ import annotations

import duckdb
import pandas as pd

from chainmap.analytics.memo import memoised
from chainmap.analytics.region import query_region_members

__all__ = ["CONFIRMED", "PRODUCING_ROLES", "in_region", "query_chain_facts",
           "query_chain_facts_anywhere"]

CONFIRMED = 0.5  # an assignment below this confidence is marginal evidence
PRODUCING_ROLES = ("maker", "project")  # researchers and platforms support a node, not supply it

# Set-based: labels and plan designations are aggregated once per firm and joined, instead of
# a correlated subquery per row. Which region a firm is in is added afterwards (in_region).
# `labels` reads firm_node itself rather than `best`, so that `best` is used once and is not
# materialised (the join with dim_firm can then filter its scan).
CHAIN_FACTS_SQL = """
WITH best AS (
    SELECT firm_id, node_id, node_role, confidence, evidence, method, source_id
    FROM (SELECT firm_id, node_id, role AS node_role, confidence, evidence, method, source_id,
                 row_number() OVER (PARTITION BY firm_id, node_id
                                    ORDER BY confidence DESC, method) AS rn
          FROM firm_node WHERE chain_id = ?) ranked
    WHERE rn = 1
),
labels AS (
    SELECT l.firm_id, string_agg(l.label, ';' ORDER BY l.label) AS labels
    FROM (SELECT DISTINCT firm_id, label FROM firm_label
          WHERE firm_id IN (SELECT firm_id FROM firm_node WHERE chain_id = ?)) l
    GROUP BY l.firm_id
),
plan AS (
    SELECT c.firm_id, min(c.plan_designation) AS plan_designation
    FROM firm_chain c WHERE c.chain_id = ? AND c.source_id = 'plan' GROUP BY c.firm_id
)
SELECT b.firm_id, f.name, b.node_id, b.node_role, b.confidence, b.evidence, b.method,
       b.source_id, f.adcode, f.precision, f.role AS firm_role, f.kind, f.revenue_yi,
       f.employees, r.name AS region_name, r.label_lon, r.label_lat, r.province_id,
       lab.labels, p.plan_designation
FROM best b JOIN dim_firm f ON f.firm_id = b.firm_id
LEFT JOIN dim_region r ON r.region_id = f.adcode
LEFT JOIN labels lab ON lab.firm_id = b.firm_id
LEFT JOIN plan p ON p.firm_id = b.firm_id
ORDER BY b.node_id, b.confidence DESC, b.firm_id
"""


def query_chain_facts_anywhere(con: duckdb.DuckDBPyConnection, chain: str) -> pd.DataFrame:
    """One row per (firm, node) of the chain: the firm's best assignment, wherever it is.

    Read once per read-only connection (chainmap.analytics.memo); each call gets its own
    frame (a copy-on-write view, so changing it leaves the memoised one alone)."""
    return memoised(con, ("chain_facts", chain), lambda: con.execute(
        CHAIN_FACTS_SQL, [chain, chain, chain]).df()).copy(deep=False)


def in_region(facts: pd.DataFrame, members: frozenset[str]) -> pd.DataFrame:
    """`facts` (query_chain_facts_anywhere) with `in_region`: the firm's adcode is a member."""
    out = facts.copy(deep=False)  # copy-on-write: the shared frame is never changed
    out.insert(facts.columns.get_loc("province_id") + 1, "in_region",
               facts["adcode"].isin(members))
    return out


def query_chain_facts(con: duckdb.DuckDBPyConnection, chain: str, region: str) -> pd.DataFrame:
    """One row per (firm, node) of the chain: the firm's best assignment and its locality."""
    return in_region(query_chain_facts_anywhere(con, chain), query_region_members(con, region))
