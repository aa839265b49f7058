"""The issue's acceptance checks on the shipped data, and every report for every chain."""

import json
import re

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from chainmap.render.export import write_json
from chainmap.reports import REPORTS, ReportOptions, run_report
from chainmap_cli.main import cli

CHAINS = ["engine", "robot", "cnc", "rail", "grid", "clean_energy", "construction", "agri",
          "elevator", "ship", "enviro", "aero"]


def _cli(settings, *args):
    result = CliRunner().invoke(cli, ["--db", str(settings.db_path), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def _json(settings, *args):
    """A report's --json output: its rows or object as always (the contract); an object
    also carries its data_coverage."""
    out = json.loads(_cli(settings, *args))
    if isinstance(out, dict):
        coverage = out.pop("data_coverage")
        assert coverage["sources"] and "exhaustive" in coverage
    return out


def test_rail_gaps_show_signalling_and_traction(built_settings):
    gaps = _json(built_settings, "report", "gaps", "--chain", "rail", "--region", "500000",
                 "--json")
    by_id = {g["node_id"]: g for g in gaps}
    # the plan seeks 中国通号 and 株洲时代 for them: missing in Chongqing, by the plan
    for node in ("rail.signalling", "rail.traction"):
        assert (by_id[node]["status"], by_id[node]["status_basis"]) == ("missing", "plan")
    assert all({"node_id", "node_name", "tier", "status", "status_basis", "firm_count"}
               <= set(g) for g in gaps)
    # missing, then weak, then the nodes no loaded source covers (no registry is imported)
    order = {"missing": 0, "weak": 1, "unknown": 2}
    assert [order[g["status"]] for g in gaps] == sorted(order[g["status"]] for g in gaps)
    assert {g["status"] for g in gaps} == {"missing", "weak", "unknown"}
    assert all(g["status_basis"] is None for g in gaps if g["status"] != "missing")


def test_rail_leaders_rank_changke_first(built_settings):
    leaders = _json(built_settings, "report", "leaders", "--chain", "rail", "--region",
                    "500000", "--json")
    assert leaders[0]["firm_name"] == "重庆长客"
    assert set(leaders[0]["factors"]) == {"size", "position", "local_suppliers", "labels",
                                          "plan"}
    assert leaders[0]["score"] > leaders[-1]["score"]


def test_rail_targets_propose_the_firms_the_plan_seeks(built_settings):
    targets = _json(built_settings, "report", "targets", "--chain", "rail", "--region",
                    "500000", "--json")
    proposed = {(t["firm_name"], t["node_name"]) for t in targets}
    assert any(f == "中国通号" and "信号" in n for f, n in proposed)
    assert any(f == "株洲时代" and "牵引" in n for f, n in proposed)
    sought = {"中国通号", "株洲时代"}
    for t in targets:
        assert {"node_name", "firm_name", "score", "reasons"} <= set(t)
        assert len(t["reasons"]) >= 3
        # the plan's firms say so; listed firms of the shipped registry are targets too
        assert any("计划" in r for r in t["reasons"]) == (t["firm_name"] in sought)
    assert {t["firm_name"] for t in targets} - sought  # not only the plan's names
    # each firm once per node
    assert len({(t["firm_id"], t["node_id"]) for t in targets}) == len(targets)
    # the plan's firms rank first on the nodes it seeks them for
    signalling = [t for t in targets if t["node_id"] == "rail.signalling"]
    assert signalling[0]["firm_name"] == "中国通号"


def test_targets_exist_for_nearly_every_chain(built_settings):
    """Issue #16: outside firms with reasons for at least 10 of the 12 chains, and the
    plan's 利勃海尔 and 埃马克 among the CNC targets."""
    with_targets = set()
    for chain in ("engine", "robot", "cnc", "rail", "grid", "clean_energy", "construction",
                  "agri", "elevator", "ship", "enviro", "aero"):
        targets = _json(built_settings, "report", "targets", "--chain", chain, "--region",
                        "500000", "--json")
        if targets:
            with_targets.add(chain)
        assert all(t["reasons"] for t in targets)
        assert len({(t["firm_id"], t["node_id"]) for t in targets}) == len(targets)
        if chain == "cnc":
            assert {"利勃海尔", "埃马克"} <= {t["firm_name"] for t in targets}
    assert len(with_targets) >= 10, with_targets


def test_supply_json_has_a_ratio(built_settings):
    supply = _json(built_settings, "report", "supply", "--chain", "rail", "--json", "--km",
                   "50")
    assert 0 <= supply["ratio"] <= 1 and supply["leaders"]


def test_resilience_whatif_from_the_cli(built_settings):
    data = _json(built_settings, "report", "resilience", "--chain", "rail", "--remove",
                 "重庆长客", "--json")
    assert data["whatif"]["nodes_losing_all_local_firms"] == ["rail.vehicle"]


def test_progress_is_honest_about_missing_data(built_settings):
    rows = _json(built_settings, "report", "progress", "--chain", "rail", "--json")
    assert {r["target_id"] for r in rows} >= {"revenue", "rd_intensity", "clusters_500"}
    assert all(r["status"] == "no_data" and r["measured"] is None for r in rows)
    assert all(r["note"] for r in rows)
    # the measure from firm data is unknown, but the published figure is beside it, cited
    revenue = next(r for r in rows if r["target_id"] == "revenue")
    assert revenue["latest"] == "4626 亿元（2023）" and revenue["latest_en"].startswith("462.6")
    assert revenue["latest_source"].startswith("光明网") and \
        revenue["latest_url"].startswith("https://")
    unfound = [r for r in rows if not r["figures"]]
    assert unfound and all(r["latest"] is None and r["latest_source"] is None
                           for r in unfound)
    # a Chinese note says what is needed in Chinese
    assert not [r["note"] for r in rows if re.search(r"[A-Za-z]{4,}", r["note"])]
    table = _cli(built_settings, "report", "progress", "--chain", "rail")
    assert "4626 亿元（2023）" in table and "光明网 2024-11-08" in table


def test_excel_export_is_for_people(built_settings, tmp_path):
    path = tmp_path / "targets.xlsx"
    _cli(built_settings, "report", "targets", "--chain", "rail", "--xlsx", str(path))
    ws = load_workbook(path).active
    headers = [c.value for c in ws[1]]
    assert "目标企业" in headers and "推荐理由" in headers
    assert ws.freeze_panes == "A2" and ws.max_row >= 3


def test_unknown_region_is_a_clear_cli_error(built_settings):
    result = CliRunner().invoke(cli, ["--db", str(built_settings.db_path), "report", "gaps",
                                      "--chain", "rail", "--region", "123"])
    assert result.exit_code != 0 and "unknown region" in result.output


@pytest.mark.parametrize("chain", CHAINS)
def test_every_report_runs_for_every_region(con, chain):
    for region in ("500000", "chengyu", "500116", "Z500001", "510100"):
        for kind in REPORTS:
            report = run_report(con, kind, chain, region, ReportOptions(km=80))
            assert json.loads(write_json(report.data)) is not None
            assert report.frame is not None


def test_set_based_status_matches_the_detailed_coverage(con):
    from chainmap.analytics.coverage import query_node_status

    for region in ("500000", "500116", "chengyu"):
        fast = query_node_status(con, region).set_index("node_id")
        for chain in CHAINS:
            detailed = run_report(con, "gaps", chain, region).data
            for gap in detailed:
                row = fast.loc[gap["node_id"]]
                assert (row["status"], row["status_basis"], row["firm_count"],
                        row["outside_candidates"]) == (
                    gap["status"], gap["status_basis"], gap["firm_count"],
                    gap["outside_candidates"]), gap
            assert set(fast[(fast["chain_id"] == chain)
                            & fast["status"].isin(["missing", "weak", "unknown"])].index) == {
                g["node_id"] for g in detailed}


def test_run_reports_shares_one_context_and_matches_run_report(built_settings):
    from chainmap.db import connect
    from chainmap.reports import run_reports

    con = connect(built_settings.db_path)
    try:
        kinds = ["coverage", "leaders", "supply", "targets", "complement"]
        together = run_reports(con, kinds, "rail", "chengyu")
        for kind in kinds:
            alone = run_report(con, kind, "rail", "chengyu")
            assert json.dumps(together[kind].data, default=str, sort_keys=True) == \
                json.dumps(alone.data, default=str, sort_keys=True), kind
        with pytest.raises(ValueError, match="unknown report"):
            run_reports(con, ["coverage", "nope"], "rail", "500000")
    finally:
        con.close()


def test_every_report_output_says_what_the_data_cover(built_settings, tmp_path):
    import pandas as pd

    args = ("report", "coverage", "--chain", "rail", "--region", "500000")
    line = _cli(built_settings, *args).splitlines()[0]
    assert line.startswith("数据覆盖 · 重庆市：重庆市装备制造业高质量发展行动计划")
    assert "行动计划点名的企业；非全量" in line
    rows = {r["node_id"]: r for r in _json(built_settings, *args, "--json")}
    # the plan seeks 中国通号 and 株洲时代 for these: missing, by the plan
    for node in ("rail.signalling", "rail.traction"):
        assert (rows[node]["status"], rows[node]["status_basis"]) == ("missing", "plan")
    # no source places a bearing maker in Chongqing, and none lists every firm: no data
    assert (rows["rail.bearings"]["status"], rows["rail.bearings"]["status_basis"]) == (
        "unknown", None)
    _cli(built_settings, *args, "--xlsx", str(tmp_path / "c.xlsx"), "--csv",
         str(tmp_path / "c.csv"))
    wb = load_workbook(tmp_path / "c.xlsx")
    assert wb.sheetnames == ["coverage-rail", "数据覆盖"]
    sheet = wb["coverage-rail"]
    headers = [c.value for c in sheet[1]]
    status = {r[0]: (r[headers.index("状态")], r[headers.index("缺失依据")])
              for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert status["rail.signalling"] == ("缺失", "行动计划提出引进")
    assert status["rail.bearings"] == ("未覆盖", None)
    coverage = list(wb["数据覆盖"].iter_rows(values_only=True))
    assert coverage[0] == ("数据来源", "列出范围", "本地区企业数", "是否全量")
    assert coverage[1][1:] == ("行动计划点名的企业", coverage[1][2], "非全量")
    assert coverage[1][2] > 0
    csv = pd.read_csv(tmp_path / "c.csv", encoding="utf-8-sig")
    assert set(csv["data_coverage"]) == {line}
