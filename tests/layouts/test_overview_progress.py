"""The overview's targets panel, its editor form (posted through the app as Dash does) and
the biggest gaps list."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from chainmap.accounts.users import add_user, write_users
from chainmap.progress_store import progress_store_path, read_progress_store
from chainmap_web.auth import CSRF_COOKIE, CSRF_HEADER
from tests.layouts.components import app_on, find, visible_texts, walk
from tests.web.test_auth import log_in


def _text(component) -> str:
    return "".join(visible_texts(component))


@pytest.fixture(scope="module")
def app(built_settings, tmp_path_factory):
    """The app on a private copy of the database (the form writes beside it)."""
    root = tmp_path_factory.mktemp("overview")
    db = root / "app.duckdb"
    shutil.copy(built_settings.db_path, db)
    users = root / "users.json"
    write_users(users, add_user(add_user({}, "editor1", "editor", "editor-pass"),
                                "viewer1", "viewer", "viewer-pass"))
    with app_on(replace(built_settings, db_path=db, users_file=users)) as app:
        app.server.config["TESTING"] = True
        app.server.test_client().get("/")
        yield app


@pytest.fixture()
def store(app):
    from chainmap_web import state as _state

    path = progress_store_path(_state.settings().db_path)
    path.unlink(missing_ok=True)
    yield path
    path.unlink(missing_ok=True)


def _save(client, lang="zh", **fields):
    values = {"target": "rd_intensity", "year": "2024", "value": "2.1",
              "source": "《2024年重庆市国民经济和社会发展统计公报》", "note": ""} | fields
    ids = {"target": "progress-target", "year": "progress-year", "value": "progress-value",
           "source": "progress-source", "note": "progress-note"}
    body = {"output": "..progress-form-result.children...progress-panel.children..",
            "outputs": [{"id": "progress-form-result", "property": "children"},
                        {"id": "progress-panel", "property": "children"}],
            "inputs": [{"id": "progress-save", "property": "n_clicks", "value": 1}],
            "state": [{"id": ids[k], "property": "value", "value": values[k]} for k in ids]
            + [{"id": "url", "property": "search",
                "value": "?lang=en" if lang == "en" else ""}],
            "changedPropIds": ["progress-save.n_clicks"]}
    token = client.get_cookie(CSRF_COOKIE)
    return client.post("/_dash-update-component", json=body,
                       headers={CSRF_HEADER: token.value if token else ""})


def test_the_panel_shows_cited_figures_and_one_line_for_the_rest(app):
    from layouts import overview

    for lang in ("zh", "en"):
        page = overview.layout(region="500000", lang=lang)
        panel = find(page, "progress-panel")
        text = _text(panel)
        assert "暂无数据" not in text and "no data" not in text and "nan" not in text
        row = find(panel, "progress-row-revenue")
        assert ("4626 亿元" if lang == "zh" else "462.6 bn yuan") in _text(row)
        link = next(c for c in walk(row) if getattr(c, "href", None))
        assert link.href == "https://difang.gmw.cn/cq/2024-11/08/content_37665245.htm"
        assert "4626亿元" in link.title  # the quoted sentence on hover
        missing = _text(find(panel, "progress-missing"))
        assert missing.startswith("5 项目标暂无可引用数据" if lang == "zh" else "5 targets have")
        assert ("研发投入" if lang == "zh" else "R&D spending") in missing
        # no request (no login): no form, a note instead
        assert find(page, "progress-editors-only")
        assert not [c for c in walk(page) if getattr(c, "id", None) == "progress-form"]


def test_the_biggest_gaps_say_how_they_are_ranked_and_link_to_targets(app):
    from layouts import overview

    page = overview.layout(region="500000")
    assert _text(find(page, "gaps-rank-note")).startswith("排序：有区外候选企业的环节在前")
    gaps = find(page, "biggest-gaps")
    links = [c.href for c in walk(gaps) if getattr(c, "className", "") == "gap-targets-link"]
    assert links and all(h.startswith("/targets?chain=") and "&region=500000" in h
                         for h in links)
    assert "区外候选 6 家" in _text(gaps)


def test_an_editor_enters_a_figure_and_bad_input_stores_nothing(app, store):
    client = app.server.test_client()
    log_in(client, "editor1", "editor-pass")
    for fields, error in (({"year": "20x4"}, "年份须为整数"), ({"year": "2031"}, "2019–2025"),
                          ({"value": "abc"}, "数值须为数字"), ({"source": " "}, "必须填写来源"),
                          ({"target": ["x"]}, "请选择"), ({"year": {"a": 1}}, "年份须为整数")):
        response = _save(client, **fields)
        assert response.status_code == 200, fields
        answer = response.get_json()["response"]
        assert error in str(answer["progress-form-result"]["children"]), fields
        assert "progress-panel" not in answer  # the panel is left as it is
        assert not store.exists()
    response = _save(client, lang="en", value="abc")
    assert "The value must be a number" in str(response.get_json()["response"])
    response = _save(client)
    answer = response.get_json()["response"]
    assert "已保存：研发投入占主营业务收入比重，2024 年 2.1 %" in str(answer)
    panel = str(answer["progress-panel"]["children"])
    assert "progress-row-rd_intensity" in panel and "人工录入：editor1" in panel
    saved = read_progress_store(store)
    assert saved[["target_id", "year", "value", "unit", "entered_by"]].values.tolist() == [
        ["rd_intensity", 2024, 2.1, "%", "editor1"]]
    assert saved.loc[0, "source"] == "《2024年重庆市国民经济和社会发展统计公报》"
    # the page drawn afresh shows it too (the store is read, no rebuild needed)
    from layouts import overview

    page = overview.layout(region="500000")
    assert "2.1 %" in _text(find(page, "progress-row-rd_intensity"))
    assert _text(find(page, "progress-missing")).startswith("4 项目标")


def test_only_editors_can_store_a_figure(app, store):
    anonymous = app.server.test_client()
    anonymous.get("/")
    assert _save(anonymous).status_code in (200, 401, 403)
    viewer = app.server.test_client()
    log_in(viewer, "viewer1", "viewer-pass")
    response = _save(viewer)
    assert "需要编辑权限" in str(response.get_json()["response"])
    assert not store.exists()
