"""A page's title: the chain and region it shows, the page, the app, in the page's language.

One function (``view_title``) names a view from its page and URL query; it titles the HTML the
server sends (``served_title``: link previews and bookmarks see it before any script runs), the
pages' ``og:title`` and Dash's title store on every navigation (``titled``: the callable each
page registers as its title).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from urllib.parse import parse_qsl

import flask
from dash import callback_context
from dash.exceptions import MissingCallbackContextException

from chainmap.db import DatabaseUnreadableError
from chainmap.queries import query_chains, query_region_name
from chainmap.selection import DEFAULT_REGION, lang_of
from chainmap.text.captions import caption
from chainmap.text.ui import page_title
from chainmap_web import state as _state
from layouts._components import drawable_chain, drawable_region

__all__ = ["PAGE_PATHS", "TITLE_PARTS", "served_title", "titled", "view_title"]

# page key -> its path
PAGE_PATHS = {"overview": "/", "chain": "/chain", "map": "/map", "targets": "/targets",
              "firms": "/firms", "present": "/present", "import": "/import"}
# what a page's title names before the page's own name: its chain, its region (the map: the
# area it draws). A page where "all chains" is a view names a chain only when one is chosen.
TITLE_PARTS = {"overview": ("region",), "chain": ("chain", "region"),
               "map": ("any_chain", "map_area"), "targets": ("chain", "region"),
               "firms": ("any_chain",), "present": ("chain", "region"), "import": ()}
APP = "chainmap"


def _query(search: str) -> dict[str, str]:
    return dict(parse_qsl(search.lstrip("?")))


def chain_title(chain: str, lang: str) -> str:
    """A chain's name in `lang` (its id when the database has no name for it)."""
    chains = _state.cached(query_chains)
    names = dict(chains[["id", "name_en" if lang == "en" else "name"]]
                 .itertuples(index=False))
    name = names.get(chain)
    return name if isinstance(name, str) and name else chain


def _part(part: str, query: dict[str, str], lang: str) -> str | None:
    if part in ("chain", "any_chain"):
        chain = drawable_chain(query.get("chain"), allow_all=part == "any_chain")
        return chain_title(chain, lang) if chain else None
    if part == "map_area":
        return caption("region_chengyu", lang) if query.get("overlay") == "chengyu" \
            else _state.cached(query_region_name, DEFAULT_REGION, lang)
    return _state.cached(query_region_name, drawable_region(query.get("region")), lang)


def view_title(page: str, query: dict[str, str] | None = None) -> str:
    """The title of `page` showing the view of the URL `query` (chain, region, lang), e.g.
    "轨道交通装备 · 重庆市 · 产业链图 · chainmap". Values are read as the page reads them (an
    unknown chain or region: the page's default); a database that cannot be read leaves the
    page's own name."""
    query = query or {}
    lang = lang_of(query.get("lang"))
    try:
        parts = [_part(p, query, lang) for p in TITLE_PARTS.get(page, ())]
    except DatabaseUnreadableError:
        parts = []
    return " · ".join([*(p for p in parts if p), page_title(page, lang)])


def request_query() -> dict[str, str]:
    """The query of the view being drawn: the pages callback's location search (Dash's router
    calls a page's title there), else this request's own query string (the page's HTML)."""
    try:
        search = callback_context.inputs.get("_pages_location.search")
    except (MissingCallbackContextException, LookupError):  # no callback (its context
        # variable unset in this thread: LookupError)
        search = None
        if flask.has_request_context():
            search = flask.request.query_string.decode("utf-8", "replace")
    return _query(search) if isinstance(search, str) else {}


def titled(page: str) -> Callable[..., str]:
    """`page`'s title for ``dash.register_page``: Dash calls it (with the path's variables,
    none here) for the HTML's og:title and on every navigation (its title store)."""
    def title(**_path_variables) -> str:
        return view_title(page, request_query())
    return title


def served_title(path: str) -> str:
    """The <title> of the HTML the server sends for `path` (escaped): its view's title; an
    unknown path the app's name."""
    page = next((key for key, p in PAGE_PATHS.items() if p == path), None)
    return escape(view_title(page, request_query()) if page else APP)
