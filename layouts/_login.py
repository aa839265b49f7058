"""/login and /logout: plain Flask views (no Dash), each form carrying the session's CSRF token.

Failed logins are counted per client address; after ``MAX_FAILURES`` within
``FAILURE_WINDOW_S`` seconds that address gets 429 until the window has passed (per server
process).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import defaultdict, deque

from flask import redirect, request, session
from werkzeug.wrappers import Response

from chainmap.sanitize import escape
from chainmap.users import verify_password
from layouts._auth import CSRF_FIELD, auth_state, csrf_token, password_fingerprint, safe_next

__all__ = ["login_view", "logout_view"]

MAX_FAILURES = 10
FAILURE_WINDOW_S = 300.0
_failures: dict[str, deque] = defaultdict(deque)
_failures_lock = threading.Lock()

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


def _too_many(address: str) -> bool:
    now = time.monotonic()
    with _failures_lock:
        recent = _failures[address]
        while recent and now - recent[0] > FAILURE_WINDOW_S:
            recent.popleft()
        return len(recent) >= MAX_FAILURES


def _failed(address: str) -> None:
    with _failures_lock:
        _failures[address].append(time.monotonic())


def login_view() -> Response:
    next_path = safe_next(request.values.get("next"))
    if request.method == "GET":
        return login_form(next_path)
    address = request.remote_addr or "?"
    if _too_many(address):
        return login_form(next_path, "尝试次数过多，请稍后再试 / too many attempts, try later", 429)
    user = verify_password(auth_state().current_users(), request.form.get("username", ""),
                           request.form.get("password", ""))
    if user is None:
        _failed(address)
        return login_form(next_path, "用户名或密码错误 / wrong name or password", 401)
    session.clear()  # a fresh session: no fixation
    session.permanent = True
    session.update(user=user.name, pw=password_fingerprint(user),
                   csrf=secrets.token_urlsafe(32))
    return redirect(next_path, code=303)


def logout_view() -> Response:
    if request.method == "GET":
        body = (f'<form method="post" action="/logout" id="logout-form"><h1>退出 Log out</h1>'
                f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(csrf_token())}">'
                f'<button type="submit" id="logout-submit">退出 Log out</button></form>')
        return _page("退出 Log out", body)
    session.clear()
    response = redirect("/login", code=303)
    response.delete_cookie("_csrf_token")
    return response
