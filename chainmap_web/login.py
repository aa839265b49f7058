"""/login and /logout: plain Flask views (no Dash), each form carrying the session's CSRF token.

Login attempts are throttled per client address and per account, in the login state file
that every server process shares (``chainmap.accounts.login_throttle``): after
``ThrottlePolicy.max_failures`` attempts without a success, each further one makes the next
wait (5 s, doubling up to 60 s); an attempt during the wait gets 429 and ``Retry-After``
without its password being checked. A login opens a server-side session
(``chainmap.accounts.sessions``); a logout ends it in every process.
"""

from __future__ import annotations

import logging
import math
import secrets
import sqlite3
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import redirect, request, session
from werkzeug.wrappers import Response

from chainmap.accounts.login_throttle import login_keys, write_login_attempt, write_login_success
from chainmap.accounts.sessions import new_session_id, write_session_end, write_session_start
from chainmap.accounts.users import verify_password
from chainmap.selection import lang_of
from chainmap.text.sanitize import escape
from chainmap.text.ui import t
from chainmap_web.auth import (
    CSRF_FIELD,
    SESSION_LIFETIME,
    auth_state,
    csrf_problem,
    csrf_token,
    forget_current_user,
    password_fingerprint,
    safe_next,
)
from chainmap_web.urls import nav_links

__all__ = ["login_view", "logout_view"]

log = logging.getLogger(__name__)

ACCOUNT_COMMAND = "chainmap user add NAME --role editor"

# Self-contained (no /assets/ link: with CHAINMAP_AUTH=required an anonymous visitor may not
# fetch them); the top bar looks like the app's (layouts/assets/style.css .topbar)
PAGE = """<!DOCTYPE html><html lang="{html_lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>
body {{ font-family: "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei",
  "Microsoft YaHei", sans-serif; background: #f3f6fa; margin: 0; color: #1a1a1a; }}
.topbar {{ display: flex; align-items: center; gap: 24px; padding: 8px 16px;
  background: #0b3d91; color: #fff; flex-wrap: wrap; }}
.topbar .brand {{ font-size: 18px; font-weight: 700; color: #fff; text-decoration: none; }}
.topbar .nav a {{ color: #fff; margin-right: 16px; text-decoration: none; font-size: 15px; }}
.topbar .nav a:hover, .topbar .brand:hover {{ text-decoration: underline; }}
.topbar .lang-toggle {{ margin-left: auto; color: #fff; border: 1px solid #fff;
  border-radius: 4px; padding: 4px 10px; text-decoration: none; font-size: 13.3px; }}
main {{ display: flex; flex-direction: column; align-items: center; padding-top: 9vh; }}
form {{ background: #fff; padding: 28px 32px; border-radius: 8px; width: 340px;
  box-shadow: 0 1px 4px rgba(0,0,0,.15); box-sizing: border-box; }}
h1 {{ font-size: 20px; margin: 0 0 18px; color: #14213d; }}
label {{ display: block; margin: 10px 0 4px; font-size: 14px; }}
input[type=text], input[type=password] {{ width: 100%; box-sizing: border-box; padding: 7px;
  font-size: 15px; border: 1px solid #b8c2cc; border-radius: 4px; }}
button {{ margin-top: 18px; width: 100%; padding: 9px; font-size: 15px; background: #0b3d91;
  color: #fff; border: 0; border-radius: 4px; cursor: pointer; }}
.error {{ color: #b2182b; font-size: 14px; margin: 8px 0 0; }}
.hint {{ width: 340px; box-sizing: border-box; font-size: 13px; line-height: 1.6;
  color: #444; margin: 14px 0 0; }}
.hint code {{ font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 12px;
  background: #e6ebf2; padding: 1px 4px; border-radius: 3px; white-space: nowrap; }}
</style></head><body>{header}<main>{body}</main></body></html>"""


def page_lang(next_path: str) -> str:
    """The login page's language: ``lang`` of this request if given, else the language of
    the page the visitor comes back to (its ``lang``), else Chinese."""
    asked = request.values.get("lang")
    if asked in ("zh", "en"):
        return asked
    return lang_of(dict(parse_qsl(urlsplit(next_path).query)).get("lang"))


def with_lang(next_path: str, lang: str) -> str:
    """The local path ``next_path`` (already ``safe_next``) in ``lang``: its ``lang`` query
    key set (en) or dropped (zh), the rest kept; checked again with ``safe_next``."""
    parts = urlsplit(next_path)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
    if lang == "en":
        query.append(("lang", "en"))
    return safe_next(urlunsplit(("", "", parts.path, urlencode(query), parts.fragment)))


def login_url(next_path: str) -> str:
    return "/login" + (f"?{urlencode({'next': next_path})}" if next_path != "/" else "")


def _header(lang: str, next_path: str | None) -> str:
    """The app's top bar: its name, the pages open without a login (none when viewing needs
    one, ``Settings.auth_required``), and the other language (the same login page, coming
    back to the same page in that language)."""
    state = auth_state()
    search = "?" + urlsplit(next_path or "/").query
    labels, hrefs = nav_links(with_lang(f"/{search}", lang)[1:])
    links = [] if state.settings.auth_required else [
        (label, href) for label, href in zip(labels, hrefs, strict=True)
        if state.page_role(href.split("?")[0]) is None]
    name = escape(t("app_title", lang))
    brand = (f'<a class="brand" id="brand" href="{escape(links[0][1])}">{name}</a>' if links
             else f'<span class="brand" id="brand">{name}</span>')
    nav = "".join(f'<a href="{escape(href)}">{escape(label)}</a>' for label, href in links)
    other = "zh" if lang == "en" else "en"
    toggle = ""
    if next_path is not None:
        toggle = (f'<a class="lang-toggle" id="lang-toggle" hreflang="{other}" '
                  f'href="{escape(login_url(with_lang(next_path, other)))}">'
                  f'{escape(t("lang_switch", lang))}</a>')
    return (f'<header class="topbar">{brand}<nav class="nav" id="login-nav">{nav}</nav>'
            f"{toggle}</header>")


def _page(lang: str, title: str, body: str, status: int = 200,
          next_path: str | None = None) -> Response:
    html_lang = "en" if lang == "en" else "zh-CN"
    page = PAGE.format(html_lang=html_lang, title=escape(f"{title} · chainmap"),
                       header=_header(lang, next_path), body=body)
    response = Response(page, status=status, mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def login_form(next_path: str, error: str = "", status: int = 200) -> Response:
    """The login form, in the language of the page it comes back to (``page_lang``);
    ``next_path`` (a local path: ``safe_next``) carries that language."""
    lang = page_lang(next_path)
    next_path = with_lang(next_path, lang)
    message = (f'<p class="error" id="login-error" role="alert">{escape(error)}</p>'
               if error else "")
    command = f"<code>{escape(ACCOUNT_COMMAND)}</code>"
    open_pages = "login_private" if auth_state().settings.auth_required else "login_public"
    body = (f'<form method="post" action="/login" id="login-form">'
            f"<h1>{escape(t('log_in', lang))}</h1>"
            f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(csrf_token())}">'
            f'<input type="hidden" name="next" value="{escape(next_path)}">'
            f'<label for="username">{escape(t("login_name", lang))}</label>'
            f'<input type="text" id="username" name="username" autocomplete="username" '
            f"required autofocus>"
            f'<label for="password">{escape(t("login_password", lang))}</label>'
            f'<input type="password" id="password" name="password" '
            f'autocomplete="current-password" required>'
            f'{message}<button type="submit" id="login-submit">'
            f"{escape(t('log_in', lang))}</button></form>"
            f'<p class="hint" id="login-accounts">'
            f"{escape(t('login_accounts', lang)).format(command=command)}</p>"
            f'<p class="hint" id="login-open">{escape(t(open_pages, lang))}</p>')
    return _page(lang, t("log_in", lang), body, status, next_path)


def _too_soon(next_path: str, wait_s: float) -> Response:
    seconds = math.ceil(wait_s)
    response = login_form(next_path, t("login_too_soon", page_lang(next_path)).format(
        s=seconds), 429)
    response.headers["Retry-After"] = str(seconds)
    return response


def _state_unwritable(next_path: str) -> Response:
    """The login state file (sessions, throttle) cannot be read or written: say so, log
    where (the path is the operator's business, not the visitor's)."""
    log.exception("cannot use the login state file %s", auth_state().settings.login_state_path)
    return login_form(next_path, t("login_unavailable", page_lang(next_path)), 503)


def login_view() -> Response:
    next_path = safe_next(request.values.get("next"))
    if request.method == "GET":
        return login_form(next_path)
    if csrf_problem():  # a form older than the session (logged out or in elsewhere since)
        return login_form(next_path, t("form_stale", page_lang(next_path)), 403)
    try:
        return _log_in(next_path)
    except (OSError, sqlite3.Error):
        return _state_unwritable(next_path)


def _log_in(next_path: str) -> Response:
    state = auth_state()
    name = request.form.get("username", "")
    keys = login_keys(request.remote_addr, name)
    wait_s = write_login_attempt(state.settings.login_state_path, keys, state.clock(),
                                 state.throttle)
    if wait_s > 0:
        return _too_soon(next_path, wait_s)
    user = verify_password(state.current_users(), name, request.form.get("password", ""))
    if user is None:
        return login_form(next_path, t("login_wrong", page_lang(next_path)), 401)
    write_login_success(state.settings.login_state_path, keys)
    _end_session()
    session.clear()  # a fresh session: no fixation
    session.permanent = True
    session_id = new_session_id()
    write_session_start(state.settings.login_state_path, session_id, user.name, state.clock(),
                        SESSION_LIFETIME.total_seconds())
    session.update(user=user.name, pw=password_fingerprint(user), sid=session_id,
                   csrf=secrets.token_urlsafe(32))
    forget_current_user()
    return redirect(next_path, code=303)


def _end_session() -> None:
    """End this request's server-side session, if it has one."""
    session_id = session.get("sid")
    if isinstance(session_id, str):
        try:
            write_session_end(auth_state().settings.login_state_path, session_id)
        except (OSError, sqlite3.Error):  # the cookie is cleared all the same; a file that
            # cannot be read opens no session anywhere (chainmap_web.auth fails closed)
            log.exception("cannot end a session in %s", auth_state().settings.login_state_path)
    forget_current_user()


def logout_form(error: str = "", status: int = 200) -> Response:
    lang = lang_of(request.values.get("lang"))
    message = (f'<p class="error" id="logout-error" role="alert">{escape(t(error, lang))}</p>'
               if error else "")
    action = "/logout?lang=en" if lang == "en" else "/logout"
    body = (f'<form method="post" action="{action}" id="logout-form">'
            f"<h1>{escape(t('log_out', lang))}</h1>"
            f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(csrf_token())}">'
            f"<p>{escape(t('logout_note', lang))}</p>{message}"
            f'<button type="submit" id="logout-submit">{escape(t("log_out", lang))}'
            f"</button></form>")
    return _page(lang, t("log_out", lang), body, status, next_path=None)


def logout_view() -> Response:
    if request.method == "GET":
        return logout_form()
    if csrf_problem():
        return logout_form("form_stale", 403)
    _end_session()
    session.clear()
    response = redirect("/login", code=303)
    response.delete_cookie("_csrf_token")
    return response
