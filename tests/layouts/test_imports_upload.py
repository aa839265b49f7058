"""No file name from the browser reaches the file system: uploads are stored under names the
server chooses, and the commit step accepts only such a name from the page's store."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from types import SimpleNamespace

import pandas as pd
import pytest

from chainmap.accounts.users import add_user, write_users
from chainmap.config import PACKAGE_ROOT, load_settings
from chainmap_cli.steps import step_line
from chainmap_web import state as _state
from chainmap_web.jobs import wait_job
from chainmap_web.upload import UploadError, upload_dir, upload_suffix
from etl.events import Progress, Step
from etl.imports import ImportInputError
from etl.pipeline import build_database
from tests.layouts.components import app_on, chinese, find, visible_texts, walk

CONTENT = "企业名称\n重庆示例有限公司\n".encode()
NO_HEADER = "名单\n重庆示例有限公司\n".encode()  # no known column: refused at preview
HOSTILE_NAMES = ["../../etc/passwd.csv", "..\\..\\x.xlsx", "/etc/passwd.csv",
                 "C:\\Windows\\system32\\x.csv", "a\x00b.csv", "....//....//x.csv",
                 "x.json/../../../../tmp/y.csv", "%2e%2e%2fx.txt", "../x.xlsx/", "名单 (1).CSV"]


@pytest.fixture(scope="module")
def imports_page(tmp_path_factory):
    """The import page's module, configured on a scratch database; ``.root`` is its folder."""
    root = tmp_path_factory.mktemp("uploads")
    shutil.copytree(PACKAGE_ROOT / "data", root / "data",
                    ignore=shutil.ignore_patterns("*.duckdb*", "*.secret", "*.users.json*"))
    users = tmp_path_factory.mktemp("users") / "users.json"
    write_users(users, add_user(add_user({}, "editor1", "editor", "editor-pass-1"),
                                "viewer1", "viewer", "viewer-pass-1"))
    settings = replace(load_settings(root / "db" / "chainmap.duckdb"), data_dir=root / "data",
                       users_file=users)
    build_database(settings)
    with app_on(settings) as app:
        from layouts import imports

        app.server.config["TESTING"] = True

        def client_of(name="editor1", password="editor-pass-1"):
            """A test client logged in as ``name`` (anonymous when the login fails)."""
            client = app.server.test_client()
            token = re.search(r'name="csrf_token" value="([^"]+)"',
                              client.get("/login").get_data(as_text=True)).group(1)
            client.post("/login", data={"username": name, "password": password,
                                        "csrf_token": token, "next": "/"})
            return client

        def signed_in(name="editor1", password="editor-pass-1"):
            """A request context of ``name``'s session, for calling callbacks."""
            cookie = client_of(name, password).get_cookie("chainmap_session")
            return app.server.test_request_context("/", headers={
                "Cookie": f"chainmap_session={cookie.value}"} if cookie else {})

        yield SimpleNamespace(page=imports, root=root, signed_in=signed_in,
                              client_of=client_of)


def send(ns, data: bytes, name, search="", client=None):
    """POST the file to the upload view as the page's script does: the response."""
    client = client or ns.client_of()
    token = client.get_cookie("_csrf_token")
    query = {"name": name} | ({"lang": "en"} if "lang=en" in search else {})
    return client.post("/import/upload", query_string=query, data=data,
                       content_type="application/octet-stream",
                       headers={"X-CSRFToken": token.value if token else ""})


def upload(ns, data: bytes, name, kind="qcc", search=""):
    """What the page shows once an upload's preview job ended: (result, staged, disabled)."""
    sent = send(ns, data, name, search)
    uploaded = ({"state": "stored", "path": sent.json["path"], "name": name}  # as upload.js
                if sent.status_code == 200 else {"state": "refused", "error": sent.json["error"]})
    with ns.signed_in():
        result, staged, disabled, job, poll_off = ns.page.on_upload(uploaded, kind, search)
        if job is None:
            assert poll_off and disabled
            return result, staged, disabled
        assert not poll_off and disabled  # the commit waits for the preview
        wait_job(job["job"], 300)
        result, disabled, _quarantine, _style, poll_off = ns.page.on_poll(1, job, search)
        assert poll_off
        return result, staged, disabled


def _everything(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_an_upload_is_stored_under_a_server_chosen_name(imports_page, name):
    folder = upload_dir("editor1")  # the uploading user's folder
    outside = _everything(imports_page.root)
    sent = send(imports_page, CONTENT, name)
    assert sent.status_code == 200 and sent.json["size"] == len(CONTENT)
    path = folder / sent.json["path"]
    assert re.fullmatch(r"[0-9a-f]{24}\.(csv|xlsx|txt)", path.name)
    assert path.read_bytes() == CONTENT
    new = set(_everything(imports_page.root)) - set(outside)
    assert new == {str(path.relative_to(imports_page.root))}  # nothing written anywhere else


@pytest.mark.parametrize("name", ["../../etc/passwd", "x.csv\x00.sh", "..", "", None,
                                  "x.exe", ".csv"])
def test_an_upload_of_another_type_is_refused_and_not_kept(imports_page, name):
    upload_dir()
    outside = _everything(imports_page.root)
    sent = send(imports_page, CONTENT, name or "")
    assert sent.status_code == 400 and sent.json["error"].startswith("不支持的文件类型")
    assert _everything(imports_page.root) == outside


def test_an_upload_over_the_import_limit_is_refused_and_not_kept(imports_page, monkeypatch):
    """The view's own limit is max_import_mb (the importer's), not the 50 MB of a Dash
    request: a larger body gets 413 with the reason, and nothing stays on disk."""
    from chainmap_web import upload as _upload

    upload_dir()
    outside = _everything(imports_page.root)
    monkeypatch.setattr(_upload, "MB", 10)  # max_import_mb (500) units of 10 bytes: 5,000
    sent = send(imports_page, b"x" * 5001, "big.csv", "?lang=en")
    assert sent.status_code == 413 and sent.json["error"] == "The file is over the 500 MB limit"
    assert _everything(imports_page.root) == outside
    assert send(imports_page, b"x" * 5000, "fits.csv").status_code == 200
    # a body over Flask's own request limit (max_upload_mb) still reaches this view
    monkeypatch.setattr(_upload, "MB", 1024 * 1024)
    big = b"a,b\n" * (13 * 1024 * 1024 + 1)  # 52 MB: over the 50 MB of a Dash request
    assert send(imports_page, big, "large.csv").status_code == 200


def test_only_editors_may_upload_and_a_post_needs_its_token(imports_page):
    upload_dir()
    outside = _everything(imports_page.root)
    viewer = imports_page.client_of("viewer1", "viewer-pass-1")
    assert send(imports_page, CONTENT, "x.csv", client=viewer).status_code == 403
    anonymous = imports_page.client_of("nobody", "x")
    assert send(imports_page, CONTENT, "x.csv", client=anonymous).status_code in (303, 401)
    editor = imports_page.client_of()
    no_token = editor.post("/import/upload", query_string={"name": "x.csv"}, data=CONTENT,
                           content_type="application/octet-stream")
    assert no_token.status_code in (400, 403)
    assert _everything(imports_page.root) == outside


@pytest.mark.parametrize("staged", [
    {"path": "..", "kind": "qcc"}, {"path": "../../etc/passwd", "kind": "qcc"},
    {"path": "/etc/passwd", "kind": "qcc"}, {"path": "../chainmap.duckdb", "kind": "qcc"},
    {"path": "0" * 24 + ".csv", "kind": "chainkg"}, {"path": "0" * 24 + ".csv"},
    {"path": ["x"], "kind": "qcc"}, "../../etc/passwd", None])
def test_commit_accepts_only_names_the_server_chose(imports_page, staged):
    upload_dir()
    with pytest.raises(ImportInputError):
        imports_page.page.staged_upload(staged)


def test_commit_finds_a_real_upload(imports_page):
    path = upload_dir("editor1") / send(imports_page, CONTENT, "名单.csv").json["path"]
    with imports_page.signed_in():
        assert imports_page.page.staged_upload({"path": path.name, "kind": "qcc"}) == (
            "qcc", path)
    with imports_page.signed_in("viewer1", "viewer-pass-1"), pytest.raises(UploadError):
        imports_page.page.staged_upload({"path": path.name, "kind": "qcc"})  # not theirs


def lines(page, report: dict, lang: str = "zh") -> list[str]:
    """The report's warning lines as the page lists them (warning_items' texts)."""
    return [item.children for item in page.warning_items(report, lang)]


def test_the_report_and_tables_speak_chinese(imports_page):
    page = imports_page.page
    assert page.warning_zh("skipped 2 title/summary row(s) above the header (header is row 3)"
                           ) == "跳过表头上方的 2 行标题/汇总（表头在第 3 行）"
    assert lines(page, {"file_warnings": ["columns not used: 备注"],
                        "reasons": {"capital_unparsed": 3}}) == [
        "未使用的列：备注", "注册资本无法解析：3 行"]
    # a national registry's counts read with thousands separators, like the figures above
    assert lines(page, {"reasons": {"inactive_status": 109675}}) == [
        "登记状态为注销/吊销/撤销：109,675 行"]
    assert lines(page, {"reasons": {"inactive_status": 109675}}, "en") == [
        "registration cancelled or revoked: 109,675 row(s)"]
    # the reasons that reject a row first; a reason's code only in its tooltip
    items = page.warning_items({"reasons": {"address_conflict": 1, "invalid_uscc": 2,
                                            "inactive_status": 1}})
    assert [i.children for i in items] == [
        "登记状态为注销/吊销/撤销：1 行", "地址与所属省市列不一致（以省市列为准）：1 行",
        "统一社会信用代码校验位错误：保留原文，不作标识：2 行"]
    assert [i.title for i in items] == ["原因代码：inactive_status", "原因代码：address_conflict",
                                        "原因代码：invalid_uscc"]
    assert not any(re.search(r"[a-z]_[a-z]", i.children) for i in items)
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
    assert lines(page, report, "en") == [
        "columns not used: 备注",  # the importer's own English, file data kept
        "registered capital not understood: 3 row(s)",
        "some_new_code: 1 row(s)"]  # a code the page does not know: as it is
    table = page._table(pd.DataFrame({"row_no": [1], "name": ["甲"], "precision": ["district"],
                                      "role": ["external"], "match_method": ["new"]}),
                        "t", page.headers(page.SAMPLE_HEADS, "en"), "en")
    assert table.data == [{"Row": "1", "Name": "甲", "Precision": "district",
                           "Role": "outside firm", "Match": "new firm"}]
    assert page.headers(page.QUARANTINE_HEADS, "en") == {
        "row_no": "Row", "status": "Outcome", "reasons_en": "Reasons", "raw": "Raw row"}


def test_upload_errors_follow_the_page_language(imports_page):
    page = imports_page.page
    with pytest.raises(UploadError) as refused:
        upload_suffix("x.exe")
    assert str(refused.value) == "不支持的文件类型 .exe：请上传 .xlsx/.csv/.json"
    assert refused.value.message("en") == \
        "Files of type .exe are not supported: upload .xlsx/.csv/.json"
    with pytest.raises(ImportInputError, match="（无扩展名）"):
        upload_suffix("noext")
    (shown,), _, disabled = upload(imports_page, CONTENT, "x.exe", "qcc", "?lang=en")
    assert shown.children == \
        "Cannot import: Files of type .exe are not supported: upload .xlsx/.csv/.json"
    assert disabled
    (shown,), _, _ = upload(imports_page, CONTENT, "x.csv", "chainkg", "?chain=rail&lang=en")
    assert shown.children == "Cannot import: Choose what kind of file this is"
    (shown,), _, _ = upload(imports_page, CONTENT, "x.exe", "qcc", "")
    assert shown.children == "无法导入：不支持的文件类型 .exe：请上传 .xlsx/.csv/.json"
    (shown,), _, _ = upload(imports_page, NO_HEADER, "x.csv", "qcc", "?lang=en")
    assert shown.children.startswith("Cannot import: no header row found")  # the importer's
    with imports_page.signed_in():  # the browser could not reach the server
        (shown,), *_ = page.on_upload({"state": "refused", "error": "network"}, "qcc", "")
        assert shown.children == "无法导入：上传失败（网络或服务器无响应），请重新上传"
        (shown,), *_ = page.on_upload({"state": "stored", "path": "../../etc/passwd"}, "qcc",
                                      "?lang=en")
        assert shown.children == ("Cannot import: The upload record is not valid: upload "
                                  "the file again")


# SYNTHETIC rows (invented firms): one clean, two loaded but flagged (a credit code failing
# its check digit; an address in another province than the region columns), one rejected
FLAGGED = ("企业名称,统一社会信用代码,登记状态,所属省份,所属城市,所属区县,企业地址\n"
           "测试合成标记甲有限公司,,存续,重庆市,重庆市,江津区,重庆市江津区7号\n"
           "测试合成标记乙有限公司,91500000123456789X,存续,重庆市,重庆市,江津区,重庆市江津区8号\n"
           "测试合成标记丙有限公司,,存续,重庆市,重庆市,渝北区,四川省成都市武侯区9号\n"
           "测试合成标记丁有限公司,,吊销,重庆市,重庆市,江北区,重庆市江北区10号\n")


def _tiles(parts) -> dict[str, str]:
    report = find(parts, "import-report")
    texts = visible_texts(report.children[0])
    return dict(zip(texts[1::2], texts[0::2], strict=True))


@pytest.mark.parametrize(("search", "rejected", "flagged", "heading"), [
    ("", "拒绝（未入库）", "存疑（已入库）", "拒绝与存疑行（3）及原因"),
    ("?lang=en", "Rejected (not loaded)", "Flagged (loaded)",
     "Rejected or flagged rows (3) and why")])
def test_the_tiles_count_the_rows_the_heading_lists(imports_page, search, rejected, flagged,
                                                    heading):
    """Issue #17: the tile said 隔离 0 while the heading below said 隔离/存疑行（3）: the tile
    counted the rejected rows, the heading the rejected and the flagged ones. Both are tiles
    now, and the heading's count is their sum."""
    parts, _staged, _disabled = upload(imports_page, FLAGGED.encode(), "flagged.csv", "qcc",
                                       search)
    tiles = _tiles(parts)
    assert (tiles[rejected], tiles[flagged]) == ("1", "2")
    texts = visible_texts(parts)
    assert heading in texts
    rows = find(parts, "import-quarantine").data
    assert len(rows) == 3
    lines = [li for li in walk(find(parts, "import-report")) if type(li).__name__ == "Li"]
    # every reason by its name in the page's language, its code only in the tooltip
    assert all(re.fullmatch(r"[^_]+", li.children) for li in lines)
    assert {li.title.split(" ")[-1].split("：")[-1] for li in lines} == {
        "inactive_status", "invalid_uscc", "address_conflict"}


def test_the_raw_fields_are_named_like_the_registry_columns():
    """A quarantined registry row reads with the export's own column names (the download
    uses them to import again): the page's names are the same."""
    from chainmap.views.import_report import RAW_FIELDS, raw_fields
    from etl.importers.links import FIELDS as LINK_FIELDS
    from etl.importers.registry import COLUMN_NAMES
    from etl.importers.tushare import FIELDS as TUSHARE_FIELDS

    assert {f: RAW_FIELDS[f][0] for f in COLUMN_NAMES} == COLUMN_NAMES
    assert set(TUSHARE_FIELDS) | set(LINK_FIELDS) <= set(RAW_FIELDS)
    assert all(zh and en and not chinese([en]) for zh, en in RAW_FIELDS.values())
    raw = json.dumps({"full_name": "甲", "uscc": "123", "weird_key": "x"}, ensure_ascii=False)
    assert raw_fields(raw) == [("企业名称", "甲"), ("统一社会信用代码", "123"), ("weird_key", "x")]
    assert raw_fields(raw, "en")[:2] == [("Firm name", "甲"), ("Credit code (USCC)", "123")]
    assert raw_fields("甲 ≈ 乙 (firm-1)") is None


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
    payload = EXPORT.encode("gbk")
    parts, staged, disabled = upload(imports_page, payload, "export.csv", "qcc", "?lang=en")
    assert not disabled
    labels, words = _labels_and_words(parts)
    assert {"Validation report (a preview: nothing written yet)", "Rows", "Accepted",
            "Rejected or flagged rows (1) and why", "Outcome", "Reasons",
            "Rejected (not loaded)", "Flagged (loaded)",
            "registration cancelled or revoked: 1 row(s)"} <= set(labels)
    assert "rejected: not loaded" in words and "local firm" in words
    assert chinese(labels) == [] and chinese(words) == []
    zh, _, _ = upload(imports_page, payload, "export.csv", "qcc", "")
    assert {"校验报告（预览，尚未写入）", "行数", "拒绝与存疑行（1）及原因",
            "登记状态为注销/吊销/撤销：1 行"} <= set(visible_texts(zh))
    # the preview's raw rows read like the quarantine view's: one field a line, named
    raw = find(zh, "import-quarantine").data[0]["原始内容"]
    assert raw.split("\n")[0] == "企业名称：测试合成注销机械有限公司"
    assert "登记状态：注销" in raw.split("\n") and "{" not in raw
    raw_en = find(parts, "import-quarantine").data[0]["Raw row"]
    assert "Firm name: 测试合成注销机械有限公司" in raw_en.split("\n")
    assert "Status: 注销" in raw_en.split("\n") and "full_name" not in raw_en
    # the reason's code is there for support, as the cell's tooltip
    assert find(zh, "import-quarantine").tooltip_data[0]["原因"]["value"] == \
        "原因代码：inactive_status"
    with imports_page.signed_in():
        _, path = page.staged_upload(staged)
    # the toolbar offers the rejected rows once there are some
    assert find(page.layout(), "quarantine-download").style == {"display": "none"}
    said: list[str] = []  # the steps as the CLI prints them
    commit_import("qcc", path, _state.settings(),
                  progress=lambda event: said.append(step_line(event)))
    assert "using the database the preview built" in said  # the page's preview was kept
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
    assert "Firm name: 测试合成注销机械有限公司" in raw_en.split("\n")


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
    from chainmap_web.quarantine import quarantine_csv

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


def test_the_batch_table_counts_read_with_thousands_separators(imports_page, monkeypatch):
    page = imports_page.page
    with _state.cursor() as con:
        batches = page.query_import_batches(con)
    assert len(batches)  # the module's commit
    big = batches.assign(rows=1000000, accepted=885864, quarantined=114136)
    monkeypatch.setattr(page, "query_import_batches", lambda con: big)
    row = find(page.quarantine_view("zh"), "import-batches").data[0]
    assert (row["行数"], row["接受"], row["拒绝（未入库）"]) == ("1,000,000", "885,864",
                                                             "114,136")
    assert "存疑（已入库）" in row


def test_the_preview_lists_possible_matches_to_review(imports_page):
    csv_text = ("企业名称,所属省份,企业地址\n"
                "重庆重变电器示例有限公司,重庆市,重庆市长寿区示例路\n")
    payload = csv_text.encode()
    parts, _staged, _disabled = upload(imports_page, payload, "w.csv", "qcc", "")
    texts = visible_texts(parts)
    assert "可能与已有企业相同、未自动合并的行（1）" in texts
    review = find(parts, "import-review")
    row = review.data[0]
    assert row["名称"] == "重庆重变电器示例有限公司"
    assert "chongbian" in row["已有企业（候选）"]
    assert row["依据"] == "与行动计划点名企业名称开头相同，同一省份"
    english, _, _ = upload(imports_page, payload, "w.csv", "qcc", "?lang=en")
    assert "Rows that may be firms already known, not merged (1)" in visible_texts(english)
    assert find(english, "import-review").data[0]["Why"] == (
        "a plan firm whose name starts alike, same province")


# SYNTHETIC rows (invented firms) committed through the page's job
EXPORT_2 = ("企业名称,统一社会信用代码,登记状态,所属省份,所属城市,所属区县,企业地址,经营范围\n"
            "测试合成作业转向架有限公司,,存续,重庆市,重庆市,江津区,重庆市江津区5号,转向架的制造\n"
            "测试合成作业吊销机械有限公司,,吊销,重庆市,重庆市,江北区,重庆市江北区6号,机械加工\n")


def test_a_commit_runs_as_a_job_and_the_poll_shows_its_report(imports_page):
    """Upload, preview, commit: each callback returns at once with the job's progress; the
    poll, once the job ended, shows the report and refreshes the quarantine view."""
    page = imports_page.page
    payload = EXPORT_2.encode()
    _parts, staged, disabled = upload(imports_page, payload, "export2.csv")
    assert not disabled
    with imports_page.signed_in():
        shown, disabled, job, poll_off = page.on_commit(1, staged, "")
        assert disabled and not poll_off and set(job) == {"job"}
        texts = visible_texts(shown)
        assert "正在导入……" in texts and any(x.startswith("已用 ") for x in texts)
        assert wait_job(job["job"], 300)["state"] == "done"
        result, disabled, quarantine, style, poll_off = page.on_poll(5, job, "")
    assert poll_off and disabled and style == {}
    texts = visible_texts(result)
    assert texts[0] == "已导入" and find(result, "import-report") is not None
    stats = dict(zip(texts[2::2], texts[1::2], strict=False))
    assert stats["行数"] == "2" and stats["接受"] == "1" and stats["拒绝（未入库）"] == "1"
    assert stats["存疑（已入库）"] == "0"
    raws = [list(r.values())[-1] for r in find(quarantine, "quarantine-table").data]
    assert any("测试合成作业吊销机械有限公司" in r for r in raws)
    with _state.cursor() as con:
        assert con.execute("SELECT count(*) FROM dim_firm WHERE full_name = ?",
                           ["测试合成作业转向架有限公司"]).fetchone()[0] == 1
    # the commit removed its upload; the same file again: said, nothing added
    _parts, staged, _disabled = upload(imports_page, payload, "export2.csv")
    with imports_page.signed_in():
        shown, _, job, _ = page.on_commit(2, staged, "?lang=en")
        wait_job(job["job"], 300)
        result, *_ = page.on_poll(6, job, "?lang=en")
    assert any(x.startswith("Same file as an earlier import") for x in visible_texts(result))


def test_the_poll_reports_progress_failures_and_lost_jobs(imports_page):
    from chainmap_web import jobs as _jobs
    from tests.etl.test_housekeeping import dead_pid

    page = imports_page.page
    # the job's state after these steps (chainmap_web.jobs keeps the last one's fields)
    running = _after({"what": "commit", "started": 100.0, "updated": 105.0},
                     Progress(Step.READING, name="/x.csv"), Progress(Step.READ, rows=1000000),
                     Progress(Step.ADDING, name="qcc-1"))
    assert visible_texts(page.progress_view(running, now=112.4)) == [
        "正在导入……", "已读取 1,000,000 行", "与已有企业匹配、定位、归入环节，写入数据库",
        "已用 12 秒", "可以离开本页：导入在服务器上继续进行，完成后列入「已导入批次」。"]
    waiting = _after({"what": "preview", "started": 100.0, "updated": 105.0},
                     Progress(Step.READING, name="/x.csv"), _jobs_waiting())
    assert visible_texts(page.progress_view(waiting, "en", now=112.4)) == [
        "Checking the file (nothing is written)…",
        "Waiting for another import or build to finish…", "12 s so far"]
    assert page.job_phase(_after({}, Progress(Step.REPLAYING, 2, 3, "qcc-x")), "en") == [
        "Rebuilding the database: replaying import 2 of 3"]
    # confirming a kept preview (etl/kept_preview.py) says it builds nothing again
    assert page.job_phase(_after({}, _jobs_waiting(), Progress(Step.KEPT))) == [
        "沿用预览时已校验、构建好的数据库，直接启用"]
    folder = _jobs.jobs_dir()
    lost = "ab" * 12
    (folder / f"{lost}.json").write_text(json.dumps(
        {"id": lost, "what": "commit", "state": "running", "pid": dead_pid(),
         "started": 1.0, "updated": 2.0, "messages": []}), "utf-8")
    with imports_page.signed_in():
        (box,), disabled, _, _, poll_off = page.on_poll(1, {"job": lost}, "")
        assert box.className == "error-box" and disabled and poll_off
        assert box.children == ("导入失败，数据库未改变：服务器在任务进行中停止，数据库未改变；"
                                "请重新上传文件")
        (box,), *_ = page.on_poll(1, {"job": "../../etc/passwd"}, "?lang=en")
        assert box.children.startswith("This job is not known")
        assert page.on_poll(1, None, "")[-1] is True  # no job: the poll stops
        # a preview that fails with the importer's own message
        result, _, _ = upload(imports_page, NO_HEADER, "x.csv", "qcc", "")
        assert result[0].children.startswith("无法导入：")


def test_a_file_refused_by_a_limit_is_said_in_the_page_language(imports_page):
    """Too many columns (etl.importers.sheets.MAX_COLUMNS): the refusal's own words, in
    Chinese or English, not an internal error."""
    header = ",".join(["企业名称", *(f"列{i}" for i in range(300))])
    wide = (header + "\n" + ",".join(["重庆示例有限公司", *["x"] * 300]) + "\n").encode()
    (shown,), _, disabled = upload(imports_page, wide, "wide.csv", "qcc", "")
    assert shown.children.startswith("无法导入：") and disabled
    assert "wide.csv 有 301 列，超过 200 列的上限" in shown.children  # the user's name, not ours
    (shown,), _, _ = upload(imports_page, wide, "wide.csv", "qcc", "?lang=en")
    assert "wide.csv has 301 columns, over the limit of 200" in shown.children
    assert ".uploads" not in shown.children and not re.search(r"[0-9a-f]{24}", shown.children)


def _jobs_waiting():
    from etl.housekeeping import WAITING

    return WAITING


def _after(state: dict, *events) -> dict:
    """A job's ``state`` after the work reported ``events`` (as chainmap_web.jobs keeps it)."""
    from chainmap_web.jobs import with_progress

    for event in events:
        state = with_progress(state, event)
    return state


def test_only_editors_start_or_poll_jobs(imports_page):
    from werkzeug.exceptions import Forbidden, Unauthorized

    page = imports_page.page
    stored = {"state": "stored", "path": "0" * 24 + ".csv"}
    with imports_page.signed_in("viewer1", "viewer-pass-1"), pytest.raises(Forbidden):
        page.on_upload(stored, "qcc", "")
    with imports_page.signed_in("viewer1", "viewer-pass-1"), pytest.raises(Forbidden):
        page.on_poll(1, {"job": "ab" * 12}, "")
    with imports_page.signed_in("nobody", "x"), \
            pytest.raises(Unauthorized):
        page.on_upload(stored, "qcc", "")


def test_jobs_beyond_the_limit_wait_for_a_slot(imports_page):
    """More jobs than MAX_RUNNING: the extra one says it is queued and runs once a slot is
    free (the running ones are held by an event, so nothing depends on timing)."""
    import threading

    from chainmap_web import jobs as _jobs

    release, running, order = threading.Event(), threading.Semaphore(0), []

    def held(progress):
        running.release()
        release.wait(60)
        order.append("held")
        return {}

    def queued(progress):
        order.append("queued")
        return {"ok": True}

    first = [_jobs.start_job("preview", held) for _ in range(_jobs.MAX_RUNNING)]
    for _ in first:
        assert running.acquire(timeout=60)
    last = _jobs.start_job("preview", queued)
    said = {}
    for _ in range(600):  # the queued job says so before it waits: poll its last step
        said = _jobs.job_status(last)
        if said.get("step"):
            break
        threading.Event().wait(0.05)
    assert said["step"] == _jobs.QUEUED.step and order == []
    assert imports_page.page.job_phase(said) == ["排队中：服务器正在处理其他导入……"]
    release.set()
    assert _jobs.wait_job(last, 60)["result"] == {"ok": True}
    assert all(_jobs.wait_job(j, 60)["state"] == "done" for j in first)
    assert order.index("queued") >= 1


def test_report_counts_have_thousands_separators(imports_page):
    view = imports_page.page.report_view({"rows": 1000000, "accepted": 885864, "merged": 0,
                                          "quarantined": None})
    assert visible_texts(view)[:10] == ["1,000,000", "行数", "885,864", "接受", "0", "合并", "—",
                                        "拒绝（未入库）", "—", "存疑（已入库）"]
