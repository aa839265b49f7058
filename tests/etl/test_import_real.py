"""The real public files under ../shared/data, imported as a user would (skipped when absent)."""

import pytest

from chainmap.config import load_settings
from chainmap.db import connect
from etl.imports import commit_import
from etl.pipeline import build_database

EQUIPMENT = ("工程机械", "电气设备", "运输设备", "专用机械", "机械基件", "机床制造", "农用机械",
             "化工机械", "船舶", "轻工机械", "电器仪表", "航空", "摩托车", "汽车配件")


@pytest.fixture(scope="module")
def real(shared_dir, tmp_path_factory):
    tushare = shared_dir / "data" / "listed" / "tushare_stock_basic_2025-06.json"
    chainkg = shared_dir / "data" / "chainkg"
    if not tushare.exists() or not (chainkg / "company.json").exists():
        pytest.skip("the Tushare list or the knowledge graph is not in ../shared")
    settings = load_settings(tmp_path_factory.mktemp("real") / "chainmap.duckdb")
    build_database(settings)
    reports = {"tushare": commit_import("tushare", tushare, settings),
               "chainkg": commit_import("chainkg", chainkg, settings)}
    with connect(settings.db_path) as con:
        yield con, reports


def _rows(con, sql, params=None):
    return con.execute(sql, params or []).fetchall()


def test_reports_account_for_every_row(real):
    _con, reports = real
    for report in reports.values():
        assert report["rows"] == report["accepted"] + report["quarantined"]
    assert reports["tushare"]["rows"] == 5418 and reports["tushare"]["quarantined"] == 0
    assert reports["chainkg"]["matched_existing"] > 4200  # by stock code, into Tushare firms


def test_listed_rows_merge_into_the_plan_firms_they_are(real):
    con, _ = real
    merged = {r[0] for r in _rows(con, "SELECT firm_id FROM firm_source WHERE matched_existing "
                                       "AND firm_id NOT LIKE 'n\\_%' ESCAPE '\\'")}
    assert {"zongshen", "senci", "chuanyi", "weima_agri", "sanfeng", "yuanda", "crsc",
            "zhuzhou_times", "shaangu", "zoomlion", "wangbian"} <= merged  # 望变: shipped merge
    # 三一重工 / 徐工机械 listed parents are not the plan's Chongqing plants: reviewed, not merged
    assert not {"sany", "xcmg"} & merged
    review = {r[0] for r in _rows(con, "SELECT candidate_id FROM resolution_review")}
    assert {"sany", "xcmg", "landai"} <= review
    # the shipped registry cites a page placing 宗申 in 巴南区 (data/registry/firm_locations.csv)
    assert _rows(con, "SELECT role, adcode, precision FROM dim_firm WHERE firm_id = 'zongshen'"
                 ) == [("local", "500113", "district")]


@pytest.mark.parametrize(("name", "node", "word"), [
    ("宗申动力", "engine.general_gasoline", "通用动力"),
    ("隆鑫通用", "engine.general_gasoline", "通用动力"),
    ("豪能股份", "engine.transmission", "同步器"),
    ("尚纬股份", "grid.cable", "特种电缆"),
    ("唐源电气", "rail.traction", "牵引供电"),
    ("中无人机", "aero.uav", "无人机"),
    ("拓斯达", "robot.body", "工业机器人"),
    ("埃斯顿", "robot.servo", "交流伺服"),
    ("恒立液压", "construction.hydraulics", "液压油缸"),
    ("杭齿前进", "ship.gearbox", "船用齿轮箱"),
])
def test_golden_firms_land_on_the_right_node_with_evidence(real, name, node, word):
    con, _ = real
    rows = _rows(con, "SELECT n.confidence, n.evidence, n.method FROM firm_node n "
                      "JOIN dim_firm f USING (firm_id) WHERE f.name = ? AND n.node_id = ? "
                      "AND n.method = 'rule'", [name, node])
    assert rows, f"{name} not on {node}"
    confidence, evidence, _method = rows[0]
    assert confidence >= 0.5 and word in evidence


def test_chongqing_and_sichuan_listed_equipment_makers_get_nodes(real):
    con, _ = real
    placeholders = ", ".join("?" for _ in EQUIPMENT)
    rows = _rows(con, f"""
        SELECT substr(f.adcode, 1, 2) AS prov, count(DISTINCT f.firm_id),
               count(DISTINCT n.firm_id)
        FROM dim_firm f JOIN firm_industry i ON i.firm_id = f.firm_id AND i.scheme = 'tushare'
        LEFT JOIN firm_node n ON n.firm_id = f.firm_id
        WHERE substr(f.adcode, 1, 2) IN ('50', '51') AND i.name IN ({placeholders})
        GROUP BY prov ORDER BY prov""", list(EQUIPMENT))  # noqa: S608 - placeholders only
    counts = {prov: (total, placed) for prov, total, placed in rows}
    assert counts["50"][1] >= 7 and counts["51"][1] >= 7
    evidence = _rows(con, "SELECT count(*) FROM firm_node n JOIN dim_firm f USING (firm_id) "
                          "WHERE substr(f.adcode, 1, 2) IN ('50', '51') AND n.method = 'rule' "
                          "AND (n.evidence IS NULL OR n.evidence = '')")
    assert evidence == [(0,)]


def test_precision_over_recall(real):
    con, _ = real
    unrelated = _rows(con, "SELECT DISTINCT f.name FROM firm_node n JOIN firm_industry i "
                           "ON i.firm_id = n.firm_id AND i.scheme = 'tushare' JOIN dim_firm f "
                           "ON f.firm_id = n.firm_id "
                           "WHERE i.name IN ('银行', '白酒', '全国地产', '证券', '保险', '中成药')")
    # the one exception is stale knowledge-graph data: in 2021 *ST长药 made turbochargers
    assert unrelated in ([], [("*ST长药",)])
    placed, firms = _rows(con, "SELECT count(DISTINCT n.firm_id), (SELECT count(*) FROM "
                               "dim_firm) FROM firm_node n WHERE n.method = 'rule'")[0]
    assert placed < 0.12 * firms
    busiest = _rows(con, "SELECT max(c) FROM (SELECT firm_id, count(DISTINCT node_id) AS c "
                         "FROM firm_node WHERE method = 'rule' GROUP BY firm_id) x")[0][0]
    assert busiest <= 8


def test_outside_makers_are_candidates_with_a_region(real):
    con, _ = real
    rows = _rows(con, "SELECT count(DISTINCT f.firm_id) FROM firm_node n JOIN dim_firm f "
                      "USING (firm_id) WHERE f.role = 'external' AND n.chain_id = 'rail' "
                      "AND f.adcode IS NOT NULL")
    assert rows[0][0] >= 5
    orphans = _rows(con, "SELECT count(*) FROM dim_firm WHERE adcode IS NOT NULL AND adcode "
                         "NOT IN (SELECT region_id FROM dim_region)")
    assert orphans == [(0,)]
