"""The import's codes as people read them (code -> (中文, English)): why an input row was
rejected or flagged (etl.quarantine; its severity is chainmap.views.import_report's), a
quarantined row's outcome, an input field's name. Part of the one text catalogue
(chainmap.text.catalogue), where each is also ``<prefix>_<code>``."""

from __future__ import annotations

__all__ = ["IMPORT_REASONS", "QUARANTINE_FILE_COLUMNS", "QUARANTINE_STATUSES", "RAW_FIELDS"]

# why an input row was rejected (an error) or flagged (a warning)
IMPORT_REASONS: dict[str, tuple[str, str]] = {
    "missing_name": ("缺少企业名称", "no firm name"),
    "name_too_long": ("企业名称、简称或曾用名超过 200 字（不是名称）",
                      "firm name, short name or former name over 200 characters (not a name)"),
    "cell_too_long": ("有单元格超过 10,000 字", "a cell over 10,000 characters"),
    "not_a_data_row": ("非数据行（标题、汇总、说明或空行）",
                       "not a data row (title, total, note or blank)"),
    "inactive_status": ("登记状态为注销/吊销/撤销", "registration cancelled or revoked"),
    "bad_record": ("记录无法解析", "record could not be parsed"),
    "missing_party": ("缺少供应方或客户", "supplier or customer missing"),
    "self_link": ("供应方与客户相同", "supplier and customer are the same"),
    "unknown_company": ("产品所属公司不在公司列表中", "product of a company not listed"),
    "unknown_firm": ("供应方或客户无法匹配到已知企业（请先导入企业）",
                     "supplier or customer matches no known firm (import the firm first)"),
    "invalid_uscc": ("统一社会信用代码校验位错误：保留原文，不作标识",
                     "credit code fails its GB 32100 check: kept as text, not used as an id"),
    "address_unresolved": ("无法从地址/省市列确定所在地区",
                           "no region could be read from the address or region columns"),
    "address_conflict": ("地址与所属省市列不一致（以省市列为准）",
                         "address disagrees with the region columns (columns used)"),
    "capital_unparsed": ("注册资本无法解析", "registered capital not understood"),
    "capital_currency": ("注册资本非人民币，未换算", "registered capital not in RMB"),
    "date_unparsed": ("成立日期无法解析", "founding date not understood"),
    "duplicate_in_file": ("与本文件前面的行为同一企业（已合并）",
                          "same firm as an earlier row of this file (merged)"),
    "status_moved": ("登记状态为迁出", "registration moved elsewhere"),
    "review_match": ("可能与已有企业相同，未自动合并（见复核列表）",
                     "may be the same as a known firm; not merged (see the review list)"),
    "not_a_product": ("不是产品（会计调整、抵销、平衡项目等）",
                      "not a product (accounting adjustment, elimination …)"),
    "low_weight": ("产品营收占比为负：按 0 计",
                   "product revenue weight negative: taken as 0"),
    "delisted": ("非上市状态：不加「上市」标签", "not listed: no 上市 label"),
}

# a quarantined row's status
QUARANTINE_STATUSES: dict[str, tuple[str, str]] = {
    "rejected": ("拒绝：未入库", "rejected: not loaded"),
    "flagged": ("存疑：已入库，待复核", "flagged: loaded, to be reviewed"),
}

# the first columns of a quarantine file, in order (chainmap.views.import_report): a file's
# column names, so lower case in English, unlike the page's headers
QUARANTINE_FILE_COLUMNS: dict[str, tuple[str, str]] = {
    "batch": ("批次", "batch"), "file": ("文件", "file"), "row": ("行", "row"),
    "outcome": ("处理", "outcome"), "reasons": ("原因", "reasons"),
    "reason_codes": ("原因代码", "reason codes"), "raw": ("原始内容", "raw text"),
}

# an input field (the keys the importers keep a row's values under) as a person reads it: a
# registry field under its export's usual column name (etl.importers.registry.COLUMN_NAMES,
# tested to agree), Tushare's and a links file's fields
RAW_FIELDS: dict[str, tuple[str, str]] = {
    # registry exports (qcc) and mapped CSVs
    "full_name": ("企业名称", "Firm name"), "name": ("简称", "Short name"),
    "uscc": ("统一社会信用代码", "Credit code (USCC)"), "status": ("登记状态", "Status"),
    "legal_rep": ("法定代表人", "Legal representative"),
    "registered_capital": ("注册资本", "Registered capital"), "founded": ("成立日期", "Founded"),
    "province": ("所属省份", "Province"), "city": ("所属城市", "City"),
    "district": ("所属区县", "District"), "address": ("企业地址", "Address"),
    "gb_section": ("国标行业门类", "GB industry section"),
    "gb_division": ("国标行业大类", "GB industry division"),
    "gb_group": ("国标行业中类", "GB industry group"),
    "gb_class": ("国标行业小类", "GB industry class"), "industry": ("所属行业", "Industry"),
    "scope": ("经营范围", "Business scope"), "products": ("主营产品", "Main products"),
    "employees": ("参保人数", "Insured employees"), "ent_type": ("企业类型", "Firm type"),
    "name_en": ("英文名", "English name"), "stock_code": ("股票代码", "Stock code"),
    "former_names": ("曾用名", "Former names"),
    # Tushare stock_basic
    "ts_code": ("TS 代码", "TS code"), "symbol": ("证券代码", "Symbol"),
    "area": ("地域", "Area"), "market": ("市场类别", "Market"),
    "list_date": ("上市日期", "Listed on"), "act_name": ("实际控制人", "Actual controller"),
    "act_ent_type": ("实际控制人性质", "Controller type"), "fullname": ("公司全称", "Full name"),
    "enname": ("英文全称", "English full name"), "exchange": ("交易所", "Exchange"),
    "list_status": ("上市状态", "Listing status"),
    # supply links
    "supplier": ("供应方", "Supplier"), "customer": ("客户", "Customer"),
    "product": ("产品", "Product"), "source": ("来源", "Source"),
    "supplier_uscc": ("供应方统一社会信用代码", "Supplier credit code"),
    "customer_uscc": ("客户统一社会信用代码", "Customer credit code"),
    "note": ("说明", "Note"),
}
