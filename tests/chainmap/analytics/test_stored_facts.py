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
            live = con.execute(CHAIN_FACTS_SQL, [chain, chain, chain]).df()
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
