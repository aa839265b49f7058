"""What a person sees on the first page, in headless Chromium."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.browser


def _wait(browser, css, timeout=20):
    return WebDriverWait(browser, timeout).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def _severe(browser):
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_first_page_shows_the_district_map_clusters_and_firms(server, browser, tmp_path):
    browser.get(server + "/")
    _wait(browser, ".district-label")
    WebDriverWait(browser, 20).until(
        lambda b: len(b.find_elements(By.CSS_SELECTOR, "path.leaflet-interactive")) >= 38 + 7)
    labels = {e.text for e in browser.find_elements(By.CSS_SELECTOR, ".district-label")}
    assert {"万州区", "永川区", "江津区", "铜梁区"} <= labels
    panel = browser.find_element(By.ID, "side-panel").text
    assert "产业集群" in panel and "两江新区、铜梁轨道交通装备产业集群" in panel
    assert "重庆长客" in panel
    assert browser.find_element(By.ID, "brand").text == "重庆装备制造产业链地图"
    browser.save_screenshot(str(tmp_path / "first-page.png"))
    assert not _severe(browser)


def test_choosing_a_chain_filters_the_firms_and_updates_the_url(server, browser):
    browser.get(server + "/map")
    _wait(browser, "#chain-select")
    browser.find_element(By.CSS_SELECTOR, "#chain-select").click()
    option = WebDriverWait(browser, 10).until(ec.element_to_be_clickable(
        (By.XPATH, "//*[contains(@class,'option') and normalize-space()='轨道交通装备']")))
    option.click()
    WebDriverWait(browser, 15).until(lambda b: "chain=rail" in b.current_url)
    WebDriverWait(browser, 15).until(
        lambda b: "宗申动力" not in b.find_element(By.ID, "side-panel").text)
    panel = browser.find_element(By.ID, "side-panel").text
    assert "重庆长客" in panel and "中国通号" in panel
    assert not _severe(browser)


def test_english_toggle(server, browser):
    browser.get(server + "/map?chain=rail")
    _wait(browser, "#lang-toggle").click()
    WebDriverWait(browser, 15).until(lambda b: "lang=en" in b.current_url)
    WebDriverWait(browser, 15).until(
        lambda b: b.find_element(By.ID, "brand").text.startswith("Chongqing"))
    WebDriverWait(browser, 15).until(
        lambda b: "Clusters" in b.find_element(By.ID, "side-panel").text)
    assert "Rail transit equipment cluster" in browser.find_element(By.ID, "side-panel").text
