"""Firm -> firm supply links (supplier, customer, product, source) -> stage tables.

Parties are named by firm name and, optionally, by 统一社会信用代码. They are
matched to known firms when the database is built (plan firms and every earlier
import); a link whose party matches no firm is quarantined then, so import the
firms first.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from chainmap.text.catalogue import t
from etl.importers.fastcsv import FastRead, read_csv_rows
from etl.importers.profile import raw_json_sql, status_sql
from etl.importers.sheets import SheetError, apply_header, detect_header, read_sheet
from etl.importers.stage import StagedImport, conform, write_stage_parquet
from etl.names import name_norm_sql
from etl.quarantine import check_reasons, split_quarantine
from etl.sqlframes import query_frames, work_connection
from etl.uscc import uscc_clean_sql, uscc_valid_sql

__all__ = ["SYNONYMS", "import_links", "stage_links"]

SYNONYMS: dict[str, tuple[str, ...]] = {
    "supplier": ("supplier", "供应商", "供应方", "卖方", "供货方", "供应企业"),
    "customer": ("customer", "客户", "采购方", "买方", "需求方", "客户企业"),
    "product": ("product", "产品", "供应产品", "供货产品", "物料"),
    "source": ("source", "来源", "出处", "数据来源", "信息来源"),
    "supplier_uscc": ("supplier_uscc", "供应商统一社会信用代码", "供应商信用代码"),
    "customer_uscc": ("customer_uscc", "客户统一社会信用代码", "客户信用代码"),
    "note": ("note", "evidence", "说明", "备注", "依据"),
}
FIELDS = tuple(SYNONYMS)


def _uscc(column: str) -> str:
    clean = uscc_clean_sql(column)
    return f"CASE WHEN {uscc_valid_sql(clean)} THEN {clean} END"


def _links_sql() -> str:
    s_norm, c_norm = name_norm_sql("supplier"), name_norm_sql("customer")
    bad_uscc = " OR ".join(
        f"({uscc_clean_sql(c)} IS NOT NULL AND NOT {uscc_valid_sql(uscc_clean_sql(c))})"
        for c in ("supplier_uscc", "customer_uscc"))
    return f"""
SELECT row_no, nullif(trim(supplier), '') AS supplier, {s_norm} AS supplier_norm,
  {_uscc('supplier_uscc')} AS supplier_uscc, nullif(trim(customer), '') AS customer,
  {c_norm} AS customer_norm, {_uscc('customer_uscc')} AS customer_uscc,
  nullif(trim(product), '') AS product,
  nullif(concat_ws('；', '来源：' || nullif(trim(source), ''), nullif(trim(note), '')), '')
      AS evidence,
  concat_ws(';',
    CASE WHEN ({s_norm} IS NULL AND {_uscc('supplier_uscc')} IS NULL)
           OR ({c_norm} IS NULL AND {_uscc('customer_uscc')} IS NULL) THEN 'missing_party'
         WHEN {s_norm} = {c_norm} THEN 'self_link' END,
    CASE WHEN {bad_uscc} THEN 'invalid_uscc' END,
    CASE WHEN row_number() OVER (PARTITION BY {s_norm}, {c_norm}, trim(product)
         ORDER BY row_no) > 1 THEN 'duplicate_in_file' END) AS reasons
FROM rows"""


def stage_links(rows: pd.DataFrame, file: str = "") -> dict[str, pd.DataFrame]:
    frame = rows.copy()
    for field in FIELDS:
        if field not in frame.columns:
            frame[field] = None
    frame = frame[["row_no", *FIELDS]].astype(dict.fromkeys(FIELDS, object))
    staged = query_frames(_links_sql(), {"rows": frame}).sort_values("row_no")
    accepted, quarantine = split_quarantine(staged, frame.set_index("row_no"), file)
    dup = staged.loc[staged["reasons"].str.contains("duplicate_in_file"), "row_no"]
    accepted = accepted[~accepted["row_no"].isin(dup)]
    return {"supply_link": conform(accepted, "supply_link"),
            "quarantine": conform(quarantine, "quarantine")}


def import_links(path: Path) -> StagedImport:
    """Read a links file and stage it: a large CSV by DuckDB itself (``etl.importers.fastcsv``,
    the same rows as ``read_sheet``), in SQL straight to Parquet; anything else in pandas."""
    con = work_connection()
    try:
        fast = read_csv_rows(con, path, SYNONYMS, ("supplier", "customer"))
        if fast is not None:
            return _stage_fast(con, fast, Path(path).name)
    finally:
        con.close()
    raw, info = read_sheet(path)
    header_row = detect_header(raw, SYNONYMS, ("supplier", "customer"))
    if header_row is None:
        raise SheetError(NO_HEADER)
    body, ignored = apply_header(raw, header_row, SYNONYMS)
    if not {"supplier", "customer"} <= set(body.columns):
        raise SheetError(NO_PARTIES)
    body = body.reset_index()
    tables = stage_links(body, Path(path).name)
    warnings = [t("file_warning_columns_not_used", "en", names=", ".join(ignored))] \
        if ignored else []
    return StagedImport(kind="links", tables=tables, rows=len(body), warnings=tuple(warnings),
                        info=info | {"header_row": int(header_row)})


NO_HEADER = ("no header row found: a links file needs supplier and customer columns "
             "(供应商/supplier, 客户/customer), plus product and source")
NO_PARTIES = "a links file needs both a supplier and a customer column"


def _stage_fast(con, fast: FastRead, file: str) -> StagedImport:
    """stage_links in SQL over the rows DuckDB read: the same stage tables, no pandas."""
    if not {"supplier", "customer"} <= set(fast.fields.values()):
        raise SheetError(NO_PARTIES)
    fast.load_rows(con, FIELDS)
    con.execute(f"CREATE TEMP TABLE staged AS {_links_sql()}")
    check_reasons(r for (r,) in con.execute("SELECT DISTINCT reasons FROM staged").fetchall())
    status = status_sql("s.reasons")
    con.execute(f"""CREATE TEMP TABLE quarantined AS
SELECT ? AS file, s.row_no, {status} AS status, s.reasons, {raw_json_sql('r', FIELDS)} AS raw
FROM staged s JOIN rows r ON r.row_no = s.row_no WHERE {status} IS NOT NULL""", [file])
    tables = write_stage_parquet(con, {
        "supply_link": f"SELECT * FROM staged s WHERE coalesce({status}, '') <> 'rejected' "
                       "AND position('duplicate_in_file' IN s.reasons) = 0 ORDER BY row_no",
        "quarantine": "SELECT * FROM quarantined ORDER BY row_no",
    })
    count = con.execute("SELECT count(*) FROM rows").fetchone()[0]
    warnings = [t("file_warning_columns_not_used", "en", names=", ".join(fast.ignored))] \
        if fast.ignored else []
    return StagedImport(kind="links", tables=tables, rows=int(count), warnings=tuple(warnings),
                        info=fast.info | {"header_row": int(fast.header_row)})
