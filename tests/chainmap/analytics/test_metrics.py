"""Every metric pinned on the hand-built toy chain (see toy.py for the worked numbers)."""

import pandas as pd
import pytest

from chainmap.analytics.coverage import Thresholds
from chainmap.analytics.geometry import haversine_km
from chainmap.analytics.specialization import density
from chainmap.reports import ReportOptions, run_report
from tests.chainmap.analytics.toy import cover, toy_connection


@pytest.fixture(scope="module")
def con():
    connection = toy_connection()
    yield connection
    connection.close()


def _report(con, kind, region="500000", **options):
    return run_report(con, kind, "toy", region, ReportOptions(**options)).data


def test_coverage_statuses(con):
    cov = {r["node_id"]: r for r in _report(con, "coverage")}
    assert {k: v["status"] for k, v in cov.items()} == {
        "toy.steel": "weak", "toy.motor": "present", "toy.ctrl": "missing",
        "toy.body": "weak", "toy.service": "weak"}
    assert cov["toy.motor"]["firm_count"] == 2 and cov["toy.motor"]["revenue_yi"] == 30.0
    assert cov["toy.steel"]["marginal_firms"] == ["丁钢铁"]
    strong = _report(con, "coverage", thresholds=Thresholds(strong_min=2))
    assert {r["node_id"]: r["status"] for r in strong}["toy.motor"] == "strong"


def test_coverage_of_a_district_counts_only_its_firms(con):
    cov = {r["node_id"]: r for r in _report(con, "coverage", region="500101")}
    # no firm of steel or service there, and nothing says there is none: unknown; ctrl is
    # missing because the plan seeks a firm for it in Chongqing
    assert {k: v["status"] for k, v in cov.items()} == {
        "toy.steel": "unknown", "toy.motor": "weak", "toy.ctrl": "missing",
        "toy.body": "weak", "toy.service": "unknown"}
    assert {k: v["status_basis"] for k, v in cov.items()} == {
        "toy.steel": None, "toy.motor": None, "toy.ctrl": "plan", "toy.body": None,
        "toy.service": None}


def test_coverage_of_a_district_a_registry_covers():
    covered = toy_connection()
    try:
        cover(covered, "500000")  # Chongqing, so its districts too
        cov = {r["node_id"]: r for r in run_report(covered, "coverage", "toy", "500101").data}
    finally:
        covered.close()
    assert {k: v["status"] for k, v in cov.items()} == {
        "toy.steel": "missing", "toy.motor": "weak", "toy.ctrl": "missing",
        "toy.body": "weak", "toy.service": "missing"}
    assert {k for k, v in cov.items() if v["status_basis"] == "registry"} == {
        "toy.steel", "toy.ctrl", "toy.service"}


def test_gaps_contract(con):
    gaps = _report(con, "gaps")
    assert [g["node_id"] for g in gaps] == ["toy.ctrl", "toy.steel", "toy.body", "toy.service"]
    assert set(gaps[0]) >= {"node_id", "node_name", "tier", "status", "firm_count"}
    assert gaps[0]["outside_candidates"] == 2


def test_leader_scores_and_factors(con):
    leaders = _report(con, "leaders")
    assert [r["firm_name"] for r in leaders] == ["甲整机", "戊运维", "丙电机", "乙电机", "丁钢铁"]
    a = leaders[0]
    assert a["factors"] == {"size": None, "position": 0.675, "local_suppliers": 0.75,
                            "labels": 0.0, "plan": 1.0}
    assert a["score"] == pytest.approx(100 * (0.25 * 0.675 + 0.2 * 0.75 + 0.2 * 1.0), abs=0.01)
    assert leaders[1]["score"] == pytest.approx(37.5)
    assert leaders[2]["factors"]["size"] == 1.0 and leaders[2]["score"] == pytest.approx(25.0)


def test_local_supply_ratio(con):
    supply = _report(con, "supply")
    assert supply["ratio"] == 0.5
    assert supply["ratio_chengyu"] == 0.75
    assert supply["ratio_incl_marginal"] == 0.75
    assert supply["uncovered"] == ["toy.ctrl", "toy.steel"]
    lead = supply["leaders"][0]
    assert lead["firm_name"] == "甲整机" and lead["ratio"] == pytest.approx(1 / 3, abs=1e-4)


def test_supply_within_km(con):
    lead = _report(con, "supply", km=30)["leaders"][0]
    # 甲区 -> 乙区 is about 29.6 km: motor (乙电机 in 甲区, 丙电机 in 乙区) is covered
    assert haversine_km(106.4, 29.6, 106.6, 29.4) < 30
    assert lead["ratio_km"] == pytest.approx(1 / 3, abs=1e-4)
    assert _report(con, "supply", km=1)["leaders"][0]["ratio_km"] == pytest.approx(1 / 3,
                                                                                  abs=1e-4)


def test_concentration_and_single_suppliers(con):
    res = _report(con, "resilience")
    nodes = {r["node_id"]: r for r in res["nodes"]}
    assert nodes["toy.motor"]["hhi"] == 0.5 and nodes["toy.motor"]["hhi_basis"] == "count"
    assert sorted(res["single_supplier_nodes"]) == ["toy.body", "toy.service"]


def test_whatif_removing_the_integrator_cuts_off_the_service_node(con):
    whatif = _report(con, "resilience", remove="甲整机")["whatif"]
    assert whatif["removed"]["id"] == "A"
    assert whatif["nodes_losing_all_local_firms"] == ["toy.body"]
    assert whatif["downstream_losing_all_local_supply"] == ["toy.service"]
    with pytest.raises(ValueError, match="neither"):
        _report(con, "resilience", remove="nobody")


def test_whatif_removing_a_node(con):
    whatif = _report(con, "resilience", remove="toy.motor")["whatif"]
    assert whatif["nodes_losing_all_local_firms"] == ["toy.motor"]
    assert whatif["downstream_losing_all_local_supply"] == []  # body still fed by steel (D)


def test_targets_rank_the_planned_attraction_first_with_reasons(con):
    targets = _report(con, "targets")
    ctrl = [t for t in targets if t["node_id"] == "toy.ctrl"]
    assert [t["firm_name"] for t in ctrl] == ["远方控制", "蓉控制"]
    assert ctrl[0]["score"] == pytest.approx(54.0)
    dist = haversine_km(106.5, 29.5, 104.0, 30.6)
    assert ctrl[1]["distance_km"] == round(dist)
    assert ctrl[1]["score"] == pytest.approx(
        100 * (0.3 * 0.8 + 0.1 * 0.5 + 0.1 / (1 + dist / 300) + 0.05), abs=0.01)
    reasons = " ".join(ctrl[0]["reasons"])
    assert "控制器" in reasons and "行动计划明确提出引进" in reasons and "甲整机" in reasons
    assert "距离：所在地未知" in reasons


def test_complementarity(con):
    data = _report(con, "complement", thresholds=Thresholds(weak_max=0))
    fills = data["sichuan_fills_chongqing"]
    assert [(r["node_id"], r["region_id"]) for r in fills] == [("toy.ctrl", "510100")]
    # Sichuan's nodes without a firm are unknown (no registry covers it, the plan speaks
    # for Chongqing only): not gaps Chongqing could fill
    assert data["chongqing_fills_sichuan"] == []


def test_complementarity_where_a_registry_covers_sichuan():
    covered = toy_connection()
    try:
        cover(covered, "510000")
        data = run_report(covered, "complement", "toy", "500000",
                          ReportOptions(thresholds=Thresholds(weak_max=0))).data
    finally:
        covered.close()
    back = {r["node_id"]: r["gap_status"] for r in data["chongqing_fills_sichuan"]}
    assert back == {"toy.motor": "missing", "toy.body": "missing", "toy.service": "missing"}


def test_location_quotients_and_density(con):
    rows = {(r["adcode"], r["node_id"]): r for r in _report(con, "specialization")}
    assert rows[("500101", "toy.body")]["lq"] == 1.5
    assert rows[("500101", "toy.motor")]["lq"] == 0.75
    assert rows[("500102", "toy.motor")]["lq"] == 1.5
    assert not any(r["strong_cluster"] for r in rows.values())  # size floor of 2 firms
    # no district makes two nodes, so no proximity and zero density everywhere
    assert ("500102", "toy.body") not in rows
    assert all(r["density"] == 0 for r in rows.values())


def test_density_on_a_worked_matrix():
    lq = pd.DataFrame([[2, 2, 0], [2, 2, 0], [2, 0, 2]], index=["d1", "d2", "d3"],
                      columns=["a", "b", "c"], dtype=float)
    dens = density(lq)
    # phi(a,b) = 2/3, phi(a,c) = 1/3, phi(b,c) = 0
    assert dens.at["d3", "b"] == pytest.approx(1.0)
    assert dens.at["d1", "c"] == pytest.approx(1.0)
    # density(d, a) = (M_db * 2/3 + M_dc * 1/3) / (2/3 + 1/3)
    assert dens.at["d1", "a"] == pytest.approx(2 / 3)
    assert dens.at["d3", "a"] == pytest.approx(1 / 3)


def test_progress_says_no_data_without_revenue(con):
    assert _report(con, "progress") == []  # the toy has no plan targets


def test_unknown_chain_and_region_are_clear_errors(con):
    with pytest.raises(ValueError, match="unknown chain"):
        run_report(con, "gaps", "nope", "500000")
    with pytest.raises(ValueError, match="unknown region"):
        run_report(con, "gaps", "toy", "999999")
