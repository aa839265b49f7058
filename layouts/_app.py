"""The Dash app factory: the shell (header, navigation, language switch) around the pages."""

from __future__ import annotations

import gc
import importlib
from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode

import dash
import flask
from dash import Dash, Input, Output, State, callback, dcc, html

from chainmap.config import Settings
from chainmap.db import DatabaseUnreadableError
from layouts import _state
from layouts._auth import current_user, install_auth
from layouts._i18n import t
from layouts._inputs import text_of
from layouts._prewarm import start_watcher
from layouts._quarantine import QUARANTINE_URL, quarantine_download
from layouts._titles import served_title
from layouts._unreadable import on_callback_error, unreadable_response
from layouts._upload import UPLOAD_URL, remove_stale_uploads, upload_view

__all__ = ["create_app", "lang_of", "query_change", "query_of", "with_query"]

HERE = Path(__file__).resolve().parent
NAV = [("overview", "/"), ("chain", "/chain"), ("map", "/map"), ("targets", "/targets"),
       ("firms", "/firms"), ("present", "/present")]
CARRIED = ("lang", "chain", "region")  # query keys a navigation link keeps


def query_of(search: str | None) -> dict[str, str]:
    """The URL query string as a dict (a callback's ``url.search`` comes from the client: any
    other value than a string is no query)."""
    return dict(parse_qsl(search.lstrip("?"))) if isinstance(search, str) else {}


def lang_of(search: str | None) -> str:
    return "en" if query_of(search).get("lang") == "en" else "zh"


def with_query(search: str | None, **updates: str | None) -> str:
    """The URL query string with some keys set (or removed when None/empty)."""
    query = query_of(search)
    for key, value in updates.items():
        if value:
            query[key] = value
        else:
            query.pop(key, None)
    return f"?{urlencode(query)}" if query else ""


def query_change(search: str | None, defaults: dict[str, str], reset: tuple[str, ...] = (),
                 **values: str | None):
    """The new query string when a selector really changed the view, else no_update.

    Dropdowns report their value when a page is first drawn; that must not rewrite the URL
    (it would drop keys such as the selected node). `reset` keys are dropped on a change.
    """
    query = query_of(search)
    if all((query.get(k) or defaults.get(k, "")) == (v or "") for k, v in values.items()):
        return dash.no_update
    cleaned = {k: (None if v == defaults.get(k) else v) for k, v in values.items()}
    return with_query(search, **cleaned, **dict.fromkeys(reset))


def account_links(lang: str = "zh", here: str = "") -> list:
    """Import (editors) and the login state; plain links, so the server's guard sees them.
    Logging in comes back to `here` (the page and its query: its view and language).

    Reads this request's session: the shell's layout request, or the callback that
    re-labels the links when the URL changes (``translate_account``)."""
    user = current_user()
    links = [html.A(t("nav_import", lang), href="/import?lang=en" if lang == "en" else "/import",
                    id="nav-import")]
    if user is None:
        login = "/login" + (f"?next={quote(here, safe='')}" if here not in ("", "/") else "")
        return [*links, html.A(t("log_in", lang), href=login, id="nav-login")]
    return [*links, html.Span(t("who", lang).format(name=user.name, role=user.role),
                              className="who"),
            html.A(t("log_out", lang), href="/logout", id="nav-logout")]


def shell() -> html.Div:
    return html.Div(className="shell", children=[
        dcc.Location(id="url", refresh="callback-nav"),
        html.Header(className="topbar", children=[
            html.Span(t("app_title"), className="brand", id="brand"),
            html.Nav([dcc.Link(t(f"nav_{key}"), href=path, id=f"nav-{key}")
                      for key, path in NAV], className="nav"),
            html.Div(account_links(), className="account", id="account"),
            html.Button(t("lang_switch"), id="lang-toggle", className="lang-toggle"),
        ]),
        html.Main(dash.page_container, className="page"),
    ])


def titled_index(app: Dash) -> None:
    """The HTML the server sends titled with its view (layouts._titles.served_title: chain,
    region, page, in the page's language), not the app's bare name until a script renames
    it: link previews and early bookmarks name the view. Dash's router then sets each
    navigation's title from the page's registered title (the same function)."""
    interpolate = app.interpolate_index

    def interpolate_index(**kwargs) -> str:
        return interpolate(**{**kwargs, "title": served_title(flask.request.path)})

    app.interpolate_index = interpolate_index


def ready_to_serve(app: Dash) -> Dash:
    """Run Dash's one-time setup now, before any request.

    Dash does it on a worker's first request, and marks it done before it has copied the
    pages' callbacks into the app: with threads (gunicorn ``--threads``, Flask's threaded
    server), a second request in the same moment can find no callback for its output and
    fail with a 500 (seen once in the load test). The setup renders the layout, which reads
    the visitor's session, hence the request context."""
    with app.server.test_request_context("/"):
        app._setup_server()  # Dash's own first-request hook, run ahead of time
    settle_memory()
    start_watcher()  # the pages' reports computed now and after every swap (layouts/_prewarm)
    return app


def settle_memory() -> None:
    """Move what is alive now (modules, Dash's registries, the pages) out of the garbage
    collector's sight: a full collection during a request then walks only that request's
    objects. Measured at 1M firms (20 cold calls): the targets page's p95 240 -> 186 ms and
    the chain node click's 240 -> 163 ms; their medians are unchanged."""
    gc.collect()
    gc.freeze()


# the page modules, imported by create_app (not found in a pages folder by Dash, which would
# load a second copy of each under another name beside any `import layouts.firms`)
PAGES = ("overview", "chain", "map", "targets", "firms", "present", "imports")


def create_app(settings: Settings) -> Dash:
    _state.configure(settings)
    app = Dash(__name__, use_pages=True, pages_folder="",
               assets_folder=str(HERE / "assets"), title="chainmap", update_title=None,
               suppress_callback_exceptions=True, serve_locally=True,
               on_error=on_callback_error)  # a damaged database: a page, not a 500
    for page in PAGES:  # each registers itself on its first import, after the Dash app exists
        module = importlib.import_module(f"layouts.{page}")
        dash.page_registry[module.__name__]["layout"] = module.layout
    app.layout = shell
    titled_index(app)
    install_auth(app, settings)  # login, roles, CSRF, upload limit: layouts/_auth.py
    app.server.add_url_rule(QUARANTINE_URL, "chainmap_quarantine", quarantine_download)
    app.server.add_url_rule(UPLOAD_URL, "chainmap_upload", upload_view, methods=["POST"])
    app.server.register_error_handler(DatabaseUnreadableError, unreadable_response)
    remove_stale_uploads()  # uploads a day old (and broken ones) left while the app was down
    settle_memory()
    return app


@callback(Output("url", "search", allow_duplicate=True), Input("lang-toggle", "n_clicks"),
          State("url", "search"), prevent_initial_call=True)
def toggle_language(_clicks: int, search: str) -> str:
    return with_query(search, lang=None if lang_of(search) == "en" else "en")


def nav_links(search: str | None) -> tuple[list[str], list[str]]:
    """Labels and hrefs of the navigation for the current URL (language, chain, region kept)."""
    query = query_of(search)
    lang = query.get("lang", "zh")
    kept = {k: v for k, v in query.items() if k in CARRIED and v}
    suffix = f"?{urlencode(kept)}" if kept else ""
    return [t(f"nav_{key}", lang) for key, _ in NAV], [path + suffix for _, path in NAV]


@callback(Output("brand", "children"), Output("lang-toggle", "children"),
          *[Output(f"nav-{key}", "children") for key, _ in NAV],
          *[Output(f"nav-{key}", "href") for key, _ in NAV],
          Input("url", "search"))
def translate_shell(search: str):
    lang = lang_of(search)
    labels, hrefs = nav_links(search)
    return t("app_title", lang), t("lang_switch", lang), *labels, *hrefs


# Its own callback, not more outputs of translate_shell: the login and logout links exist
# only in some sessions, so the whole account area is drawn again (and bench/locustfile.py
# posts translate_shell's exact outputs).
@callback(Output("account", "children"), Input("url", "search"), Input("url", "pathname"))
def translate_account(search: str, pathname: str | None = None):
    here = (text_of(pathname) or "/") + text_of(search)
    return account_links(lang_of(search), here)
