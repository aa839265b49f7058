"""Tables derived in SQL from the loaded ones (set-based, portable SQL)."""

from __future__ import annotations

import duckdb

from chainmap.aggregates import (
    ALL_CHAIN_FACTS_SQL,
    FIRM_LIST_SQL,
    FIRMS_BY_CHAIN_DISTRICT_SQL,
    REGION_COVERAGE_SQL,
    SOURCE_PLACES_SQL,
    chain_facts_sql,
)

__all__ = ["CHAIN_PLACES_SQL", "NAME_KEY_SQL", "REGION_GROUPS", "derive_tables"]

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
# ICU sort key for that collation (ordering the keys is ordering the names COLLATE zh; names
# that collate equal share one; the registry page breaks the tie by firm id,
# chainmap.views.firm_search), stored in agg_firm_list.name_key, so a deep page does not
# collate a million names per click. A key is the firm's own (a rank would change for every
# firm when one is added): a build that adds one batch computes its firms' keys alone.
NAME_KEY_SQL = ("SELECT firm_id, role, icu_sort_key(name, 'zh') AS name_key FROM dim_firm "
                "WHERE {only}")


# regions not in the closure yet (regions are only ever added: etl.replay._add_regions)
NEW_REGIONS_SQL = ("SELECT count(*) FROM dim_region WHERE region_id NOT IN "
                   "(SELECT descendant_id FROM region_closure WHERE depth = 0)")


def _region_closure(con: duckdb.DuckDBPyConnection) -> None:
    for sql in CLOSURE_SQL:
        con.execute(sql)
    for depth in range(MAX_REGION_DEPTH):
        con.execute(CLOSURE_STEP, [depth])
    for group_id, (_zh, _en, provinces) in REGION_GROUPS.items():
        placeholders = ", ".join("?" for _ in provinces)
        con.execute(
            "INSERT INTO region_closure SELECT ?, region_id, 9 FROM dim_region "  # noqa: S608
            f"WHERE province_id IN ({placeholders})", [group_id, *provinces])


def _replace_places(con: duckdb.DuckDBPyConnection, table: str, sql: str, places: str) -> None:
    """``table``'s rows (counts per place, ``adcode``; ``sql`` gives them all) of the places
    in ``places`` (SQL of adcodes, NULL for firms without one) computed again."""
    of = f"coalesce(adcode, '') IN (SELECT coalesce(adcode, '') FROM ({places}) p)"  # noqa: S608
    con.execute(f"DELETE FROM {table} WHERE {of}")  # noqa: S608 (our constants)
    con.execute(f"INSERT INTO {table} SELECT * FROM ({sql}) x WHERE {of}")  # noqa: S608


def derive_tables(con: duckdb.DuckDBPyConnection, touched: str | None = None,
                  places: str | None = None) -> None:
    """Compute the derived tables. ``touched``: SQL of the firms a resumed build's batch
    touched (``etl.resume``); every other firm's rows of the per-firm tables (agg_chain_facts,
    agg_firm_list) are as the previous build left them, so only these firms' are replaced.
    ``places``: SQL of the adcodes those firms lay in before and after the batch: the counts
    per place (agg_source_places, agg_chain_places) of the other places are unchanged."""
    if touched is None or con.execute(NEW_REGIONS_SQL).fetchone()[0]:
        _region_closure(con)  # else no region was added: the closure is the previous build's
    # which regions each registry import covers (declared or inferred) and how many firms
    # each source places in each region: the gap statuses and every report's data coverage
    # (chainmap.analytics.data_coverage)
    con.execute(f"CREATE OR REPLACE TABLE agg_region_coverage AS {REGION_COVERAGE_SQL} "
                "ORDER BY region_id, batch_id")
    if places is None:
        con.execute(f"CREATE OR REPLACE TABLE agg_source_places AS {SOURCE_PLACES_SQL} "
                    "ORDER BY adcode, source_id")
    else:
        _replace_places(con, "agg_source_places", SOURCE_PLACES_SQL, places)
    # every chain's firm-on-node facts, sorted by chain (read per chain by read-only
    # connections: chainmap.analytics.facts)
    if touched is None:
        con.execute(f"CREATE OR REPLACE TABLE agg_chain_facts AS {ALL_CHAIN_FACTS_SQL}")
    else:
        con.execute(f"DELETE FROM agg_chain_facts WHERE firm_id IN ({touched})")  # noqa: S608
        con.execute(f"INSERT INTO agg_chain_facts {chain_facts_sql(touched)}")
    con.execute("CREATE OR REPLACE TABLE agg_firms_by_chain_district AS "
                f"{FIRMS_BY_CHAIN_DISTRICT_SQL}")
    # firms per chain and place: the map's district counts and firms not drawn (chainmap.geo)
    if places is None:
        con.execute(f"CREATE OR REPLACE TABLE agg_chain_places AS {CHAIN_PLACES_SQL}")
    else:
        _replace_places(con, "agg_chain_places", CHAIN_PLACES_SQL, places)
    # the firm registry's per-firm columns (chains, labels, sources), each firm's role and
    # its place in name order, so sorting a million firms by them is a top-N over a stored table
    # (chainmap.views.firm_search)
    only = "true" if touched is None else f"firm_id IN ({touched})"
    firm_list = FIRM_LIST_SQL.format(only=only, only_f=f"f.{only}" if touched else only)
    rows = (f"SELECT l.*, n.role, n.name_key FROM ({firm_list}) l "  # noqa: S608 (constants)
            f"JOIN ({NAME_KEY_SQL.format(only=only)}) n ON n.firm_id = l.firm_id")
    if touched is None:
        con.execute(f"CREATE OR REPLACE TABLE agg_firm_list AS {rows}")
    else:
        con.execute(f"DELETE FROM agg_firm_list WHERE {only}")  # noqa: S608 (our constants)
        con.execute(f"INSERT INTO agg_firm_list {rows}")
