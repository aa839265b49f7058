"""The bad-input corpus: each case, its importer and the outcome it must give.

Outcomes:

- ``error``: the import is refused with a message containing ``message``; the database
  file stays byte-identical and no import folder is added;
- ``quarantined``: the import goes through and the rows named in ``reasons`` are in the
  quarantine with those codes (``rejected`` rows are not loaded);
- ``accepted``: the import goes through; ``check(outcome)`` asserts what must hold (names
  stored literally, escaped on output, formulas neutralised in CSV/XLSX exports …).

``docs/reliability.md`` ("Bad input") lists the same cases in a table.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook

from chainmap.db import connect
from chainmap.render.export import FORMULA_PREFIXES
from chainmap.text.sanitize import escape, plotly_text
from tests.corpus import build

__all__ = ["CASES", "Case", "Outcome"]


@dataclass
class Outcome:
    """What a case's check gets: the settings, the report and a way to export firms."""

    settings: object
    report: dict
    export: Callable[[str, Path], Path]  # ("csv" | "xlsx", path) -> the `firms` export
    folder: Path

    def batch_names(self) -> list[str]:
        with connect(self.settings.db_path) as con:
            return [r[0] for r in con.execute(
                "SELECT f.full_name FROM firm_source s JOIN dim_firm f USING (firm_id) "
                "WHERE s.batch_id = ? ORDER BY s.row_no", [self.report["batch"]]).fetchall()]

    def firm_count(self) -> int:
        with connect(self.settings.db_path) as con:
            return con.execute("SELECT count(*) FROM dim_firm").fetchone()[0]

    def csv_cells(self) -> list[str]:
        path = self.export("csv", self.folder / "firms.csv")
        with path.open(encoding="utf-8-sig", newline="") as f:
            return [cell for line in csv.reader(f) for cell in line]

    def xlsx_cells(self) -> list:
        path = self.export("xlsx", self.folder / "firms.xlsx")
        sheet = load_workbook(path).active
        return [c for line in sheet.iter_rows() for c in line]


@dataclass(frozen=True)
class Case:
    id: str
    make: Callable[[Path], Path]
    kind: str = "qcc"
    expect: str = "accepted"              # error | quarantined | accepted
    message: str = ""                     # error: a substring of the message
    reasons: tuple[str, ...] = ()         # quarantined: codes that must be present
    check: Callable[[Outcome], None] | None = None
    mapping: Callable[[Path], Path] | None = None
    env: dict = field(default_factory=dict)  # settings for this case (CHAINMAP_*)


# --- checks ---------------------------------------------------------------------------

def both_firms(outcome: Outcome) -> None:
    assert outcome.report["accepted"] == 2 and outcome.report["quarantined"] == 0
    assert outcome.batch_names() == [build.FIRM_A, build.FIRM_B]


def names_literal(names: tuple[str, ...]) -> Callable[[Outcome], None]:
    def check(outcome: Outcome) -> None:
        assert outcome.batch_names() == list(names)  # stored exactly as given
    return check


def html_escaped(outcome: Outcome) -> None:
    names_literal(build.HTML_NAMES)(outcome)
    for name in build.HTML_NAMES:
        for safe in (escape(name), plotly_text(name)):
            assert "<" not in safe and ">" not in safe
    assert set(build.HTML_NAMES) <= set(outcome.csv_cells())  # text in a CSV is data


def formulas_neutralised(outcome: Outcome) -> None:
    names_literal(build.FORMULA_NAMES)(outcome)
    cells = outcome.csv_cells()
    assert not [c for c in cells if c.startswith(FORMULA_PREFIXES)]
    assert {"'" + n for n in build.FORMULA_NAMES} <= set(cells)
    xlsx = outcome.xlsx_cells()
    assert not [c for c in xlsx if c.data_type == "f"]  # no cell became a formula
    assert {"'" + n for n in build.FORMULA_NAMES} <= {c.value for c in xlsx}


def sql_is_text(outcome: Outcome) -> None:
    names_literal(build.SQL_NAMES)(outcome)
    with connect(outcome.settings.db_path) as con:
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables").fetchall()}
        nodes = con.execute("SELECT count(*) FROM firm_node").fetchone()[0]
    assert {"dim_firm", "firm_node"} <= tables and nodes > 0


def controls_kept_and_dropped_on_output(outcome: Outcome) -> None:
    names_literal((build.CONTROL_NAME,))(outcome)
    safe = escape(build.CONTROL_NAME)
    assert "\x00" not in safe and "\x1b" not in safe and "\x07" not in safe
    values = {c.value for c in outcome.xlsx_cells()}
    assert build.CONTROL_NAME.replace("\x00", "").replace("\x1b", "").replace("\x07", "") \
        in values  # XLSX cannot hold them; the right-to-left override stays


def long_name_kept_in_quarantine(outcome: Outcome) -> None:
    """Over MAX_NAME_CHARS: rejected, not a firm, its text kept whole to be fixed."""
    assert outcome.batch_names() == []
    with connect(outcome.settings.db_path) as con:
        raws = [r for (r,) in con.execute("SELECT raw FROM import_quarantine WHERE batch_id = ?",
                                          [outcome.report["batch"]]).fetchall()]
    assert any(build.LONG_NAME in raw for raw in raws)


def uscc_not_an_identifier(outcome: Outcome) -> None:
    with connect(outcome.settings.db_path) as con:
        ids = dict(con.execute(
            "SELECT f.full_name, f.firm_id FROM firm_source s JOIN dim_firm f USING (firm_id) "
            "WHERE s.batch_id = ?", [outcome.report["batch"]]).fetchall())
        flagged = con.execute("SELECT count(*) FROM import_quarantine WHERE batch_id = ? AND "
                              "reasons LIKE '%invalid_uscc%'", [outcome.report["batch"]]
                              ).fetchone()[0]
    assert flagged == 4 and len(ids) == 5
    assert ids[build.FIRM_A] == f"u_{build.CODE_A}"  # a valid code identifies
    assert all(v.startswith("n_") for k, v in ids.items() if k != build.FIRM_A)


def duplicate_header_first_wins(outcome: Outcome) -> None:
    assert outcome.batch_names() == [build.FIRM_A]
    assert any("企业名称" in w for w in outcome.report["warnings"])


def utf16_read(outcome: Outcome) -> None:
    both_firms(outcome)
    assert outcome.report["info"]["encoding"] == "utf-16"


def formula_cells(outcome: Outcome) -> None:
    # the formula cell has no value (no cached result): its row has no name
    assert outcome.batch_names() == ["+cmd|' /C calc'!A0", build.FIRM_A]
    assert "'+cmd|' /C calc'!A0" in outcome.csv_cells()


def mapped_paths_are_text(outcome: Outcome) -> None:
    assert outcome.batch_names() == [build.FIRM_A]
    with connect(outcome.settings.db_path) as con:
        address = con.execute("SELECT address FROM firm_registration WHERE firm_id IN "
                              "(SELECT firm_id FROM firm_source WHERE batch_id = ?)",
                              [outcome.report["batch"]]).fetchone()[0]
    assert address == "/etc/shadow"  # the cell's text, never a file's content


# --- the corpus -----------------------------------------------------------------------

LIMIT_200 = {"CHAINMAP_MAX_IMPORT_MB": "100"}

CASES: list[Case] = [
    # encodings
    Case("utf8", build.make_encoded("utf-8"), check=both_firms),
    Case("utf8-bom", build.make_encoded("utf-8-sig"), check=both_firms),
    Case("gbk", build.make_encoded("gbk"), check=both_firms),
    Case("gb18030", build.make_encoded("gb18030"), check=both_firms),
    Case("utf16", build.make_encoded("utf-16"), check=utf16_read),
    Case("mixed-encodings", build.make_mixed_encoding, expect="error",
         message="neither UTF-8 nor GBK/GB18030 text (line 3"),
    Case("invalid-bytes", build.make_invalid_bytes, expect="error", message="save it as UTF-8"),
    # shape
    Case("empty-file", build.make_empty, expect="error", message="is empty (0 bytes)"),
    Case("header-only", build.make_header_only, expect="error", message="no data rows"),
    Case("title-rows-only", build.make_title_rows_only, expect="error",
         message="no header row found"),
    Case("duplicate-headers", build.make_duplicate_headers, check=duplicate_header_first_wins),
    Case("missing-name-column", build.make_missing_name_column, expect="error",
         message="企业名称"),
    Case("rows-without-names", build.make_rows_without_names, expect="quarantined",
         reasons=("missing_name",)),
    Case("cell-over-csv-limit", build.make_huge_cell, expect="error",
         message="field larger than field limit"),
    # xlsx
    Case("truncated-xlsx", build.make_truncated_xlsx, expect="error",
         message="not a readable .xlsx workbook"),
    Case("random-bytes-xlsx", build.make_random_xlsx, expect="error",
         message="not a readable .xlsx workbook"),
    Case("empty-xlsx", build.make_empty_xlsx, expect="error", message="is empty (0 bytes)"),
    Case("damaged-sheet-xml", build.make_damaged_sheet_xlsx, expect="error",
         message="damaged"),
    Case("corrupt-deflate-xlsx", build.make_corrupt_xlsx, expect="error",
         message="not a readable .xlsx workbook"),
    Case("zip-bomb-xlsx", build.make_zip_bomb(), expect="error",
         message="unpacks to 3,072 MB, over the limit of 2,048 MB"),
    Case("zip-bomb-ratio-xlsx", build.make_zip_bomb(300, "bomb-300.xlsx"), expect="error",
         message="refused as a possible zip bomb"),
    Case("formula-cells-xlsx", build.make_formula_xlsx, expect="quarantined",
         reasons=("missing_name",), check=formula_cells),
    # size: 200 MB is within the default limit (500 MB); refused here under a 100 MB one
    Case("csv-200mb-over-limit", build.make_big_csv(200), expect="error",
         message="over the import limit of 100 MB", env=LIMIT_200),
    # hostile text
    Case("formula-injection", build.make_names(build.FORMULA_NAMES),
         check=formulas_neutralised),
    Case("html-script-names", build.make_names(build.HTML_NAMES), check=html_escaped),
    Case("sql-looking-names", build.make_names(build.SQL_NAMES), check=sql_is_text),
    Case("control-characters", build.make_names((build.CONTROL_NAME,)),
         check=controls_kept_and_dropped_on_output),
    Case("emoji", build.make_names((build.EMOJI_NAME,)),
         check=names_literal((build.EMOJI_NAME,))),
    Case("10000-character-name", build.make_names((build.LONG_NAME,)), expect="quarantined",
         reasons=("name_too_long",), check=long_name_kept_in_quarantine),
    Case("invalid-credit-codes", build.make_invalid_codes, expect="quarantined",
         reasons=("invalid_uscc",), check=uscc_not_an_identifier),
    # import csv --mapping
    Case("mapping-with-paths", build.make_mapped_list, kind="csv",
         mapping=build.make_traversal_mapping, check=mapped_paths_are_text),
    Case("mapping-names-missing-column", build.make_mapped_list, kind="csv",
         mapping=build.make_missing_column_mapping, expect="error",
         message="columns named in the mapping are not in the file"),
    Case("mapping-unsafe-yaml", build.make_mapped_list, kind="csv",
         mapping=build.make_unsafe_yaml_mapping, expect="error",
         message="cannot read mapping file"),
    # links
    Case("links-unknown-firms", build.make_links_unknown, kind="links", expect="quarantined",
         reasons=("unknown_firm",)),
]
