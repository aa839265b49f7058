"""The toy database (tests/chainmap/analytics/toy.py) with firm A placed on its chains and
node by more than one source: the plan and a registry import both put A on ``toy`` and on
``toy.body``, and the import also on ``aero`` (an id before ``toy``, inserted after it)."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tests.chainmap.analytics import toy

BATCH = "qcc-0123456789abcdef"
EXTRA = {
    "dim_source": [{"source_id": BATCH, "title": "registry import", "kind": "import"}],
    "dim_chain": [{"chain_id": "aero", "name_zh": "航空", "name_en": "Aero", "focus": False}],
    "firm_chain": [
        {"firm_id": "A", "chain_id": "toy", "source_id": BATCH, "method": "classifier",
         "evidence": "整机"},
        {"firm_id": "A", "chain_id": "aero", "source_id": BATCH, "method": "classifier",
         "evidence": "航空"}],
    "firm_node": [
        {"firm_id": "A", "node_id": "toy.body", "chain_id": "toy", "role": "maker",
         "confidence": 0.6, "evidence": "整机制造", "source_id": BATCH, "method": "rule"}],
    "firm_source": [{"firm_id": "A", "batch_id": BATCH, "row_no": 2, "source_key": "r2",
                     "match_method": "name", "matched_existing": True}],
}


def twice_sourced_connection() -> duckdb.DuckDBPyConnection:
    """The toy database in memory with ``EXTRA``'s rows too."""
    shipped = toy.TABLES
    toy.TABLES = {table: [*shipped.get(table, []), *EXTRA.get(table, [])]
                  for table in [*shipped, *(t for t in EXTRA if t not in shipped)]}
    try:  # toy_connection loads the module's TABLES
        return toy.toy_connection()
    finally:
        toy.TABLES = shipped


def write_twice_sourced(path: Path) -> Path:
    """The database as a file (what ``chainmap --db`` opens)."""
    with twice_sourced_connection() as con:
        con.execute(f"ATTACH '{path}' AS out")
        con.execute("COPY FROM DATABASE memory TO out")
        con.execute("DETACH out")
    return path
