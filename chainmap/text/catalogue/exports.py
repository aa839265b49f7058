"""The words printed on exported figures and documents (diagram, map, bundle, workbooks, the
data coverage line): part of the one text catalogue (chainmap.text.catalogue). Where an export
says what a page says, it uses the page's code; a code here that differs from a page's says why
(``_short``: a cell or a label after a colon; ``_name``, ``_list_title``, ``_confidence``:
another meaning)."""

from __future__ import annotations

__all__ = ["EXPORTS"]

EXPORTS: dict[str, tuple[str, str]] = {
    "status_missing_def": ("无本地企业（企业名录覆盖本地区，或行动计划提出引进）",
                           "no local producer (a registry covers the region, or the plan "
                           "seeks one)"),
    "status_unknown_def": ("已加载的数据未覆盖本地区此环节，不能判断是否缺失",
                           "the loaded data do not cover this node here, so it cannot be "
                           "called missing"),
    # why a missing node is missing (status_basis)
    "basis_registry_short": ("企业名录覆盖本地区", "a registry import covers the region"),
    "basis_plan_short": ("行动计划提出引进", "the plan seeks a firm for it"),
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
    "badge": ("数字：本地确认企业数（+边缘证据企业数）",
              "Number: confirmed local producers (+ marginal evidence)"),
    "edge": ("箭头：供货方向（上游环节 → 下游环节）", "Arrow: supply (supplier → consumer)"),
    "more_firms": ("等 {n} 家", "+{rest} more"),
    "marginal_short": ("边缘", "marginal"),
    "marginal_def": ("边缘证据：置信度低于 {confirmed} 的企业—环节归属（行动计划在一句中并列企业与"
                     "环节而未一一对应，或导入名录时仅有较弱的关键词匹配），不计入确认企业数",
                     "Marginal evidence: a firm–node assignment with confidence below "
                     "{confirmed} (the plan names firms and components in one sentence without "
                     "pairing them, or an import matched only a weak keyword); not counted as "
                     "confirmed"),
    "region_chengyu": ("成渝地区双城经济圈", "Chengdu–Chongqing economic circle"),
    "diagram_title": ("{chain}产业链图谱 · {region}", "{chain}: chain diagram · {region}"),
    "map_title": ("{chain}产业集群与企业分布", "{chain}: clusters and firms"),
    "all_chains_name": ("装备制造业", "Equipment manufacturing"),
    "groups": ("圆点：区县/功能区内已知企业数", "Dots: firms known to a district or zone"),
    "map_firm_classes": ("区县底色：已知企业数", "District fill: firms known to it"),
    "unplaced": ("位置仅知到市级或未知（不上图）",
                 "Located only to a city, or unknown (not drawn)"),
    "firm_unit": ("家", "firms"),
    "firm_unit_one": ("家", "firm"),
    "data_note_confidence": ("数据：行动计划点名企业及已导入名录；"
                             "置信度≥0.5为确认，以下为边缘证据。",
                             "Data: the plan's named firms and imported registries; confidence "
                             "≥ 0.5 is confirmed, below is marginal."),
    "targets_list_title": ("补链招商目标清单 · {chain} · {region}",
                           "Investment targets · {chain} · {region}"),
    "col_firm": ("目标企业", "Target firm"),
    "col_score": ("得分", "Score"),
    "col_main_reasons": ("主要理由", "Main reasons"),
    "generated": ("生成：chainmap", "Made with chainmap"),
    # the targets workbook (chainmap.render.workbooks): its sheets and its notes sheet
    "sheet_targets": ("招商目标清单", "Targets"),
    "sheet_gaps": ("缺失薄弱未覆盖环节", "Gaps"),
    "sheet_notes": ("说明", "Notes"),
    "note_item": ("项目", "Item"),
    "note_made_at": ("生成时间", "Made at"),
    "note_sources": ("数据来源", "Sources"),
    "note_score": ("0–100：环节匹配 30%、计划点名引进 20%、规模 15%、标签 10%、关联密度 10%、"
                   "距离 10%、与本地链主关联 5%（详见 docs/methods.md）",
                   "0–100: node fit 30%, named by the plan to attract 20%, size 15%, labels "
                   "10%, relatedness density 10%, distance 10%, ties to local chain leaders 5% "
                   "(see docs/methods.md)"),
    "note_sources_text": ("重庆市装备制造业高质量发展行动计划（2021—2025年）及已导入的企业名录；"
                          "每条事实的来源见企业库",
                          "Chongqing's action plan for high-quality equipment manufacturing "
                          "(2021–2025) and the imported firm lists; every fact's source is on "
                          "the Firms page"),
}
