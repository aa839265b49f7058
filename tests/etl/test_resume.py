"""Committing on top of the current database gives the database a full rebuild gives.

``etl.resume``: a commit copies the current database, takes it back to where its replay
stopped, and adds only the new batch. Every table must equal a rebuild from the shipped
data that replays every stored batch — with planners' overrides, a merge override that a
later batch hits, firms seen again with other addresses and texts, and a links batch.
"""

from __future__ import annotations

import duckdb
import pytest

from chainmap.db import connect
from etl.imports import commit_import, preview_import
from etl.pipeline import build_database
from etl.resume import KEYS_TABLE, PRE_TABLE, RULE_TABLE

from .importers.conftest import CODE_A, CODE_B, HEADER, ROWS, valid_code, write_csv

AGAIN = [
    # a firm of the first batch again: a district-level address now, other texts
    ["重庆示例齿轮箱有限责任公司", CODE_A, "存续", "张三", "5000万元人民币", "2015/3/4",
     "重庆市", "重庆市", "北碚区", "重庆市北碚区童家溪镇示例路1号", "齿轮及齿轮减、变速箱制造",
     "工业机器人减速器、轨道交通齿轮传动系统的研发、制造", "150", "有限责任公司"],
    ["成都示例机器人科技有限公司", CODE_B, "存续", "李四", "1000万元", "20180101",
     "四川省", "成都市", "郫都区", "四川省成都市郫都区团结镇示例街2号", "工业机器人制造",
     "工业机器人、伺服电机制造", "80", ""],
    # merged into the plan's 重变 by the override below
    ["重庆重变电器示例有限公司", "", "存续", "", "", "", "重庆市", "重庆市", "长寿区",
     "重庆市长寿区示例路", "", "变压器制造", "", ""],
    ["重庆示例新电机有限公司", "", "存续", "", "300万元", "2020-02-02", "重庆市", "重庆市",
     "璧山区", "重庆市璧山区示例路3号", "电动机制造", "永磁同步电机、驱动电机的研发、制造",
     "35", "有限责任公司(自然人独资)"],
]
# a firm first known in 成都 (city only) …
CODE_C = valid_code("91510100MA6CM0W3X")
AGAIN.append(["四川示例迁移机械有限公司", CODE_C, "存续", "", "", "", "四川省", "成都市", "", "",
              "", "矿山机械制造", "", ""])
# … then, by its code, at a district of 重庆: settling moves it to 重庆 …
MOVED = ["四川示例迁移机械有限公司", CODE_C, "存续", "", "", "", "重庆市", "重庆市", "璧山区",
         "重庆市璧山区示例路8号", "", "", "", ""]
# … and a later row names it by its name core in 四川: matched only by the firm's location
# before settling (as a full rebuild replays it), not by the settled 重庆
CORE = ["成都示例迁移机械有限公司", "", "存续", "", "", "", "四川省", "成都市", "", "", "", "", "",
        ""]
LINKS = ("供应商,客户,产品\n重庆示例齿轮箱有限责任公司,重庆示例新电机有限公司,齿轮\n"
         "重庆示例新电机有限公司,成都示例机器人科技有限公司,伺服电机\n")


def _merges(settings) -> None:
    (settings.data_dir / "overrides" / "firm_merges.csv").write_text(
        "name,firm_id,action,note,author\n重庆重变电器示例有限公司,chongbian,merge,"
        "计划中的重变即此企业,规划处\n", "utf-8")


def _node_overrides(settings) -> None:
    """Node overrides for two plan firms and one firm of the first batch (so they can only
    be written once it is in)."""
    (settings.data_dir / "overrides" / "firm_nodes.csv").write_text(
        "firm,node_id,action,confidence,note,author\n"
        "重庆长客,rail.bogie,add,0.8,转向架在渝生产（调研）,规划处\n"
        "cq_crrc_cc,rail.vehicle,remove,,示例：撤销,规划处\n"
        f"u_{CODE_A},clean_energy.gearbox,remove,,示例：撤销,规划处\n", "utf-8")


def _tables(path) -> dict[str, set]:
    with duckdb.connect(str(path), read_only=True) as con:
        names = [r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()]
        out = {}
        for name in names:
            rows = con.execute(f"SELECT * FROM {name}").fetchall()  # noqa: S608 (catalog names)
            if name == "build_meta":
                rows = [r for r in rows if r[0] not in ("built_at", "replay_resumed")]
            out[name] = sorted(map(repr, rows))
    return out


def _resumed(settings) -> str:
    with connect(settings.db_path) as con:
        return con.execute("SELECT value FROM build_meta WHERE key = 'replay_resumed'"
                           ).fetchone()[0]


@pytest.fixture()
def several_commits(data_copy, tmp_path):
    _merges(data_copy)
    build_database(data_copy)
    first = write_csv(tmp_path / "first.csv", "gbk")
    again = write_csv(tmp_path / "again.csv", "utf-8", rows=AGAIN, title=False)
    moved = write_csv(tmp_path / "moved.csv", "utf-8", rows=[MOVED], title=False)
    core = write_csv(tmp_path / "core.csv", "utf-8", rows=[CORE], title=False)
    links = tmp_path / "links.csv"
    links.write_text(LINKS, "utf-8")
    reports = [commit_import("qcc", first, data_copy)]
    assert _resumed(data_copy) == "1"  # on top of the shipped data's build
    _node_overrides(data_copy)
    build_database(data_copy)  # other overrides: the rebuild the next commits continue from
    assert _resumed(data_copy) == "0"
    reports.append(commit_import("qcc", again, data_copy))
    reports.append(commit_import("qcc", moved, data_copy))
    reports.append(commit_import("qcc", core, data_copy))
    reports.append(commit_import("links", links, data_copy))
    assert _resumed(data_copy) == "4"
    return data_copy, reports


def test_commits_on_top_equal_a_full_rebuild(several_commits, tmp_path):
    settings, reports = several_commits
    assert reports[1]["merged"] >= 3  # the first batch's firms and the plan's 重变 again
    assert reports[3]["merged"] == 1  # by name core and the firm's first province
    full = build_database(settings, target=tmp_path / "full.duckdb")
    resumed, rebuilt = _tables(settings.db_path), _tables(full)
    assert set(resumed) == set(rebuilt)
    assert {KEYS_TABLE, PRE_TABLE, RULE_TABLE} <= set(resumed)
    for table in resumed:
        assert resumed[table] == rebuilt[table], table
    with connect(settings.db_path) as con:
        assert con.execute("SELECT count(*) FROM fct_supply_link").fetchone()[0] == 2
        assert con.execute("SELECT count(*) FROM firm_node WHERE firm_id = ? AND node_id = "
                           "'clean_energy.gearbox'", [f"u_{CODE_A}"]).fetchone()[0] == 0


def test_other_overrides_mean_a_full_rebuild(several_commits, tmp_path):
    settings, _reports = several_commits
    (settings.data_dir / "overrides" / "firm_nodes.csv").write_text(
        "firm,node_id,action,confidence,note,author\n"
        "重庆长客,rail.bogie,add,0.7,转向架（复核）,规划处\n", "utf-8")
    extra = write_csv(tmp_path / "extra.csv", "utf-8", rows=[[
        "重庆示例另一电机有限公司", "", "存续", "", "", "", "重庆市", "重庆市", "璧山区",
        "重庆市璧山区示例路5号", "", "驱动电机制造", "", ""]], title=False)
    commit_import("qcc", extra, settings)
    assert _resumed(settings) == "0"
    full = build_database(settings, target=tmp_path / "full.duckdb")
    assert _tables(settings.db_path) == _tables(full)


def test_a_run_of_resumed_builds_ends_in_a_full_one(data_copy, tmp_path, monkeypatch):
    monkeypatch.setattr("etl.resume.MAX_RESUMES", 2)
    build_database(data_copy)
    seen = []
    for n, rows in enumerate([ROWS[:1], ROWS[1:2], ROWS[2:3], AGAIN[3:4]]):
        commit_import("qcc", write_csv(tmp_path / f"{n}.csv", "utf-8", rows=rows), data_copy)
        seen.append(_resumed(data_copy))
    assert seen == ["1", "2", "0", "1"]


def test_a_preview_on_top_reports_what_the_commit_does(data_copy, tmp_path):
    build_database(data_copy)
    commit_import("qcc", write_csv(tmp_path / "first.csv", "gbk"), data_copy)
    again = write_csv(tmp_path / "again.csv", "utf-8", rows=AGAIN, title=False)
    preview = preview_import("qcc", again, data_copy)
    report = commit_import("qcc", again, data_copy)
    keys = ("rows", "accepted", "merged", "new_firms", "quarantined", "precision", "review")
    assert {k: preview.report.get(k) for k in keys} == {k: report.get(k) for k in keys}


def test_header_row_names_are_the_fixture_header():
    assert len(AGAIN[0]) == len(HEADER) and ROWS[0][1] == CODE_A


def test_a_batch_edited_by_hand_under_its_name_means_a_full_rebuild(data_copy, tmp_path):
    from etl.import_store import list_batches, store_dir

    build_database(data_copy)
    commit_import("qcc", write_csv(tmp_path / "first.csv", "gbk"), data_copy)
    commit_import("qcc", write_csv(tmp_path / "b.csv", "utf-8", rows=ROWS[:1]), data_copy)
    assert _resumed(data_copy) == "2"
    # someone drops a row from the first batch's firms, keeping the folder's name
    firms = list_batches(store_dir(data_copy.db_path))[0] / "firms.parquet"
    with duckdb.connect() as con:
        con.execute("CREATE TABLE f AS SELECT * FROM read_parquet(?)", [str(firms)])
        con.execute("DELETE FROM f WHERE row_no = (SELECT min(row_no) FROM f)")
        con.execute("COPY f TO ? (FORMAT PARQUET)", [str(tmp_path / "edited.parquet")])
    (tmp_path / "edited.parquet").replace(firms)
    commit_import("qcc", write_csv(tmp_path / "c.csv", "utf-8", rows=ROWS[1:2]), data_copy)
    assert _resumed(data_copy) == "0"  # replayed every batch as it now is
    full = build_database(data_copy, target=tmp_path / "full.duckdb")
    assert _tables(data_copy.db_path) == _tables(full)
