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


DIRECTIONS = {"四川补重庆": "Sichuan fills Chongqing", "重庆补四川": "Chongqing fills Sichuan"}


def _direction(r: dict, lang: str) -> str:
    return DIRECTIONS.get(r["direction"], r["direction"]) if lang == "en" else r["direction"]


def _scope(r: dict, lang: str) -> str:
    scope = r["scope"]
    if lang != "en":
        return scope
    if scope == "整条产业链":
        return "Whole chain"
    return f"Leader: {scope.removeprefix('链主：')}"


# the columns each report shows people (what --json/--csv/--xlsx hold is unchanged): the
# gaps table is the /targets page's; the Chinese headers of the others are the Excel's
REPORT_COLUMNS: dict[str, tuple[Column, ...]] = {
    "coverage": (
        ("node_id", ("环节编号", "Node id"), None),
        ("node_name", "node", None),
        ("tier", "tier", _tier),
        ("status", "status", _status),
        ("firm_count", "local_firms", None),
        ("marginal_count", ("边缘证据企业数", "Marginal evidence firms"), None),
        ("support_count", ("科研/平台数", "Institutions, platforms"), None),
        ("firms", ("企业", "Firms"), None),
        ("marginal_firms", "marginal_firms", None),
        ("status_basis", ("缺失依据", "Why missing"), _basis),
    ),
    "gaps": (
        ("status", "status", _status),
        ("node_name", "node", _english("node_name")),
        ("tier", "tier", _tier),
        ("firm_count", "local_firms", None),
        ("marginal_firms", "marginal_firms", None),
        ("outside_candidates", "outside_candidates", None),
        ("status_basis", ("缺失依据", "Why missing"), _basis),
    ),
    "leaders": (
        ("rank", ("排名", "Rank"), None),
        ("firm_name", ("企业", "Firm"), None),
        ("score", ("得分", "Score"), None),
        ("nodes", ("所在环节", "Nodes"), None),
        ("n_local_suppliers", ("本地上游企业数", "Local suppliers"), None),
        ("plan_designation", ("计划表述", "The plan's word"), None),
        ("labels", "col_labels", None),
        ("region_name", "col_region", None),
    ),
    "supply": (
        ("scope", ("范围", "Scope"), _scope),
        ("ratio", ("本地配套率", "Local supply ratio"), _ratio("ratio")),
        ("ratio_chengyu", ("成渝配套率", "Chengdu–Chongqing ratio"), _ratio("ratio_chengyu")),
        ("ratio_incl_marginal", ("含边缘证据的配套率", "Incl. marginal evidence"),
         _ratio("ratio_incl_marginal")),
        ("ratio_km", ("距离范围内配套率", "Ratio within --km"), _ratio("ratio_km")),
        ("uncovered", ("无本地配套的环节", "Nodes with no local supplier"), None),
    ),
    "resilience": (
        ("node_name", "node", None),
        ("firm_count", "local_firms", None),
        ("hhi", ("集中度HHI", "Concentration (HHI)"), None),
        ("single_supplier", ("单一供应商", "Single supplier"), None),
        ("firms", ("企业", "Firms"), None),
    ),
    "complement": (
        ("direction", ("方向", "Direction"), _direction),
        ("node_name", "node", None),
        ("region_name", ("互补地区", "Complementing region"), None),
        ("status", ("该地区状态", "Status there"), _status),
        ("firms", ("企业", "Firms"), None),
        ("plan_partner", ("计划合作城市", "Plan partner city"), None),
    ),
    "targets": (
        ("node_name", ("缺失/薄弱/未覆盖环节", "Gap node"), _english("node_name")),
        ("node_status", ("环节状态", "Node status"),
         lambda r, lang: status_caption(r["node_status"], lang)),
        ("firm_name", ("目标企业", "Target firm"), firm_caption),
        ("score", ("得分", "Score"), None),
        ("distance_km", ("距离（公里）", "Distance (km)"), None),
        ("region_name", ("所在地", "Location"), None),
        ("reasons", ("推荐理由", "Reasons"),
         lambda r, lang: "\n".join(_english("reasons")(r, lang))),  # a reason a line
    ),
    "progress": (
        ("metric", "metric", _english("metric")),
        ("target", "target_2025", _english("target")),
        ("latest", ("最新引用数值", "Latest cited figure"), _english("latest")),
        ("latest_source", ("来源", "Source"),  # its site and date (the title in --json)
         lambda r, _lang: r["latest_source"] and r["latest_source"].split("：", 1)[0]),
        ("measured", "measured", _measured),
        ("status", "status", _progress_status),
        ("note", ("说明", "Note"), _english("note")),
        ("coverage", ("数据覆盖", "Data coverage"), None),
    ),
    "specialization": (
        ("adcode", ("区划", "Region code"), None),
        ("node_id", ("环节", "Node"), None),
        ("firms", ("企业数", "Firms"), None),
        ("lq", "measure_lq", None),
        ("density", ("关联密度", "Relatedness density"), None),
        ("strong_cluster", ("强集群", "Strong cluster"), None),
    ),
}

# why a report has no row (one line instead of an empty table)
EMPTY_REASONS: dict[str, Words] = {
    "coverage": ("此产业链没有环节。", "The chain has no nodes."),
    "gaps": ("该区域这条产业链没有缺失、薄弱或未覆盖的环节：每个环节的本地确认企业都达到了阈值。",
             "No missing, weak or uncovered node: every node of this chain has enough "
             "confirmed local firms in the region."),
    "leaders": ("该区域没有此链的已知企业，因此没有链主。",
                "No firm of this chain is known in the region, so there is no leader."),
    "supply": ("此产业链没有可计算配套率的环节。", "The chain has no node to measure supply on."),
    "resilience": ("该区域没有此链的本地确认企业，无从计算集中度。",
                   "No confirmed local firm of this chain in the region: no concentration to "
                   "measure."),
    "complement": ("川渝之间此链没有可互补的环节："
                   "一方缺失或薄弱的环节，另一方没有具备或优势的地区。",
                   "No node complements: where one side is missing or weak, the other has no "
                   "region where it is present or strong."),
    "targets_no_gaps": ("没有需要补链的环节，因此暂无招商目标。",
                        "No node needs filling, so there are no investment targets."),
    "progress": ("数据库中没有行动计划的 2025 年目标。",
                 "The database holds none of the plan's 2025 targets."),
    "specialization": ("该区域及其比较地区没有此链的已知企业，无法计算区位商。",
                       "No firm of this chain is known in the region or the regions it is "
                       "compared with: no location quotient."),
}


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
