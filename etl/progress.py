"""Progress towards the plan's 2025 targets: the published figures shipped in
data/plan/progress.csv and the figures editors entered (``<db>.progress.csv``,
chainmap.progress_store), loaded into ``fct_plan_progress`` on every build.

Runs after the import replay in both a full and a resumed build (etl.pipeline): the table
is emptied and filled again, so a resumed build holds exactly what a full one would.
A shipped line that names no plan target, has no source or a bad number is a build error
naming the line; so is a store line that cannot be read.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from chainmap.progress_store import ProgressEntryError, read_progress_store

__all__ = ["PROGRESS_DDL", "ProgressDataError", "check_published", "load_plan_progress",
           "manual_rows"]

PROGRESS_DDL = (
    "CREATE TABLE IF NOT EXISTS fct_plan_progress ("
    " target_id VARCHAR NOT NULL, year INTEGER NOT NULL, value DOUBLE NOT NULL,"
    " unit VARCHAR, source_url VARCHAR, source_title VARCHAR NOT NULL, quote VARCHAR,"
    " method VARCHAR NOT NULL, note VARCHAR, note_en VARCHAR, entered_by VARCHAR,"
    " entered_at VARCHAR, entry_id VARCHAR)")
COLUMNS = ("target_id", "year", "value", "unit", "source_url", "source_title", "quote",
           "method", "note", "note_en", "entered_by", "entered_at", "entry_id")
FILE = "data/plan/progress.csv"


class ProgressDataError(ValueError):
    """A shipped progress line or the manual store is malformed."""


def check_published(frame: pd.DataFrame, targets: set[str]) -> pd.DataFrame:
    """The shipped figures with year as int and value as float; every line names a plan
    target, a year, a number, a source and the sentence quoted from it."""
    years, values = [], []
    for line, row in enumerate(frame.itertuples(index=False), start=2):
        where = f"{FILE} line {line}"
        if row.target_id not in targets:
            raise ProgressDataError(f"{where}: {row.target_id!r} is not a plan target")
        if row.method != "published":
            raise ProgressDataError(f"{where}: method must be 'published' (a figure a "
                                    "source gives; manual ones go through the app or CLI)")
        if not row.source_url.startswith(("http://", "https://")) or not row.source_title \
                or not row.quote:
            raise ProgressDataError(f"{where}: a figure needs source_url, source_title and "
                                    "the quoted sentence")
        try:
            years.append(int(row.year))
            values.append(float(row.value))
        except ValueError:
            raise ProgressDataError(f"{where}: year and value must be numbers") from None
    out = frame.assign(year=pd.Series(years, dtype="int64", index=frame.index),
                       value=pd.Series(values, dtype="float64", index=frame.index))
    for column in ("entered_by", "entered_at", "entry_id"):
        out[column] = None
    out["note"] = out["note"].replace("", None)
    out["note_en"] = out["note_en"].replace("", None)
    return out[list(COLUMNS)]


def manual_rows(store: pd.DataFrame) -> pd.DataFrame:
    """The store's entries as table rows: method 'manual'; the source as a link when it is
    a URL, always as the source's title."""
    source = store["source"].astype(str)
    is_url = source.str.match(r"^https?://")
    return pd.DataFrame({
        "target_id": store["target_id"], "year": store["year"], "value": store["value"],
        "unit": store["unit"], "source_url": source.where(is_url, None),
        "source_title": source, "quote": None, "method": "manual",
        "note": store["note"].replace("", None), "note_en": None,
        "entered_by": store["entered_by"],
        "entered_at": store["entered_at"], "entry_id": store["entry_id"],
    }, columns=list(COLUMNS))


def load_plan_progress(con: duckdb.DuckDBPyConnection, published: pd.DataFrame,
                       store_path: Path) -> None:
    """Fill ``fct_plan_progress`` (after ``plan_target`` is loaded): shipped figures, then
    the editors' (their unit from the target, an unknown target refused)."""
    targets = {r[0] for r in con.execute("SELECT target_id FROM plan_target").fetchall()}
    try:
        store = read_progress_store(store_path)
    except ProgressEntryError as exc:
        raise ProgressDataError(f"{store_path}: {exc.message('en')}") from exc
    unknown = sorted(set(store["target_id"]) - targets)
    if unknown:
        raise ProgressDataError(f"{store_path}: figures for unknown targets {unknown}")
    frame = pd.concat([check_published(published, targets), manual_rows(store)],
                      ignore_index=True)
    con.execute(PROGRESS_DDL)
    con.execute("DELETE FROM fct_plan_progress")
    con.register("progress_in", frame.astype({"year": "int64", "value": "float64"}))
    try:
        con.execute(f"INSERT INTO fct_plan_progress SELECT {', '.join(COLUMNS)} "  # noqa: S608
                    "FROM progress_in")
    finally:
        con.unregister("progress_in")
