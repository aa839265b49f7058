"""The app's URLs: its pages in navigation order, and the query string of a view.

Plain functions over the query string (no Dash): the login page (chainmap_web.login) and the
pages' shell (layouts.app) draw the same navigation from them.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from chainmap.text.ui import t

__all__ = ["CARRIED", "NAV", "lang_of", "nav_links", "query_of", "with_query"]

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


def nav_links(search: str | None) -> tuple[list[str], list[str]]:
    """Labels and hrefs of the navigation for the current URL (language, chain, region kept)."""
    query = query_of(search)
    lang = query.get("lang", "zh")
    kept = {k: v for k, v in query.items() if k in CARRIED and v}
    suffix = f"?{urlencode(kept)}" if kept else ""
    return [t(f"nav_{key}", lang) for key, _ in NAV], [path + suffix for _, path in NAV]
