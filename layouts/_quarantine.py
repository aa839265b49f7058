"""The whole quarantine as a file: GET /import/quarantine.csv (the import page links to it).

A plain Flask view, not a Dash callback: a million-row import quarantines ~80 MB of rows,
which a callback would send base64-encoded inside JSON. The path is under /import, so the
guard (layouts/_auth.py) lets editors only.
"""

from __future__ import annotations

import io

from flask import Response, request

from chainmap.export import write_csv
from chainmap.import_report import quarantine_table
from etl.importers.registry import COLUMN_NAMES
from layouts import _state

__all__ = ["QUARANTINE_URL", "quarantine_csv", "quarantine_download", "quarantine_url"]

QUARANTINE_URL = "/import/quarantine.csv"

def quarantine_csv(lang: str = "zh", status: str | None = None) -> bytes | None:
    """Every quarantined row (or those of one status) as CSV (UTF-8 with BOM), or None when
    there is none."""
    with _state.cursor() as con:
        table = quarantine_table(con, status=status, lang=lang, fields=COLUMN_NAMES)
    if table.empty:
        return None
    buffer = io.BytesIO()
    write_csv(table, buffer)
    return buffer.getvalue()


def quarantine_url(lang: str, status: str | None = None) -> str:
    query = "&".join(p for p in ("lang=en" if lang == "en" else "",
                                 f"status={status}" if status else "") if p)
    return QUARANTINE_URL + (f"?{query}" if query else "")


def quarantine_download():
    """GET /import/quarantine.csv[?lang=en][&status=rejected|flagged]: the quarantined rows
    (UTF-8 with BOM). The rejected ones are the rows to fix and import again; flagged rows
    were loaded already."""
    lang = "en" if request.args.get("lang") == "en" else "zh"
    status = request.args.get("status")
    status = status if status in ("rejected", "flagged") else None
    data = quarantine_csv(lang, status) or "\ufeff".encode()  # none: an empty file
    return Response(data, mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": "attachment; filename=quarantine.csv",
        "Cache-Control": "no-store"})
