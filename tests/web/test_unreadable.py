"""A damaged database shows a page that names the file and the rebuild, not a blank view
(chainmap_web/unreadable.py); the app comes back by itself once the file is rebuilt."""

from __future__ import annotations

import json
import shutil
import urllib.request
from dataclasses import replace

import pytest

from chainmap.config import load_settings
from etl.pipeline import build_database
from tests.corrupt_db import DAMAGES, damaged_copy
from tests.layouts.components import app_on
from tests.serving import pages_payload, serve

PAGES = ("/", "/chain", "/map", "/targets", "/firms", "/present")
TITLE_ZH, TITLE_EN = "数据库无法读取", "The database cannot be read"
FIRM_FILTER = {  # the firm list's filter callback (layouts/firms.py on_filter)
    "output": "..firm-table.data...firm-table.page_count..",
    "outputs": [{"id": "firm-table", "property": "data"},
                {"id": "firm-table", "property": "page_count"}],
    "inputs": [{"id": "firm-search", "property": "value", "value": "重庆"},
               {"id": "firm-chain", "property": "value", "value": ""},
               {"id": "firm-role", "property": "value", "value": ""},
               {"id": "firm-table", "property": "sort_by", "value": []},
               {"id": "firm-table", "property": "page_current", "value": 0},
               {"id": "firm-label", "property": "value", "value": ""}],
    "changedPropIds": ["firm-search.value"], "state": []}


@pytest.fixture()
def serve_copy(built_settings, tmp_path):
    """serve_copy(damage): the app on a copy of the built database, damaged that way."""
    db = tmp_path / "chainmap.duckdb"
    settings = replace(built_settings, db_path=db)

    def start(damage: str | None):
        if damage == "missing":
            pass
        elif damage is None:
            shutil.copyfile(built_settings.db_path, db)
        else:
            damaged_copy(built_settings.db_path, db, damage)
        return settings

    return start


def _draw(client, path: str, search: str = "") -> str:
    response = client.post("/_dash-update-component", json=pages_payload(path, search))
    assert response.status_code == 200, response.get_data(as_text=True)[-2000:]
    return json.dumps(response.get_json()["response"]["_pages_content"]["children"],
                      ensure_ascii=False)


def _is_the_message(drawn: str, db) -> bool:
    return (TITLE_ZH in drawn and TITLE_EN in drawn and f"数据库文件 {db} 已损坏" in drawn
            and f"The database file {db} is damaged" in drawn
            and f"chainmap --db {db} build" in drawn and f"{db}.imports" in drawn)


@pytest.mark.parametrize("damage", [*sorted(DAMAGES), "missing"])
def test_every_page_shows_the_damaged_database(serve_copy, damage):
    settings = serve_copy(damage)
    with app_on(settings) as app:
        client = app.server.test_client()
        assert client.get("/").status_code == 200
        for path in PAGES if damage == "flipped_blocks" else ("/", "/chain"):
            drawn = _draw(client, path, "?chain=rail")
            assert _is_the_message(drawn, settings.db_path), (path, drawn[:500])


def test_the_reason_is_on_the_page(serve_copy):
    settings = serve_copy("half")
    with app_on(settings) as app:
        drawn = _draw(app.server.test_client(), "/firms")
    assert "truncated: the file ends before its last block" in drawn


def test_a_good_file_swapped_for_a_damaged_one_and_back(serve_copy, tmp_path):
    """The swap check reopens the file on every change of (inode, mtime): a damaged file
    put in place of the open one is found, and so is the good one put back."""
    settings = serve_copy(None)
    good = tmp_path / "good.duckdb"
    shutil.copyfile(settings.db_path, good)
    with app_on(settings) as app:
        client = app.server.test_client()
        assert TITLE_ZH not in _draw(client, "/chain", "?chain=rail")
        damaged = damaged_copy(good, tmp_path / "damaged.duckdb", "flipped_blocks")
        damaged.replace(settings.db_path)
        assert _is_the_message(_draw(client, "/chain", "?chain=rail"), settings.db_path)
        good.replace(settings.db_path)
        drawn = _draw(client, "/chain", "?chain=rail")
        assert TITLE_ZH not in drawn and "chain-graph" in drawn


def _post(url: str, body: dict) -> dict:
    request = urllib.request.Request(url + "/_dash-update-component", method="POST",
                                     data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:  # a 500 raises HTTPError
        assert response.status == 200
        return json.loads(response.read())


def test_the_served_app_shows_it_and_comes_back_after_a_rebuild(serve_copy):
    """`chainmap serve` on a database whose table blocks fail their checksums (it opens; the
    queries fail): the pages callback draws the message, another callback (the firm list's
    filter) updates none of its outputs and puts the message in the view; after
    `chainmap build` both work again, without a restart."""
    settings = serve_copy("flipped_blocks")
    with serve(settings.db_path) as url:
        drawn = _post(url, pages_payload("/firms"))["response"]["_pages_content"]["children"]
        assert _is_the_message(json.dumps(drawn, ensure_ascii=False), settings.db_path)
        body = _post(url, FIRM_FILTER)
        assert "firm-table" not in body["response"]  # its own outputs: not updated
        page = json.dumps(body["sideUpdate"]["_pages_content"]["children"],
                          ensure_ascii=False)
        assert _is_the_message(page, settings.db_path)

        build_database(load_settings(settings.db_path))  # `chainmap --db … build`
        drawn = _post(url, pages_payload("/"))["response"]["_pages_content"]["children"]
        assert TITLE_ZH not in json.dumps(drawn, ensure_ascii=False)
        firms = _post(url, FIRM_FILTER)
        assert firms["response"]["firm-table"]["data"] and "sideUpdate" not in firms


@pytest.mark.parametrize("damage", ["half", "not_duckdb"])
def test_the_quarantine_download_answers_503_not_a_cut_file(serve_copy, damage):
    """A plain Flask view (not a callback): the error reaches Flask's handler before the
    response starts, so the editor gets the page, not a CSV cut short."""
    from chainmap.db import DatabaseUnreadableError
    from chainmap_web.quarantine import quarantine_download

    settings = serve_copy(damage)
    with app_on(settings) as app, app.server.test_request_context("/import/quarantine.csv"):
        with pytest.raises(DatabaseUnreadableError) as raised:
            quarantine_download()
        response = app.server.make_response(app.server.handle_user_exception(raised.value))
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert TITLE_ZH in page and TITLE_EN in page
    assert f"chainmap --db {settings.db_path} build" in page
