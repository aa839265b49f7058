"""The firm-on-node facts of one chain, with whether each firm lies in the asked region."""

from __future__ import annotations

import duckdb
import pandas as pd

__all__ = ["CONFIRMED", "PRODUCING_ROLES", "query_chain_facts"]

CONFIRMED = 0.5  # an assignment below this confidence is marginal evidence
PRODUCING_ROLES = ("maker", "project")  # researchers and platforms support a node, not supply it

FACTS_SQL = """
WITH best AS (
    SELECT firm_id, node_id, role AS node_role, confidence, evidence, method, source_id,
           row_number() OVER (PARTITION BY firm_id, node_id
                              ORDER BY confidence DESC, method) AS rn
    FROM firm_node WHERE chain_id = ?
),
inside AS (SELECT descendant_id FROM region_closure WHERE ancestor_id = ?)
SELECT b.firm_id, f.name, b.node_id, b.node_role, b.confidence, b.evidence, b.method,
       b.source_id, f.adcode, f.precision, f.role AS firm_role, f.kind, f.revenue_yi,
       f.employees, r.name AS region_name, r.label_lon, r.label_lat, r.province_id,
       CASE WHEN f.adcode IN (SELECT descendant_id FROM inside) THEN TRUE ELSE FALSE END
           AS in_region,
       (SELECT string_agg(DISTINCT l.label, ';' ORDER BY l.label) FROM firm_label l
         WHERE l.firm_id = b.firm_id) AS labels,
       (SELECT min(c.plan_designation) FROM firm_chain c
         WHERE c.firm_id = b.firm_id AND c.chain_id = ? AND c.source_id = 'plan')
           AS plan_designation
FROM best b JOIN dim_firm f ON f.firm_id = b.firm_id
LEFT JOIN dim_region r ON r.region_id = f.adcode
WHERE b.rn = 1
ORDER BY b.node_id, b.confidence DESC, b.firm_id
"""


def query_chain_facts(con: duckdb.DuckDBPyConnection, chain: str, region: str) -> pd.DataFrame:
    """One row per (firm, node) of the chain: the firm's best assignment and its locality."""
    return con.execute(FACTS_SQL, [chain, region, chain]).df()
