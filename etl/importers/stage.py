"""The normalised stage tables every importer produces (and the import store keeps as Parquet).

- ``firms``: one row per accepted input row that describes a firm;
- ``firm_industry``: industry codes/names by scheme (gbt4754; label: an industry name of no
  known scheme, such as a Wind/F10 name in a registry export; tushare; shenwan);
- ``firm_label``: 上市, 央企, 地方国企, 民企, 外资 … with the words that support them;
- ``firm_former_name``: the names a firm was registered under before (曾用名), one a row,
  normalised (``name_norm``) and without legal form and region (``name_core``); batches
  stored before it existed have no file for it and replay as if it were empty;
- ``firm_product``: main products (with revenue weight where the file gives one);
- ``supply_link``: firm -> firm supply links (parties by name and/or code);
- ``product_link``: product -> upstream material (product-level supply evidence);
- ``quarantine``: every rejected or doubtful input row with its reasons and raw values.
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

__all__ = ["STAGE_TABLES", "ParquetTables", "StagedImport", "conform", "copy_stage_table",
           "write_stage_parquet"]

STAGE_TABLES: dict[str, dict[str, str]] = {
    "firms": {
        "row_no": "INTEGER", "source_key": "VARCHAR", "name": "VARCHAR",
        "full_name": "VARCHAR", "name_norm": "VARCHAR", "name_core": "VARCHAR",
        "short_norm": "VARCHAR", "parent_norm": "VARCHAR", "uscc": "VARCHAR",
        "uscc_raw": "VARCHAR", "stock_code": "VARCHAR", "status": "VARCHAR",
        "legal_rep": "VARCHAR", "registered_capital_wan": "DOUBLE", "founded": "VARCHAR",
        "employees": "INTEGER", "ent_type": "VARCHAR", "address": "VARCHAR",
        "adcode": "VARCHAR", "precision": "VARCHAR", "location_evidence": "VARCHAR",
        "scope": "VARCHAR", "products": "VARCHAR", "name_en": "VARCHAR",
    },
    "firm_industry": {"source_key": "VARCHAR", "scheme": "VARCHAR", "code": "VARCHAR",
                      "name": "VARCHAR"},
    "firm_label": {"source_key": "VARCHAR", "label": "VARCHAR", "evidence": "VARCHAR"},
    "firm_product": {"source_key": "VARCHAR", "product": "VARCHAR", "weight": "DOUBLE"},
    "firm_former_name": {"source_key": "VARCHAR", "former_name": "VARCHAR",
                         "name_norm": "VARCHAR", "name_core": "VARCHAR"},
    "supply_link": {
        "row_no": "INTEGER", "supplier": "VARCHAR", "supplier_norm": "VARCHAR",
        "supplier_uscc": "VARCHAR", "customer": "VARCHAR", "customer_norm": "VARCHAR",
        "customer_uscc": "VARCHAR", "product": "VARCHAR", "evidence": "VARCHAR",
    },
    "product_link": {"product": "VARCHAR", "material": "VARCHAR", "relation": "VARCHAR"},
    "quarantine": {"file": "VARCHAR", "row_no": "INTEGER", "status": "VARCHAR",
                   "reasons": "VARCHAR", "raw": "VARCHAR"},
}

PANDAS_TYPES = {"INTEGER": "Int64", "DOUBLE": "Float64", "VARCHAR": "string"}


def conform(frame: pd.DataFrame | None, table: str) -> pd.DataFrame:
    """``frame`` with exactly the stage table's columns, in order and typed (missing = NULL)."""
    columns = STAGE_TABLES[table]
    frame = pd.DataFrame() if frame is None else frame
    out = pd.DataFrame(index=frame.index)
    for column, sql_type in columns.items():
        values = frame[column] if column in frame.columns else pd.Series(
            pd.NA, index=frame.index, dtype="object")
        if sql_type == "VARCHAR":
            values = values.astype("object").where(values.notna(), None)
        out[column] = values.astype(PANDAS_TYPES[sql_type])
    return out.reset_index(drop=True)


def quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def write_stage_parquet(con: duckdb.DuckDBPyConnection, sources: Mapping[str, str],
                        folder: Path | None = None) -> ParquetTables:
    """COPY every stage table to ``<folder>/<table>.parquet`` straight from ``con``.

    ``sources`` maps a stage table to a SELECT producing its rows (in the order to keep);
    the tables it does not name are written empty. ``folder`` defaults to a new temporary
    folder, removed when the returned mapping is garbage-collected.
    """
    owned = folder is None
    folder = Path(tempfile.mkdtemp(prefix="chainmap-stage-")) if owned else Path(folder)
    tables = ParquetTables(folder, owned=owned)
    for table in STAGE_TABLES:
        copy_stage_table(con, table, sources.get(table) or "SELECT 1 AS none WHERE 1 = 0",
                         folder / f"{table}.parquet")
    return tables


def copy_stage_table(con: duckdb.DuckDBPyConnection, table: str, select: str,
                     path: Path) -> None:
    """COPY the rows of ``select`` to ``path`` as the stage table ``table``: its columns in
    order, each cast to its type (NULL where ``select`` lacks it)."""
    have = {d[0] for d in con.execute(
        f"SELECT * FROM ({select}) s LIMIT 0").description}  # noqa: S608 (our own SQL)
    cols = ", ".join(f'CAST({quoted(c) if c in have else "NULL"} AS {t}) AS {quoted(c)}'
                     for c, t in STAGE_TABLES[table].items())
    body = f"SELECT {cols} FROM ({select}) s"  # noqa: S608 (our own SQL, no user text)
    con.execute(f"COPY ({body}) TO ? (FORMAT PARQUET)", [str(path)])


class ParquetTables(Mapping):
    """Stage tables already written as Parquet files (one per table); read lazily as frames.

    A large import never holds its stage tables in pandas: the importer COPYs them straight
    from DuckDB (``write_stage_parquet``) and the import store moves the files.
    """

    def __init__(self, folder: Path, owned: bool = False) -> None:
        self.folder = Path(folder)
        if owned:
            self._cleanup = weakref.finalize(self, shutil.rmtree, str(self.folder), True)

    def path(self, table: str) -> Path:
        return self.folder / f"{table}.parquet"

    def __getitem__(self, table: str) -> pd.DataFrame:
        if table not in STAGE_TABLES or not self.path(table).exists():
            raise KeyError(table)
        con = duckdb.connect()
        try:
            frame = con.execute("SELECT * FROM read_parquet(?)", [str(self.path(table))]).df()
        finally:
            con.close()
        return conform(frame, table)

    def __iter__(self) -> Iterator[str]:
        return iter([t for t in STAGE_TABLES if self.path(t).exists()])

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass(frozen=True)
class StagedImport:
    """What an importer produced from one input: stage frames plus file-level facts."""

    kind: str
    tables: Mapping[str, pd.DataFrame]  # dict of frames, or ParquetTables (files, lazy)
    rows: int                       # data rows read (every one is accepted or quarantined)
    warnings: tuple[str, ...] = ()  # file-level: ignored columns, title rows skipped …
    info: dict = field(default_factory=dict)
