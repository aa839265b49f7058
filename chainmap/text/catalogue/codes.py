"""The library's codes as people read them, one table each (code -> (中文, English)): a node's
status, a firm's role, a location's precision, how a fact was obtained, why a row is in the
review band, a file warning. Part of the one text catalogue (chainmap.text.catalogue), where
each table's entries are also ``<prefix>_<code>``: the library and the ETL return the codes,
the edge (page, CLI table, export) picks the words."""

from __future__ import annotations

__all__ = ["DESIGNATIONS", "FILE_WARNINGS", "LABELS", "METHODS", "PRECISIONS", "REVIEW_REASONS",
           "ROLES", "STATUSES", "TABLES", "TIERS"]

# a node's status (chainmap.analytics.coverage.STATUSES); an export's label is its
# first letter in capitals (chainmap.text.captions.status_caption)
STATUSES: dict[str, tuple[str, str]] = {
    "missing": ("缺失", "missing"),
    "weak": ("薄弱", "weak"),
    "present": ("具备", "present"),
    "strong": ("优势", "strong"),
    "unknown": ("未覆盖", "no data"),
}

# a firm's role (chainmap.records.FirmRole)
ROLES: dict[str, tuple[str, str]] = {
    "local": ("本地企业", "local firm"),
    "attract": ("拟引进", "to attract"),
    "institution": ("科研机构", "research institution"),
    "platform": ("服务平台", "service platform"),
    "external": ("外地企业", "outside firm"),
}

# how precisely a firm is located (chainmap.records.Precision)
PRECISIONS: dict[str, tuple[str, str]] = {
    "point": ("坐标", "coordinates"),
    "district": ("区县", "district"),
    "zone": ("功能区", "zone"),
    "city": ("城市", "city"),
    "province": ("省", "province"),
    "unknown": ("未知", "unknown"),
}

# how a fact was obtained (firm_node.method, the facts' method)
METHODS: dict[str, tuple[str, str]] = {
    "plan_text": ("计划原文", "plan text"),
    "rule": ("规则推断", "rule"),
    "web_page": ("网页资料", "web page"),
    "imported_file": ("导入文件", "imported file"),
    "manual": ("人工标注", "manual"),
}

# why an imported row is in the review band (etl/resolve.py review_sql and REASON_*): the
# code is the English the ETL stores, and is the English shown
_REVIEW_ZH = {
    "same short name, other or unknown province": "简称相同，省份不同或未知",
    "same name core, other or unknown province": "名称主干相同，省份不同或未知",
    "a plan firm whose name starts alike, same province":
        "与行动计划点名企业名称开头相同，同一省份",
    "ambiguous: several firms match": "多个已有企业都匹配",
    "name contains a known short name (name history?)":
        "名称中含已知企业的简称（可能是更名前后的同一企业）",
    "former name matches another province's firm": "曾用名与外省企业的名称主干相同",
    "former name matches a known firm's name core, same province":
        "曾用名与已知企业的名称主干相同，同一省份",
}
REVIEW_REASONS: dict[str, tuple[str, str]] = {code: (zh, code) for code, zh in _REVIEW_ZH.items()}

# the importers' file-level warnings (etl/importers: written in English, as the CLI prints
# them; chainmap.text.warnings reads one back into its values to say it in Chinese)
FILE_WARNINGS: dict[str, tuple[str, str]] = {
    "title_rows": ("跳过表头上方的 {rows} 行标题/汇总（表头在第 {header} 行）",
                   "skipped {rows} title/summary row(s) above the header (header is row "
                   "{header})"),
    "columns_not_used": ("未使用的列：{names}", "columns not used: {names}"),
    "files_not_used": ("未使用的文件：{names}", "files not used: {names}"),
}

# a chain node's tier (chainmap.records.Tier: the code is the Chinese); an export's label is
# its first letter in capitals (chainmap.text.captions.tier_caption)
TIERS: dict[str, tuple[str, str]] = {
    "上游": ("上游", "upstream"), "中游": ("中游", "midstream"), "下游": ("下游", "downstream"),
}

# what the plan says it does with a firm (its verb; the code is the Chinese)
DESIGNATIONS: dict[str, tuple[str, str]] = {zh: (zh, en) for zh, en in {
    "支持": "supported", "重点支持": "key support", "依托": "relied on", "推动": "promoted",
    "引进": "to attract", "加强指导": "closer guidance",
    "推动设立研发中心": "an R&D centre to be set up", "推进搬迁项目": "relocation project advanced",
    "推进项目建设": "project construction advanced", "鼓励扩大投资": "encouraged to invest more",
    "支持打造服务平台": "supported to build a service platform"}.items()}

# a firm's label (chainmap's own words: the plan's and the import rules'; the code is the
# Chinese); a label a planner typed is not listed and is shown as it is
LABELS: dict[str, tuple[str, str]] = {zh: (zh, en) for zh, en in {
    "龙头企业": "leading firm", "科研机构": "research institution",
    "服务平台": "service platform", "外资": "foreign-invested", "国企": "state-owned",
    "民企": "private", "集体企业": "collective", "上市": "listed", "央企": "central SOE",
    "地方国企": "local SOE", "校办企业": "university-run", "绿色工厂": "green factory (MIIT)",
    "绿色供应链管理示范企业": "green supply-chain model firm (MIIT)"}.items()}

# each table's prefix in the catalogue: STATUSES["missing"] is also "status_missing"
TABLES: dict[str, dict[str, tuple[str, str]]] = {
    "status": STATUSES, "role": ROLES, "precision": PRECISIONS, "method": METHODS,
    "review": REVIEW_REASONS, "file_warning": FILE_WARNINGS, "tier": TIERS,
    "designation": DESIGNATIONS, "label": LABELS,
}
