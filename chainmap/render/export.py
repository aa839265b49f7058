"""Write record lists for people and programs: JSON, CSV (UTF-8 with BOM for Excel), XLSX."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, is_dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

__all__ = ["cell_value", "csv_chunks", "neutralise_formula", "to_jsonable", "write_csv",
           "write_json", "write_xlsx", "write_xlsx_sheets"]

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CELL_MAX = 32767  # characters Excel keeps in one cell


def to_jsonable(value):
    """Dataclasses, enums, tuples and numpy scalars -> plain JSON types."""
    if is_dataclass(value):
        return to_jsonable(asdict(value))
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()
    if isinstance(value, float) and value != value:  # NaN
        return None
    return value


def write_json(records, path: Path | None = None) -> str:
    text = json.dumps(to_jsonable(records), ensure_ascii=False, indent=2)
    if path is not None:
        Path(path).write_text(text + "\n", "utf-8")
    return text


def neutralise_formula(value):
    """Spreadsheet cells that start like a formula are prefixed with ' so they stay text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) \
            and value.strip("-") != "":  # a bare - (a blank in registry exports) is no formula
        return "'" + value
    return value


def cell_value(value):
    """A value for an XLSX cell: characters XLSX cannot hold dropped, length within Excel's
    limit, formula-like text neutralised (openpyxl would otherwise store it as a formula)."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:CELL_MAX - 1]
    return neutralise_formula(value)


def _flat_cell(v):
    if isinstance(v, list | tuple):
        return "; ".join(str(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return v


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists joined with "; ", dicts as JSON; a column of text alone (most of them, told by
    pandas' C type inference) is left as it is instead of visiting each cell."""
    return frame.apply(lambda col: col if col.dtype != object or pd.api.types.infer_dtype(
        col, skipna=True) in ("string", "empty") else col.map(_flat_cell))


def _csv_column(col: pd.Series) -> pd.Series:
    """A column as a CSV cell holds it: ``_flat`` and ``neutralise_formula`` of each cell,
    done column-wise for a column of text (most of them, told by pandas' C type inference
    once), cell by cell for one that mixes text with other values; only text can look like a
    formula."""
    if col.dtype != object and not pd.api.types.is_string_dtype(col):
        return col
    kind = pd.api.types.infer_dtype(col, skipna=True)
    if kind == "empty":
        return col
    if kind != "string":
        return col.map(_flat_cell).map(neutralise_formula)
    text = col.str
    formula = (text.startswith(FORMULA_PREFIXES, na=False)
               & text.strip("-").ne("").fillna(False).astype(bool))
    if not formula.any():
        return col
    return col.mask(formula, "'" + col[formula])


def write_csv(frame: pd.DataFrame, path):
    """UTF-8 with a BOM (Excel opens it as such); ``path`` a file path or a binary buffer."""
    data = b"".join(csv_chunks([frame]))
    if isinstance(path, str | Path):
        Path(path).write_bytes(data)
        return Path(path)
    path.write(data)
    return path


def csv_chunks(frames: Iterable[pd.DataFrame]) -> Iterator[bytes]:
    """``write_csv`` of the frames one after the other (the same columns each), as bytes,
    piece by piece: the BOM and the header come first (alone when there is no frame), then
    each frame's rows. A file of any length is written, or served, in bounded memory."""
    yield "\ufeff".encode()
    header = True
    for frame in frames:
        yield frame.apply(_csv_column).to_csv(index=False, header=header).encode()
        header = False


def write_xlsx(frame: pd.DataFrame, path, sheet: str = "chainmap",
               headers: dict[str, str] | None = None) -> Path:
    """A workbook formatted for people: bold header, frozen header row, column widths."""
    return write_xlsx_sheets([(sheet, frame, headers)], path)


def write_xlsx_sheets(sheets: list[tuple[str, pd.DataFrame, dict[str, str] | None]],
                      path) -> Path:
    """Several formatted sheets in one workbook; `path` may be a file path or a binary buffer."""
    wb = Workbook()
    wb.remove(wb.active)
    for sheet, frame, headers in sheets:
        _fill_sheet(wb.create_sheet(sheet[:31]), _flat(frame), headers or {})
    wb.save(path)
    return path if isinstance(path, Path) else Path(str(getattr(path, "name", "workbook")))


def _fill_sheet(ws, flat: pd.DataFrame, headers: dict[str, str]) -> None:
    columns = list(flat.columns)
    ws.append([cell_value(headers.get(c, c)) for c in columns])
    for row in flat.itertuples(index=False):
        ws.append([cell_value(None if not isinstance(v, str) and pd.isna(v) else v)
                   for v in row])
    fill = PatternFill("solid", fgColor="DDE7F3")
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    ws.freeze_panes = "A2"
    for i, col in enumerate(columns, start=1):
        texts = [str(headers.get(col, col))] + [str(v) for v in flat[col].head(500)]
        width = max(_display_width(t) for t in texts) + 2
        ws.column_dimensions[get_column_letter(i)].width = min(max(width, 8), 60)
    if columns:
        ws.auto_filter.ref = ws.dimensions


def _display_width(text: str) -> int:
    """CJK characters take two columns in a spreadsheet."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
