"""Login, roles, CSRF and limits of chainmap_web/auth.py, through Flask's test client."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.exceptions import HTTPException

from chainmap.accounts.login_state import connect
from chainmap.accounts.login_throttle import ThrottlePolicy
from chainmap.accounts.users import add_user, remove_user, write_user_change, write_users
from chainmap.text.ui import page_title
from chainmap_web.auth import (
    CSRF_COOKIE,
    CSRF_HEADER,
    has_role,
    install_auth,
    require_role,
    safe_next,
)
from tests.serving import pages_payload


@pytest.fixture(scope="module")
def app(built_settings, tmp_path_factory):
    from layouts.app import create_app

    users = tmp_path_factory.mktemp("users") / "users.json"
    settings = replace(built_settings, users_file=users, max_upload_mb=1)
    write_users(users, add_user(add_user(add_user(
        {}, "viewer1", "viewer", "viewer-pass"), "editor1", "editor", "editor-pass"),
        "admin1", "admin", "admin-pass"))
    dash_app = create_app(settings)
    dash_app.server.config["TESTING"] = True
    dash_app.server.test_client().get("/")  # Dash registers the pages callback on first use
    return dash_app


@pytest.fixture()
def client(app):
    with connect(auth_state_settings(app).login_state_path) as conn:
        conn.execute("DELETE FROM login_failures")
    return app.server.test_client()


class Clock:
    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def clock(app):
    """The app's clock for sessions and failed logins, moved by hand."""
    state = app.server.extensions["chainmap_auth"]
    before, state.clock = state.clock, Clock()
    yield state.clock
    state.clock = before


@pytest.fixture()
def login_required(app):
    state = app.server.extensions["chainmap_auth"]
    before = state.settings
    state.settings = replace(before, auth_required=True)
    yield
    state.settings = before


def login_token(client) -> str:
    page = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def log_in(client, name: str, password: str, next_path: str = "/"):
    return client.post("/login", data={"username": name, "password": password,
                                       "csrf_token": login_token(client), "next": next_path})


def test_viewing_is_open_by_default_and_import_needs_an_editor(client):
    assert client.get("/").status_code == 200
    assert client.post("/_dash-update-component", json=pages_payload("/firms")).status_code == 200
    response = client.get("/import")
    assert response.status_code == 303
    assert response.headers["Location"] == "/login?next=%2Fimport"
    assert client.get("/admin/users").headers["Location"].startswith("/login")


def test_login_sets_a_hardened_session_and_the_csrf_cookie(client):
    response = log_in(client, "editor1", "editor-pass", "/import")
    assert response.status_code == 303 and response.headers["Location"] == "/import"
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("chainmap_session="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie
    assert "Secure" not in session_cookie
    csrf_cookie = next(c for c in cookies if c.startswith(CSRF_COOKIE + "="))
    assert "HttpOnly" not in csrf_cookie  # Dash's renderer must read it
    assert client.get("/import").status_code == 200


def test_a_wrong_password_or_unknown_user_is_refused_the_same_way(client):
    for name, password in (("editor1", "wrong-pass"), ("nobody", "editor-pass")):
        response = log_in(client, name, password)
        assert response.status_code == 401
        assert "用户名或密码错误" in response.get_data(as_text=True)
    assert client.get("/import").status_code == 303


def test_login_needs_its_csrf_token(client):
    login_token(client)
    response = client.post("/login", data={"username": "editor1", "password": "editor-pass"})
    assert response.status_code == 403
    response = client.post("/login", data={"username": "editor1", "password": "editor-pass",
                                           "csrf_token": "forged"})
    assert response.status_code == 403


def test_a_login_form_made_stale_by_a_changed_session_is_shown_again(client):
    """The form's token is the session's; when the session cookie changed after the form
    was drawn (a logout or login in another tab), sending it gives the form again with a
    fresh token and says why, instead of a bare error, and sending that one logs in."""
    old = login_token(client)
    other = client.application.test_client()
    log_in(other, "viewer1", "viewer-pass")
    client.set_cookie("chainmap_session", other.get_cookie("chainmap_session").value)
    response = client.post("/login", data={"username": "editor1", "password": "editor-pass",
                                           "csrf_token": old, "next": "/import"})
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and response.mimetype == "text/html"
    assert "此表单已过期" in page and 'id="login-form"' in page
    fresh = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert fresh != old
    response = client.post("/login", data={"username": "editor1", "password": "editor-pass",
                                           "csrf_token": fresh, "next": "/import"})
    assert response.status_code == 303 and response.headers["Location"] == "/import"
    assert client.get("/import").status_code == 200


def test_answers_to_a_logged_in_session_do_not_write_its_cookie_again(client):
    """Only a change to the session writes its cookie: the answer to a request sent before a
    logout (a slow callback of a page already left) cannot put the ended session's cookie
    back into the browser."""
    log_in(client, "viewer1", "viewer-pass")
    for response in (client.get("/firms"), client.get("/login"),
                     client.post("/_dash-update-component", json=pages_payload("/firms"),
                                 headers={CSRF_HEADER: client.get_cookie(CSRF_COOKIE).value})):
        assert response.status_code == 200
        assert not any(c.startswith("chainmap_session=")
                       for c in response.headers.getlist("Set-Cookie"))


def test_roles_are_ordered(client):
    log_in(client, "viewer1", "viewer-pass")
    assert client.get("/import").status_code == 403
    client = client.application.test_client()
    log_in(client, "editor1", "editor-pass")
    assert client.get("/import").status_code == 200
    assert client.get("/admin").status_code == 403
    client = client.application.test_client()
    log_in(client, "admin1", "admin-pass")
    assert client.get("/admin").status_code == 200  # let through (Dash serves its shell)
    assert client.get("/import").status_code == 200


def test_logged_in_dash_posts_need_the_token_header(client):
    log_in(client, "editor1", "editor-pass")
    token = client.get_cookie(CSRF_COOKIE).value
    body = pages_payload("/firms")
    assert client.post("/_dash-update-component", json=body).status_code == 403
    assert client.post("/_dash-update-component", json=body,
                       headers={CSRF_HEADER: "x" + token}).status_code == 403
    assert client.post("/_dash-update-component", json=body,
                       headers={CSRF_HEADER: token}).status_code == 200


def test_cross_origin_posts_are_refused(client):
    body = pages_payload("/firms")
    refused = client.post("/_dash-update-component", json=body,
                          headers={"Origin": "http://evil.example"})
    assert refused.status_code == 403
    assert client.post("/_dash-update-component", json=body,
                       headers={"Origin": "null"}).status_code == 403
    same = client.post("/_dash-update-component", json=body,
                       headers={"Origin": "http://localhost"})
    assert same.status_code == 200


def test_the_pages_callback_cannot_draw_a_protected_page_anonymously(client):
    for pathname in ("/import", "//import", "/import/", "/admin"):
        response = client.post("/_dash-update-component", json=pages_payload(pathname))
        assert response.status_code == 401, pathname


def test_login_required_mode_redirects_pages_and_refuses_dash_endpoints(client,
                                                                           login_required):
    response = client.get("/map?chain=rail")
    assert response.status_code == 303
    assert response.headers["Location"] == "/login?next=%2Fmap%3Fchain%3Drail"
    assert client.get("/_dash-layout").status_code == 401
    assert client.post("/_dash-update-component",
                       json=pages_payload("/firms")).status_code == 401
    assert client.get("/login").status_code == 200
    log_in(client, "viewer1", "viewer-pass")
    assert client.get("/map?chain=rail").status_code == 200
    assert client.get("/_dash-layout").status_code == 200


def test_removing_a_user_or_changing_the_password_ends_their_session(client, app):
    path = auth_state_settings(app).users_path
    write_user_change(path, lambda users: add_user(users, "temp1", "editor", "temp-pass"))
    log_in(client, "temp1", "temp-pass")
    assert client.get("/import").status_code == 200
    write_user_change(path, lambda users: add_user(users, "temp1", "editor", "new-password",
                                                   replace=True))
    assert client.get("/import").status_code == 303  # the session no longer counts
    log_in(client, "temp1", "new-password")
    assert client.get("/import").status_code == 200
    write_user_change(path, lambda users: remove_user(users, "temp1"))
    assert client.get("/import").status_code == 303
    assert log_in(client, "temp1", "new-password").status_code == 401


def auth_state_settings(app):
    return app.server.extensions["chainmap_auth"].settings


def test_logout_needs_a_post_with_the_token(client):
    log_in(client, "editor1", "editor-pass")
    page = client.get("/logout").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.get("/import").status_code == 200
    refused = client.post("/logout?lang=en", data={})
    assert refused.status_code == 403 and "This form had expired" in refused.get_data(
        as_text=True)
    assert client.get("/import").status_code == 200  # still logged in
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/import").status_code == 303


def test_failed_logins_wait_then_the_right_password_is_accepted(client, clock, monkeypatch):
    import chainmap_web.login

    checked = []
    verify = chainmap_web.login.verify_password
    monkeypatch.setattr(chainmap_web.login, "verify_password",
                        lambda *a: checked.append(a[1]) or verify(*a))
    policy = ThrottlePolicy()
    for _ in range(policy.max_failures):
        assert log_in(client, "editor1", "wrong-pass").status_code == 401
    assert len(checked) == policy.max_failures
    refused = log_in(client, "editor1", "editor-pass")
    assert refused.status_code == 429 and refused.headers["Retry-After"] == "5"
    clock.now += 4.5
    assert log_in(client, "editor1", "editor-pass").status_code == 429
    assert len(checked) == policy.max_failures  # no password checked while waiting
    clock.now += 0.6
    accepted = log_in(client, "editor1", "editor-pass")  # not locked out: the wait is over
    assert accepted.status_code == 303 and client.get("/import").status_code == 200
    assert log_in(client, "editor1", "wrong-pass").status_code == 401  # the count starts again


def test_the_wait_doubles_and_is_bounded(client, clock):
    policy = ThrottlePolicy()
    for _ in range(policy.max_failures):
        log_in(client, "editor1", "wrong-pass")
    waits = []
    for _ in range(8):
        refused = log_in(client, "editor1", "wrong-pass")
        waits.append(int(refused.headers["Retry-After"]))
        clock.now += waits[-1]
        assert log_in(client, "editor1", "wrong-pass").status_code == 401
    assert waits == [5, 10, 20, 40, 60, 60, 60, 60]
    clock.now += policy.forget_after_s  # forgotten after a quiet quarter of an hour
    assert log_in(client, "editor1", "wrong-pass").status_code == 401


def test_failures_count_per_account_and_per_address(app, clock):
    def client_at(address):
        client = app.server.test_client()
        client.environ_base["REMOTE_ADDR"] = address
        return client

    with connect(auth_state_settings(app).login_state_path) as conn:
        conn.execute("DELETE FROM login_failures")
    policy = ThrottlePolicy()
    one, two = client_at("10.0.0.1"), client_at("10.0.0.2")
    for _ in range(policy.max_failures):
        assert log_in(one, "editor1", "wrong-pass").status_code == 401
    assert log_in(two, "editor1", "editor-pass").status_code == 429  # the account waits
    assert log_in(two, "viewer1", "viewer-pass").status_code == 303  # another account
    three = client_at("10.0.0.3")  # one address trying many accounts
    for i in range(policy.max_failures):
        assert log_in(three, f"guess{i}", "wrong-pass").status_code == 401
    assert log_in(three, "admin1", "admin-pass").status_code == 429  # the address waits


def test_logout_ends_the_session_for_a_copied_cookie_too(app, client):
    log_in(client, "editor1", "editor-pass")
    cookie = client.get_cookie("chainmap_session").value
    token = client.get_cookie(CSRF_COOKIE).value
    thief = app.server.test_client()
    thief.set_cookie("chainmap_session", cookie)

    def upload():
        return thief.post("/import/upload?name=x.exe", data=b"x",
                          headers={CSRF_HEADER: token, "Content-Type": "text/plain"})

    assert thief.get("/import").status_code == 200
    assert thief.get("/import/quarantine.csv").status_code == 200
    assert upload().status_code == 400  # reached the view: a type it does not take
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert thief.get("/import").status_code == 303  # to the login
    assert thief.get("/import/quarantine.csv").status_code == 303
    assert upload().status_code == 401
    assert thief.post("/_dash-update-component", json=pages_payload("/import"),
                      headers={CSRF_HEADER: token}).status_code == 401


def test_logout_ends_only_this_session(app):
    first, second = app.server.test_client(), app.server.test_client()
    log_in(first, "editor1", "editor-pass")
    log_in(second, "editor1", "editor-pass")
    first.post("/logout", data={"csrf_token": first.get_cookie(CSRF_COOKIE).value})
    assert first.get("/import").status_code == 303
    assert second.get("/import").status_code == 200  # the other browser stays logged in


def test_a_session_ends_after_its_lifetime_on_the_server_too(client, clock):
    log_in(client, "editor1", "editor-pass")
    assert client.get("/import").status_code == 200
    clock.now += 12 * 3600 + 1
    assert client.get("/import").status_code == 303


def test_a_signed_cookie_without_an_open_session_counts_for_nothing(app, client):
    """A cookie signed with the key but naming no open session (one made before sessions
    were kept, or forged by someone holding the key) is anonymous."""
    log_in(client, "editor1", "editor-pass")
    with app.server.test_request_context("/"):
        interface = app.server.session_interface
        serializer = interface.get_signing_serializer(app.server)
        data = serializer.loads(client.get_cookie("chainmap_session").value)
        forged = serializer.dumps({k: v for k, v in data.items() if k != "sid"})
        other = serializer.dumps({**data, "sid": "not-an-open-session"})
    for value in (forged, other):
        anonymous = app.server.test_client()
        anonymous.set_cookie("chainmap_session", value)
        assert anonymous.get("/import").status_code == 303


def test_request_bodies_over_the_limit_are_refused(client):
    response = client.post("/_dash-update-component", data=b"x" * (1024 * 1024 + 1),
                           content_type="application/json")
    assert response.status_code == 413


def test_next_only_goes_to_local_paths():
    assert safe_next("/map?chain=rail") == "/map?chain=rail"
    for hostile in ("http://evil.example/", "//evil.example", "/\\evil.example",
                    "javascript:alert(1)", "", None, "/x\r\nSet-Cookie: a=b"):
        assert safe_next(hostile) == "/"


def _as(app, client, name: str | None, password: str = ""):
    """A request context carrying `name`'s session cookie (anonymous when None)."""
    headers = {}
    if name:
        log_in(client, name, password)
        headers["Cookie"] = f"chainmap_session={client.get_cookie('chainmap_session').value}"
    return app.server.test_request_context("/", headers=headers)


def test_require_role_guards_a_callback_with_http_errors(app, client):
    calls = []

    @require_role("editor")
    def commit(x):
        calls.append(x)
        return x

    for name, password, status in ((None, "", 401), ("viewer1", "viewer-pass", 403)):
        with _as(app, app.server.test_client(), name, password):
            with pytest.raises(HTTPException) as refused:
                commit(1)
            assert refused.value.code == status
    assert calls == []
    with _as(app, client, "editor1", "editor-pass"):
        assert has_role("editor") and not has_role("admin")
        assert commit(2) == 2
    assert calls == [2]


def test_security_headers(client):
    response = client.get("/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"


def test_install_auth_refuses_a_short_configured_key(built_settings):
    class Fake:
        server = Flask(__name__)

        @staticmethod
        def strip_relative_path(path):
            return path.strip("/")

    with pytest.raises(ValueError, match="at least"):
        install_auth(Fake, replace(built_settings, secret_key="short"))


def account_links(client, search: str, path: str = "/") -> dict[str, tuple[str, str | None]]:
    """The top bar's account area as the translate_account callback draws it for `search`:
    id (or class) -> (text, href)."""
    body = {"output": "account.children", "outputs": {"id": "account", "property": "children"},
            "inputs": [{"id": "url", "property": "search", "value": search},
                       {"id": "url", "property": "pathname", "value": path}],
            "changedPropIds": ["url.search"], "state": []}
    token = client.get_cookie(CSRF_COOKIE)
    response = client.post("/_dash-update-component", json=body,
                           headers={CSRF_HEADER: token.value} if token else {})
    assert response.status_code == 200
    items = [c["props"] for c in response.get_json()["response"]["account"]["children"]]
    return {p.get("id") or p["className"]: (p["children"], p.get("href")) for p in items}


def test_the_account_links_follow_the_language(client):
    assert account_links(client, "?lang=en") == {
        "nav-import": ("Import data", "/import?lang=en"),
        "nav-login": ("Log in", "/login?next=%2F%3Flang%3Den")}
    assert account_links(client, "?chain=rail") == {
        "nav-import": ("数据导入", "/import"),
        "nav-login": ("登录", "/login?next=%2F%3Fchain%3Drail")}
    # logging in comes back to the page, in its language
    assert account_links(client, "?lang=en", "/firms")["nav-login"] == (
        "Log in", "/login?next=%2Ffirms%3Flang%3Den")
    header = client.get("/_dash-layout").get_json()["props"]["children"][1]
    account = next(c["props"] for c in header["props"]["children"]
                   if c["props"].get("id") == "account")  # the shell itself: Chinese
    assert [c["props"]["children"] for c in account["children"]] == ["数据导入", "登录"]
    log_in(client, "editor1", "editor-pass")
    assert account_links(client, "?lang=en") == {
        "nav-import": ("Import data", "/import?lang=en"), "who": ("editor1 (editor)", None),
        "nav-logout": ("Log out", "/logout")}
    assert account_links(client, "") == {
        "nav-import": ("数据导入", "/import"), "who": ("editor1（editor）", None),
        "nav-logout": ("退出", "/logout")}


def test_commit_errors_follow_the_language(app, client):
    from layouts.imports import on_commit

    bad = {"path": "../../etc/passwd", "kind": "qcc"}
    with _as(app, client, "editor1", "editor-pass"):
        (en,), disabled, _, _ = on_commit(1, bad, "?lang=en")
        (zh,), _, _, _ = on_commit(1, bad, "")
    assert disabled
    assert en.children == ("The import failed; the database is unchanged: "
                           "The upload record is not valid: upload the file again")
    assert zh.children == "导入失败，数据库未改变：上传记录无效，请重新上传文件"


def test_a_viewers_or_visitors_commit_is_refused_before_it_runs(app, client, monkeypatch):
    """on_commit's body runs only for an editor: require_role answers anyone else with
    401/403, so no commit job starts (the page's only guard on the callback)."""
    from layouts import imports

    started = []
    monkeypatch.setattr(imports, "start_job", lambda *a, **k: started.append(a) or "job")
    staged = {"path": "x.csv", "kind": "qcc"}
    for name, password, status in ((None, "", 401), ("viewer1", "viewer-pass", 403)):
        with _as(app, app.server.test_client(), name, password):
            with pytest.raises(HTTPException) as refused:
                imports.on_commit(1, staged, "")
            assert refused.value.code == status
    assert started == []


def test_the_quarantine_download_is_for_editors(client):
    assert client.get("/import/quarantine.csv").status_code == 303  # to the login
    log_in(client, "viewer1", "viewer-pass")
    assert client.get("/import/quarantine.csv").status_code == 403
    client.get("/logout")
    log_in(client, "editor1", "editor-pass")
    response = client.get("/import/quarantine.csv?lang=en")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=quarantine.csv"
    assert response.data.startswith("\ufeff".encode())


@pytest.mark.parametrize("pathname", ["import", "", "import/", "..", "x" * 5000,
                                      "/" + "a" * 5000, 5, 1.5, True, ["/import"], {"a": 1}])
def test_the_guard_answers_400_for_a_pathname_dash_cannot_match(client, pathname):
    """Dash's page matching raises on a pathname without a leading `/` (a 500 before)."""
    response = client.post("/_dash-update-component", json=pages_payload(pathname))
    assert response.status_code == 400
    assert response.get_json()["error"] == "not a page path"


@pytest.mark.parametrize("search", [5, 1.5, True, ["?lang=en"], {"lang": "en"}])
def test_the_guard_answers_400_for_a_search_that_is_not_text(client, search):
    """Dash's router calls ``search.startswith``: another value was a 500."""
    response = client.post("/_dash-update-component", json=pages_payload("/firms", search))
    assert response.status_code == 400
    assert response.get_json()["error"] == "not a page path"
    assert client.post("/_dash-update-component",
                       json=pages_payload("/firms", "?lang=en")).status_code == 200


def test_the_pages_callback_takes_its_pathname_by_position(client):
    """Dash passes inputs by position: a first input with another id is still the pathname."""
    decoy = pages_payload("/")
    decoy["inputs"] = [{"id": "decoy", "property": "pathname", "value": "/import"},
                       {"id": "_pages_location", "property": "pathname", "value": "/"}]
    assert client.post("/_dash-update-component", json=decoy).status_code == 401
    no_inputs = {**pages_payload("/"), "inputs": []}
    assert client.post("/_dash-update-component", json=no_inputs).status_code == 400


ODD_PATHNAMES = st.one_of(
    st.sampled_from(["/import", "//import", "/import/", "/import//x", "/%69mport", "/IMPORT",
                     "/./import", "/foo/../import", "/admin", "/", "", "import", "..", "/..",
                     "/import\x00", "/\u202eimport", None]),
    st.text(max_size=40).map(lambda s: "/" + s),
    st.text(max_size=40),
    st.integers(), st.booleans(), st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2))


@settings(max_examples=150, deadline=None)
@given(pathname=ODD_PATHNAMES, first_id=st.sampled_from(["_pages_location", "decoy"]))
def test_the_guard_never_fails_and_never_draws_the_import_page_anonymously(app, pathname,
                                                                            first_id):
    body = pages_payload("/")
    body["inputs"][0] = {"id": first_id, "property": "pathname", "value": pathname}
    response = app.server.test_client().post("/_dash-update-component", json=body)
    assert response.status_code in (200, 204, 400, 401), response.status_code
    if response.status_code == 200:
        title = response.get_json()["response"]["_pages_store"]["data"]["title"]
        assert title != page_title("import")


def test_a_login_state_file_that_cannot_be_used_gives_a_clear_answer(app, client, tmp_path):
    """The sessions' and throttle's file unusable (here a folder in its place; a read-only
    folder does the same for a server not run as root): logging in answers 503 with the
    reason in both languages, not a 500; an open session counts for nothing (fails closed);
    logging out still clears the cookie."""
    state = app.server.extensions["chainmap_auth"]
    log_in(client, "editor1", "editor-pass")
    token = client.get_cookie(CSRF_COOKIE).value
    assert client.get("/import").status_code == 200
    before = state.settings
    broken = tmp_path / "state-is-a-folder"
    broken.mkdir()
    state.settings = replace(before, users_file=tmp_path / "users.json")
    (tmp_path / "users.json").write_bytes(Path(before.users_path).read_bytes())
    try:
        assert state.settings.login_state_path.name.endswith(".logins.sqlite")
        state.settings.login_state_path.mkdir()
        assert client.get("/import").status_code == 303  # fails closed, to the login
        answer = log_in(client, "editor1", "editor-pass")
        assert answer.status_code == 503
        page = answer.get_data(as_text=True)
        assert "登录暂不可用" in page and "请联系管理员" in page
        assert str(tmp_path) not in page  # the path is logged, not shown
        # in the language of the page the visitor comes back to
        english = log_in(client, "editor1", "editor-pass", "/firms?lang=en")
        assert english.status_code == 503
        page = english.get_data(as_text=True)
        assert "Logging in is unavailable" in page and "tell the administrator" in page
        assert str(tmp_path) not in page and "登录暂不可用" not in page
        assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    finally:
        state.settings = before


def _login_page(client, query: str = "") -> str:
    response = client.get("/login" + query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _links(page: str) -> dict[str, str]:
    """text -> href of the login page's top bar links."""
    bar = page[page.index('<header'):page.index("</header>")]
    return {text: href.replace("&amp;", "&")
            for href, text in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>([^<]*)</a>', bar)}


def test_the_login_page_leads_back_to_the_open_pages_and_says_where_accounts_come_from(client):
    page = _login_page(client, "?next=%2Fmap%3Fchain%3Drail")
    links = _links(page)
    # the app's name and its open pages, keeping the view (chain) of the page left
    assert links["重庆装备制造产业链地图"] == "/?chain=rail"
    assert {links[k] for k in ("总览", "产业链图谱", "产业地图", "补链招商", "企业库")} == {
        "/?chain=rail", "/chain?chain=rail", "/map?chain=rail", "/targets?chain=rail",
        "/firms?chain=rail"}
    assert not any(href.startswith("/import") for href in links.values())  # not open
    assert "<code>chainmap user add NAME --role editor</code>" in page
    assert "请联系部署本系统的管理员" in page
    assert 'name="next" value="/map?chain=rail"' in page
    # the other language: the same login, coming back to the same page in English
    assert links["English"] == "/login?next=%2Fmap%3Fchain%3Drail%26lang%3Den"
    english = _login_page(client, "?next=%2Fmap%3Fchain%3Drail%26lang%3Den")
    links = _links(english)
    assert links["Map"] == "/map?chain=rail&lang=en"
    assert links["中文"] == "/login?next=%2Fmap%3Fchain%3Drail"
    assert '<html lang="en">' in english and "<h1>Log in</h1>" in english
    assert "Ask the person who runs this app" in english
    text = re.sub(r"<[^>]+>", " ", english[english.index("<body>"):])
    assert set(re.findall(r"[\u4e00-\u9fff]+", text)) == {"中文"}  # only the toggle's label


def test_the_login_page_language_can_be_asked_for_and_follows_a_failed_login(client):
    english = _login_page(client, "?lang=en")
    assert "<h1>Log in</h1>" in english
    assert 'name="next" value="/?lang=en"' in english  # comes back in English too
    wrong = log_in(client, "editor1", "not-the-password", "/firms?lang=en")
    assert wrong.status_code == 401
    page = wrong.get_data(as_text=True)
    assert "Wrong name or password" in page and "用户名或密码" not in page
    wrong = log_in(client, "editor1", "not-the-password", "/firms")
    assert "用户名或密码错误" in wrong.get_data(as_text=True)


def test_with_login_required_the_login_page_links_to_no_page(client, login_required):
    page = _login_page(client, "?next=%2Ffirms")
    links = _links(page)
    assert set(links) == {"English"}  # the name is not a link: every page needs a login
    assert "本系统的所有页面都需要登录后查看" in page
    assert "chainmap user add NAME --role editor" in page


@pytest.mark.parametrize("hostile", [
    "//evil.example/x", "http://evil.example/", "/\\evil.example", "javascript:alert(1)",
    '/firms?q="><script>alert(1)</script>', "/map?chain=\"><img src=x onerror=alert(1)>",
    "/x\r\nSet-Cookie: a=b", "/firms?lang=en&lang=%22%3E%3Cscript%3E"])
def test_a_hostile_next_stays_text_and_local_on_the_login_page(client, hostile):
    page = _login_page(client, "?" + urlencode({"next": hostile}))
    assert "<script>" not in page and "<img" not in page
    assert "evil.example" not in page.split("</header>")[0]  # no link leads away
    for href in _links(page).values():
        assert href.startswith("/") and not href.startswith(("//", "/\\"))
    value = re.search(r'name="next" value="([^"]*)"', page).group(1)
    assert value.startswith("/") and not value.startswith(("//", "/\\"))
    assert "evil.example" not in value
