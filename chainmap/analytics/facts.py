"""The firm-on-node facts of one chain, with whether each firm lies in the asked region."""

from __future__ import annotations

import duckdb
import pandas as pd

from chainmap.aggregates import ALL_CHAIN_FACTS_SQL
from chainmap.analytics.region import query_region_members
from chainmap.cache import memoised
from chainmap.db import stored_table

__all__ = ["CONFIRMED", "PRODUCING_ROLES", "facts_stored", "in_region",
           "query_chain_facts", "query_chain_facts_anywhere"]

CONFIRMED = 0.5  # an assignment below this confidence is marginal evidence
PRODUCING_ROLES = ("maker", "project")  # researchers and platforms support a node, not supply it

# The build stores ALL_CHAIN_FACTS_SQL's rows (chainmap.aggregates) as agg_chain_facts
# (etl/derive.py), sorted by chain, so a read-only connection reads one chain's rows instead
# of recomputing them (the app's first call after a rebuild); a writable one computes them.
ONE_CHAIN = ("SELECT * EXCLUDE (chain_id) FROM {rows} WHERE chain_id = ? "
             "ORDER BY node_id, confidence DESC, firm_id")
CHAIN_FACTS_SQL = ONE_CHAIN.format(rows=f"({ALL_CHAIN_FACTS_SQL}) a")
STORED_CHAIN_FACTS_SQL = ONE_CHAIN.format(rows="agg_chain_facts")


def facts_stored(con: duckdb.DuckDBPyConnection) -> bool:
    """agg_chain_facts can be read (chainmap.db.stored_table)."""
    return stored_table(con, "agg_chain_facts")


def query_chain_facts_anywhere(con: duckdb.DuckDBPyConnection, chain: str) -> pd.DataFrame:
    """One row per (firm, node) of the chain: the firm's best assignment, wherever it is.

    Read once per read-only connection (chainmap.cache), from the build's
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
