"""The app's URLs: its pages in navigation order, the query string of a view, and the
selection (chain, region, language) it asks for, parsed once where the request enters.

Plain functions over the query string (no Dash): the login page (chainmap_web.login) and the
pages' shell (layouts.app) draw the same navigation from them; a page's layout and callbacks
read their selection through ``selection_of`` (chainmap.selection.drawable: an unknown value
is drawn as the default) and pass the Selection down.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode

from chainmap.selection import (
    DEFAULT_CHAIN,
    DEFAULT_REGION,
    Lang,
    Selection,
    drawable,
    query_chain_ids,
    query_region_ids,
)
from chainmap.selection import lang_of as language
from chainmap.text.ui import t
from chainmap_web import state as _state

__all__ = ["CARRIED", "DEFAULTS", "NAV", "chain_ids", "lang_of", "nav_links", "query_of",
           "region_ids", "selection_of", "with_query"]

NAV = [("overview", "/"), ("chain", "/chain"), ("map", "/map"), ("targets", "/targets"),
       ("firms", "/firms"), ("present", "/present")]
CARRIED = ("lang", "chain", "region")  # query keys a navigation link keeps
DEFAULTS = {"chain": DEFAULT_CHAIN, "region": DEFAULT_REGION}  # what a URL without them shows


def query_of(search: str | None) -> dict[str, str]:
    """The URL query string as a dict (a callback's ``url.search`` comes from the client: any
    other value than a string is no query)."""
    return dict(parse_qsl(search.lstrip("?"))) if isinstance(search, str) else {}


def lang_of(search: str | None) -> Lang:
    return language(query_of(search).get("lang"))


def chain_ids() -> tuple[str, ...]:
    """The database's chain ids, in the order the chain switch lists them."""
    return _state.cached(query_chain_ids)


def region_ids() -> frozenset[str]:
    return _state.cached(query_region_ids)


def selection_of(query: str | Mapping | None, *, allow_all: bool = False) -> Selection:
    """The selection a URL asks for: its query string (a callback's ``url.search``) or its
    keys (a page's layout arguments). Checked once, here: an unknown, empty or hostile chain
    or region is drawn as the default (with `allow_all`, an unknown chain is "": all chains),
    a language other than "en" is Chinese."""
    if not isinstance(query, Mapping):
        query = query_of(query)
    return drawable(chain_ids(), region_ids(), query.get("chain"), query.get("region"),
                    query.get("lang"), allow_all=allow_all)


def with_query(search: str | None, **updates: str | None) -> str:
    """The URL query string with some keys set (or removed when None/empty)."""
    query = query_of(search)
    for key, value in updates.items():
        if value:
            query[key] = value
        else:
            query.pop(key, None)
    return f"?{urlencode(query)}" if query else ""


def nav_links(search: str | None) -> tuple[list[str], list[str]]:
    """Labels and hrefs of the navigation for the current URL (language, chain, region kept)."""
    query = query_of(search)
    lang = query.get("lang", "zh")
    kept = {k: v for k, v in query.items() if k in CARRIED and v}
    suffix = f"?{urlencode(kept)}" if kept else ""
    return [t(f"nav_{key}", lang) for key, _ in NAV], [path + suffix for _, path in NAV]
