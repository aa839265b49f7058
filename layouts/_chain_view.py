"""The chain diagram as an interactive plotly figure, from chainmap.diagram's layout."""

from __future__ import annotations

import plotly.graph_objects as go
from dash import html

from chainmap.captions import data_coverage_caption, firm_unit_caption, tier_caption
from chainmap.palette import FONT_FAMILY, STATUS_COLOURS
from chainmap.records import TIER_EN
from chainmap.sanitize import plotly_text
from chainmap.textfit import wrap_text
from layouts._components import firm_name, firm_names, place
from layouts._i18n import bracketed, t

__all__ = ["chain_figure", "coverage_note", "node_panel", "short_label"]

BOX_W, BOX_H = 0.84, 0.8
# plotly's outline dashes for the statuses drawn with one (as chainmap.palette.STATUS_DASH)
DASH = {"missing": "dash", "unknown": "dot"}
# firms a node's panel lists per group: a national registry puts a thousand firms of a node
# "elsewhere" (1,121 in all for rail.bogie at 1M firms: a 710 kB answer, 0.1 s to build); the
# rest are counted, and listed in the firm registry (企业库)
NODE_LIST_MAX = 100


LABEL_WIDTH_PX, LABEL_SIZE_PX = 108, 11  # a box's text: the annotation is 118 px wide


def short_label(name: str) -> str:
    """The name without its bracketed gloss, wrapped into two lines of the box (by words in
    English, by characters in Chinese; the last line cut with "…"); the full name is on hover.

    Plotly draws a subset of HTML in annotations: the text is escaped, the only tag is <br>.
    """
    base = name.split("（")[0].split(" (")[0]
    lines = wrap_text(base, LABEL_WIDTH_PX, LABEL_SIZE_PX, max_lines=2)
    return "<br>".join(plotly_text(line) for line in lines)


def _edge_trace(diagram: dict, pos: dict[str, tuple[float, float]]) -> go.Scatter:
    xs, ys = [], []
    for e in diagram["edges"]:
        (x0, y0), (x1, y1) = pos[e["src"]], pos[e["dst"]]
        points = [(x0 + BOX_W / 2, y0), *[(x, y) for x, y in e["points"]], (x1 - BOX_W / 2, y1)]
        xs += [p[0] for p in points] + [None]
        ys += [p[1] for p in points] + [None]
    return go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                      line={"color": "#9aa5b1", "width": 1.2, "shape": "spline"})


def chain_figure(diagram: dict, lang: str, selected: str | None = None) -> go.Figure:
    """The diagram as a figure; shapes and annotations are collected first and the layout is
    built once (plotly's add_shape/add_annotation re-validate every earlier item per call)."""
    pos = {n["node_id"]: (n["x"], n["y"]) for n in diagram["nodes"]}
    shapes, annotations = [], []
    for n in diagram["nodes"]:
        colour = STATUS_COLOURS[n["status"]]
        x, y = pos[n["node_id"]]
        shapes.append({"type": "rect", "x0": x - BOX_W / 2, "x1": x + BOX_W / 2,
                       "y0": y - BOX_H / 2, "y1": y + BOX_H / 2, "fillcolor": colour.fill,
                       "layer": "above",
                       "line": {"color": "#111" if n["node_id"] == selected else colour.stroke,
                                "width": 3 if n["node_id"] == selected else 1.5,
                                "dash": DASH.get(n["status"], "solid")}})
        label = short_label(n["name_en"] if lang == "en" else n["name"])
        count = f"<b>{n['firm_count']}</b>" + (f" (+{n['marginal_count']})"
                                              if n["marginal_count"] else "")
        annotations.append({"x": x, "y": y, "text": f"{label}<br>{count}", "showarrow": False,
                            "font": {"size": 11, "color": colour.text}, "width": 118,
                            "align": "center"})
    nodes = diagram["nodes"]
    markers = go.Scatter(
        x=[n["x"] for n in nodes], y=[n["y"] for n in nodes], mode="markers",
        marker={"size": 46, "opacity": 0, "symbol": "square"}, showlegend=False,
        customdata=[n["node_id"] for n in nodes],
        hovertext=[f"{plotly_text(n['name_en'] if lang == 'en' else n['name'])} · "
                   f"{t('status_' + n['status'], lang)} · "
                   f"{n['firm_count']} {firm_unit_caption(n['firm_count'], lang)}" for n in nodes],
        hoverinfo="text")
    annotations += [{"x": (tier["x_min"] + tier["x_max"]) / 2, "y": -0.9, "showarrow": False,
                     "text": f"<b>{plotly_text(tier_caption(tier['tier'], lang))}</b>",
                     "font": {"size": 15, "color": "#0b3d91"}} for tier in diagram["tiers"]]
    height = max(420, 70 * (diagram["height"] + 1.5))
    fig = go.Figure([_edge_trace(diagram, pos), markers])
    fig.update_layout(shapes=shapes, annotations=annotations)
    fig.update_layout(
        height=height, margin={"l": 10, "r": 10, "t": 10, "b": 10}, plot_bgcolor="#fff",
        font={"family": FONT_FAMILY}, dragmode=False, hovermode="closest",
        xaxis={"visible": False, "range": [-0.6, diagram["columns"] - 0.4]},
        yaxis={"visible": False, "autorange": "reversed"})
    return fig


def _listed(firms: list[dict]) -> list[dict]:
    """The firms a group lists: all, or past NODE_LIST_MAX its leaders and then the most
    confident (the facts' order)."""
    if len(firms) <= NODE_LIST_MAX:
        return firms
    return sorted(firms, key=lambda f: not f["leader"])[:NODE_LIST_MAX]


def _firm_items(firms: list[dict], lang: str, english: dict[str, str]) -> list:
    items = []
    for f in _listed(firms):
        bits = [html.B(("★ " if f["leader"] else "") + firm_name(f["firm_id"], f["name"], english))]
        where = place(f["region_name"], lang) or t("firms_unknown", lang)
        bits.append(f" · {where}")
        if f["marginal"]:
            bits.append(html.Span(f" · {t('marginal', lang)}", className="muted"))
        items.append(html.Li(bits, title=f"{f['evidence']}{bracketed(f['confidence'], lang)}"))
    if len(firms) > len(items):
        more = t("and_more", lang).format(n=len(firms) - len(items)).strip(" …")
        items.append(html.Li(more, className="muted"))
    return items or [html.Li(t("none", lang), className="muted")]


def coverage_note(diagram: dict, lang: str) -> html.P | None:
    """The region's data coverage in one line (which sources, whether one lists all)."""
    coverage = diagram.get("data_coverage")
    return html.P(data_coverage_caption(coverage, lang), className="note",
                  id="chain-coverage") if coverage else None


def _why(node: dict, lang: str) -> html.P | None:
    """Why a missing node is missing, or what an unknown one means."""
    if node.get("status_basis"):
        return html.P(t(f"basis_{node['status_basis']}", lang), className="note",
                      id="node-basis")
    if node["status"] == "unknown":
        return html.P(t("status_unknown_def", lang), className="note", id="node-basis")
    return None


def node_panel(node: dict | None, firms: dict | None, lang: str) -> list:
    if node is None:
        return [html.P(t("click_node", lang), className="note")]
    out = [html.H3(node["name_en"] if lang == "en" else node["name"], id="node-title"),
           html.P([html.Span(t("status_" + node["status"], lang),
                             className=f"badge badge-{node['status']}"),
                   f" {TIER_EN.get(node['tier'], node['tier']) if lang == 'en' else node['tier']}"
                   f" · {t('local_firms', lang)} {node['firm_count']}"])]
    why = _why(node, lang)
    if why is not None:
        out.append(why)
    groups = ("local", "sichuan", "elsewhere", "unknown")
    english = firm_names((f["firm_id"] for g in groups for f in _listed(firms[g])), lang)
    for group in groups:
        out += [html.H4(t(f"group_{group}", lang)),
                html.Ul(_firm_items(firms[group], lang, english), className="firm-list",
                        id=f"node-firms-{group}")]
    out.append(html.P(t("leader_mark", lang), className="note"))
    return out
