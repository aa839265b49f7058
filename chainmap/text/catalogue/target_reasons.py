"""Why an outside firm is an investment target (chainmap.analytics.targets): one template per
reason code, filled with the reason's values in the language shown. Part of the one text
catalogue (chainmap.text.catalogue), where each is ``target_reason_<code>``."""

from __future__ import annotations

__all__ = ["DISTANCES", "TARGET_REASONS"]

TARGET_REASONS: dict[str, tuple[str, str]] = {
    "gap_unknown": ("填补「{node}」环节（已加载数据中本地无该环节企业，是否缺失未知）",
                    "Fills the node “{node}” (no local firm in the loaded data; whether it is "
                    "missing is not known)"),
    "gap": ("填补「{node}」环节（本地{status}，确认企业 {count} {unit}）",
            "Fills the node “{node}” (locally {status}, {count} confirmed {unit})"),
    "match": ("环节匹配依据：{evidence}（置信度 {confidence:.2f}，{method}）",
              "Node match: {method}, confidence {confidence:.2f}{evidence}"),
    "attract": ("行动计划明确提出引进该企业", "The action plan names this firm to be attracted"),
    "size": ("规模：营业收入约 {revenue_yi:g} 亿元",
             "Size: revenue about {revenue_bn:g} billion yuan"),
    "size_unknown": ("规模：暂无数据", "Size: no data"),
    "labels": ("标签：{labels}", "Labels: {labels}"),
    "density": ("本地相关产业基础（关联密度）{density:.2f}",
                "Local related-industry base (relatedness density) {density:.2f}"),
    "ties": ("与本地链主关联：为 {firms} 的上游环节供货",
             "Tied to local chain leaders: supplies a node upstream of {firms}"),
    "distance": ("距离：{distance}", "Distance: {distance}"),
}

# how far a firm is (chainmap.analytics.distance.distance_phrase: the targets' distance
# reason and the map's district panel)
DISTANCES: dict[str, tuple[str, str]] = {
    "distance_unknown": ("所在地未知", "location unknown"),
    "distance_unknown_in": ("所在地未知（仅知在{where}）",
                            "location unknown (only known to be in {where})"),
    "distance_about": ("距{origin}约 {km} 公里", "about {km} km from {origin}"),
    "distance_city_only": ("按{where}估算，仅知所在城市",
                           "measured to {where}: only the city is known"),
}
