import copy
import tempfile
from pathlib import Path

import pytest

from chainmap.geo.classes import CHOROPLETH
from chainmap.geo.queries import query_map_layers
from chainmap.render.html_map import leaflet_assets, offline_map_html
from tests.chainmap.artifacts import REMOTE


@pytest.fixture()
def rail_layers(con):
    return query_map_layers(con, "rail")


def test_leaflet_is_inlined_from_the_wheel():
    js, css = leaflet_assets()
    assert 'version="1.9.4"' in js
    assert ".leaflet-container" in css
    assert "sourceMappingURL" not in js and "url(images/" not in css


def test_the_page_loads_nothing_from_the_network(rail_layers):
    html = offline_map_html(rail_layers, "轨道交通装备产业集群与企业分布")
    assert REMOTE.search(html) is None
    assert "cdn.jsdelivr" not in html and "code.jquery" not in html
    assert "<script src=" not in html and "<link rel=\"stylesheet\" href=" not in html
    assert 't.version="1.9.4"' in html  # Leaflet itself is in the page


def test_the_page_explains_precision_and_coordinates(rail_layers):
    html = offline_map_html(rail_layers, "地图")
    assert "GCJ-02" in html
    assert "圆点代表区县或功能区，不是企业的具体位置" in html
    assert "两江新区、铜梁轨道交通装备产业集群" in html  # the cluster legend
    unplaced = html.split('id="unplaced-list"')[1].split("</ul>")[0]
    assert "中国通号" in unplaced  # known only to 北京市: listed, not drawn
    assert "重庆长客" not in unplaced  # known to 江北区: drawn


def test_english_page(rail_layers):
    html = offline_map_html(rail_layers, "Rail", lang="en")
    assert "Rail transit equipment cluster" in html
    assert "not a firm's site" in html
    assert '<html lang="en">' in html


def test_every_name_is_escaped(rail_layers):
    layers = copy.deepcopy(rail_layers)
    evil = '<img src=x onerror="alert(1)">`${x}`</script>'
    layers["groups"]["placed"][0]["firms"][0]["name"] = evil
    layers["groups"]["unplaced"][0]["firms"][0]["name"] = evil
    layers["clusters"]["features"][0]["properties"]["evidence"] = evil
    html = offline_map_html(layers, evil)
    assert "<img src=x" not in html
    assert html.count("</script>") == html.count("<script")
    assert "&lt;img src=x" in html


@pytest.fixture(scope="module")
def page(chromium, built_settings):
    from chainmap.db import connect
    from tests.browser.chromium import start_chromium

    with connect(built_settings.db_path) as con:
        layers = query_map_layers(con, None)
    html = offline_map_html(layers, "重庆市装备制造业产业集群与企业分布")
    tmp = Path(tempfile.mkdtemp(prefix="chainmap-map-test-"))
    (tmp / "map.html").write_text(html, "utf-8")
    driver = start_chromium(1400, 900)
    driver.get((tmp / "map.html").as_uri())
    driver.execute_script("return document.readyState")
    driver.layers = layers
    yield driver
    driver.quit()


def test_the_map_draws_offline_without_errors(page):
    errors = [e for e in page.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    resources = page.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")
    assert not [r for r in resources if r.startswith(("http:", "https:"))]
    paths = page.execute_script("return document.querySelectorAll('path.leaflet-interactive')"
                                ".length")
    clusters = len(page.layers["clusters"]["features"])
    assert clusters == 7
    assert paths >= 38 + clusters  # districts and the plan's cluster outlines


def test_every_district_is_named_the_small_central_ones_smaller(page):
    labels = page.execute_script(
        "return [...document.querySelectorAll('.district-label')].map(e => e.textContent)")
    assert "万州区" in labels and "渝中" in labels and "渝中区" not in labels
    assert len(labels) == len(page.layers["districts"]["features"]) == 38
    small = page.execute_script(
        "return [...document.querySelectorAll('.district-label.small-district')]"
        ".map(e => e.textContent)")
    assert set(small) == {"渝中", "大渡口", "江北", "沙坪坝", "九龙坡", "南岸"}
    counts = page.execute_script(
        "return [...document.querySelectorAll('.group-count')].map(e => +e.textContent)")
    placed = page.layers["groups"]["placed"]
    assert sorted(counts) == sorted(g["count"] for g in placed)
    assert sum(counts) == sum(len(g["firms"]) for g in placed) > 0


def test_the_exported_map_draws_the_choropleth_it_explains(page):
    """Issue #17: the export had no fill, and its legend a 功能区 dot it never drew."""
    fills = page.execute_script(
        "return [...document.querySelectorAll('path')].map(p => p.getAttribute('fill'))")
    klass = {f["properties"]["klass"] for f in page.layers["districts"]["features"]}
    assert {CHOROPLETH[k] for k in klass} <= set(fills) and len(klass) > 2
    legend = page.find_element("id", "class-legend").text
    assert "无已知企业" in legend and "9+" in legend
    drawn = {g["precision"] for g in page.layers["groups"]["placed"]}
    dots = page.find_element("id", "dot-legend").text
    assert ("功能区" in dots) == ("zone" in drawn) and "区县" in dots


def test_the_legend_shows_only_the_dots_drawn(rail_layers):
    assert {g["precision"] for g in rail_layers["groups"]["placed"]} == {"district"}
    dots = offline_map_html(rail_layers, "地图").split('id="dot-legend">')[1].split("</ul>")[0]
    assert "区县" in dots and "功能区" not in dots
