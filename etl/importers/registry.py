"""Enterprise-registry exports (企查查, 天眼查, 启信宝): .xlsx or .csv -> stage tables.

Column names vary between vendors and years; ``SYNONYMS`` maps each to one
field. Missing columns are simply NULL. Every data row ends up accepted or in
the quarantine with its reasons (``etl.quarantine``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from chainmap.text.catalogue import t
from etl.importers.fastcsv import read_csv_rows
from etl.importers.profile import FIELDS, load_rows, stage_profiles_sql
from etl.importers.sheets import SheetError, apply_header, detect_header, read_sheet
from etl.importers.stage import StagedImport, write_stage_parquet
from etl.reference import Reference
from etl.sqlframes import work_connection

__all__ = ["COLUMN_NAMES", "REQUIRED", "SYNONYMS", "import_registry", "read_registry",
           "registry_rows"]

SYNONYMS: dict[str, tuple[str, ...]] = {
    "full_name": ("企业名称", "公司名称", "名称", "企业名", "单位名称", "机构名称", "纳税人名称",
                  "company_name", "company", "full_name"),
    "name": ("简称", "企业简称", "证券简称", "short_name"),
    "uscc": ("统一社会信用代码", "社会信用代码", "信用代码", "统一信用代码", "社会统一信用代码",
             "uscc", "credit_code"),
    "status": ("登记状态", "经营状态", "企业状态", "状态", "status"),
    "legal_rep": ("法定代表人", "法人代表", "法人", "负责人", "legal_representative"),
    "registered_capital": ("注册资本", "注册资金", "registered_capital"),
    "founded": ("成立日期", "成立时间", "注册日期", "founded"),
    "province": ("所属省份", "省份", "所在省份", "省", "所属省", "province"),
    "city": ("所属城市", "城市", "所在城市", "市", "所属地市", "city"),
    "district": ("所属区县", "区县", "所在区县", "区/县", "区", "district"),
    "address": ("企业地址", "注册地址", "地址", "通信地址", "住所", "经营地址", "办公地址",
                "详细地址", "address"),
    "gb_section": ("国标行业门类", "行业门类"),
    "gb_division": ("国标行业大类", "行业大类"),
    "gb_group": ("国标行业中类", "行业中类"),
    "gb_class": ("国标行业小类", "行业小类"),
    "industry": ("所属行业", "行业", "国标行业", "行业分类", "industry"),
    "scope": ("经营范围", "scope"),
    "products": ("主营产品", "主要产品", "产品", "主营业务", "products"),
    "employees": ("参保人数", "员工人数", "从业人数", "职工人数", "employees"),
    "ent_type": ("企业类型", "公司类型", "企业(机构)类型", "类型", "ent_type"),
    "name_en": ("英文名", "英文名称", "name_en"),
    "stock_code": ("股票代码", "证券代码", "stock_code"),
    # one or several names (；;、,， line breaks, or 「a」「b」): etl.importers.profile
    "former_names": ("曾用名", "曾用名称", "历史名称", "原名称", "原企业名称", "former_names",
                     "former_name"),
}
REQUIRED = ("full_name",)
# each field's usual column name (its first synonym): a file written with these imports again
COLUMN_NAMES = {field: names[0] for field, names in SYNONYMS.items()}


def read_registry(path: Path) -> tuple[pd.DataFrame, dict]:
    return read_sheet(path)


def registry_rows(raw: pd.DataFrame, synonyms: dict[str, tuple[str, ...]] = SYNONYMS,
                  ) -> tuple[pd.DataFrame, list[str], dict]:
    """(data rows with canonical columns and ``row_no``, warnings, info) from raw rows."""
    header_row = detect_header(raw, synonyms, REQUIRED)
    if header_row is None:
        raise SheetError("no header row found: expected a column such as 企业名称 or 公司名称 "
                         f"in the first rows (known columns: {', '.join(sorted(synonyms))})")
    body, ignored = apply_header(raw, header_row, synonyms)
    title_rows = int((raw.index < header_row).sum())
    warnings = []
    if title_rows:
        warnings.append(t("file_warning_title_rows", "en", rows=title_rows,
                          header=header_row))
    if ignored:
        warnings.append(t("file_warning_columns_not_used", "en", names=", ".join(ignored)))
    missing = sorted(set(synonyms) - set(body.columns))
    body = body.reset_index()
    info = {"header_row": int(header_row), "title_rows": title_rows,
            "columns_used": sorted(c for c in body.columns if c != "row_no"),
            "columns_missing": missing}
    return body, warnings, info


def import_registry(path: Path, ref: Reference, kind: str = "qcc",
                    synonyms: dict[str, tuple[str, ...]] = SYNONYMS,
                    defaults: dict[str, str] | None = None) -> StagedImport:
    """Read a registry export and stage it, in one DuckDB connection.

    A large CSV is read by DuckDB itself (``etl.importers.fastcsv``) when that gives the
    same rows as ``read_sheet``; the stage tables go straight to Parquet files.
    """
    con = work_connection()
    try:
        fast = read_csv_rows(con, path, synonyms, REQUIRED)
        # DuckDB's reader strips every cell as str.strip does (a default may not be stripped)
        stripped = fast is not None and all(v == v.strip() for v in (defaults or {}).values())
        if fast is not None:
            _head, warnings, row_info = registry_rows(fast.head, synonyms)
            info = fast.info
            fast.load_rows(con, FIELDS)
        else:
            raw, info = read_registry(path)
            rows, warnings, row_info = registry_rows(raw, synonyms)
            load_rows(con, rows)
        for field, value in (defaults or {}).items():
            if field not in FIELDS:
                raise SheetError(f"unknown field {field!r} in the defaults")
            con.execute(f"UPDATE rows SET {field} = ? WHERE coalesce({field}, '') = ''",  # noqa: S608
                        [value])
        count = con.execute("SELECT count(*) FROM rows").fetchone()[0]
        sources = stage_profiles_sql(con, ref, capital_in_wan=True, file=Path(path).name,
                                     stripped=stripped)
        tables = write_stage_parquet(con, sources)
    finally:
        con.close()
    return StagedImport(kind=kind, tables=tables, rows=int(count), warnings=tuple(warnings),
                        info=info | row_info)
