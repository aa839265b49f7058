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
from tests.layouts.components import app_on, chinese, find, visible_texts, walk

CONTENT = "企业名称\n重庆示例有限公司\n".encode()
PAYLOAD = "data:text/csv;base64," + base64.b64encode(CONTENT).decode()
HOSTILE_NAMES = ["../../etc/passwd.csv", "..\\..\\x.xlsx", "/etc/passwd.csv",
                 "C:\\Windows\\system32\\x.csv", "a\x00b.csv", "....//....//x.csv",
                 "x.json/../../../../tmp/y.csv", "%2e%2e%2fx.txt", "../x.xlsx/", "名单 (1).CSV"]


@pytest.fixture(scope="module")
def imports_page(tmp_path_factory):
    """The import page's module, configured on a scratch database; ``.root`` is its folder."""
    root = tmp_path_factory.mktemp("uploads")
    shutil.copytree(PACKAGE_ROOT / "data", root / "data",
                    ignore=shutil.ignore_patterns("*.duckdb*", "*.secret", "*.users.json*"))
    settings = replace(load_settings(root / "db" / "chainmap.duckdb"), data_dir=root / "data")
    build_database(settings)
    with app_on(settings):
        from layouts import imports

        yield SimpleNamespace(page=imports, root=root)


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
                        "t", page.headers(page.SAMPLE_HEADS))
    assert table.data == [
        {"行": "1", "名称": "甲", "精度": "区县", "角色": "外地企业", "匹配": "名称主干＋省份"},
        {"行": "2", "名称": "", "精度": "未知", "角色": "本地企业", "匹配": "新企业"}]


def test_the_page_speaks_english_when_asked(imports_page):
    page = imports_page.page
    shown = visible_texts(page.layout(lang="en"))
    assert {"Choose a file and check it", "Confirm the import", "No imports yet.",
            "Firm registry (Qichacha/Tianyancha/Qixinbao export, .xlsx/.csv)"} <= set(shown)
    assert chinese(shown) == []
    zh = visible_texts(page.layout(lang="zh"))
    assert {"选择文件并校验", "确认导入", "尚无导入记录。",
            "企业名录（企查查/天眼查/启信宝导出，.xlsx/.csv）"} <= set(zh)


def test_report_lines_and_table_values_in_english(imports_page):
    page = imports_page.page
    report = {"file_warnings": ["columns not used: 备注"],
              "reasons": {"capital_unparsed": 3, "some_new_code": 1}}
    assert page.warning_lines(report, "en") == [
        "columns not used: 备注",  # the importer's own English, file data kept
        "registered capital not understood: 3 row(s) (capital_unparsed)",
        "some_new_code: 1 row(s) (some_new_code)"]
    table = page._table(pd.DataFrame({"row_no": [1], "name": ["甲"], "precision": ["district"],
                                      "role": ["external"], "match_method": ["new"]}),
                        "t", page.headers(page.SAMPLE_HEADS, "en"), "en")
    assert table.data == [{"Row": "1", "Name": "甲", "Precision": "district",
                           "Role": "outside firm", "Match": "new firm"}]
    assert page.headers(page.QUARANTINE_HEADS, "en") == {
        "row_no": "Row", "status": "Outcome", "reasons_en": "Reasons", "raw": "Raw row"}


def test_upload_errors_follow_the_page_language(imports_page):
    page = imports_page.page
    with pytest.raises(page.UploadError) as refused:
        page.save_upload(PAYLOAD, "x.exe")
    assert str(refused.value) == "不支持的文件类型 .exe：请上传 .xlsx/.csv/.json"
    assert refused.value.message("en") == \
        "Files of type .exe are not supported: upload .xlsx/.csv/.json"
    with pytest.raises(ImportInputError, match="（无扩展名）"):
        page.save_upload(PAYLOAD, "noext")
    (shown,), _, disabled = page.on_upload(PAYLOAD, "x.exe", "qcc", "?lang=en")
    assert shown.children == \
        "Cannot import: Files of type .exe are not supported: upload .xlsx/.csv/.json"
    assert disabled
    (shown,), _, _ = page.on_upload(PAYLOAD, "x.csv", "chainkg", "?chain=rail&lang=en")
    assert shown.children == "Cannot import: Choose what kind of file this is"
    (shown,), _, _ = page.on_upload(PAYLOAD, "x.exe", "qcc", "")
    assert shown.children == "无法导入：不支持的文件类型 .exe：请上传 .xlsx/.csv/.json"
    (shown,), _, _ = page.on_upload(PAYLOAD, "x.csv", "qcc", "?lang=en")
    assert shown.children.startswith("Cannot import: no header row found")  # the importer's


# SYNTHETIC rows (invented firms), a title row above the header as in a real export
EXPORT = ("企业名录导出（合成测试数据）\n"
          "企业名称,统一社会信用代码,登记状态,所属省份,所属城市,所属区县,企业地址,经营范围\n"
          "测试合成转向架有限公司,,存续,重庆市,重庆市,江津区,重庆市江津区1号,转向架的制造\n"
          "测试合成注销机械有限公司,,注销,重庆市,重庆市,江北区,重庆市江北区3号,机械加工\n")
DATA_COLUMNS = {"Name", "Location", "Nodes (confidence)", "Raw row", "Batch"}


def _labels_and_words(parts) -> tuple[list[str], list[str]]:
    """The labels of a result, and the cells of its tables that are words, not data."""
    words = [v for table in walk(parts) if hasattr(table, "data")
             for row in table.data for k, v in row.items() if k not in DATA_COLUMNS]
    return visible_texts(parts), words


def test_preview_and_quarantine_in_english(imports_page):
    """Last in this module: it commits an import to the module's database."""
    from etl.imports import commit_import

    page = imports_page.page
    payload = "data:text/csv;base64," + base64.b64encode(EXPORT.encode("gbk")).decode()
    parts, staged, disabled = page.on_upload(payload, "export.csv", "qcc", "?lang=en")
    assert not disabled
    labels, words = _labels_and_words(parts)
    assert {"Validation report (a preview: nothing written yet)", "Rows", "Accepted",
            "Quarantined or flagged rows (1) and why", "Outcome", "Reasons",
            "registration cancelled or revoked: 1 row(s) (inactive_status)"} <= set(labels)
    assert "rejected: not loaded" in words and "local firm" in words
    assert chinese(labels) == [] and chinese(words) == []
    zh, _, _ = page.on_upload(payload, "export.csv", "qcc", "")
    assert {"校验报告（预览，尚未写入）", "行数", "隔离/存疑行（1）及原因",
            "登记状态为注销/吊销/撤销：1 行（inactive_status）"} <= set(visible_texts(zh))
    _, path = page.staged_upload(staged)
    # the toolbar offers the rejected rows once there are some
    assert find(page.layout(), "quarantine-download").style == {"display": "none"}
    commit_import("qcc", path, _state.settings())
    assert find(page.layout(), "quarantine-download").style == {}
    labels, words = _labels_and_words(page.quarantine_view("en"))
    assert {"Imported batches", "Quarantine: 1 rejected or flagged rows",
            "Imported at (UTC)"} <= set(labels)
    assert "registration cancelled or revoked" in words
    assert chinese(labels) == [] and chinese(words) == []
    zh_texts = set(visible_texts(page.quarantine_view("zh")))
    assert {"已导入批次", "隔离区：拒绝与存疑行共 1 行"} <= zh_texts
    # the row's input values as a person reads them, not as JSON
    raw = list(find(page.quarantine_view("zh"), "quarantine-table").data[0].values())[-1]
    assert "企业名称：测试合成注销机械有限公司" in raw and "登记状态：注销" in raw
    assert not raw.startswith("{")
    raw_en = list(find(page.quarantine_view("en"), "quarantine-table").data[0].values())[-1]
    assert "full_name: 测试合成注销机械有限公司" in raw_en


def test_a_large_quarantine_is_counted_listed_in_part_and_downloaded_whole(imports_page,
                                                                           monkeypatch):
    """After the module's commit: with a sample of one row the view lists one, says how many
    there are, and the download holds every row with the registry's column names."""
    import csv
    import io

    page = imports_page.page
    with _state.cursor() as con:
        total = con.execute("SELECT count(*) FROM import_quarantine").fetchone()[0]
    assert total >= 1
    monkeypatch.setattr(page, "QUARANTINE_SAMPLE", 0)
    texts = visible_texts(page.quarantine_view("zh"))
    assert f"隔离区：拒绝与存疑行共 {total} 行" in texts
    assert any(f"此处列出前 0 行，共 {total} 行" in x for x in texts)
    from layouts._quarantine import quarantine_csv

    data = quarantine_csv("zh")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == total
    cancelled = {r["企业名称"]: r for r in rows}["测试合成注销机械有限公司"]
    assert cancelled["处理"] == "拒绝：未入库" and cancelled["登记状态"] == "注销"
    english = quarantine_csv("en").decode("utf-8-sig")
    assert english.startswith("batch,file,row,outcome,reasons,reason codes,")
    link = find(page.layout(lang="en"), "quarantine-download")
    assert link.href == "/import/quarantine.csv?lang=en&status=rejected"
    every = find(page.quarantine_view("zh"), "quarantine-download-all")
    assert every.href == "/import/quarantine.csv"
    rejected = quarantine_csv("zh", "rejected").decode("utf-8-sig")
    assert "拒绝：未入库" in rejected and "存疑：已入库" not in rejected


def test_the_preview_lists_possible_matches_to_review(imports_page):
    page = imports_page.page
    csv_text = ("企业名称,所属省份,企业地址\n"
                "重庆望变电气(集团)股份有限公司,重庆市,重庆市长寿区示例路\n")
    payload = "data:text/csv;base64," + base64.b64encode(csv_text.encode()).decode()
    parts, _staged, _disabled = page.on_upload(payload, "w.csv", "qcc", "")
    texts = visible_texts(parts)
    assert "可能与已有企业相同、未自动合并的行（1）" in texts
    review = find(parts, "import-review")
    row = review.data[0]
    assert row["名称"] == "重庆望变电气(集团)股份有限公司"
    assert "wangbian" in row["已有企业（候选）"]
    assert row["依据"] == "与行动计划点名企业名称开头相同，同一省份"
    english, _, _ = page.on_upload(payload, "w.csv", "qcc", "?lang=en")
    assert "Rows that may be firms already known, not merged (1)" in visible_texts(english)
    assert find(english, "import-review").data[0]["Why"] == (
        "a plan firm whose name starts alike, same province")
