"""The firm-on-node facts of one chain, with whether each firm lies in the asked region."""

from __future__ import annotations

import duckdb
import pandas as pd

from chainmap.analytics.memo import memoised, stored_table
from chainmap.analytics.region import query_region_members

__all__ = ["ALL_CHAIN_FACTS_SQL", "CONFIRMED", "PRODUCING_ROLES", "facts_stored", "in_region",
           "query_chain_facts", "query_chain_facts_anywhere"]

CONFIRMED = 0.5  # an assignment below this confidence is marginal evidence
PRODUCING_ROLES = ("maker", "project")  # researchers and platforms support a node, not supply it

# One row per (chain, firm, node): the firm's best assignment there, with its firm and region
# columns, labels and plan designation. Set-based: labels and plan designations are
# aggregated once per firm and joined. The build stores these rows as agg_chain_facts
# (etl/derive.py), sorted by chain, so a read-only connection reads one chain's rows instead
# of recomputing them (the app's first call after a rebuild); a writable one computes them.
ALL_CHAIN_FACTS_SQL = """
WITH best AS (
    SELECT chain_id, firm_id, node_id, node_role, confidence, evidence, method, source_id
    FROM (SELECT chain_id, firm_id, node_id, role AS node_role, confidence, evidence, method,
                 source_id,
                 row_number() OVER (PARTITION BY chain_id, firm_id, node_id
                                    ORDER BY confidence DESC, method) AS rn
          FROM firm_node) ranked
    WHERE rn = 1
),
labels AS (
    SELECT l.firm_id, string_agg(l.label, ';' ORDER BY l.label) AS labels
    FROM (SELECT DISTINCT firm_id, label FROM firm_label
          WHERE firm_id IN (SELECT firm_id FROM firm_node)) l
    GROUP BY l.firm_id
),
plan AS (
    SELECT c.chain_id, c.firm_id, min(c.plan_designation) AS plan_designation
    FROM firm_chain c WHERE c.source_id = 'plan' GROUP BY c.chain_id, c.firm_id
)
SELECT b.chain_id, b.firm_id, f.name, b.node_id, b.node_role, b.confidence, b.evidence,
       b.method, b.source_id, f.adcode, f.precision, f.role AS firm_role, f.kind,
       f.revenue_yi, f.employees, r.name AS region_name, r.label_lon, r.label_lat,
       r.province_id, lab.labels, p.plan_designation
FROM best b JOIN dim_firm f ON f.firm_id = b.firm_id
LEFT JOIN dim_region r ON r.region_id = f.adcode
LEFT JOIN labels lab ON lab.firm_id = b.firm_id
LEFT JOIN plan p ON p.chain_id = b.chain_id AND p.firm_id = b.firm_id
ORDER BY b.chain_id, b.node_id, b.confidence DESC, b.firm_id
"""
ONE_CHAIN = ("SELECT * EXCLUDE (chain_id) FROM {rows} WHERE chain_id = ? "
             "ORDER BY node_id, confidence DESC, firm_id")
CHAIN_FACTS_SQL = ONE_CHAIN.format(rows=f"({ALL_CHAIN_FACTS_SQL}) a")
STORED_CHAIN_FACTS_SQL = ONE_CHAIN.format(rows="agg_chain_facts")


def facts_stored(con: duckdb.DuckDBPyConnection) -> bool:
    """agg_chain_facts can be read (chainmap.analytics.memo.stored_table)."""
    return stored_table(con, "agg_chain_facts")


def query_chain_facts_anywhere(con: duckdb.DuckDBPyConnection, chain: str) -> pd.DataFrame:
    """One row per (firm, node) of the chain: the firm's best assignment, wherever it is.

    Read once per read-only connection (chainmap.analytics.memo), from the build's
    agg_chain_facts when the connection is read-only; each call gets its own frame (a
    copy-on-write view, so changing it leaves the memoised one alone)."""
    def read() -> pd.DataFrame:
        if facts_stored(con):
            return con.execute(STORED_CHAIN_FACTS_SQL, [chain]).df()
        return con.execute(CHAIN_FACTS_SQL, [chain]).df()

    return memoised(con, ("chain_facts", chain), read).copy(deep=False)


def in_region(facts: pd.DataFrame, members: frozenset[str]) -> pd.DataFrame:
    """`facts` (query_chain_facts_anywhere) with `in_region`: the firm's adcode is a member."""
    out = facts.copy(deep=False)  # copy-on-write: the shared frame is never changed
    out.insert(facts.columns.get_loc("province_id") + 1, "in_region",
               facts["adcode"].isin(members))
    return out


def query_chain_facts(con: duckdb.DuckDBPyConnection, chain: str, region: str) -> pd.DataFrame:
    """One row per (firm, node) of the chain: the firm's best assignment and its locality."""
    return in_region(query_chain_facts_anywhere(con, chain), query_region_members(con, region))
