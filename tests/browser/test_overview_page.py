"""The overview as a planner sees it in Chromium: the 2025 targets panel (compact, cited, no
"nan"), the biggest gaps, and a figure an editor enters through the form."""

from __future__ import annotations

import re
import shutil

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec

from chainmap.accounts.users import add_user, write_users
from tests.browser.chromium import wait
from tests.serving import serve

pytestmark = pytest.mark.browser

SIZES = ((1600, 1000), (1280, 800))
SOURCE = "https://difang.gmw.cn/cq/2024-11/08/content_37665245.htm"


@pytest.fixture(scope="module")
def overview_server(built_settings, tmp_path_factory):
    """A private copy of the database (the form writes its store beside it), an editor."""
    root = tmp_path_factory.mktemp("overviewpage")
    db = root / "app.duckdb"
    shutil.copy(built_settings.db_path, db)
    users = root / "users.json"
    write_users(users, add_user({}, "editor1", "editor", "editor-pass-1"))
    with serve(db, env={"CHAINMAP_USERS_FILE": str(users)}) as url:
        yield url, db


def _open(browser, url: str) -> None:
    browser.get(url)
    wait(browser, 30).until(ec.presence_of_element_located((By.ID, "progress-panel")))
    wait(browser, 30).until(ec.presence_of_element_located((By.ID, "completeness-graph")))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_targets_panel_is_compact_and_cited(overview_server, browser, tmp_path, lang,
                                                width, height):
    url, _db = overview_server
    browser.execute_cdp_cmd("Network.clearBrowserCookies", {})
    browser.set_window_size(width, height)
    _open(browser, url + ("/?lang=en" if lang == "en" else "/"))
    body = browser.find_element(By.TAG_NAME, "body").text
    assert not re.search(r"\bnan\b", body, re.IGNORECASE)
    card = browser.find_element(By.ID, "progress-card")
    panel = browser.find_element(By.ID, "progress-panel")
    assert "暂无数据" not in panel.text and "no data" not in panel.text
    # half the window at most (it was a quarter of the screen of 暂无数据 before), and
    # nothing sticks out of the card
    assert card.size["height"] <= height / 2, card.size
    table = browser.find_element(By.CSS_SELECTOR, "#progress-panel table")
    assert table.size["width"] <= card.size["width"], (table.size, card.size)
    row = browser.find_element(By.ID, "progress-row-revenue")
    assert ("4626 亿元" if lang == "zh" else "462.6 bn yuan") in row.text
    link = row.find_element(By.CSS_SELECTOR, "a.progress-source")
    assert link.get_attribute("href") == SOURCE and "4626亿元" in link.get_attribute("title")
    missing = browser.find_element(By.ID, "progress-missing").text
    assert missing.startswith("5 项目标暂无可引用数据" if lang == "zh" else "5 targets have")
    gaps = browser.find_element(By.ID, "biggest-gaps")
    assert gaps.find_elements(By.CSS_SELECTOR, "a.gap-targets-link")
    browser.save_screenshot(str(tmp_path / f"overview_{lang}_{width}.png"))


def test_an_editor_enters_a_figure_and_sees_it_with_its_source(overview_server, browser):
    url, db = overview_server
    browser.execute_cdp_cmd("Network.clearBrowserCookies", {})
    browser.set_window_size(1600, 1000)
    browser.get(url + "/login")
    wait(browser, 20).until(ec.presence_of_element_located((By.ID, "login-form")))
    browser.find_element(By.ID, "username").send_keys("editor1")
    browser.find_element(By.ID, "password").send_keys("editor-pass-1")
    browser.find_element(By.ID, "login-submit").click()
    wait(browser, 20).until(ec.presence_of_element_located((By.ID, "nav-logout")))
    _open(browser, url + "/")
    browser.find_element(By.CSS_SELECTOR, "#progress-form summary").click()
    choice = browser.find_element(By.CSS_SELECTOR, "#progress-target input[value='rd_intensity']")
    browser.execute_script("arguments[0].click()", choice)
    browser.find_element(By.ID, "progress-year").send_keys("20x4")
    browser.find_element(By.ID, "progress-value").send_keys("2.1")
    browser.find_element(By.ID, "progress-save").click()
    wait(browser, 20).until(ec.presence_of_element_located((By.ID, "progress-error")))
    assert "年份须为整数" in browser.find_element(By.ID, "progress-error").text
    store = db.with_name(db.name + ".progress.csv")
    assert not store.exists()  # nothing stored
    year = browser.find_element(By.ID, "progress-year")
    year.send_keys(Keys.CONTROL, "a")
    year.send_keys(Keys.BACKSPACE)
    year.send_keys("2024")
    browser.find_element(By.ID, "progress-source").send_keys("《2024年重庆市统计公报》")
    browser.find_element(By.ID, "progress-save").click()
    wait(browser, 20).until(ec.presence_of_element_located((By.ID, "progress-saved")))
    row = browser.find_element(By.ID, "progress-row-rd_intensity")
    assert "2.1 %" in row.text and "《2024年重庆市统计公报》" in row.text
    assert "人工录入：editor1" in row.text
    assert "editor1" in store.read_text("utf-8")
    _open(browser, url + "/?lang=en")  # drawn afresh, in English
    row = browser.find_element(By.ID, "progress-row-rd_intensity")
    assert "2.1 %" in row.text and "entered by editor1" in row.text
