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
from etl.importers.registry import SYNONYMS
from layouts import _state

__all__ = ["QUARANTINE_URL", "quarantine_csv", "quarantine_download"]

QUARANTINE_URL = "/import/quarantine.csv"

# a registry field -> the registry's own column name, so a downloaded quarantine, corrected,
# imports again as it is
REGISTRY_COLUMNS = {field: names[0] for field, names in SYNONYMS.items()}


def quarantine_csv(lang: str = "zh") -> bytes | None:
    """Every quarantined row as CSV (UTF-8 with BOM), or None when there is none."""
    with _state.cursor() as con:
        table = quarantine_table(con, lang=lang, fields=REGISTRY_COLUMNS)
    if table.empty:
        return None
    buffer = io.BytesIO()
    write_csv(table, buffer)
    return buffer.getvalue()


def quarantine_download():
    """GET /import/quarantine.csv[?lang=en]: every quarantined row (UTF-8 with BOM)."""
    lang = "en" if request.args.get("lang") == "en" else "zh"
    data = quarantine_csv(lang) or "\ufeff".encode()  # none: an empty file with its BOM
    return Response(data, mimetype="text/csv; charset=utf-8", headers={
        "Content-Disposition": "attachment; filename=quarantine.csv",
        "Cache-Control": "no-store"})
