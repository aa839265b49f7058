"""The one cache, per connection: kept only for read-only connections, never shared across them."""

import json

import duckdb
import pandas as pd

from chainmap.analytics.facts import query_chain_facts, query_chain_facts_anywhere
from chainmap.cache import memoised
from chainmap.reports import run_report, run_reports
from tests.chainmap.analytics.toy import toy_connection


def _counting():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)
    return compute, calls


def test_a_read_only_connection_remembers(tmp_path):
    path = tmp_path / "m.duckdb"
    duckdb.connect(str(path)).close()
    con = duckdb.connect(str(path), read_only=True)
    compute, calls = _counting()
    assert memoised(con, "k", compute) == 1
    assert memoised(con, "k", compute) == 1
    assert memoised(con, "other", compute) == 2
    assert len(calls) == 2
    other = duckdb.connect(str(path), read_only=True)  # its own memo
    assert memoised(other, "k", compute) == 3
    con.close()
    other.close()


def test_a_writable_connection_computes_every_time():
    con = duckdb.connect()
    compute, calls = _counting()
    assert [memoised(con, "k", compute) for _ in range(3)] == [1, 2, 3]
    assert len(calls) == 3


def test_a_rewritten_database_is_read_afresh(tmp_path):
    path = tmp_path / "m.duckdb"
    for value in (1, 2):
        writer = duckdb.connect(str(path))
        writer.execute("CREATE OR REPLACE TABLE t AS SELECT ? AS x", [value])
        writer.close()
        con = duckdb.connect(str(path), read_only=True)
        assert memoised(con, "x", lambda c=con: c.execute("SELECT x FROM t").fetchone()[0]) \
            == value
        con.close()


def test_writable_connections_see_their_own_changes():
    con = toy_connection()
    before = run_report(con, "coverage", "toy", "500000").data
    con.execute("DELETE FROM firm_node WHERE firm_id = 'C'")
    after = run_report(con, "coverage", "toy", "500000").data
    motor = {r["node_id"]: r["firm_count"] for r in before}["toy.motor"]
    assert motor == 2
    assert {r["node_id"]: r["firm_count"] for r in after}["toy.motor"] == 1
    con.close()


def test_callers_cannot_change_the_memoised_facts(con):
    first = query_chain_facts_anywhere(con, "rail")
    first["name"] = "changed"
    again = query_chain_facts(con, "rail", "500000")
    assert len(again) > 0 and (again["name"] != "changed").all()


def test_a_report_kind_twice_over_one_context_gives_the_same_answer(con):
    reports = [run_reports(con, [kind], "rail", "500000")[kind]
               for kind in ("leaders", "leaders")]
    both = run_reports(con, ["leaders", "supply", "leaders", "targets"], "rail", "500000")
    alone = run_report(con, "leaders", "rail", "500000")
    for report in (*reports, both["leaders"]):
        assert json.dumps(report.data, default=str) == json.dumps(alone.data, default=str)
        pd.testing.assert_frame_equal(report.frame, alone.frame)
