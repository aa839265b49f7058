"""The build's agg_chain_facts gives exactly the facts the live query computes."""

from __future__ import annotations

import pandas as pd

from chainmap.analytics.facts import (
    CHAIN_FACTS_SQL,
    STORED_CHAIN_FACTS_SQL,
    query_chain_facts_anywhere,
)
from chainmap.db import connect


def test_stored_facts_equal_the_live_query_for_every_chain(built_settings):
    with connect(built_settings.db_path) as con:  # read-only, as the app opens it
        chains = [r[0] for r in con.execute("SELECT chain_id FROM dim_chain").fetchall()]
        assert len(chains) == 12
        rows = 0
        for chain in chains:
            live = con.execute(CHAIN_FACTS_SQL, [chain]).df()
            stored = con.execute(STORED_CHAIN_FACTS_SQL, [chain]).df()
            rows += len(live)
            pd.testing.assert_frame_equal(stored, live)
            pd.testing.assert_frame_equal(query_chain_facts_anywhere(con, chain), live)
        assert rows > 50


def test_a_writable_connection_recomputes(built_settings, tmp_path):
    import shutil

    db = tmp_path / "copy.duckdb"
    shutil.copy(built_settings.db_path, db)
    with connect(db, read_only=False) as con:
        con.execute("DELETE FROM firm_node WHERE chain_id = 'rail'")
        assert query_chain_facts_anywhere(con, "rail").empty  # not the stored rows


def test_node_counts_from_stored_facts_equal_the_live_counts(built_settings):
    from chainmap.analytics.coverage import (
        NODE_LOCATION_COUNTS_SQL,
        STORED_NODE_LOCATION_COUNTS_SQL,
    )

    order = " ORDER BY node_id, adcode NULLS FIRST"
    with connect(built_settings.db_path) as con:
        live = con.execute(f"SELECT * FROM ({NODE_LOCATION_COUNTS_SQL}) x{order}",  # noqa: S608
                           [0.5, 0.5]).df()
        stored_sql = f"SELECT * FROM ({STORED_NODE_LOCATION_COUNTS_SQL}) x{order}"  # noqa: S608
        stored = con.execute(stored_sql, [0.5, 0.5]).df()
    assert len(live) > 50
    pd.testing.assert_frame_equal(stored, live)


def test_firms_by_chain_district_stored_equal_the_live_query(built_settings):
    from chainmap.aggregates import FIRMS_BY_CHAIN_DISTRICT_SQL
    from chainmap.views.overview import STORED_FIRMS_BY_CHAIN_DISTRICT_SQL

    with connect(built_settings.db_path) as con:
        live = con.execute(FIRMS_BY_CHAIN_DISTRICT_SQL).df()
        stored = con.execute(STORED_FIRMS_BY_CHAIN_DISTRICT_SQL).df()
    assert len(live) > 10
    pd.testing.assert_frame_equal(stored, live)
