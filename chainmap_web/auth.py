"""Access control for the app, at the Flask level (docs/security.md).

- Viewing is open, or needs a login when ``Settings.auth_required`` (CHAINMAP_AUTH=required):
  anonymous page loads are sent to /login, anything else (Dash's /_dash-* endpoints,
  assets) gets 401.
- Paths under /import need the editor role and under /admin the admin role, whatever the
  setting; so does the Dash pages callback that would draw such a page (the pathname is
  resolved with Dash's own page matching), and any page registered with
  ``required_role=...``. Callbacks that change state call ``has_role`` or are wrapped
  in ``require_role``.
- CSRF: a logged-in session has a random token (``secrets.token_urlsafe``). Every
  state-changing request (POST, PUT, PATCH, DELETE) from a logged-in session, and every
  login/logout form, must carry it: forms in a hidden field, Dash callbacks in the
  ``X-CSRFToken`` header, which Dash's renderer sends by itself from the ``_csrf_token``
  cookie we set. Tokens are compared with ``hmac.compare_digest``. A request whose
  ``Origin`` header names another origin is refused outright.
- The session cookie is signed (Flask), HttpOnly, SameSite=Lax, Secure when configured,
  and carries a fingerprint of the password hash: a password change or a removed user
  ends their sessions. It also carries a random session id that must be open in the
  login state file beside the users file (``chainmap.accounts.sessions``): a logout deletes it, so
  a copy of the cookie is worth nothing afterwards, in every server process.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from flask import abort, current_app, jsonify, redirect, request, session
from werkzeug.wrappers import Response

from chainmap.accounts.login_throttle import ThrottlePolicy
from chainmap.accounts.secret_key import load_secret_key
from chainmap.accounts.sessions import query_session_user
from chainmap.accounts.users import Role, User, read_users, role_allows
from chainmap.config import Settings

log = logging.getLogger(__name__)

__all__ = ["CSRF_COOKIE", "CSRF_FIELD", "CSRF_HEADER", "PROTECTED", "SESSION_LIFETIME",
           "auth_state", "csrf_problem", "csrf_token", "current_user", "forget_current_user",
           "has_role", "install_auth", "password_fingerprint", "require_role", "safe_next"]

PROTECTED = (("/admin", Role.ADMIN), ("/import", Role.EDITOR))
PUBLIC = ("/login", "/logout")
API_PREFIXES = ("/_dash-", "/_reload-hash", "/_favicon", "/assets/")
UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CSRF_COOKIE = "_csrf_token"   # the name Dash's renderer reads
CSRF_HEADER = "X-CSRFToken"   # the header Dash's renderer sends
CSRF_FIELD = "csrf_token"
SESSION_LIFETIME = timedelta(hours=12)
PAGES_LOCATION = "_pages_location"
USER_KEY = "chainmap.user"  # this request's user, once looked up (in request.environ)
PAGES_CONTENT = "_pages_content.children"  # in the pages callback's output
MAX_PATHNAME = 4096  # longer than any request line gunicorn accepts


@dataclass
class AuthState:
    """Per-app settings and the user file as last read (re-read when the file changes)."""

    settings: Settings
    page_role: object  # callable: pathname -> Role | None
    throttle: ThrottlePolicy = field(default_factory=ThrottlePolicy)
    clock: Callable[[], float] = time.time  # unix seconds: sessions, failed logins
    stamp: tuple | None = None
    users: dict[str, User] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def current_users(self) -> dict[str, User]:
        path = Path(self.settings.users_path)
        try:
            st = path.stat()
            stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
        except FileNotFoundError:
            stamp = None
        with self.lock:
            if stamp != self.stamp:
                self.users = read_users(path) if stamp else {}
                self.stamp = stamp
            return self.users


def auth_state() -> AuthState:
    return current_app.extensions["chainmap_auth"]


def password_fingerprint(user: User) -> str:
    """A short keyed digest of the stored hash: changes when the password does."""
    key = str(current_app.secret_key).encode()
    return hmac.new(key, user.password_hash.encode(), hashlib.sha256).hexdigest()[:24]


def current_user() -> User | None:
    """The logged-in user of this request, or None (also when removed or re-passworded, or
    when the session was logged out). Looked up once per request (kept in its environ, which
    no other request shares; ``flask.g`` may outlive a request)."""
    environ = request.environ
    if USER_KEY not in environ:
        environ[USER_KEY] = _session_user()
    return environ[USER_KEY]


def forget_current_user() -> None:
    """Look the user up again (after a login or logout in this request)."""
    request.environ.pop(USER_KEY, None)


def _session_user() -> User | None:
    name, session_id = session.get("user"), session.get("sid")
    if not name or not isinstance(session_id, str):
        return None
    state = auth_state()
    user = state.current_users().get(name)
    if user is None or not hmac.compare_digest(session.get("pw", ""),
                                               password_fingerprint(user)):
        return None
    try:
        open_for = query_session_user(state.settings.login_state_path, session_id,
                                      state.clock())
    except (OSError, sqlite3.Error):  # fail closed: the login page says what is wrong
        log.exception("cannot read the login state file %s", state.settings.login_state_path)
        return None
    return user if open_for == name else None


def has_role(role: Role | str) -> bool:
    """Whether this request's user has `role` (or a higher one)."""
    user = current_user()
    return role_allows(user.role if user else None, role)


def require_role(role: Role | str):
    """Decorator for Flask views and Dash callbacks: 401 without a login, 403 without the
    role (raised as an HTTP error, so a Dash callback changes nothing)."""
    def wrap(fn):
        @functools.wraps(fn)
        def inner(*args, **kwargs):
            if not has_role(role):
                abort(401 if current_user() is None else 403)
            return fn(*args, **kwargs)
        return inner
    return wrap


def csrf_token() -> str:
    """This session's CSRF token (made on first use)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def csrf_ok(sent: str | None) -> bool:
    expected = session.get("csrf")
    return bool(expected and sent) and hmac.compare_digest(str(sent), str(expected))


def safe_next(target: str | None) -> str:
    """A local path to go back to after login; anything else (other sites too) becomes /."""
    target = (target or "").strip()
    if (not target.startswith("/") or target.startswith(("//", "/\\"))
            or urlsplit(target).netloc or re.search(r"[\x00-\x1f\\]", target)):
        return "/"
    return target


def _path_role(path: str) -> Role | None:
    path = re.sub("/+", "/", path)
    for prefix, role in PROTECTED:
        if path == prefix or path.startswith(prefix + "/"):
            return role
    return None


def _pages_inputs() -> list[tuple[object, object]]:
    """(property, value) of the location inputs of a Dash pages callback, if this request is
    one.

    Dash hands a callback its inputs by position, not by id: the first input of the pages
    callback is its pathname whatever id it claims. So both count: the first input's value
    (as the pathname) when the output is the pages content, and every input that names
    itself ``_pages_location``. Values are returned unchecked (see ``_well_formed``)."""
    if request.method != "POST" or not request.path.endswith("/_dash-update-component"):
        return []
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return []
    inputs = body.get("inputs") if isinstance(body.get("inputs"), list) else []
    pairs = [(item.get("property"), item.get("value")) for item in inputs
             if isinstance(item, dict) and item.get("id") == PAGES_LOCATION]
    if PAGES_CONTENT in str(body.get("output", "")):
        first = inputs[0] if inputs else {}
        pairs.append(("pathname", first.get("value", "") if isinstance(first, dict) else first))
    return pairs


def _callback_pathnames() -> list:
    """The pathnames a Dash pages callback is about to draw, if this request is one."""
    return [value for prop, value in _pages_inputs() if prop == "pathname"]


def _well_formed(prop: object, value: object) -> bool:
    """Whether Dash's pages callback can take the location input: a pathname its page
    matching takes (anything else would raise in it), any other property (the search …)
    text or None (its router calls ``search.startswith``)."""
    if prop == "pathname":
        return value is None or (isinstance(value, str) and value.startswith("/")
                                 and len(value) <= MAX_PATHNAME)
    return value is None or isinstance(value, str)


def _stricter(a: Role | None, b: Role | None) -> Role | None:
    if a is None or b is None:
        return a or b
    return a if role_allows(a, b) else b


def required_role() -> Role | None:
    """The role this request needs (None: anyone may)."""
    role = _path_role(request.path)
    for pathname in _callback_pathnames():
        role = _stricter(role, auth_state().page_role(pathname))
    if role is None and auth_state().settings.auth_required:
        role = Role.VIEWER
    return role


def _cross_origin() -> bool:
    origin = request.headers.get("Origin")
    return origin is not None and urlsplit(origin).netloc != request.host


def csrf_problem() -> str | None:
    """Why a state-changing request must be refused, or None. The login and logout forms
    (``PUBLIC``) always need the session's token; other requests when logged in."""
    if _cross_origin():
        return "cross-origin request refused"
    if session.get("user") or request.path in PUBLIC:
        sent = request.headers.get(CSRF_HEADER) or request.form.get(CSRF_FIELD)
        if not csrf_ok(sent):
            return "missing or wrong CSRF token; reload the page"
    return None


def _is_page_load() -> bool:
    return request.method in ("GET", "HEAD") and not request.path.startswith(API_PREFIXES) \
        and "/_dash-component-suites/" not in request.path


def _deny(status: int, message: str) -> Response:
    response = jsonify(error=message, login="/login")
    response.status_code = status
    return response


def guard() -> Response | None:
    """before_request: CSRF for state-changing requests, then the role the path needs."""
    if request.method in UNSAFE:
        # the login and logout views check their own forms' tokens (a stale form is shown
        # again, not answered with JSON); a cross-origin post is refused here all the same
        problem = csrf_problem() if request.path not in PUBLIC or _cross_origin() else None
        if problem:
            return _deny(403, problem)
    if request.path in PUBLIC:
        return None
    if not all(_well_formed(prop, value) for prop, value in _pages_inputs()):
        return _deny(400, "not a page path")
    role = required_role()
    if role is None or has_role(role):
        return None
    if current_user() is None:
        if _is_page_load():
            full = request.full_path.rstrip("?")
            return redirect("/login?" + urlencode({"next": full}), code=303)
        return _deny(401, "login required")
    return _deny(403, f"the {role.value} role is required")


def set_headers(response: Response) -> Response:
    """after_request: the CSRF cookie for Dash's renderer, and a few protective headers."""
    token = session.get("csrf") if session.get("user") else None
    if token and request.cookies.get(CSRF_COOKIE) != token:
        # a browser-session cookie: it is the session's token, valid while the session is
        response.set_cookie(CSRF_COOKIE, token, samesite="Lax", httponly=False,
                            secure=auth_state().settings.secure_cookies)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def _page_role_resolver(app):
    """pathname -> the role its Dash page needs, using Dash's own path matching."""
    from dash._pages import _path_to_page

    def page_role(pathname: str) -> Role | None:
        stripped = app.strip_relative_path(pathname) or ""
        role = _path_role("/" + stripped)
        page, _ = _path_to_page(stripped)
        if page:
            explicit = page.get("required_role")
            role = _stricter(role, Role(explicit) if explicit else _path_role(page["path"]))
        return role
    return page_role


def install_auth(app, settings: Settings) -> None:
    """Configure sessions, limits, roles and CSRF on the Dash app's Flask server (the login
    routes are added beside it: chainmap_web.server)."""
    server = app.server
    server.config.update(
        SECRET_KEY=load_secret_key(settings), SESSION_COOKIE_NAME="chainmap_session",
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=SESSION_LIFETIME,
        # the cookie is written only when the session changes (login, logout, a new CSRF
        # token), not on every answer: an answer to a request sent before a logout (a slow
        # callback of a page already left) must not put the old cookie back and so make
        # the login form's token stale. The cookie's 12 hours run from the login, as the
        # server-side session's do (chainmap.accounts.sessions).
        SESSION_REFRESH_EACH_REQUEST=False,
        MAX_CONTENT_LENGTH=settings.max_upload_mb * 1024 * 1024)
    server.extensions["chainmap_auth"] = AuthState(settings, _page_role_resolver(app))
    server.before_request(guard)
    server.after_request(set_headers)
