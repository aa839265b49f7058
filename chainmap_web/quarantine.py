"""The whole quarantine as a file: GET /import/quarantine.csv (the import page links to it).

A plain Flask view, not a Dash callback: a million-row import quarantines ~80 MB of rows,
which a callback would send base64-encoded inside JSON. The path is under /import, so the
guard (chainmap_web/auth.py) lets editors only.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from flask import Response, request

from chainmap.render.export import csv_chunks
from chainmap.selection import lang_of
from chainmap.views.import_report import iter_quarantine_tables
from chainmap_web import state as _state
from etl.importers.registry import COLUMN_NAMES

__all__ = ["QUARANTINE_URL", "quarantine_chunks", "quarantine_csv", "quarantine_download",
           "quarantine_url"]

QUARANTINE_URL = "/import/quarantine.csv"


def quarantine_chunks(lang: str = "zh", status: str | None = None) -> Iterator[bytes]:
    """Every quarantined row (or those of one status) as CSV (UTF-8 with BOM), piece by
    piece: a download of a million-row import's quarantine starts at once and never holds
    the whole file (the cursor stays open until the last piece)."""
    with _state.cursor() as con:
        yield from csv_chunks(iter_quarantine_tables(con, status=status, lang=lang,
                                                     fields=COLUMN_NAMES))


def quarantine_csv(lang: str = "zh", status: str | None = None) -> bytes | None:
    """``quarantine_chunks`` as one value, or None when there is no row."""
    data = b"".join(quarantine_chunks(lang, status))
    return data if data != "\ufeff".encode() else None


def quarantine_url(lang: str, status: str | None = None) -> str:
    query = "&".join(p for p in ("lang=en" if lang == "en" else "",
                                 f"status={status}" if status else "") if p)
    return QUARANTINE_URL + (f"?{query}" if query else "")


def quarantine_download():
    """GET /import/quarantine.csv[?lang=en][&status=rejected|flagged]: the quarantined rows
    (UTF-8 with BOM). The rejected ones are the rows to fix and import again; flagged rows
    were loaded already."""
    lang = lang_of(request.args.get("lang"))
    status = request.args.get("status")
    status = status if status in ("rejected", "flagged") else None
    chunks = quarantine_chunks(lang, status)
    # the BOM and the first rows read before the response starts: a damaged database raises
    # DatabaseUnreadableError here (a 503 page, chainmap_web/unreadable), not in a cut download
    head = list(itertools.islice(chunks, 2))
    return Response(itertools.chain(head, chunks), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": "attachment; filename=quarantine.csv",
                             "Cache-Control": "no-store"})
