"""The build's agg_chain_places gives the map exactly the district counts and the count of
firms not drawn that the live queries compute: on the shipped data and after importing a
SYNTHETIC registry (bench/generate_registry.py) with firms all over China."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from chainmap.db import connect
from chainmap.geo.firms import (
    COUNTS_SQL,
    OUTSIDE_SQL,
    _inside,
    _on_chain,
    _places_stored,
    query_district_counts,
    query_outside_count,
)

ROOT = Path(__file__).resolve().parents[3]


def _live_counts(con, chain):
    on_chain, values = _on_chain(chain)
    return dict(con.execute(COUNTS_SQL.format(on_chain=on_chain, on_node=""), values).fetchall())


def _live_outside(con, chain, within):
    on_chain, values = _on_chain(chain)
    return con.execute(OUTSIDE_SQL.format(on_chain=on_chain),
                       [_inside(con, within), *values]).fetchone()[0]


def _assert_stored_equal_live(db_path) -> int:
    with connect(db_path) as con:  # read-only, as the app opens it: the stored path
        assert con.execute("SELECT count(*) FROM agg_chain_places").fetchone()[0] > 0
        assert _places_stored(con)  # the stored path is the one compared
        # None: every firm; "" and an unknown id: a chain with no firms, as the live query
        chains = [None, "", "no_such_chain",
                  *(r[0] for r in con.execute("SELECT chain_id FROM dim_chain").fetchall())]
        drawn = 0
        for chain in chains:
            live = _live_counts(con, chain)
            assert query_district_counts(con, chain) == live
            drawn += sum(live.values())
            for within in ("500000", "510000", "chengyu"):
                assert query_outside_count(con, chain, within) == _live_outside(con, chain,
                                                                                within)
        return drawn


def test_stored_places_equal_the_live_queries_on_the_shipped_data(built_settings):
    assert _assert_stored_equal_live(built_settings.db_path) > 0


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    from dataclasses import replace

    from chainmap.config import load_settings
    from etl.imports import commit_import
    from etl.pipeline import build_database

    root = tmp_path_factory.mktemp("places")
    registry = root / "registry.csv"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate_registry.py"), "--size",
                    "2000", "--out", str(registry)], check=True, capture_output=True)
    settings = replace(load_settings(root / "places.duckdb"), data_dir=ROOT / "data")
    build_database(settings)
    commit_import("qcc", registry, settings)
    return settings


def test_stored_places_equal_the_live_queries_after_a_national_import(imported):
    assert _assert_stored_equal_live(imported.db_path) > 0


def test_a_writable_connection_counts_live(imported, tmp_path):
    import shutil

    db = tmp_path / "copy.duckdb"
    shutil.copy(imported.db_path, db)
    with connect(db, read_only=False) as con:
        before = query_district_counts(con, "rail")
        con.execute("DELETE FROM firm_chain WHERE chain_id = 'rail'")
        con.execute("DELETE FROM firm_node WHERE chain_id = 'rail'")
        assert before and query_district_counts(con, "rail") == {}  # not the stored rows
        assert query_outside_count(con, "rail") == 0
