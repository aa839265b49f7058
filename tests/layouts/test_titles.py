"""Page titles name the view (issue 17): the HTML the server sends is titled with the page,
its chain and region, in its language, before any script runs (link previews, early
bookmarks); Dash's title store on each navigation says the same."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.layouts.components import app_on
from tests.serving import pages_payload

# (path, query, Chinese title, English title)
EXPECTED = [
    ("/", "", "重庆市 · 总览 · chainmap", "Chongqing · Overview · chainmap"),
    ("/", "region=500116", "江津区 · 总览 · chainmap", "Jiangjin District · Overview · chainmap"),
    ("/chain", "", "轨道交通装备 · 重庆市 · 产业链图谱 · chainmap",
     "Rail transit equipment · Chongqing · Chain diagram · chainmap"),
    ("/chain", "chain=robot&region=chengyu",
     "工业机器人 · 成渝地区双城经济圈 · 产业链图谱 · chainmap",
     "Industrial robots · Chengdu–Chongqing economic circle · Chain diagram · chainmap"),
    ("/map", "", "重庆市 · 产业地图 · chainmap", "Chongqing · Map · chainmap"),
    ("/map", "chain=rail&overlay=chengyu",
     "轨道交通装备 · 成渝地区双城经济圈 · 产业地图 · chainmap",
     "Rail transit equipment · Chengdu–Chongqing economic circle · Map · chainmap"),
    ("/targets", "chain=rail&region=500000", "轨道交通装备 · 重庆市 · 补链招商 · chainmap",
     "Rail transit equipment · Chongqing · Investment targets · chainmap"),
    ("/firms", "", "企业库 · chainmap", "Firms · chainmap"),
    ("/firms", "chain=rail&q=长客", "轨道交通装备 · 企业库 · chainmap",
     "Rail transit equipment · Firms · chainmap"),
    ("/present", "", "轨道交通装备 · 重庆市 · 演示模式 · chainmap",
     "Rail transit equipment · Chongqing · Present · chainmap"),
    # an unknown chain or region: the page's default, as the page draws it
    ("/targets", "chain=zzz&region=999999", "轨道交通装备 · 重庆市 · 补链招商 · chainmap",
     "Rail transit equipment · Chongqing · Investment targets · chainmap"),
]


@pytest.fixture(scope="module")
def client(built_settings):
    with app_on(built_settings) as app:
        yield app.server.test_client()


def _served_title(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    text = response.get_data(as_text=True)
    titles = re.findall(r"<title>(.*?)</title>", text, re.S)
    assert len(titles) == 1, url
    og = re.search(r'<meta property="og:title" content="([^"]*)"', text)
    assert og and unescape(og.group(1)) == unescape(titles[0]), url
    return unescape(titles[0])


@pytest.mark.parametrize(("path", "query", "zh", "en"), EXPECTED)
def test_the_served_html_is_titled_with_its_view(client, path, query, zh, en):
    assert _served_title(client, f"{path}?{query}" if query else path) == zh
    english = f"{query}&lang=en" if query else "lang=en"
    assert _served_title(client, f"{path}?{english}") == en


@pytest.mark.parametrize(("path", "query", "zh", "en"), EXPECTED)
def test_each_navigation_sets_the_same_title(client, path, query, zh, en):
    for search, want in ((f"?{query}" if query else "", zh),
                         (f"?{query}&lang=en" if query else "?lang=en", en)):
        response = client.post("/_dash-update-component", json=pages_payload(path, search))
        assert response.status_code == 200
        assert response.get_json()["response"]["_pages_store"]["data"]["title"] == want


def test_a_title_is_escaped_and_an_unknown_page_is_the_apps_name(client):
    assert _served_title(client, "/chain?chain=<script>&lang=en") == \
        "Rail transit equipment · Chongqing · Chain diagram · chainmap"
    text = client.get("/firms?q=</title><script>x</script>").get_data(as_text=True)
    assert "<script>x</script>" not in text
    assert _served_title(client, "/no-such-page") == "chainmap"


def test_the_import_page_is_titled_by_its_name(client):
    from layouts._titles import view_title

    assert view_title("import", {"lang": "en", "chain": "rail"}) == "Import data · chainmap"
    assert view_title("import") == "数据导入 · chainmap"


def test_a_page_is_served_from_a_thread_that_never_ran_a_callback(client):
    """A server's worker thread serves the page's HTML before any callback ran in it (Dash's
    callback context variable unset there): found served by gunicorn, a 500."""
    import threading

    got = []
    thread = threading.Thread(target=lambda: got.append(_served_title(client, "/firms")))
    thread.start()
    thread.join()
    assert got == ["企业库 · chainmap"]
