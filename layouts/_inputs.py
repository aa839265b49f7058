"""What a callback receives from the browser, checked once where it enters.

A Dash callback's inputs are whatever the client posts: a dropdown's value can arrive as
a number, a list or the id of a chain renamed since the page was drawn. The callbacks read
them through these functions: a selection (chain, region) is a known id or the callback
changes nothing (``PreventUpdate``); any other value is the type the callback works with or
its empty default. Nothing reaches the library that it would answer with an exception.
The pages callback's own location inputs (pathname, search) are checked by the guard
(``chainmap_web.auth``: 400 for one Dash's router cannot take).
"""

from __future__ import annotations

from dash.exceptions import PreventUpdate

from layouts._components import drawable_chain, drawable_region

__all__ = ["PAGE_MAX", "dict_of", "known_chain", "known_region", "list_of", "page_of",
           "text_of"]

PAGE_MAX = 10 ** 9  # a page number beyond any table (OFFSET stays a 64-bit number)


def text_of(value: object, default: str = "") -> str:
    return value if isinstance(value, str) else default


def dict_of(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def list_of(value: object) -> list:
    return value if isinstance(value, list) else []


def page_of(value: object) -> int:
    """A table page number: an int from 0 to PAGE_MAX, else the first page."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= PAGE_MAX:
        return value
    return 0


def known_chain(value: object, *, allow_all: bool = False) -> str:
    """The selected chain id; "" (all chains) where the control offers it; anything else
    changes nothing."""
    if allow_all and value in ("", None):
        return ""
    chain = drawable_chain(value, allow_all=True)
    if not chain:
        raise PreventUpdate
    return chain


def known_region(value: object) -> str:
    """The selected region id (an adcode, a zone, 'chengyu'); anything else changes nothing."""
    region = drawable_region(value, default="")
    if not region:
        raise PreventUpdate
    return region
