"""The one text catalogue: every word the pages, the web server, the command line and the
exports print, keyed by code, 简体中文 first, English second. The library and the ETL return
codes and values; the edge (a page, a CLI table, an export) picks the language with
``t(code, lang, **values)``.

The catalogue is assembled from its parts by area; a code defined twice stops the import.
The code tables (chainmap.text.catalogue.codes: statuses, roles, precisions, methods, review
reasons, file warnings; chainmap.text.catalogue.import_codes: an import's reasons, a
quarantined row's outcome, an input field's name) and the targets' reasons are in it as
``<prefix>_<code>``."""

from __future__ import annotations

from chainmap.text.catalogue.accounts_imports import ACCOUNTS_IMPORTS
from chainmap.text.catalogue.codes import (
    DESIGNATIONS,
    FILE_WARNINGS,
    LABELS,
    METHODS,
    PRECISIONS,
    REVIEW_REASONS,
    ROLES,
    STATUSES,
    TABLES,
    TIERS,
)
from chainmap.text.catalogue.columns import COLUMNS
from chainmap.text.catalogue.exports import EXPORTS
from chainmap.text.catalogue.import_codes import (
    IMPORT_REASONS,
    QUARANTINE_FILE_COLUMNS,
    QUARANTINE_STATUSES,
    RAW_FIELDS,
)
from chainmap.text.catalogue.pages import PAGES
from chainmap.text.catalogue.refusals import NOT_A_FILE, REFUSALS
from chainmap.text.catalogue.report_columns import REPORT_COLUMNS_TEXT
from chainmap.text.catalogue.target_reasons import DISTANCES, TARGET_REASONS

__all__ = [
    "CATALOGUE",
    "DESIGNATIONS",
    "FILE_WARNINGS",
    "IMPORT_REASONS",
    "LABELS",
    "LANGS",
    "METHODS",
    "PARTS",
    "PRECISIONS",
    "QUARANTINE_FILE_COLUMNS",
    "QUARANTINE_STATUSES",
    "RAW_FIELDS",
    "REVIEW_REASONS",
    "ROLES",
    "STATUSES",
    "TARGET_REASONS",
    "TIERS",
    "headers",
    "label",
    "t",
    "words",
]

LANGS = ("zh", "en")
Words = tuple[str, str]

# each part of the catalogue: its name (where it is written) -> its codes
PARTS: dict[str, dict[str, Words]] = {
    "columns": COLUMNS, "pages": PAGES, "accounts_imports": ACCOUNTS_IMPORTS,
    "exports": EXPORTS, "report_columns": REPORT_COLUMNS_TEXT,
    **{f"codes.{prefix}": {f"{prefix}_{code}": w for code, w in table.items()}
       for prefix, table in {**TABLES, "import_reason": IMPORT_REASONS,
                             "quarantine_status": QUARANTINE_STATUSES,
                             "raw_field": RAW_FIELDS, "refusal": REFUSALS,
                             "not_a_file": NOT_A_FILE,
                             "quarantine_file": QUARANTINE_FILE_COLUMNS}.items()},
    "target_reasons": {f"target_reason_{code}": w for code, w in TARGET_REASONS.items()},
    "distances": DISTANCES,
}


def _assembled(parts: dict[str, dict[str, Words]]) -> dict[str, Words]:
    """The parts in one dict; a code in two parts is an error (one wording per code)."""
    out: dict[str, Words] = {}
    where: dict[str, str] = {}
    for name, part in parts.items():
        for code, words in part.items():
            if code in out:
                raise ValueError(f"text code {code!r} is in both {where[code]} and {name}")
            out[code], where[code] = words, name
    return out


CATALOGUE: dict[str, Words] = _assembled(PARTS)


def t(code: str, lang: str = "zh", **values) -> str:
    """The text of `code` in `lang` (``en``; anything else is Chinese), its ``{fields}``
    filled with `values` when any are given."""
    zh, en = CATALOGUE[code]
    text = en if lang == "en" else zh
    return text.format(**values) if values else text


def headers(columns: dict[str, str], lang: str = "zh") -> dict[str, str]:
    """A table's columns (column -> its header's code) as column -> header in `lang`."""
    return {column: t(code, lang) for column, code in columns.items()}


def words(table: dict[str, Words], lang: str = "zh") -> dict[str, str]:
    """A code table (STATUSES, ROLES …) as code -> its text in `lang`."""
    return {code: w[1 if lang == "en" else 0] for code, w in table.items()}


def label(table: dict[str, Words], code, lang: str = "zh"):
    """`code`'s text in `lang` from a code table; a code the table does not know as it is."""
    found = table.get(code)
    return code if found is None else found[1 if lang == "en" else 0]
