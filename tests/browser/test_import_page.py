"""An editor imports a registry export through the app: preview first, then commit."""

from __future__ import annotations

import re
import shutil

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from chainmap.accounts.users import add_user, write_users
from tests.browser.chromium import wait
from tests.layouts.components import CJK
from tests.serving import serve

pytestmark = pytest.mark.browser

# SYNTHETIC test rows (invented firms), in a GBK file with a title row like a real export
ROWS = [
    "企业名称,统一社会信用代码,登记状态,所属省份,所属城市,所属区县,企业地址,经营范围",
    "测试合成转向架有限公司,,存续,重庆市,重庆市,江津区,重庆市江津区德感街道1号,转向架、轮对的制造",
    "测试合成信号设备有限公司,,存续,四川省,成都市,郫都区,四川省成都市郫都区2号,列控系统、联锁设备的研发",
    "测试合成注销机械有限公司,,注销,重庆市,重庆市,江北区,重庆市江北区3号,机械加工",
]


@pytest.fixture(scope="module")
def editor_server(built_settings, tmp_path_factory):
    root = tmp_path_factory.mktemp("importpage")
    db = root / "app.duckdb"
    shutil.copy(built_settings.db_path, db)
    users = root / "users.json"
    write_users(users, add_user({}, "editor1", "editor", "editor-pass-1"))
    with serve(db, env={"CHAINMAP_USERS_FILE": str(users)}) as url:
        yield url


def test_editor_previews_then_commits_a_gbk_registry(editor_server, browser, tmp_path):
    browser.execute_cdp_cmd("Network.clearBrowserCookies", {})
    path = tmp_path / "export.csv"
    path.write_bytes(("企业名录导出（合成测试数据）\n" + "\n".join(ROWS) + "\n").encode("gbk"))
    browser.get(editor_server + "/import")
    wait(browser, 20).until(ec.presence_of_element_located((By.ID, "login-form")))
    browser.find_element(By.ID, "username").send_keys("editor1")
    browser.find_element(By.ID, "password").send_keys("editor-pass-1")
    browser.find_element(By.ID, "login-submit").click()
    wait(browser, 30).until(ec.presence_of_element_located((By.ID, "import-choose")))
    # the page's script streams the chosen file to POST /import/upload (chainmap_web/upload.py)
    browser.find_element(By.ID, "import-file-input").send_keys(str(path))
    report = wait(browser, 60).until(
        ec.presence_of_element_located((By.ID, "import-report")))
    text = browser.find_element(By.ID, "import-result").text
    assert "校验报告（预览，尚未写入）" in text
    stats = dict(zip(report.text.split("\n")[1::2], report.text.split("\n")[0::2],
                     strict=False))
    assert stats["行数"] == "3"  # every data row accounted for
    assert stats["接受"] == "2" and stats["拒绝（未入库）"] == "1"
    assert "注销" in text or "登记状态" in text  # the cancelled firm is quarantined with a reason
    browser.find_element(By.ID, "import-commit").click()
    # the finished commit's heading (while it runs, the page's hint also says 已导入批次)
    wait(browser, 90).until(
        lambda b: any(h.text == "已导入" for h in
                      b.find_elements(By.CSS_SELECTOR, "#import-result h3")))
    wait(browser, 20).until(
        lambda b: "import-batches" in b.page_source)
    browser.get(editor_server + "/firms?q=测试合成")
    wait(browser, 30).until(
        lambda b: "测试合成转向架有限公司" in b.find_element(By.ID, "firm-table").text)
    assert "测试合成注销机械有限公司" not in browser.find_element(By.ID, "firm-table").text
    browser.execute_cdp_cmd("Network.clearBrowserCookies", {})


def test_anonymous_visitor_is_sent_to_login(editor_server, browser):
    browser.execute_cdp_cmd("Network.clearBrowserCookies", {})
    browser.get(editor_server + "/import")
    wait(browser, 20).until(ec.presence_of_element_located((By.ID, "login-form")))
    assert "/login?next=" in browser.current_url
    # the app's top bar: its name and the pages open without a login; where accounts come from
    assert browser.find_element(By.ID, "brand").text == "重庆装备制造产业链地图"
    nav = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#login-nav a")]
    assert nav == ["总览", "产业链图谱", "产业地图", "补链招商", "企业库", "演示模式"]
    hint = browser.find_element(By.ID, "login-accounts").text
    assert "chainmap user add NAME --role editor" in hint and "管理员" in hint
    # the other language: the same login page in English, still coming back to /import
    browser.find_element(By.ID, "lang-toggle").click()
    wait(browser, 20).until(
        lambda b: b.find_element(By.CSS_SELECTOR, "#login-form h1").text == "Log in")
    assert "next=%2Fimport%3Flang%3Den" in browser.current_url
    assert browser.find_element(By.ID, "username").get_attribute("autocomplete") == "username"
    assert "Ask the person who runs this app" in browser.find_element(By.ID,
                                                                      "login-accounts").text
    # an open page is one click away, without logging in
    browser.find_element(By.LINK_TEXT, "Map").click()
    wait(browser, 30).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".district-label")))
    assert browser.current_url == editor_server + "/map?lang=en"


# SYNTHETIC rows (invented firms): two loaded but flagged (a credit code failing its check
# digit, an address in another province than the region columns), one rejected
FLAGGED_ROWS = [
    "企业名称,统一社会信用代码,登记状态,所属省份,所属城市,所属区县,企业地址,经营范围",
    "测试合成浏览器信号有限公司,91500000123456789X,存续,四川省,成都市,郫都区,四川省成都市郫都区2号,"
    "联锁设备的研发",
    "测试合成浏览器冲突有限公司,,存续,重庆市,重庆市,渝北区,四川省成都市武侯区3号,齿轮箱制造",
    "测试合成浏览器吊销有限公司,,吊销,重庆市,重庆市,江北区,重庆市江北区3号,机械加工",
]


def test_the_chinese_preview_names_reasons_and_fields_in_chinese(editor_server, browser,
                                                                 tmp_path):
    """Issue #17: the preview showed English reason codes, raw JSON with English keys, and a
    隔离 0 tile above a 隔离/存疑行（3） heading."""
    browser.execute_cdp_cmd("Network.clearBrowserCookies", {})
    path = tmp_path / "flagged.csv"
    path.write_text("\n".join(FLAGGED_ROWS) + "\n", encoding="utf-8")
    browser.get(editor_server + "/import")
    wait(browser, 20).until(ec.presence_of_element_located((By.ID, "login-form")))
    browser.find_element(By.ID, "username").send_keys("editor1")
    browser.find_element(By.ID, "password").send_keys("editor-pass-1")
    browser.find_element(By.ID, "login-submit").click()
    wait(browser, 30).until(ec.presence_of_element_located((By.ID, "import-choose")))
    browser.find_element(By.ID, "import-file-input").send_keys(str(path))
    wait(browser, 60).until(ec.presence_of_element_located((By.ID, "import-quarantine")))
    result = browser.find_element(By.ID, "import-result")
    text = result.text
    assert not re.search(r"[a-z]+_[a-z]+", text), text  # no reason code, no field key
    assert "{" not in text
    tiles = {t.find_element(By.TAG_NAME, "span").text: t.find_element(By.TAG_NAME, "b").text
             for t in result.find_elements(By.CSS_SELECTOR, ".stat")}
    assert (tiles["拒绝（未入库）"], tiles["存疑（已入库）"]) == ("1", "2")
    assert "拒绝与存疑行（3）及原因" in text
    lines = result.find_elements(By.CSS_SELECTOR, ".report-lines li")
    assert lines[0].text == "登记状态为注销/吊销/撤销：1 行"  # the rejecting reason first
    assert {li.get_attribute("title") for li in lines} == {
        "原因代码：inactive_status", "原因代码：invalid_uscc", "原因代码：address_conflict"}
    raw = browser.find_elements(By.CSS_SELECTOR,
                                "#import-quarantine td[data-dash-column='原始内容']")
    assert len(raw) == 3
    assert raw[0].text.split("\n")[:2] == ["企业名称：测试合成浏览器信号有限公司",
                                           "统一社会信用代码：91500000123456789X"]
    browser.execute_cdp_cmd("Network.clearBrowserCookies", {})


def test_the_page_and_the_account_links_speak_english(editor_server, browser):
    browser.execute_cdp_cmd("Network.clearBrowserCookies", {})
    browser.get(editor_server + "/import?lang=en")
    wait(browser, 20).until(ec.presence_of_element_located((By.ID, "login-form")))
    browser.find_element(By.ID, "username").send_keys("editor1")
    browser.find_element(By.ID, "password").send_keys("editor-pass-1")
    browser.find_element(By.ID, "login-submit").click()
    wait(browser, 30).until(ec.presence_of_element_located((By.ID, "import-commit")))
    assert browser.current_url == editor_server + "/import?lang=en"
    # the account links are drawn again when the URL changes: an element may go stale
    wait(browser, 20).until(
        lambda b: b.find_element(By.ID, "nav-logout").text == "Log out")
    assert browser.find_element(By.ID, "import-choose").text == \
        "Choose a file and check it"
    assert browser.find_element(By.ID, "import-commit").text == "Confirm the import"
    assert browser.find_element(By.ID, "nav-import").text == "Import data"
    assert browser.find_element(By.CSS_SELECTOR, ".account .who").text == "editor1 (editor)"
    toolbar = browser.find_element(By.CSS_SELECTOR, ".import-page .toolbar").text
    assert "Firm registry" in toolbar and not CJK.search(toolbar)
    assert not CJK.search(browser.find_element(By.ID, "import-result").text)
    browser.find_element(By.ID, "lang-toggle").click()  # back to Chinese: the links follow
    wait(browser, 20).until(
        lambda b: b.find_element(By.ID, "nav-logout").text == "退出")
    assert browser.find_element(By.ID, "nav-import").text == "数据导入"
    browser.execute_cdp_cmd("Network.clearBrowserCookies", {})
