"""Firm -> firm supply links (supplier, customer, product, source) -> stage tables.

Parties are named by firm name and, optionally, by 统一社会信用代码. They are
matched to known firms when the database is built (plan firms and every earlier
import); a link whose party matches no firm is quarantined then, so import the
firms first.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from etl.importers.sheets import SheetError, apply_header, detect_header, read_sheet
from etl.importers.stage import StagedImport, conform
from etl.names import name_norm_sql
from etl.quarantine import split_quarantine
from etl.sqlframes import query_frames
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
    raw, info = read_sheet(path)
    header_row = detect_header(raw, SYNONYMS, ("supplier", "customer"))
    if header_row is None:
        raise SheetError("no header row found: a links file needs supplier and customer columns "
                         "(供应商/supplier, 客户/customer), plus product and source")
    body, ignored = apply_header(raw, header_row, SYNONYMS)
    if not {"supplier", "customer"} <= set(body.columns):
        raise SheetError("a links file needs both a supplier and a customer column")
    body = body.reset_index()
    tables = stage_links(body, Path(path).name)
    warnings = [f"columns not used: {', '.join(ignored)}"] if ignored else []
    return StagedImport(kind="links", tables=tables, rows=len(body), warnings=tuple(warnings),
                        info=info | {"header_row": int(header_row)})
