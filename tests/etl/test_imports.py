import hashlib
import json

import pytest

from chainmap.db import connect
from chainmap_cli.steps import step_line
from etl import replay
from etl.import_store import list_batches, store_dir
from etl.imports import ImportInputError, commit_import, preview_import
from etl.pipeline import build_database

from .importers.conftest import write_csv

PLAN_ZONGSHEN = ("重庆宗申动力机械股份有限公司", "91500000MA5UZ5DE0W", "存续", "", "", "",
                 "重庆市", "重庆市", "巴南区", "重庆市巴南区示例工业园", "", "通用汽油机制造",
                 "", "")


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def built(data_copy):
    build_database(data_copy)
    return data_copy


@pytest.fixture()
def export(tmp_path):
    return write_csv(tmp_path / "export.csv", "gbk")


def _scalar(settings, sql, params=None):
    with connect(settings.db_path) as con:
        return con.execute(sql, params or []).fetchone()[0]


def test_commit_stores_the_batch_and_every_build_replays_it(built, export):
    report = commit_import("qcc", export, built)
    assert {"rows", "accepted", "merged", "quarantined", "warnings"} <= set(report)
    assert (report["rows"], report["accepted"], report["quarantined"]) == (6, 4, 2)
    assert report["merged"] == 1 and report["new_firms"] == 3     # 有限责任公司 = 有限公司
    folder = store_dir(built.db_path) / report["batch"]
    assert {p.name for p in folder.iterdir()} >= {"firms.parquet", "quarantine.parquet",
                                                  "manifest.json", "report.json"}
    assert json.loads((folder / "report.json").read_text("utf-8"))["rows"] == 6
    firms = _scalar(built, "SELECT count(*) FROM dim_firm")
    build_database(built)  # a plain rebuild keeps the import
    assert _scalar(built, "SELECT count(*) FROM dim_firm") == firms
    assert _scalar(built, "SELECT count(*) FROM import_quarantine WHERE status = 'rejected'") == 2


def test_the_same_file_twice_adds_nothing(built, export, tmp_path):
    first = commit_import("qcc", export, built)
    before = _digest(built.db_path)
    second = commit_import("qcc", export, built)
    assert second["duplicate_of"] == first["batch"] and second["added"] == 0
    renamed = tmp_path / "same bytes, other name.csv"
    renamed.write_bytes(export.read_bytes())
    assert commit_import("qcc", renamed, built)["duplicate_of"] == first["batch"]
    assert _digest(built.db_path) == before and len(list_batches(store_dir(built.db_path))) == 1


def test_a_crash_mid_import_leaves_the_database_byte_identical(built, export, monkeypatch):
    before = _digest(built.db_path)

    def crash(con, **_kwargs):
        raise RuntimeError("injected crash")

    monkeypatch.setattr(replay, "_classify", crash)
    with pytest.raises(RuntimeError, match="injected crash"):
        commit_import("qcc", export, built)
    assert _digest(built.db_path) == before
    store = store_dir(built.db_path)
    assert not store.exists() or not list(store.iterdir())
    assert not list(built.db_path.parent.glob("*.building-*"))


def test_a_crash_while_saving_the_report_changes_nothing(built, export, monkeypatch):
    before = _digest(built.db_path)

    def crash(*_args):
        raise OSError("disk full")

    monkeypatch.setattr("etl.imports.write_report", crash)
    with pytest.raises(OSError, match="disk full"):
        commit_import("qcc", export, built)
    assert _digest(built.db_path) == before
    assert not list(store_dir(built.db_path).iterdir())


def test_preview_writes_nothing_and_predicts_the_commit(built, export):
    before = _digest(built.db_path)
    preview = preview_import("qcc", export, built)
    assert _digest(built.db_path) == before
    assert not store_dir(built.db_path).exists() or not list(store_dir(built.db_path).iterdir())
    assert len(preview.sample) == 4 and set(preview.quarantine["status"]) == {"rejected",
                                                                              "flagged"}
    assert "reasons_zh" in preview.quarantine
    report = commit_import("qcc", export, built)
    for key in ("rows", "accepted", "merged", "quarantined", "new_firms"):
        assert preview.report[key] == report[key], key


def test_a_registry_row_merges_into_the_plan_firm_without_overwriting_it(built, tmp_path):
    path = write_csv(tmp_path / "zongshen.csv", "utf-8", rows=[list(PLAN_ZONGSHEN)])
    report = commit_import("qcc", path, built)
    assert report["matched_existing"] == 1 and report["new_firms"] == 0
    with connect(built.db_path) as con:
        firm = con.execute("SELECT adcode, precision, role, source_id FROM dim_firm "
                           "WHERE firm_id = 'zongshen'").fetchone()
        facts = con.execute("SELECT source_id, precision FROM firm_location_fact "
                            "WHERE firm_id = 'zongshen' ORDER BY source_id").fetchall()
        method = con.execute("SELECT match_method FROM firm_source WHERE batch_id = ?",
                             [report["batch"]]).fetchone()[0]
    assert firm == ("500113", "district", "local", "plan")  # best location; plan's record
    assert ("plan", "city") in facts and (report["source_id"], "district") in facts
    assert method == "name"


def test_firm_ids_are_stable_across_rebuilds(built, export):
    commit_import("qcc", export, built)
    sql = "SELECT string_agg(firm_id, ',' ORDER BY firm_id) FROM dim_firm WHERE firm_id LIKE 'u_%'"
    first = _scalar(built, sql)
    build_database(built)
    assert _scalar(built, sql) == first and first.count("u_") == 2


def test_a_branch_is_linked_to_its_parent(built, export):
    commit_import("qcc", export, built)
    with connect(built.db_path) as con:
        rows = con.execute("SELECT c.name, p.name FROM firm_branch b "
                           "JOIN dim_firm c ON c.firm_id = b.firm_id "
                           "JOIN dim_firm p ON p.firm_id = b.parent_firm_id").fetchall()
    assert rows == [("重庆示例齿轮箱有限责任公司两江分公司", "重庆示例齿轮箱有限责任公司")]


def test_links_resolve_to_known_firms_and_unknown_parties_are_quarantined(built, export,
                                                                          tmp_path):
    commit_import("qcc", export, built)
    links = tmp_path / "links.csv"
    links.write_text("supplier,customer,product,source\n"
                     "重庆示例齿轮箱有限公司,重庆长客,牵引齿轮箱,访谈记录\n"
                     "不存在的公司,重庆长客,车门,访谈记录\n", "utf-8")
    report = commit_import("links", links, built)
    assert report["supply_links"] == 1 and report["quarantined"] == 1
    with connect(built.db_path) as con:
        link = con.execute("SELECT customer_id, product, method FROM fct_supply_link").fetchone()
        stage = con.execute("SELECT stage, reasons FROM import_quarantine "
                            "WHERE batch_id = ?", [report["batch"]]).fetchone()
    assert link == ("cq_crrc_cc", "牵引齿轮箱", "imported_file")
    assert stage == ("resolve", "unknown_firm")


def test_registry_firms_are_classified_with_evidence(built, export):
    commit_import("qcc", export, built)
    with connect(built.db_path) as con:
        rows = dict(con.execute(
            "SELECT n.node_id, n.evidence FROM firm_node n JOIN dim_firm f USING (firm_id) "
            "WHERE f.name = '重庆示例齿轮箱有限责任公司'").fetchall())
    assert "clean_energy.gearbox" in rows
    assert "国标行业 3453" in rows["clean_energy.gearbox"]
    # 传动齿轮箱 alone names a second chain in passing: rail waits in the review list
    with connect(built.db_path) as con:
        scores = dict(con.execute(
            "SELECT s.chain_id, s.status FROM firm_chain_score s JOIN dim_firm f USING (firm_id) "
            "WHERE f.name = '重庆示例齿轮箱有限责任公司'").fetchall())
    assert scores["clean_energy"] == "chain" and scores.get("rail") == "review"
    assert "rail.gearbox" not in rows


def test_a_csv_import_needs_a_mapping(built, export):
    with pytest.raises(ImportInputError, match="mapping"):
        commit_import("csv", export, built)


OTHER_ROWS = [  # SYNTHETIC: invented firms, a second export committed beside the first
    ["重庆示例并发转向架有限公司", "", "存续", "", "", "", "重庆市", "重庆市", "江津区",
     "重庆市江津区示例路8号", "", "转向架的制造", "", ""],
    ["成都示例并发信号设备有限公司", "", "存续", "", "", "", "四川省", "成都市", "郫都区",
     "四川省成都市郫都区示例路9号", "", "列控系统的研发", "", ""],
]


def test_two_commits_at_once_both_land_one_after_the_other(built, export, tmp_path):
    """Two editors committing at the same moment (two threads of one server): the writer
    lock makes the second build wait, so the database holds both batches, in the order the
    store replays them, and a rebuild from the store gives the same firms."""
    import threading

    other = write_csv(tmp_path / "other.csv", "utf-8", rows=OTHER_ROWS)
    reports, errors, said = {}, [], []
    start = threading.Barrier(2)

    def commit(name, path):
        start.wait()
        try:
            reports[name] = commit_import("qcc", path, built,  # said as the CLI prints it
                                          progress=lambda event: said.append(step_line(event)))
        except Exception as exc:  # the assertion below shows it
            errors.append(exc)

    threads = [threading.Thread(target=commit, args=a) for a in (("a", export), ("b", other))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == [] and set(reports) == {"a", "b"}
    batches = [b.name for b in list_batches(store_dir(built.db_path))]
    assert sorted(batches) == sorted(r["batch"] for r in reports.values())
    from etl.import_store import read_manifest

    assert [read_manifest(b)["seq"] for b in list_batches(store_dir(built.db_path))] == [1, 2]
    names = "SELECT list(full_name ORDER BY full_name) FROM dim_firm WHERE source_id <> 'plan'"
    both = _scalar(built, names)
    assert "重庆示例并发转向架有限公司" in both and "重庆示例注销机械有限公司" not in both
    assert any(n.startswith("重庆示例齿轮箱") for n in both)
    held = json.loads(_scalar(built, "SELECT value FROM build_meta WHERE key = 'replay_batches'"))
    assert [h.split("@")[0] for h in held] == batches  # the order a rebuild replays
    build_database(built, resume=False)
    assert _scalar(built, names) == both
    assert any("waiting for another import" in s for s in said)


def test_the_same_file_committed_twice_at_once_is_added_once(built, export):
    import threading

    reports = []
    start = threading.Barrier(2)

    def commit():
        start.wait()
        reports.append(commit_import("qcc", export, built))

    threads = [threading.Thread(target=commit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(reports) == 2
    assert sorted(bool(r.get("duplicate_of")) for r in reports) == [False, True]
    assert len(list_batches(store_dir(built.db_path))) == 1
    assert not list(store_dir(built.db_path).glob(".staging-*"))


def test_former_names_are_keys_for_later_imports_and_classification_text(built, tmp_path):
    first = tmp_path / "renamed.csv"
    first.write_text("企业名称,曾用名,所属省份,所属区县\n"
                     "重庆示例新名科技有限公司,重庆示例齿轮箱制造有限公司,重庆市,北碚区\n", "utf-8")
    later = tmp_path / "old-list.csv"
    later.write_text("企业名称,所属省份,所属区县\n"
                     "重庆示例齿轮箱制造有限公司,重庆市,北碚区\n", "utf-8")
    commit_import("qcc", first, built)
    report = commit_import("qcc", later, built)
    assert (report["matched_existing"], report["new_firms"]) == (1, 0)
    with connect(built.db_path) as con:
        methods = con.execute("SELECT DISTINCT firm_id, match_method FROM firm_source "
                              "WHERE batch_id LIKE 'qcc-%' ORDER BY match_method").fetchall()
        firm_id = methods[0][0]
        full_name = con.execute("SELECT full_name FROM dim_firm WHERE firm_id = ?",
                                [firm_id]).fetchone()[0]
        evidence = con.execute("SELECT evidence FROM firm_node WHERE firm_id = ? AND "
                               "node_id = 'rail.gearbox'", [firm_id]).fetchone()[0]
    assert [m for _f, m in methods] == ["former_name", "new"] and methods[1][0] == firm_id
    assert full_name == "重庆示例新名科技有限公司"  # the registered name, not the former one
    assert "重庆示例齿轮箱制造有限公司" in evidence  # the former name states the product


def test_a_batch_stored_before_former_names_replays(built, export):
    report = commit_import("qcc", export, built)
    counts = ("SELECT (SELECT count(*) FROM dim_firm), (SELECT count(*) FROM firm_source), "
              "(SELECT count(*) FROM firm_name)")
    with connect(built.db_path) as con:
        before = con.execute(counts).fetchone()
    (store_dir(built.db_path) / report["batch"] / "firm_former_name.parquet").unlink()
    build_database(built)
    with connect(built.db_path) as con:
        assert con.execute(counts).fetchone() == before
