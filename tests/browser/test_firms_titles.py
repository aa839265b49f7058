"""Titles of every page in both languages, and the firm list as a planner uses it: it follows
the search as one types (Enter works too), the view is in the URL and comes back from it, and
English mode names firms in English (issue 17), in headless Chromium."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec

from tests.browser.chromium import wait

pytestmark = pytest.mark.browser

# (path, what is on the page when it is drawn, Chinese title, English title)
PAGES = [
    ("/", ".overview-page", "重庆市 · 总览 · chainmap", "Chongqing · Overview · chainmap"),
    ("/chain", "#chain-chain", "轨道交通装备 · 重庆市 · 产业链图谱 · chainmap",
     "Rail transit equipment · Chongqing · Chain diagram · chainmap"),
    ("/map", "#map-chain", "重庆市 · 产业地图 · chainmap", "Chongqing · Map · chainmap"),
    ("/targets?chain=robot", "#target-list", "工业机器人 · 重庆市 · 补链招商 · chainmap",
     "Industrial robots · Chongqing · Investment targets · chainmap"),
    ("/firms", "#firm-table", "企业库 · chainmap", "Firms · chainmap"),
    ("/present", "#present-chain", "轨道交通装备 · 重庆市 · 演示模式 · chainmap",
     "Rail transit equipment · Chongqing · Present · chainmap"),
]


def _wait(browser, css, timeout=30):
    return wait(browser, timeout).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def _query(browser) -> dict[str, list[str]]:
    return parse_qs(urlsplit(browser.current_url).query)


def _names(browser) -> list[str]:
    return [c.text for c in browser.find_elements(
        By.CSS_SELECTOR, "#firm-table td.dash-cell.column-0")]


def _severe(browser):
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


@pytest.mark.parametrize(("path", "css", "zh", "en"), PAGES)
def test_every_page_is_titled_with_its_view_in_its_language(server, browser, path, css, zh,
                                                           en):
    browser.get(server + path)
    _wait(browser, css)
    wait(browser, 20).until(lambda b: b.title == zh)
    toggle = browser.find_element(By.ID, "lang-toggle")
    if toggle.is_displayed():  # (the presentation hides the top bar)
        toggle.click()
        wait(browser, 20).until(lambda b: b.title == en)
    browser.get(server + path + ("&" if "?" in path else "?") + "lang=en")
    _wait(browser, css)
    wait(browser, 20).until(lambda b: b.title == en)
    assert not _severe(browser)


def test_the_firm_list_follows_the_search_as_one_types(server, browser):
    browser.get(server + "/firms")
    _wait(browser, "#firm-table td.dash-cell")
    everything = _names(browser)
    box = browser.find_element(By.ID, "firm-search")
    box.send_keys("长客")  # no Enter
    wait(browser, 20).until(lambda b: _names(b) and _names(b) != everything)
    assert all("长客" in name for name in _names(browser)) or "重庆长客" in _names(browser)
    wait(browser, 10).until(lambda b: _query(b).get("q") == ["长客"])
    assert browser.switch_to.active_element == box  # the page was not drawn again
    # the chain filter: in the URL, the title names it, the search kept
    browser.find_element(By.CSS_SELECTOR, "#firm-chain").click()
    option = wait(browser, 10).until(ec.element_to_be_clickable(
        (By.XPATH, "//*[contains(@class,'option') and normalize-space()='轨道交通装备']")))
    option.click()
    wait(browser, 10).until(lambda b: _query(b).get("chain") == ["rail"])
    wait(browser, 10).until(lambda b: b.title == "轨道交通装备 · 企业库 · chainmap")
    assert _query(browser)["q"] == ["长客"]
    # a firm picked: in the URL; the URL opened again draws the same view
    cell = wait(browser, 10).until(ec.element_to_be_clickable(
        (By.XPATH, "//td[contains(@class,'dash-cell')][normalize-space()='重庆长客']")))
    cell.click()
    wait(browser, 10).until(lambda b: _query(b).get("firm") == ["cq_crrc_cc"])
    url = browser.current_url
    browser.get("about:blank")
    browser.get(url)
    _wait(browser, "#firm-detail-name")
    assert browser.find_element(By.ID, "firm-detail-name").text == "重庆长客"
    assert browser.find_element(By.ID, "firm-search").get_attribute("value") == "长客"
    assert "重庆长客" in _names(browser)
    wait(browser, 10).until(lambda b: b.title == "轨道交通装备 · 企业库 · chainmap")
    # emptied: every firm again, the key gone from the URL
    box = browser.find_element(By.ID, "firm-search")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)
    wait(browser, 20).until(lambda b: "q" not in _query(b))
    assert _query(browser)["firm"] == ["cq_crrc_cc"] and _query(browser)["chain"] == ["rail"]
    assert not _severe(browser)


def test_enter_filters_at_once_and_the_language_switch_keeps_the_view(server, browser):
    browser.get(server + "/firms?lang=en")
    _wait(browser, "#firm-table td.dash-cell")
    box = browser.find_element(By.ID, "firm-search")
    box.send_keys("crrc changchun", Keys.ENTER)
    wait(browser, 10).until(lambda b: _names(b) == ["CRRC Changchun (Chongqing)"])
    wait(browser, 10).until(lambda b: _query(b).get("q") == ["crrc changchun"])
    browser.find_element(By.ID, "lang-toggle").click()  # to Chinese: the same search
    wait(browser, 20).until(lambda b: _names(b) == ["重庆长客"])
    assert browser.find_element(By.ID, "firm-search").get_attribute("value") == \
        "crrc changchun"
    assert "lang" not in _query(browser) and _query(browser)["q"] == ["crrc changchun"]
    assert not _severe(browser)


def test_english_mode_names_firms_in_english_on_the_firm_list(server, browser):
    browser.get(server + "/firms?lang=en&q=%E9%95%BF%E5%AE%A2")  # 长客
    _wait(browser, "#firm-table td.dash-cell")
    assert "CRRC Changchun (Chongqing)" in _names(browser)
    browser.find_element(
        By.XPATH, "//td[contains(@class,'dash-cell')]"
                  "[normalize-space()='CRRC Changchun (Chongqing)']").click()
    wait(browser, 10).until(lambda b: b.find_element(By.ID, "firm-detail-name").text
                            == "CRRC Changchun (Chongqing)")
    assert browser.find_element(By.ID, "firm-detail-name-zh").text == \
        "Registered name: 重庆长客"
    evidence = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#firm-detail .evidence")]
    assert evidence and all("Chinese" in x or not any("\u4e00" <= c <= "\u9fff" for c in x)
                            for x in evidence)
    assert not _severe(browser)


def test_a_new_search_shows_its_first_page(server, browser):
    browser.get(server + "/firms")
    _wait(browser, "#firm-table td.dash-cell")
    first = _names(browser)
    browser.find_element(By.CSS_SELECTOR, "#firm-table .next-page").click()
    wait(browser, 20).until(lambda b: _names(b) and _names(b) != first)
    second = _names(browser)

    def _page(b) -> str:
        return b.find_element(By.CSS_SELECTOR, "#firm-table .current-page-shadow").text

    assert _page(browser) == "2"
    browser.find_element(By.ID, "firm-search").send_keys("重庆")
    wait(browser, 20).until(lambda b: _page(b) == "1")
    wait(browser, 20).until(lambda b: _names(b) and _names(b) != second)
    assert "重庆长客" in _names(browser) or any("重庆" in n for n in _names(browser))
    assert not _severe(browser)


def test_the_title_follows_a_chain_chosen_on_the_page(server, browser):
    browser.get(server + "/targets")
    _wait(browser, "#target-list")
    wait(browser, 20).until(lambda b: b.title == "轨道交通装备 · 重庆市 · 补链招商 · chainmap")
    browser.find_element(By.CSS_SELECTOR, "#targets-chain").click()
    wait(browser, 10).until(ec.element_to_be_clickable(
        (By.XPATH, "//*[contains(@class,'option') and normalize-space()='工业机器人']"))).click()
    wait(browser, 20).until(lambda b: b.title == "工业机器人 · 重庆市 · 补链招商 · chainmap")
    assert not _severe(browser)
