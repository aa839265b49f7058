"""/login and /logout: plain Flask views (no Dash), each form carrying the session's CSRF token.

Login attempts are throttled per client address and per account, in the login state file
that every server process shares (``chainmap.login_throttle``): after
``ThrottlePolicy.max_failures`` attempts without a success, each further one makes the next
wait (5 s, doubling up to 60 s); an attempt during the wait gets 429 and ``Retry-After``
without its password being checked. A login opens a server-side session
(``chainmap.sessions``); a logout ends it in every process.
"""

from __future__ import annotations

import logging
import math
import secrets
import sqlite3

from flask import redirect, request, session
from werkzeug.wrappers import Response

from chainmap.login_throttle import login_keys, write_login_attempt, write_login_success
from chainmap.sanitize import escape
from chainmap.sessions import new_session_id, write_session_end, write_session_start
from chainmap.users import verify_password
from layouts._auth import (
    CSRF_FIELD,
    SESSION_LIFETIME,
    auth_state,
    csrf_token,
    forget_current_user,
    password_fingerprint,
    safe_next,
)

__all__ = ["login_view", "logout_view"]

log = logging.getLogger(__name__)

PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · chainmap</title><style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; background: #f3f6fa;
  display: flex; justify-content: center; padding-top: 12vh; margin: 0; color: #1a1a1a; }}
form {{ background: #fff; padding: 28px 32px; border-radius: 8px; width: 320px;
  box-shadow: 0 1px 4px rgba(0,0,0,.15); }}
h1 {{ font-size: 20px; margin: 0 0 18px; color: #14213d; }}
label {{ display: block; margin: 10px 0 4px; font-size: 14px; }}
input[type=text], input[type=password] {{ width: 100%; box-sizing: border-box; padding: 7px;
  font-size: 15px; border: 1px solid #b8c2cc; border-radius: 4px; }}
button {{ margin-top: 18px; width: 100%; padding: 9px; font-size: 15px; background: #0b3d91;
  color: #fff; border: 0; border-radius: 4px; cursor: pointer; }}
.error {{ color: #b2182b; font-size: 14px; margin: 8px 0 0; }}
</style></head><body>{body}</body></html>"""


def _page(title: str, body: str, status: int = 200) -> Response:
    response = Response(PAGE.format(title=escape(title), body=body), status=status,
                        mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def login_form(next_path: str, error: str = "", status: int = 200) -> Response:
    message = f'<p class="error" id="login-error">{escape(error)}</p>' if error else ""
    body = (f'<form method="post" action="/login" id="login-form">'
            f"<h1>登录 Log in</h1>"
            f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(csrf_token())}">'
            f'<input type="hidden" name="next" value="{escape(next_path)}">'
            f'<label for="username">用户名 Name</label>'
            f'<input type="text" id="username" name="username" autocomplete="username" '
            f"required autofocus>"
            f'<label for="password">密码 Password</label>'
            f'<input type="password" id="password" name="password" '
            f'autocomplete="current-password" required>'
            f'{message}<button type="submit" id="login-submit">登录 Log in</button></form>')
    return _page("登录 Log in", body, status)


def _too_soon(next_path: str, wait_s: float) -> Response:
    seconds = math.ceil(wait_s)
    response = login_form(next_path, f"尝试次数过多，请 {seconds} 秒后再试 / too many attempts, "
                                     f"try again in {seconds} s", 429)
    response.headers["Retry-After"] = str(seconds)
    return response


def _state_unwritable(next_path: str) -> Response:
    """The login state file (sessions, throttle) cannot be read or written: say so, log
    where (the path is the operator's business, not the visitor's)."""
    log.exception("cannot use the login state file %s", auth_state().settings.login_state_path)
    return login_form(next_path, "登录暂不可用：服务器无法写入登录状态文件，请联系管理员 / "
                                 "logging in is unavailable: the server cannot write its "
                                 "login state file; tell the administrator", 503)


def login_view() -> Response:
    next_path = safe_next(request.values.get("next"))
    if request.method == "GET":
        return login_form(next_path)
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
        return login_form(next_path, "用户名或密码错误 / wrong name or password", 401)
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
            # cannot be read opens no session anywhere (layouts._auth fails closed)
            log.exception("cannot end a session in %s", auth_state().settings.login_state_path)
    forget_current_user()


def logout_view() -> Response:
    if request.method == "GET":
        body = (f'<form method="post" action="/logout" id="logout-form"><h1>退出 Log out</h1>'
                f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(csrf_token())}">'
                f'<button type="submit" id="logout-submit">退出 Log out</button></form>')
        return _page("退出 Log out", body)
    _end_session()
    session.clear()
    response = redirect("/login", code=303)
    response.delete_cookie("_csrf_token")
    return response
