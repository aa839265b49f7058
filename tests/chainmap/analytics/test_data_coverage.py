"""Gap statuses that know what the data cover: missing only where a registry covers the region
or the plan seeks a firm for the node; else unknown (on the toy chain, toy.py)."""

import pytest

from chainmap.analytics.coverage import (
    GapBasis,
    Thresholds,
    node_status,
    query_node_status,
)
from chainmap.analytics.data_coverage import (
    query_covered_regions,
    query_data_coverage,
    query_gap_basis,
)
from chainmap.reports import run_report
from etl.derive import derive_tables
from tests.chainmap.analytics.toy import cover, toy_connection


@pytest.fixture()
def con():
    connection = toy_connection()
    yield connection
    connection.close()


def test_a_node_without_firms_is_missing_only_on_a_basis():
    t = Thresholds()
    assert node_status(0, 0, t) == "unknown"
    assert node_status(0, 0, t, None) == "unknown"
    assert node_status(0, 0, t, "registry") == "missing"
    assert node_status(0, 0, t, "plan") == "missing"


@pytest.mark.parametrize("basis", [None, "registry", "plan"])
def test_weak_present_and_strong_count_known_firms_whatever_the_basis(basis):
    t = Thresholds(weak_max=1, strong_min=3)
    assert node_status(0, 2, t, basis) == "weak"  # marginal evidence only
    assert node_status(1, 0, t, basis) == "weak"
    assert node_status(2, 0, t, basis) == "present"
    assert node_status(3, 1, t, basis) == "strong"


def test_a_registry_is_a_basis_for_every_node_the_plan_for_its_own():
    basis = GapBasis(registry=False, plan_nodes=frozenset({"a"}))
    assert (basis.basis("a"), basis.basis("b")) == ("plan", None)
    both = GapBasis(registry=True, plan_nodes=frozenset({"a"}))
    assert (both.basis("a"), both.basis("b")) == ("registry", "registry")
    assert GapBasis().basis("a") is None


def test_the_plan_speaks_for_chongqing_and_the_regions_in_it(con):
    sought = frozenset({"toy.ctrl"})  # F, the plan's firm to attract, makes controllers
    for region in ("500000", "500101", "500102"):
        assert query_gap_basis(con, region) == GapBasis(False, sought), region
    for region in ("510000", "510100", "chengyu"):
        assert query_gap_basis(con, region) == GapBasis(False, frozenset()), region


def test_missing_by_plan_unknown_elsewhere_weak_unaffected(con):
    rows = {r["node_id"]: r for r in run_report(con, "coverage", "toy", "500101").data}
    assert (rows["toy.ctrl"]["status"], rows["toy.ctrl"]["status_basis"]) == ("missing", "plan")
    assert (rows["toy.steel"]["status"], rows["toy.steel"]["status_basis"]) == ("unknown", None)
    assert rows["toy.motor"]["status"] == "weak" and rows["toy.motor"]["status_basis"] is None
    sichuan = {r["node_id"]: r["status"] for r in run_report(con, "coverage", "toy",
                                                              "510100").data}
    assert sichuan == {"toy.steel": "unknown", "toy.motor": "unknown", "toy.ctrl": "weak",
                       "toy.body": "unknown", "toy.service": "unknown"}


def test_missing_by_registry_where_one_covers_a_containing_region(con):
    cover(con, "500000")
    assert query_gap_basis(con, "500101").registry  # inside Chongqing: covered
    assert not query_gap_basis(con, "510100").registry
    rows = {r["node_id"]: r for r in run_report(con, "coverage", "toy", "500101").data}
    assert {n: (r["status"], r["status_basis"]) for n, r in rows.items()} == {
        "toy.steel": ("missing", "registry"), "toy.motor": ("weak", None),
        "toy.ctrl": ("missing", "registry"), "toy.body": ("weak", None),
        "toy.service": ("missing", "registry")}
    fast = query_node_status(con, "500101", "toy").set_index("node_id")
    assert {n: (fast.at[n, "status"], fast.at[n, "status_basis"]) for n in rows} == {
        n: (r["status"], r["status_basis"]) for n, r in rows.items()}


def test_gaps_list_missing_then_weak_then_unknown(con):
    gaps = run_report(con, "gaps", "toy", "500101").data
    assert [(g["node_id"], g["status"]) for g in gaps] == [
        ("toy.ctrl", "missing"), ("toy.motor", "weak"), ("toy.body", "weak"),
        ("toy.steel", "unknown"), ("toy.service", "unknown")]


def test_a_group_is_covered_when_all_its_provinces_are(con):
    cover(con, "500000", "qcc-cq")
    assert not query_gap_basis(con, "chengyu").registry
    cover(con, "510000", "qcc-sc")
    assert query_gap_basis(con, "chengyu").registry
    coverage = query_data_coverage(con, "chengyu")
    assert coverage["exhaustive"]
    assert {(s["batch_id"], s["covers"], s["basis"]) for s in coverage["sources"]
            if s["exhaustive"]} == {("qcc-cq", "500000", "declared"),
                                    ("qcc-sc", "510000", "declared")}


def _batch(con, batch: str, kind: str, places: dict[str, int], covers=()) -> None:
    """A batch of firms at known places: ``places`` adcode -> firm count (and one firm of
    unknown location, which counts for nothing)."""
    source = f"import_{batch.replace('-', '_')}"
    con.execute("INSERT INTO dim_source (source_id, title, kind) VALUES (?, ?, 'imported_file')",
                [source, f"{batch}.csv"])
    con.execute("INSERT INTO import_batch VALUES (?, 1, ?, ?, NULL, 'x', NULL, 0, 0, 0, 0, 0, "
                "0, 0)", [batch, kind, source])
    rows = [a for adcode, count in places.items() for a in [adcode] * count] + [None]
    for n, adcode in enumerate(rows):
        firm = f"{batch}-{n}"
        con.execute("INSERT INTO dim_firm (firm_id, name, kind, role, adcode, precision, "
                    "source_id, method) VALUES (?, ?, 'firm', 'local', ?, ?, ?, "
                    "'imported_file')",
                    [firm, firm, adcode, "district" if adcode else "unknown", source])
        con.execute("INSERT INTO firm_source VALUES (?, ?, ?, ?, 'new', false)",
                    [firm, batch, n, firm])
    for region in covers:
        con.execute("INSERT INTO import_batch_cover VALUES (?, ?)", [batch, region])


def _roots(con) -> dict[str, tuple[str, str]]:
    return {b: (c, basis) for b, c, basis in con.execute(
        "SELECT DISTINCT batch_id, cover_id, basis FROM agg_region_coverage").fetchall()}


def test_an_undeclared_registry_covers_the_smallest_region_with_90_percent(con):
    _batch(con, "qcc-district", "qcc", {"500101": 20, "500102": 2})    # 20 of 22: 90.9 %
    _batch(con, "qcc-province", "qcc", {"500101": 20, "500102": 3})    # 20 of 23: 87 %
    _batch(con, "qcc-few", "qcc", {"500101": 19})                      # under 20 firms
    _batch(con, "qcc-spread", "qcc", {"500101": 15, "510100": 15})     # no region has 90 %
    _batch(con, "csv-city", "csv", {"510100": 25})                     # a Sichuan city
    _batch(con, "tushare-listed", "tushare", {"500101": 40})           # listed firms only
    _batch(con, "qcc-declared", "qcc", {"500101": 30}, covers=["510000"])
    derive_tables(con)
    assert _roots(con) == {"qcc-district": ("500101", "inferred"),
                           "qcc-province": ("500000", "inferred"),
                           "csv-city": ("510100", "inferred"),
                           "qcc-declared": ("510000", "declared")}
    covered = {(c["region"], c["batch_id"], c["basis"]) for c in query_covered_regions(con)}
    assert ("500000", "qcc-province", "inferred") in covered and len(covered) == 4


def test_every_report_says_which_sources_cover_the_region(con):
    plain = run_report(con, "supply", "toy", "500101").data_coverage
    assert plain["region"] == "500101" and plain["region_name"] == "甲区"
    assert not plain["exhaustive"]
    # the toy's firms come from source "t": A and B are in 甲区
    assert [(s["source_id"], s["firms"], s["exhaustive"]) for s in plain["sources"]] == [
        ("t", 2, False)]
    cover(con, "500000")
    for kind in ("coverage", "gaps", "leaders", "targets", "resilience", "specialization"):
        report = run_report(con, kind, "toy", "500101")
        sources = {s["source_id"]: s for s in report.data_coverage["sources"]}
        assert report.data_coverage["exhaustive"], kind
        batch = sources["import_qcc_toy"]
        assert (batch["scope"], batch["firms"], batch["exhaustive"], batch["covers"],
                batch["covers_name"], batch["basis"]) == (
            "registry", 0, True, "500000", "重庆市", "declared")
    # complement speaks for 成渝, progress for Chongqing: their own regions
    assert run_report(con, "complement", "toy", "500101").data_coverage["region"] == "chengyu"
    assert run_report(con, "progress", "toy", "500101").data_coverage["region"] == "500000"


def test_the_stored_tables_are_the_queries_they_stand_for(built_settings, tmp_path):
    """agg_region_coverage and agg_source_places (etl/derive.py) hold what their SQL gives;
    a read-only connection reads them, a writable one computes the same answer."""
    import shutil

    import duckdb

    from chainmap.aggregates import REGION_COVERAGE_SQL, SOURCE_PLACES_SQL
    from chainmap.db import connect

    with connect(built_settings.db_path) as stored:
        for table, sql in (("agg_region_coverage", REGION_COVERAGE_SQL),
                           ("agg_source_places", SOURCE_PLACES_SQL)):
            live = stored.execute(f"SELECT * FROM ({sql}) q ORDER BY ALL").fetchall()  # noqa: S608
            kept = stored.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()  # noqa: S608
            assert kept == live, table
        read = {r: query_data_coverage(stored, r) for r in ("500000", "500116", "chengyu")}
        basis = query_gap_basis(stored, "500116")
    assert read["500000"]["sources"][0]["firms"] > 0
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(built_settings.db_path, copy)
    writable = duckdb.connect(str(copy))
    try:
        writable.execute("DROP TABLE agg_region_coverage")
        writable.execute("DROP TABLE agg_source_places")
        assert {r: query_data_coverage(writable, r) for r in read} == read
        assert query_gap_basis(writable, "500116") == basis
    finally:
        writable.close()
