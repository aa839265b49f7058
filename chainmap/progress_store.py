"""Progress figures editors enter by hand (the overview's form, ``chainmap progress add``).

They are kept beside the database in ``<db>.progress.csv`` — like the import store
(``<db>.imports``), never inside the database a build replaces — and every build loads them
again (etl/progress.py) next to the published figures shipped in data/plan/progress.csv.
The pages read the store itself as well, so a figure shows as soon as it is entered.

Every figure names its source (a URL or a document's name), the year it is for, who
entered it and when. ``check_entry`` refuses bad input with a message in both languages;
nothing is written then. Appends hold an exclusive lock on the file, so two editors never
interleave a line.
"""

from __future__ import annotations

import csv
import datetime as dt
import fcntl
import math
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import pandas as pd

from chainmap.text.catalogue import t

__all__ = ["FIRST_YEAR", "LAST_YEAR", "STORE_COLUMNS", "ProgressEntry", "ProgressEntryError",
           "append_entry", "check_entry", "progress_store_path", "read_progress_store"]

FIRST_YEAR, LAST_YEAR = 2019, 2025  # the plan's base years to its target year
MAX_TEXT = 500  # characters of a source or a note
STORE_COLUMNS = ("entry_id", "target_id", "year", "value", "unit", "source", "note",
                 "entered_by", "entered_at")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# why a figure cannot be stored: the text catalogue's progress_error_<code>


class ProgressEntryError(ValueError):
    """A figure that cannot be stored; ``message(lang)`` says why in the page's language."""

    def __init__(self, code: str, **values: object) -> None:
        self.code, self.values = code, values
        super().__init__(self.message("en"))

    def message(self, lang: str = "zh") -> str:
        return t(f"progress_error_{self.code}", lang, first=FIRST_YEAR, last=LAST_YEAR,
                 max_text=MAX_TEXT, **self.values)


@dataclass(frozen=True)
class ProgressEntry:
    """One figure as the store keeps it."""

    entry_id: str
    target_id: str
    year: int
    value: float
    unit: str
    source: str
    note: str
    entered_by: str
    entered_at: str


def progress_store_path(db_path: str | os.PathLike) -> Path:
    """``<db>.progress.csv``: beside the database, kept when a build replaces it."""
    return Path(f"{db_path}.progress.csv")


def _text(value: object) -> str:
    return _CONTROL.sub(" ", value).strip() if isinstance(value, str) else ""


def _year(value: object) -> int:
    text = _text(value) if isinstance(value, str) else value
    if isinstance(text, bool) or not isinstance(text, (int, str)):
        raise ProgressEntryError("year_not_number")
    try:
        year = int(text)
    except ValueError:
        raise ProgressEntryError("year_not_number") from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ProgressEntryError("year_range")
    return year


def _value(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ProgressEntryError("value_not_number")
    text = _text(value).replace(",", "").replace("，", "") if isinstance(value, str) else value
    try:
        number = float(text)
    except ValueError:
        raise ProgressEntryError("value_not_number") from None
    if not math.isfinite(number):
        raise ProgressEntryError("value_not_number")
    if number < 0:
        raise ProgressEntryError("value_negative")
    return number


def check_entry(target_id: object, year: object, value: object, source: object,
                note: object, units: Mapping[str, str], *, entered_by: str,
                now: dt.datetime | None = None) -> ProgressEntry:
    """The entry to store, or ProgressEntryError (nothing stored). ``units``: each plan
    target's id and unit (the figure takes its target's unit)."""
    if not isinstance(target_id, str) or target_id not in units:
        raise ProgressEntryError("unknown_target")
    year_, value_ = _year(year), _value(value)
    source_, note_ = _text(source), _text(note)
    if not source_:
        raise ProgressEntryError("source_missing")
    if len(source_) > MAX_TEXT or len(note_) > MAX_TEXT:
        raise ProgressEntryError("too_long")
    when = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return ProgressEntry(secrets.token_hex(6), target_id, year_, value_, units[target_id] or "",
                         source_, note_, entered_by, when.isoformat(timespec="seconds"))


def append_entry(path: str | os.PathLike, entry: ProgressEntry) -> None:
    """Add one line to the store (its header first when new), under an exclusive lock."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8", newline="") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            writer = csv.DictWriter(f, fieldnames=STORE_COLUMNS, lineterminator="\n")
            if f.tell() == 0:
                writer.writeheader()
            row = asdict(entry)
            row["value"] = f"{entry.value:g}" if abs(entry.value) < 1e15 else repr(entry.value)
            writer.writerow(row)
            f.flush()
            os.fsync(f.fileno())
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def read_progress_store(path: str | os.PathLike) -> pd.DataFrame:
    """The stored figures (none when there is no store yet), year as int and value as float;
    a line that cannot be read is a ProgressEntryError naming it."""
    path = Path(path)
    if not path.exists():
        return pd.DataFrame({c: pd.Series(dtype=object) for c in STORE_COLUMNS})
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ProgressEntryError("store_line", line="?", problem=str(exc)) from exc
    missing = [c for c in STORE_COLUMNS if c not in frame.columns]
    if missing:
        raise ProgressEntryError("store_line", line=1, problem=f"no column {missing}")
    years, values = [], []
    for i, row in enumerate(frame.itertuples(index=False), start=2):
        try:
            years.append(_year(row.year))
            values.append(_value(row.value))
        except ProgressEntryError as exc:
            raise ProgressEntryError("store_line", line=i, problem=exc.message("en")) from exc
        if not _text(row.source):
            raise ProgressEntryError("store_line", line=i, problem="no source")
    return frame[list(STORE_COLUMNS)].assign(year=pd.Series(years, dtype="int64"),
                                             value=pd.Series(values, dtype="float64"))
