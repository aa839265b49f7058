import hashlib

import pandas as pd
import pytest

from chainmap.db import connect
from etl.imports import commit_import
from etl.overrides import OverrideError, check_firm_nodes, extend_templates, read_chain_overrides
from etl.pipeline import build_database

NODE_COLUMNS = ["firm", "node_id", "action", "confidence", "note", "author"]


def _nodes(*rows):
    return pd.DataFrame(rows, columns=NODE_COLUMNS)


def test_firm_node_lines_are_checked_with_their_line_number():
    known = {"rail.bogie"}
    ok = check_firm_nodes(_nodes(("重庆长客", "rail.bogie", "add", "", "n", "a")), known)
    assert ok["confidence"].tolist() == [0.9] and ok["line"].tolist() == [2]
    with pytest.raises(OverrideError, match=r"line 3: unknown chain node 'rail\.nope'"):
        check_firm_nodes(_nodes(("a", "rail.bogie", "add", "0.5", "", ""),
                                ("a", "rail.nope", "add", "0.5", "", "")), known)
    with pytest.raises(OverrideError, match="line 2: action must be add or remove"):
        check_firm_nodes(_nodes(("a", "rail.bogie", "delete", "", "", "")), known)
    with pytest.raises(OverrideError, match="line 2: confidence must be between"):
        check_firm_nodes(_nodes(("a", "rail.bogie", "add", "1.5", "", "")), known)


TEMPLATES = [{"id": "rail", "nodes": [{"id": "rail.vehicle", "name_zh": "整车", "tier": "中游",
                                       "keywords": ["地铁车辆"]}], "edges": []}]


def test_chain_overrides_add_nodes_keywords_and_edges(tmp_path):
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides" / "chain_nodes.yaml").write_text(
        "chains:\n  rail:\n    nodes:\n      - id: rail.maglev\n        name_zh: 磁悬浮车辆\n"
        "        tier: 中游\n        gbt4754: ['3720']\n    keywords:\n"
        "      rail.vehicle: [动车组, 机车]\n    edges:\n      - [rail.maglev, rail.vehicle]\n",
        "utf-8")
    out = extend_templates(TEMPLATES, read_chain_overrides(tmp_path), {"3720"})
    nodes = {n["id"]: n for n in out[0]["nodes"]}
    assert nodes["rail.maglev"]["source_id"] == "override_chain_nodes"
    assert nodes["rail.vehicle"]["keywords"] == ["地铁车辆", "动车组", "机车"]
    assert out[0]["edges"] == [["rail.maglev", "rail.vehicle"]]
    assert TEMPLATES[0]["nodes"][0]["keywords"] == ["地铁车辆"]  # input untouched


def test_a_bad_chain_override_names_its_line(tmp_path):
    (tmp_path / "overrides").mkdir()
    (tmp_path / "overrides" / "chain_nodes.yaml").write_text(
        "chains:\n  rail:\n    nodes:\n      - id: robot.x\n        name_zh: x\n", "utf-8")
    with pytest.raises(OverrideError, match=r"chain_nodes.yaml line 4"):
        extend_templates(TEMPLATES, read_chain_overrides(tmp_path), set())


def test_firm_node_overrides_apply_on_every_build(data_copy):
    (data_copy.data_dir / "overrides" / "firm_nodes.csv").write_text(
        "firm,node_id,action,confidence,note,author\n"
        "重庆长客,rail.bogie,add,0.8,转向架在渝生产（调研）,规划处\n"
        "cq_crrc_cc,rail.vehicle,remove,,示例：撤销,规划处\n", "utf-8")
    build_database(data_copy)
    with connect(data_copy.db_path) as con:
        nodes = con.execute("SELECT node_id, method, confidence FROM firm_node "
                            "WHERE firm_id = 'cq_crrc_cc' ORDER BY node_id").fetchall()
        log = con.execute("SELECT line, action, rows_affected FROM override_log "
                          "ORDER BY line").fetchall()
        chains = con.execute("SELECT chain_id FROM firm_chain WHERE firm_id = 'cq_crrc_cc' "
                             "AND source_id = 'override_firm_nodes'").fetchall()
    assert nodes == [("rail.bogie", "manual", 0.8)]
    assert log == [(2, "add", 0), (3, "remove", 1)]
    assert chains == [("rail",)]


def test_a_bad_firm_override_fails_the_build_and_keeps_the_database(data_copy):
    db = build_database(data_copy)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    (data_copy.data_dir / "overrides" / "firm_nodes.csv").write_text(
        "firm,node_id,action,confidence,note,author\n无此企业,rail.bogie,add,,x,y\n", "utf-8")
    with pytest.raises(OverrideError, match=r"firm_nodes\.csv line 2: names no known firm"):
        build_database(data_copy)
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_a_merge_override_confirms_a_review_candidate(data_copy, tmp_path):
    build_database(data_copy)
    path = tmp_path / "chongbian.csv"
    path.write_text("企业名称,所属省份,企业地址\n重庆重变电器示例有限公司,重庆市,"
                    "重庆市长寿区示例路\n", "utf-8")
    report = commit_import("qcc", path, data_copy)
    assert report["new_firms"] == 1 and report["review"][0]["candidate_id"] == "chongbian"
    (data_copy.data_dir / "overrides" / "firm_merges.csv").write_text(
        "name,firm_id,action,note,author\n重庆重变电器示例有限公司,chongbian,merge,"
        "计划中的重变即此企业,规划处\n", "utf-8")
    build_database(data_copy)
    with connect(data_copy.db_path) as con:
        row = con.execute("SELECT firm_id, match_method FROM firm_source "
                          "WHERE batch_id NOT LIKE 'shipped-%'").fetchone()
        adcode = con.execute("SELECT adcode FROM dim_firm WHERE firm_id = 'chongbian'").fetchone()
    assert row == ("chongbian", "override") and adcode == ("500115",)
