"""The Dash app factory: the shell (header, navigation, language switch) around the pages."""

from __future__ import annotations

import gc
import importlib
from pathlib import Path
from urllib.parse import quote

import dash
import flask
from dash import Dash, Input, Output, State, callback, dcc, html

from chainmap.config import Settings
from chainmap.text.ui import t
from chainmap_web import state as _state
from chainmap_web.auth import current_user
from chainmap_web.prewarm import start_watcher
from chainmap_web.server import install_server
from chainmap_web.unreadable import on_callback_error
from chainmap_web.urls import NAV, lang_of, nav_links, query_of, with_query
from layouts._inputs import text_of
from layouts._titles import served_title
from layouts.ids import Id, nav_link

__all__ = ["create_app", "query_change", "ready_to_serve"]

HERE = Path(__file__).resolve().parent
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
                    id=Id.NAV_IMPORT)]
    if user is None:
        login = "/login" + (f"?next={quote(here, safe='')}" if here not in ("", "/") else "")
        return [*links, html.A(t("log_in", lang), href=login, id=Id.NAV_LOGIN)]
    return [*links, html.Span(t("who", lang).format(name=user.name, role=user.role),
                              className="who"),
            html.A(t("log_out", lang), href="/logout", id=Id.NAV_LOGOUT)]


def shell() -> html.Div:
    return html.Div(className="shell", children=[
        dcc.Location(id=Id.URL, refresh="callback-nav"),
        html.Header(className="topbar", children=[
            html.Span(t("app_title"), className="brand", id=Id.BRAND),
            html.Nav([dcc.Link(t(f"nav_{key}"), href=path, id=nav_link(key))
                      for key, path in NAV], className="nav"),
            html.Div(account_links(), className="account", id=Id.ACCOUNT),
            html.Button(t("lang_switch"), id=Id.LANG_TOGGLE, className="lang-toggle"),
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
    start_watcher()  # the pages' reports computed now and after every swap (chainmap_web/prewarm)
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
    install_server(app, settings)  # login, roles, CSRF, uploads: chainmap_web/server.py
    settle_memory()
    return app


@callback(Output(Id.URL, "search", allow_duplicate=True), Input(Id.LANG_TOGGLE, "n_clicks"),
          State(Id.URL, "search"), prevent_initial_call=True)
def toggle_language(_clicks: int, search: str) -> str:
    return with_query(search, lang=None if lang_of(search) == "en" else "en")


@callback(Output(Id.BRAND, "children"), Output(Id.LANG_TOGGLE, "children"),
          *[Output(nav_link(key), "children") for key, _ in NAV],
          *[Output(nav_link(key), "href") for key, _ in NAV],
          Input(Id.URL, "search"))
def translate_shell(search: str):
    lang = lang_of(search)
    labels, hrefs = nav_links(search)
    return t("app_title", lang), t("lang_switch", lang), *labels, *hrefs


# Its own callback, not more outputs of translate_shell: the login and logout links exist
# only in some sessions, so the whole account area is drawn again (and bench/locustfile.py
# posts translate_shell's exact outputs).
@callback(Output(Id.ACCOUNT, "children"), Input(Id.URL, "search"), Input(Id.URL, "pathname"))
def translate_account(search: str, pathname: str | None = None):
    here = (text_of(pathname) or "/") + text_of(search)
    return account_links(lang_of(search), here)
