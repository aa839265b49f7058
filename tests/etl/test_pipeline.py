import hashlib

import pytest

from chainmap.db import connect
from chainmap.queries import query_info
from etl.pipeline import BuildError, build_database


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _counts(path):
    with connect(path) as con:
        tables = [r[0] for r in con.execute("SHOW TABLES").fetchall()]
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
                for t in tables if t != "build_meta"}


def test_build_is_idempotent(data_copy):
    first = _counts(build_database(data_copy))
    second = _counts(build_database(data_copy))
    assert first == second
    assert first["dim_firm"] >= 55


def test_failed_build_keeps_the_previous_database(data_copy):
    db = build_database(data_copy)
    before = _digest(db)
    firms = data_copy.data_dir / "plan" / "firm_nodes.csv"
    firms.write_text(firms.read_text("utf-8") +
                     "cq_crrc_cc,rail.no_such_node,maker,0.9,x,plan,plan_text\n", "utf-8")
    with pytest.raises(BuildError, match=r"rail\.no_such_node"):
        build_database(data_copy)
    assert _digest(db) == before
    assert not list(db.parent.glob("*.building-*"))
    with connect(db) as con:
        assert query_info(con)["firms"] >= 55


def test_malformed_csv_names_the_file(data_copy):
    (data_copy.data_dir / "plan" / "clusters.csv").write_text('a,b\n"x,1\n1,2,3\n', "utf-8")
    with pytest.raises(Exception, match=r"clusters\.csv"):
        build_database(data_copy)


def test_unknown_region_in_a_cluster_fails_the_checks(data_copy):
    path = data_copy.data_dir / "plan" / "clusters.csv"
    path.write_text(path.read_text("utf-8").replace("500108;500118", "500108;599999"), "utf-8")
    with pytest.raises(BuildError, match="599999"):
        build_database(data_copy)


def test_a_resumed_build_checks_the_touched_firms_rows(data_copy):
    import duckdb

    from etl.pipeline import check_database

    db = build_database(data_copy)
    con = duckdb.connect(str(db))
    try:
        check_database(con, "SELECT 'cq_crrc_cc'")  # a clean database passes either way
        con.execute("INSERT INTO firm_node SELECT firm_id, node_id, chain_id, role, confidence, "
                    "evidence, source_id, method FROM firm_node WHERE firm_id = 'cq_crrc_cc' "
                    "LIMIT 1")  # a duplicate key of one firm's rows
        with pytest.raises(BuildError, match="firm_node key"):
            check_database(con, "SELECT 'cq_crrc_cc'")
        # another firm's rows are the previous build's, checked then: not read again …
        check_database(con, "SELECT 'no_such_firm'")
        # … and the tables are themselves again after the checks
        assert con.execute("SELECT count(*) FROM firm_node WHERE firm_id = 'cq_crrc_cc'"
                           ).fetchone()[0] >= 2
        with pytest.raises(BuildError, match="firm_node key"):
            check_database(con)
    finally:
        con.close()
