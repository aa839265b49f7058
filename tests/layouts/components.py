"""Reading a rendered Dash layout in tests: its components, and the text a visitor sees."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

# CJK ideographs and punctuation, full-width forms: text that is Chinese, not English
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


def walk(node) -> Iterator:
    """Every component in a layout, depth first."""
    if isinstance(node, list | tuple):
        for item in node:
            yield from walk(item)
    elif hasattr(node, "to_plotly_json"):
        yield node
        yield from walk(getattr(node, "children", None))


def find(node, component_id: str):
    return next(c for c in walk(node) if getattr(c, "id", None) == component_id)


def visible_texts(node) -> list[str]:
    """The labels a visitor reads: text children, placeholders, option labels, column
    headers (not table cells: those are data)."""
    out = []
    for component in walk(node):
        children = getattr(component, "children", None)
        for child in children if isinstance(children, list | tuple) else [children]:
            if isinstance(child, str | int | float):
                out.append(str(child))
        if getattr(component, "placeholder", None):
            out.append(component.placeholder)
        out += [str(o["label"]) for o in getattr(component, "options", None) or []]
        out += [c["name"] for c in getattr(component, "columns", None) or []]
    return out


def outside_quotes(text: str) -> str:
    """`text` without what it quotes (“…”, nested quotes counted)."""
    depth, out = 0, []
    for ch in text:
        if ch == "“":
            depth += 1
        elif ch == "”":
            depth = max(depth - 1, 0)
        elif not depth:
            out.append(ch)
    return "".join(out)


def chinese(texts: list[str]) -> list[str]:
    return [s for s in texts if CJK.search(s)]


@contextmanager
def app_on(settings):
    """The app created on ``settings`` (its pages then read that database), the pages' earlier
    settings put back afterwards."""
    from chainmap_web import state as _state
    from layouts.app import create_app

    before = _state._state["settings"]
    try:
        yield create_app(settings)
    finally:
        if before is not None:
            _state.configure(before)
