"""The page shown while the database file cannot be read, and the hooks that show it.

A damaged database — truncated, bit-flipped, empty, not a DuckDB file, unreadable, gone —
makes ``chainmap_web.state.cursor`` raise DatabaseUnreadableError (``chainmap.db.read_faults``),
at the open or at the query that reads a damaged block. The pages callback then draws this
page in the view's place; any other callback leaves its outputs as they are and puts the
page in the view's place too; a plain route (the quarantine download) answers 503 with it.
Both languages at once: the language switch is no help on a page that cannot be drawn.
Nothing is kept: once the file is rebuilt, the next request opens the new one (the swap
check of ``_state.cursor``) and the pages come back.
"""

from __future__ import annotations

from html import escape

from dash import ctx, html, set_props

from chainmap.db import (
    DatabaseMissingError,
    DatabaseUnreadableError,
    rebuild_command,
    store_name,
)
from chainmap.text.ui import t
from chainmap_web import state as _state

__all__ = ["COMMAND_ID", "PAGE_CONTENT", "PAGE_ID", "on_callback_error", "unreadable_page",
           "unreadable_response"]

PAGE_CONTENT = "_pages_content"  # dash.page_container's view (Dash's own id)
# this page's component ids: named here, not in layouts/ids.py (the web server imports no
# pages); tests/layouts/test_ids.py keeps them apart from the pages' ids
PAGE_ID = "db-unreadable"
COMMAND_ID = "db-unreadable-command"
PARAGRAPHS = ("db_unreadable_body", "db_unreadable_rebuild", "db_unreadable_imports",
              "db_unreadable_reload")


def fault_of(error: BaseException) -> DatabaseUnreadableError | None:
    """The database fault behind a callback's error; None for any other error."""
    if isinstance(error, DatabaseUnreadableError):
        return error
    if isinstance(error, DatabaseMissingError):  # removed between the check and the open
        return DatabaseUnreadableError(_state.settings().db_path, "no such file")
    return None


def _texts(fault: DatabaseUnreadableError) -> list[tuple[str, str, str]]:
    """(key, 中文, English) of each paragraph, filled in."""
    values = {"path": str(fault.path), "reason": fault.reason,
              "store": store_name(fault.path)}
    return [(key, t(key, "zh").format(**values), t(key, "en").format(**values))
            for key in PARAGRAPHS]


def unreadable_page(fault: DatabaseUnreadableError) -> html.Div:
    """What every view shows while the database cannot be read: the file, why, the command
    that rebuilds it, and that committed imports survive it."""
    title = f"{t('db_unreadable_title', 'zh')} · {t('db_unreadable_title', 'en')}"
    children: list = [html.H2(title, style={"color": "#a50026"})]
    for key, zh, en in _texts(fault):
        children += [html.P(zh, lang="zh", style={"margin": "14px 0 2px"}),
                     html.P(en, lang="en", style={"margin": "0 0 6px", "color": "#555"})]
        if key == "db_unreadable_rebuild":
            children.append(html.Pre(rebuild_command(fault.path), id=COMMAND_ID,
                                     className="error-box"))
    return html.Div(children, id=PAGE_ID, className="overview-page",
                    style={"maxWidth": "880px", "margin": "0 auto", "padding": "24px 16px"})


def on_callback_error(error: Exception):
    """Dash's ``on_error`` for every callback: a database fault shows the page (the pages
    callback returns it; any other sets it as the view and updates none of its outputs);
    any other error is raised again, as without the hook."""
    fault = fault_of(error)
    if fault is None:
        raise error
    page = unreadable_page(fault)
    outputs = ctx.outputs_list
    if isinstance(outputs, list) and outputs and isinstance(outputs[0], dict) \
            and outputs[0].get("id") == PAGE_CONTENT:  # the pages callback
        return [page if spec.get("id") == PAGE_CONTENT
                else {"title": f"{t('db_unreadable_title', 'zh')} · chainmap"}
                for spec in outputs]
    set_props(PAGE_CONTENT, {"children": page})
    return None  # no update of the callback's own outputs


def unreadable_response(error: DatabaseUnreadableError) -> tuple[str, int, dict]:
    """A Flask error handler: the page as plain HTML, 503 (service unavailable)."""
    body = "".join(f"<p lang=\"zh\">{escape(zh)}</p><p lang=\"en\">{escape(en)}</p>"
                   + (f"<pre>{escape(rebuild_command(error.path))}</pre>"
                      if key == "db_unreadable_rebuild" else "")
                   for key, zh, en in _texts(error))
    title = escape(f"{t('db_unreadable_title', 'zh')} · {t('db_unreadable_title', 'en')}")
    page = (f"<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title>"
            f"</head><body><h2>{title}</h2>{body}</body></html>")
    return page, 503, {"Content-Type": "text/html; charset=utf-8", "Retry-After": "60"}
