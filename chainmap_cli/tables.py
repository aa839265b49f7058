"""What the `chainmap` commands print for people: tables drawn by rich, the app's headers.

`chainmap report <kind>`, `firms`, `info`, `import quarantine` and `import review` print a
table: the headers are the words the app puts over the same columns (the one text catalogue,
chainmap.text.catalogue), else the report's Excel header (Report.headers) and
chainmap.text.captions; Chinese, or English with ``--lang en`` (default: CHAINMAP_LANG). No index
column; lists joined, codes in words. rich measures every cell in terminal columns (a CJK
character is two), so the columns line up. An empty report prints one line saying why
instead of a table.

On a terminal the table fits its width, long cells folded; piped (not a terminal) it is
plain text — no colour, no wrapping: each row one line, as wide as it needs — so that the
output does not depend on the window it ran in. --json, --csv and --xlsx are not made here.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterable

import pandas as pd
from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from chainmap.text.captions import caption, firm_caption, status_caption, tier_caption
from chainmap.text.catalogue import CATALOGUE, t

__all__ = ["APP_TEXT", "REPORT_COLUMNS", "empty_reason", "header", "print_records",
           "print_table", "records_table", "report_rows", "report_table", "table_text"]

# the app's words: the one text catalogue (chainmap.text.catalogue)
APP_TEXT = CATALOGUE

Words = tuple[str, str]
Getter = Callable[[dict, str], object]
# a column: the row's key, its header (an APP_TEXT key or the words), how to read its cell
Column = tuple[str, str | Words, Getter | None]
EMPTY = "—"


def app(key: str, lang: str) -> str:
    return t(key, lang)


def header(words: str | Words, lang: str) -> str:
    if isinstance(words, str):
        return app(words, lang)
    return words[1] if lang == "en" else words[0]


def _english(key: str) -> Getter:
    """The row's English form of `key` in English (`key`_en), where it has one."""
    return lambda r, lang: (r.get(f"{key}_en") or r[key]) if lang == "en" else r[key]


def _status(r: dict, lang: str) -> str:
    return status_caption(r["status"], lang)


def _basis(r: dict, lang: str) -> str | None:
    basis = r.get("status_basis")
    return caption(f"basis_{basis}_short", lang) if isinstance(basis, str) else None


def _tier(r: dict, lang: str) -> str:
    return tier_caption(r["tier"], lang)


def _ratio(key: str) -> Getter:
    def cell(r: dict, _lang: str) -> str | None:
        value = r.get(key)
        return None if _blank(value) else f"{value:.1%}"
    return cell


def _progress_status(r: dict, lang: str) -> str:
    return app(r["status"], lang) if r["status"] in APP_TEXT else r["status"]


def _measured(r: dict, lang: str) -> str:
    value = _english("measured")(r, lang)
    return app("no_data", lang) if _blank(value) else value


# the complement report's directions as its rows say them (in Chinese) -> in English
DIRECTIONS = {t(f"direction_{side}"): t(f"direction_{side}", "en")
              for side in ("sichuan_fills_chongqing", "chongqing_fills_sichuan")}


def _direction(r: dict, lang: str) -> str:
    return DIRECTIONS.get(r["direction"], r["direction"]) if lang == "en" else r["direction"]


def _scope(r: dict, lang: str) -> str:
    scope = r["scope"]
    if lang != "en":
        return scope
    if scope == t("supply_scope_chain"):
        return t("supply_scope_chain", lang)
    leader = scope.removeprefix(t("supply_scope_leader", name=""))
    return t("supply_scope_leader", lang, name=leader)


# the columns each report shows people (what --json/--csv/--xlsx hold is unchanged): the
# gaps table is the /targets page's; the Chinese headers of the others are the Excel's
REPORT_COLUMNS: dict[str, tuple[Column, ...]] = {
    "coverage": (
        ("node_id", "col_node_id", None),
        ("node_name", "node", None),
        ("tier", "tier", _tier),
        ("status", "status", _status),
        ("firm_count", "local_firms", None),
        ("marginal_count", "col_marginal_count", None),
        ("support_count", "col_support_count", None),
        ("firms", "col_firms", None),
        ("marginal_firms", "marginal_firms", None),
        ("status_basis", "col_status_basis", _basis),
    ),
    "gaps": (
        ("status", "status", _status),
        ("node_name", "node", _english("node_name")),
        ("tier", "tier", _tier),
        ("firm_count", "local_firms", None),
        ("marginal_firms", "marginal_firms", None),
        ("outside_candidates", "outside_candidates", None),
        ("status_basis", "col_status_basis", _basis),
    ),
    "leaders": (
        ("rank", "col_rank", None),
        ("firm_name", "col_firm_name", None),
        ("score", "col_score", None),
        ("nodes", "col_leader_nodes", None),
        ("n_local_suppliers", "col_local_suppliers", None),
        ("plan_designation", "col_plan_designation", None),
        ("labels", "col_labels", None),
        ("region_name", "col_region", None),
    ),
    "supply": (
        ("scope", "col_supply_scope", _scope),
        ("ratio", "col_ratio", _ratio("ratio")),
        ("ratio_chengyu", "col_ratio_chengyu", _ratio("ratio_chengyu")),
        ("ratio_incl_marginal", "col_ratio_incl_marginal",
         _ratio("ratio_incl_marginal")),
        ("ratio_km", "col_ratio_km", _ratio("ratio_km")),
        ("uncovered", "col_uncovered", None),
    ),
    "resilience": (
        ("node_name", "node", None),
        ("firm_count", "local_firms", None),
        ("hhi", "col_hhi", None),
        ("single_supplier", "col_single_supplier", None),
        ("firms", "col_firms", None),
    ),
    "complement": (
        ("direction", "col_direction", _direction),
        ("node_name", "node", None),
        ("region_name", "col_complement_region", None),
        ("status", "col_status_there", _status),
        ("firms", "col_firms", None),
        ("plan_partner", "col_plan_partner", None),
    ),
    "targets": (
        ("node_name", "col_gap_node", _english("node_name")),
        ("node_status", "col_node_status",
         lambda r, lang: status_caption(r["node_status"], lang)),
        ("firm_name", "col_firm", firm_caption),
        ("score", "col_score", None),
        ("distance_km", "col_distance_km", None),
        ("region_name", "col_region", None),
        ("reasons", "col_target_reasons",
         lambda r, lang: "\n".join(_english("reasons")(r, lang))),  # a reason a line
    ),
    "progress": (
        ("metric", "metric", _english("metric")),
        ("target", "target_2025", _english("target")),
        ("latest", "col_latest", _english("latest")),
        ("latest_source", "source",  # its site and date (the title in --json)
         lambda r, _lang: r["latest_source"] and r["latest_source"].split("：", 1)[0]),
        ("measured", "measured", _measured),
        ("status", "status", _progress_status),
        ("note", "col_note", _english("note")),
        ("coverage", "col_data_coverage", None),
    ),
    "specialization": (
        ("adcode", "col_region_division", None),
        ("node_id", "node", None),
        ("firms", "measure_firms", None),
        ("lq", "measure_lq", None),
        ("density", "col_density", None),
        ("strong_cluster", "col_strong_cluster", None),
    ),
}

# why a report has no row (one line instead of an empty table)
EMPTY_REASONS: dict[str, Words] = {
    kind: CATALOGUE[f"empty_{kind}"] for kind in (
        "coverage", "gaps", "leaders", "supply", "resilience", "complement", "targets_no_gaps",
        "progress", "specialization")}


def empty_reason(kind: str, lang: str = "zh", gaps: int | None = None) -> str:
    """Why report `kind` has no row. targets: no gap to fill (`gaps` 0), else no firm
    outside the region for one (the words of the app's and the bundle's empty list)."""
    if kind == "targets" and gaps != 0:
        return caption("no_targets", lang)
    zh, en = EMPTY_REASONS["targets_no_gaps" if kind == "targets" else kind]
    return en if lang == "en" else zh


def _blank(value) -> bool:
    if value is None:
        return True
    return (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def cell_text(value, lang: str) -> str:
    """A value as shown: lists joined, yes/no, numbers without noise, a blank as —."""
    if isinstance(value, (list, tuple)):
        return ("; " if lang == "en" else "、").join(cell_text(v, lang) for v in value) or EMPTY
    if hasattr(value, "tolist") and not isinstance(value, str):  # a numpy array or scalar
        return cell_text(value.tolist(), lang)
    if _blank(value):
        return EMPTY
    if isinstance(value, bool):
        return caption("yes" if value else "no", lang)
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() and abs(value) >= 1000 else f"{value:g}"
    if isinstance(value, dict):
        return ", ".join(f"{k} {cell_text(v, lang)}" for k, v in value.items())
    return str(value)


def report_rows(result) -> list[dict]:
    """A report's rows as dicts: its JSON rows where they are rows (codes, English forms),
    else its table for people (supply, resilience, complement)."""
    if isinstance(result.data, list):
        return result.data
    return result.frame.to_dict("records")


def _cells(rows: Iterable[dict], columns: Iterable[Column], lang: str):
    """The headers, alignments and cell texts of `rows` in `columns`."""
    columns = tuple(columns)
    values = [[get(row, lang) if get else row.get(key) for key, _words, get in columns]
              for row in rows]
    heads = [header(words, lang) for _key, words, _get in columns]
    justify = ["right" if values and all(_number(v[i]) or _blank(v[i]) for v in values)
               else "left" for i in range(len(columns))]
    return heads, justify, [[cell_text(v, lang) for v in row] for row in values]


def _table(heads, justify, cells, widths=None, show_header: bool = True,
           lines: bool | None = None) -> Table:
    # a cell of several lines (targets' reasons): a rule between the rows
    table = Table(box=box.SQUARE, header_style="bold", show_header=show_header,
                  show_lines=any("\n" in c for row in cells for c in row)
                  if lines is None else lines)
    for i, head in enumerate(heads):
        table.add_column(Text(head), overflow="fold", justify=justify[i],
                         width=widths[i] if widths else None)
    for row in cells:
        table.add_row(*map(Text, row))
    return table


def records_table(rows: Iterable[dict], columns: Iterable[Column], lang: str) -> Table:
    """A table of `rows` with `columns` (key, header, getter): no index column."""
    return _table(*_cells(rows, columns, lang))


LONG = 1000  # rows above which a listing is drawn line by line (rich measures a table whole)


def print_records(rows: Iterable[dict], columns: Iterable[Column], lang: str,
                  file=None) -> None:
    """print_table(records_table(…)); a listing of more than LONG rows (a million firms) is
    drawn here row by row in the same box, each column as wide as its widest cell: rich
    takes about half a millisecond a row."""
    heads, justify, cells = _cells(rows, columns, lang)
    if len(cells) <= LONG:
        print_table(_table(heads, justify, cells), file)
        return
    out = file or sys.stdout
    cells = [[c.replace("\n", "; ") for c in row] for row in cells]
    widths = [max(cell_len(text) for text in (head, *(row[i] for row in cells)))
              for i, head in enumerate(heads)]

    def line(texts) -> str:
        return "│ " + " │ ".join(
            " " * (w - cell_len(t)) + t if j == "right" else t + " " * (w - cell_len(t))
            for t, w, j in zip(texts, widths, justify, strict=True)) + " │\n"

    def rule(left: str, middle: str, right: str) -> str:
        return left + middle.join("─" * (w + 2) for w in widths) + right + "\n"

    out.write(rule("┌", "┬", "┐") + line(heads) + rule("├", "┼", "┤"))
    for row in cells:
        out.write(line(row))
    out.write(rule("└", "┴", "┘"))


def _number(value) -> bool:
    """A number, or a percentage made of one (right-aligned)."""
    if isinstance(value, str):
        return value.endswith("%") and value[:-1].replace(".", "", 1).isdigit()
    return (isinstance(value, (int, float)) and not isinstance(value, bool)) or (
        hasattr(value, "dtype") and value.dtype.kind in "iuf")


def report_table(result, lang: str = "zh") -> Table | None:
    """The table of a report (chainmap.reports.Report), None when it has no row."""
    rows = report_rows(result)
    if not rows:
        return None
    columns = [c for c in REPORT_COLUMNS[result.kind]
               if c[0] != "ratio_km" or any(not _blank(r.get("ratio_km")) for r in rows)]
    return records_table(rows, columns, lang)


def _console(file, width: int | None = None) -> Console:
    return Console(file=file, width=width, markup=False, emoji=False, highlight=False,
                   soft_wrap=False)


def table_text(table: Table, width: int | None = None) -> str:
    """The table as plain text; `width` None: as wide as the table needs (no wrapping)."""
    console = _console(None, 10_000)
    if width is None:
        width = console.measure(table).maximum
    console = _console(None, width)
    with console.capture() as captured:
        console.print(table)
    return captured.get()


def print_table(table: Table, file=None) -> None:
    """On a terminal: fitted to its width; else plain, each row one line (table_text)."""
    out = file or sys.stdout
    console = _console(out)
    if console.is_terminal:
        console.print(table)
    else:
        out.write(table_text(table))
