"""No file name from the browser reaches the file system: uploads are stored under names the
server chooses, and the commit step accepts only such a name from the page's store."""

from __future__ import annotations

import base64
import re
import shutil
from dataclasses import replace
from types import SimpleNamespace

import pandas as pd
import pytest

from chainmap.config import PACKAGE_ROOT, load_settings
from etl.imports import ImportInputError
from etl.pipeline import build_database
from layouts import _state

CONTENT = "企业名称\n重庆示例有限公司\n".encode()
PAYLOAD = "data:text/csv;base64," + base64.b64encode(CONTENT).decode()
HOSTILE_NAMES = ["../../etc/passwd.csv", "..\\..\\x.xlsx", "/etc/passwd.csv",
                 "C:\\Windows\\system32\\x.csv", "a\x00b.csv", "....//....//x.csv",
                 "x.json/../../../../tmp/y.csv", "%2e%2e%2fx.txt", "../x.xlsx/", "名单 (1).CSV"]


@pytest.fixture(scope="module")
def imports_page(tmp_path_factory):
    """The import page's module, configured on a scratch database; ``.root`` is its folder."""
    from layouts._app import create_app

    root = tmp_path_factory.mktemp("uploads")
    shutil.copytree(PACKAGE_ROOT / "data", root / "data",
                    ignore=shutil.ignore_patterns("*.duckdb*", "*.secret", "*.users.json*"))
    settings = replace(load_settings(root / "db" / "chainmap.duckdb"), data_dir=root / "data")
    before = _state._state["settings"]
    build_database(settings)
    create_app(settings)
    from layouts import imports

    yield SimpleNamespace(page=imports, root=root)
    if before is not None:
        _state.configure(before)


def _everything(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_save_upload_uses_a_server_chosen_name(imports_page, name):
    folder = imports_page.page.upload_dir()
    outside = _everything(imports_page.root)
    path = imports_page.page.save_upload(PAYLOAD, name)
    assert path.parent == folder and re.fullmatch(r"[0-9a-f]{24}\.(csv|xlsx|txt)", path.name)
    assert path.read_bytes() == CONTENT
    new = set(_everything(imports_page.root)) - set(outside)
    assert new == {str(path.relative_to(imports_page.root))}  # nothing written anywhere else


@pytest.mark.parametrize("name", ["../../etc/passwd", "x.csv\x00.sh", "..", "", None,
                                  "x.exe", ".csv"])
def test_save_upload_refuses_other_types(imports_page, name):
    imports_page.page.upload_dir()
    outside = _everything(imports_page.root)
    with pytest.raises(ImportInputError, match="不支持的文件类型"):
        imports_page.page.save_upload(PAYLOAD, name)
    assert _everything(imports_page.root) == outside


@pytest.mark.parametrize("staged", [
    {"path": "..", "kind": "qcc"}, {"path": "../../etc/passwd", "kind": "qcc"},
    {"path": "/etc/passwd", "kind": "qcc"}, {"path": "../chainmap.duckdb", "kind": "qcc"},
    {"path": "0" * 24 + ".csv", "kind": "chainkg"}, {"path": "0" * 24 + ".csv"},
    {"path": ["x"], "kind": "qcc"}, "../../etc/passwd", None])
def test_commit_accepts_only_names_the_server_chose(imports_page, staged):
    imports_page.page.upload_dir()
    with pytest.raises(ImportInputError):
        imports_page.page.staged_upload(staged)


def test_commit_finds_a_real_upload(imports_page):
    path = imports_page.page.save_upload(PAYLOAD, "名单.csv")
    assert imports_page.page.staged_upload({"path": path.name, "kind": "qcc"}) == ("qcc", path)


def test_the_report_and_tables_speak_chinese(imports_page):
    page = imports_page.page
    assert page.warning_zh("skipped 2 title/summary row(s) above the header (header is row 3)"
                           ) == "跳过表头上方的 2 行标题/汇总（表头在第 3 行）"
    assert page.warning_lines({"file_warnings": ["columns not used: 备注"],
                               "reasons": {"capital_unparsed": 3}}) == [
        "未使用的列：备注", "注册资本无法解析：3 行（capital_unparsed）"]
    assert page.warning_zh("columns not used: 备注, 网址") == "未使用的列：备注, 网址"
    assert page.warning_zh("something new") == "something new"  # unknown text stays as it is
    table = page._table(pd.DataFrame({"row_no": [1, 2], "name": ["甲", None],
                                      "precision": ["district", "unknown"],
                                      "role": ["external", "local"],
                                      "match_method": ["name_core+province", "new"]}),
                        "t", page.SAMPLE_COLUMNS)
    assert table.data == [
        {"行": "1", "名称": "甲", "精度": "区县", "角色": "外地企业", "匹配": "名称主干＋省份"},
        {"行": "2", "名称": "", "精度": "未知", "角色": "本地企业", "匹配": "新企业"}]
