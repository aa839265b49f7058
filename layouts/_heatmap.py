"""The overview's firms-per-chain-and-district heat map (a figure; no page registers here)."""

from __future__ import annotations

import plotly.graph_objects as go

from chainmap.render.palette import FONT_FAMILY
from chainmap.text.sanitize import plotly_text
from chainmap.text.ui import t
from chainmap.views.overview import CITY_ONLY, OUTSIDE, ZONE
from layouts._components import place

__all__ = ["firms_heatmap"]


def area_label(area: str, lang: str) -> str:
    """A column of the heat map in `lang` (chainmap.views.overview names them in Chinese)."""
    if lang != "en":
        return area
    if area == OUTSIDE:
        return t("area_outside", lang)
    if area == CITY_ONLY:
        return t("area_city_only", lang)
    if area.endswith(ZONE):
        return place(area.removesuffix(ZONE), lang) + t("zone_suffix", lang)
    return place(area, lang)


def firms_heatmap(frame, chains, lang: str) -> go.Figure:
    pivot = frame.pivot_table(index="chain_id", columns="area", values="firms", fill_value=0)
    names = dict(zip(chains["chain_id"], chains["name_en" if lang == "en" else "name_zh"],
                     strict=True))
    # the colours compare Chongqing's districts: firms elsewhere (tens of thousands in a
    # national registry) are counted in their own column, shown at the top colour
    inside = pivot.drop(columns=[OUTSIDE], errors="ignore")
    top = float(inside.values.max()) if inside.size else float(pivot.values.max(initial=0))
    fig = go.Figure(go.Heatmap(
        z=pivot.values, x=[plotly_text(area_label(a, lang)) for a in pivot.columns],
        y=[plotly_text(names.get(c, c)) for c in pivot.index],
        colorscale="Blues", text=pivot.values, texttemplate="%{text}", showscale=False,
        zmin=0, zmax=max(top, 1.0), hovertemplate="%{y} · %{x}: %{z}<extra></extra>"))
    fig.update_layout(height=60 + 28 * len(pivot), margin={"l": 10, "r": 10, "t": 10, "b": 80},
                      font={"family": FONT_FAMILY, "size": 12}, xaxis={"tickangle": -45})
    return fig
