"""What a person sees on the first page, in headless Chromium."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from tests.browser.chromium import wait

pytestmark = pytest.mark.browser


def _wait(browser, css, timeout=20):
    return wait(browser, timeout).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, css)))


def _severe(browser):
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_overview_shows_targets_completeness_and_gaps(server, browser):
    browser.get(server + "/")
    _wait(browser, "#biggest-gaps")
    text = browser.find_element(By.CSS_SELECTOR, ".overview-page").text
    assert "2025年目标进展" in text and "全市装备制造业主营业务收入" in text
    # a cited figure, the targets without one in a single line (no column of 暂无数据)
    assert "暂无数据" not in text and "项目标暂无可引用数据" in text
    assert "信号系统" in browser.find_element(By.ID, "biggest-gaps").text
    wait(browser, 20).until(
        lambda b: len(b.find_elements(By.CSS_SELECTOR, "#completeness-graph .bars path")) > 12)
    nav = [a.text for a in browser.find_elements(By.CSS_SELECTOR, ".nav a")]
    assert nav == ["总览", "产业链图谱", "产业地图", "补链招商", "企业库", "演示模式"]
    assert not _severe(browser)


def test_the_tab_title_follows_the_page_and_its_language(server, browser):
    browser.get(server + "/firms?lang=en")
    _wait(browser, "#firm-table")
    wait(browser, 15).until(lambda b: b.title == "Firms · chainmap")
    browser.find_element(By.ID, "lang-toggle").click()  # to Chinese, the same page
    wait(browser, 15).until(lambda b: b.title == "企业库 · chainmap")
    browser.find_element(By.ID, "nav-map").click()
    wait(browser, 15).until(lambda b: b.title == "重庆市 · 产业地图 · chainmap")
    assert not _severe(browser)


def test_map_page_shows_the_district_map_clusters_and_firms(server, browser, tmp_path):
    browser.get(server + "/map")
    _wait(browser, ".district-label")
    wait(browser, 20).until(
        lambda b: len(b.find_elements(By.CSS_SELECTOR, "path.leaflet-interactive")) >= 38 + 7)
    labels = {e.text for e in browser.find_elements(By.CSS_SELECTOR, ".district-label")}
    assert {"万州区", "永川区", "江津区", "铜梁区"} <= labels
    panel = browser.find_element(By.ID, "side-panel").text
    assert "产业集群" in panel and "两江新区、铜梁轨道交通装备产业集群" in panel
    assert "重庆长客" in panel
    assert browser.find_element(By.ID, "brand").text == "重庆装备制造产业链地图"
    browser.save_screenshot(str(tmp_path / "first-page.png"))
    assert not _severe(browser)


def _panel_lists(text: str) -> bool:
    """The rail chain's firms, and not another chain's."""
    return "宗申动力" not in text and "重庆长客" in text and "中国通号" in text


def test_choosing_a_chain_filters_the_firms_and_updates_the_url(server, browser):
    browser.get(server + "/map")
    _wait(browser, "#map-chain")
    browser.find_element(By.CSS_SELECTOR, "#map-chain").click()
    option = wait(browser, 10).until(ec.element_to_be_clickable(
        (By.XPATH, "//*[contains(@class,'option') and normalize-space()='轨道交通装备']")))
    option.click()
    wait(browser, 15).until(lambda b: "chain=rail" in b.current_url)
    # the page is drawn again for the new URL: wait() looks again at a stale panel
    wait(browser, 15).until(
        lambda b: _panel_lists(b.find_element(By.ID, "side-panel").text))
    assert not _severe(browser)


def test_english_toggle(server, browser):
    browser.get(server + "/map?chain=rail")
    _wait(browser, "#lang-toggle").click()
    wait(browser, 15).until(lambda b: "lang=en" in b.current_url)
    # the panel is redrawn while we read it: wait() looks again at a stale element
    wait(browser, 15).until(
        lambda b: b.find_element(By.ID, "brand").text.startswith("Chongqing"))
    wait(browser, 15).until(
        lambda b: "Clusters" in b.find_element(By.ID, "side-panel").text)
    assert "Rail transit equipment cluster" in browser.find_element(By.ID, "side-panel").text


def test_targets_page_lists_gaps_and_targets_and_exports_excel(server, browser, tmp_path):
    from openpyxl import load_workbook

    browser.execute_cdp_cmd("Browser.setDownloadBehavior",
                            {"behavior": "allow", "downloadPath": str(tmp_path)})
    browser.get(server + "/targets?chain=rail&region=500000")
    _wait(browser, "#target-list .target-card")
    cards = browser.find_element(By.ID, "target-list").text
    assert "中国通号" in cards and "株洲时代" in cards and "行动计划明确提出引进该企业" in cards
    assert "信号系统" in browser.find_element(By.ID, "gap-table").text
    browser.find_element(By.ID, "targets-export").click()
    wait(browser, 20).until(lambda _b: list(tmp_path.glob("*.xlsx")))
    path = next(tmp_path.glob("*.xlsx"))
    wait(browser, 10).until(lambda _b: path.stat().st_size > 0)
    wb = load_workbook(path)
    assert wb.sheetnames == ["招商目标清单", "缺失薄弱未覆盖环节", "数据覆盖", "说明"]
    firms = {c.value for c in wb["招商目标清单"]["C"]}
    assert {"中国通号", "株洲时代"} <= firms
    assert not _severe(browser)


def test_firm_registry_search_and_provenance(server, browser):
    browser.get(server + "/firms")
    box = _wait(browser, "#firm-search")
    box.send_keys("长客\n")
    wait(browser, 15).until(
        lambda b: len(b.find_elements(By.CSS_SELECTOR, "#firm-table tbody tr")) == 2)
    cell = browser.find_element(By.XPATH, "//td[@data-dash-column='name'][.//*[text()='重庆长客'] "
                                          "or text()='重庆长客']")
    cell.click()
    wait(browser, 15).until(
        lambda b: "江北区" in b.find_element(By.ID, "firm-detail").text)
    detail = browser.find_element(By.ID, "firm-detail").text
    assert "网页资料" in detail and "计划原文" in detail
    assert not _severe(browser)


def test_chain_diagram_click_lists_the_node_firms(server, browser):
    browser.get(server + "/chain?chain=rail&region=500000")
    wait(browser, 20).until(
        lambda b: len(b.find_elements(By.CSS_SELECTOR, "#chain-graph svg g.node")) >= 15)
    assert "点击图中的环节" in browser.find_element(By.ID, "node-panel").text
    browser.find_element(By.CSS_SELECTOR, '#chain-graph g.node[data-node="rail.vehicle"]').click()
    wait(browser, 15).until(
        lambda b: "重庆长客" in b.find_element(By.ID, "node-panel").text)
    panel = browser.find_element(By.ID, "node-panel").text
    assert "轨道交通整车" in panel and "★ 重庆长客" in panel
    assert "node=rail.vehicle" in browser.current_url
    assert not _severe(browser)


def test_chain_node_in_the_url_opens_its_panel(server, browser):
    browser.get(server + "/chain?chain=rail&node=rail.signalling")
    wait(browser, 15).until(
        lambda b: "中国通号" in b.find_element(By.ID, "node-panel").text)
    assert "node=rail.signalling" in browser.current_url


def test_map_district_click_shows_missing_nodes_and_suppliers(server, browser):
    from selenium.webdriver.common.action_chains import ActionChains

    browser.get(server + "/map?chain=rail")
    _wait(browser, ".district-label")
    label = next(e for e in browser.find_elements(By.CSS_SELECTOR, ".district-label")
                 if e.text == "江津区")
    # the label sits beside its firm circle (chainmap.render.map_labels places it): click the
    # nearest point where the district itself is what a click hits
    from tests.browser.test_map_page import CLICKABLE

    dx, dy = browser.execute_script(CLICKABLE, label)
    ActionChains(browser).move_to_element_with_offset(label, round(dx), round(dy)) \
        .click().perform()
    wait(browser, 30).until(lambda b: "江津区" in b.find_element(By.ID, "district-detail").text)
    detail = browser.find_element(By.ID, "district-detail").text
    assert "重庆齿轮箱" in detail and "信号系统" in detail
    assert "中国通号" in detail or "株洲时代" in detail
    assert not _severe(browser)


def test_map_overlay_shows_partner_cities_and_belts(server, browser):
    browser.get(server + "/map?chain=rail&overlay=chengyu&measure=lq")
    wait(browser, 20).until(
        lambda b: "成都市" in b.find_element(By.ID, "partner-list").text)
    partners = browser.find_element(By.ID, "partner-list").text
    assert "眉山市" in partners and "资阳市" in partners
    labels = {e.text for e in browser.find_elements(By.CSS_SELECTOR, ".city-label")}
    assert {"成都市", "德阳市", "遂宁市"} <= labels
    assert "★ 重庆长客" in {e.text for e in browser.find_elements(By.CSS_SELECTOR,
                                                                 ".leader-marker")}
    assert "区位商LQ" in browser.find_element(By.ID, "side-panel").text
    assert not _severe(browser)


def test_presenter_sequence_and_exports(server, browser, tmp_path):
    browser.execute_cdp_cmd("Browser.setDownloadBehavior",
                            {"behavior": "allow", "downloadPath": str(tmp_path)})
    browser.get(server + "/present?chain=rail")
    _wait(browser, "#present-stage .leaflet-container")
    assert not browser.find_element(By.CSS_SELECTOR, ".topbar").is_displayed()
    browser.find_element(By.ID, "present-next").click()
    _wait(browser, "#present-chain-svg")
    assert "step=chain" in browser.current_url
    browser.find_element(By.ID, "present-next").click()
    wait(browser, 15).until(
        lambda b: "中国通号" in b.find_element(By.ID, "present-stage").text)
    browser.find_element(By.XPATH, "//button[normalize-space()='PDF']").click()
    wait(browser, 60).until(lambda _b: list(tmp_path.glob("*.pdf")))
    pdf = next(tmp_path.glob("*.pdf"))
    wait(browser, 10).until(lambda _b: pdf.stat().st_size > 1000)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert not _severe(browser)
