"""Tables derived in SQL from the loaded ones (set-based, portable SQL)."""

from __future__ import annotations

import duckdb

from chainmap.aggregates import (
    ALL_CHAIN_FACTS_SQL,
    FIRM_LIST_SQL,
    FIRMS_BY_CHAIN_DISTRICT_SQL,
    REGION_COVERAGE_SQL,
    SOURCE_PLACES_SQL,
)

__all__ = ["CHAIN_PLACES_SQL", "NAME_RANK_SQL", "REGION_GROUPS", "derive_tables"]

# Named region groups usable wherever a region is asked for.
REGION_GROUPS = {
    "chengyu": ("成渝地区双城经济圈", "Chengdu–Chongqing economic circle", ("500000", "510000")),
}

MAX_REGION_DEPTH = 4  # province > city > district (> zone member); deeper never occurs

CLOSURE_SQL = [
    "DELETE FROM region_closure",
    # every region contains itself
    "INSERT INTO region_closure SELECT region_id, region_id, 0 FROM dim_region",
]
CLOSURE_STEP = (
    "INSERT INTO region_closure "
    "SELECT DISTINCT r.parent_id, c.descendant_id, c.depth + 1 "
    "FROM region_closure c JOIN dim_region r ON r.region_id = c.ancestor_id "
    "WHERE c.depth = ? AND r.parent_id IS NOT NULL "
    "AND r.parent_id IN (SELECT region_id FROM dim_region) "
    "AND NOT EXISTS (SELECT 1 FROM region_closure x "
    "  WHERE x.ancestor_id = r.parent_id AND x.descendant_id = c.descendant_id)"
)

# The tables below only the build computes; the library reads them (the statements the
# library also runs live on a writable connection are in chainmap.aggregates).

# Firms per chain and place (region, precision, role), each firm once per chain; chain_id
# NULL counts every firm (no chain id is NULL: the columns are NOT NULL). Stored as
# agg_chain_places, so the map's district counts and its count of firms not drawn
# (chainmap.geo) are a sum over a few thousand rows, not a semi-join over every firm
# (portable SQL: no DuckDB-only syntax).
CHAIN_PLACES_SQL = """
SELECT c.chain_id, f.adcode, f.precision, f.role, count(*) AS firms
FROM dim_firm f
JOIN (SELECT firm_id, chain_id FROM firm_chain UNION SELECT firm_id, chain_id FROM firm_node) c
  ON c.firm_id = f.firm_id
GROUP BY c.chain_id, f.adcode, f.precision, f.role
UNION ALL
SELECT CAST(NULL AS VARCHAR) AS chain_id, f.adcode, f.precision, f.role, count(*) AS firms
FROM dim_firm f GROUP BY f.adcode, f.precision, f.role
"""

# Names sort as a Chinese reader expects them, by pinyin (ICU's zh collation): every firm's
# place in that order, stored in agg_firm_list.name_rank (names that collate equal share one;
# the registry page breaks the tie by firm id, chainmap.views.firm_search), so a deep page
# does not collate a million names per click.
NAME_RANK_SQL = ("SELECT firm_id, role, dense_rank() OVER (ORDER BY name COLLATE zh) "
                 "AS name_rank FROM dim_firm")


def derive_tables(con: duckdb.DuckDBPyConnection) -> None:
    for sql in CLOSURE_SQL:
        con.execute(sql)
    for depth in range(MAX_REGION_DEPTH):
        con.execute(CLOSURE_STEP, [depth])
    for group_id, (_zh, _en, provinces) in REGION_GROUPS.items():
        placeholders = ", ".join("?" for _ in provinces)
        con.execute(
            "INSERT INTO region_closure SELECT ?, region_id, 9 FROM dim_region "  # noqa: S608
            f"WHERE province_id IN ({placeholders})", [group_id, *provinces])
    # which regions each registry import covers (declared or inferred) and how many firms
    # each source places in each region: the gap statuses and every report's data coverage
    # (chainmap.analytics.data_coverage)
    con.execute(f"CREATE OR REPLACE TABLE agg_region_coverage AS {REGION_COVERAGE_SQL} "
                "ORDER BY region_id, batch_id")
    con.execute(f"CREATE OR REPLACE TABLE agg_source_places AS {SOURCE_PLACES_SQL} "
                "ORDER BY adcode, source_id")
    # every chain's firm-on-node facts, sorted by chain (read per chain by read-only
    # connections: chainmap.analytics.facts)
    con.execute(f"CREATE OR REPLACE TABLE agg_chain_facts AS {ALL_CHAIN_FACTS_SQL}")
    con.execute("CREATE OR REPLACE TABLE agg_firms_by_chain_district AS "
                f"{FIRMS_BY_CHAIN_DISTRICT_SQL}")
    # firms per chain and place: the map's district counts and firms not drawn (chainmap.geo)
    con.execute(f"CREATE OR REPLACE TABLE agg_chain_places AS {CHAIN_PLACES_SQL}")
    # the firm registry's per-firm columns (chains, labels, sources), each firm's role and
    # its place in name order, so sorting a million firms by them is a top-N over a stored table
    # (chainmap.views.firm_search)
    firm_list = FIRM_LIST_SQL.format(only="true", only_f="true")
    con.execute("CREATE OR REPLACE TABLE agg_firm_list AS "  # noqa: S608 (our constants)
                f"SELECT l.*, n.role, n.name_rank FROM ({firm_list}) l "
                f"JOIN ({NAME_RANK_SQL}) n ON n.firm_id = l.firm_id")
