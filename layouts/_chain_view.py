"""The chain diagram on /chain: the SVG of chainmap.render.diagram_svg (the one /present and the
bundle draw), made interactive in the browser by assets/chain.js; and a node's side panel.

The page holds the SVG's markup in a store; the clientside callback ``chainmap_chain.draw``
parses it (as XML, never as HTML), keeps only the SVG elements the drawing uses, and puts it
in ``#chain-graph``: a click on a box sets ``?node=`` in the URL (the page then draws that
node's panel), the selected box is outlined, hovering or focusing a box shows its tooltip.
"""

from __future__ import annotations

import duckdb
from dash import dcc, html

from chainmap.render.bundle import chain_title
from chainmap.render.diagram import query_chain_diagram
from chainmap.render.diagram_svg import chain_svg
from chainmap.text.captions import data_coverage_caption, tier_caption
from chainmap.text.ui import bracketed, status_note, t
from layouts._components import firm_name, firm_names, place
from layouts.ids import Id, node_firms

__all__ = ["coverage_note", "diagram_markup", "diagram_view", "node_panel"]

# firms a node's panel lists per group: a national registry puts a thousand firms of a node
# "elsewhere" (1,121 in all for rail.bogie at 1M firms: a 710 kB answer, 0.1 s to build); the
# rest are counted, and listed in the firm registry (企业库)
NODE_LIST_MAX = 100


def diagram_markup(con: duckdb.DuckDBPyConnection, chain: str, region: str, lang: str) -> str:
    """The chain's SVG in `lang`, without the data coverage lines (the page prints them under
    the drawing, where they wrap to the page). Memoised by the page (chainmap_web.state.cached)."""
    diagram = query_chain_diagram(con, chain, region)
    return chain_svg(diagram, chain_title(diagram, lang), lang, with_coverage=False)


def diagram_view(markup: str, selected: str | None, lang: str) -> list:
    """The drawing's host, the markup and the selected node for assets/chain.js."""
    return [dcc.Store(id=Id.CHAIN_SVG, data=markup),
            dcc.Store(id=Id.CHAIN_SELECTED, data=selected or ""),
            html.Div(id=Id.CHAIN_GRAPH, className="chain-diagram",
                     **{"aria-label": t("chain_diagram_label", lang)}),
            html.Span(id=Id.CHAIN_DRAWN, hidden=True)]


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
                  id=Id.CHAIN_COVERAGE) if coverage else None


def _why(node: dict, lang: str) -> html.P | None:
    """Why a missing node is missing, or what an unknown one means."""
    if node.get("status_basis"):
        return html.P(t(f"basis_{node['status_basis']}", lang), className="note",
                      id=Id.NODE_BASIS)
    if node["status"] == "unknown":
        return html.P(status_note("unknown", lang), className="note", id=Id.NODE_BASIS)
    return None


def node_panel(node: dict | None, firms: dict | None, lang: str) -> list:
    if node is None:
        return [html.P(t("click_node", lang), className="note")]
    out = [html.H3(node["name_en"] if lang == "en" else node["name"], id=Id.NODE_TITLE,
                   **{"data-node": node["node_id"]}),
           html.P([html.Span(t("status_" + node["status"], lang),
                             className=f"badge badge-{node['status']}"),
                   " ", html.Span(tier_caption(node["tier"], lang), id=Id.NODE_TIER),
                   f" · {t('local_firms', lang)} {node['firm_count']}"])]
    why = _why(node, lang)
    if why is not None:
        out.append(why)
    groups = ("local", "sichuan", "elsewhere", "unknown")
    english = firm_names((f["firm_id"] for g in groups for f in _listed(firms[g])), lang)
    for group in groups:
        out += [html.H4(t(f"group_{group}", lang)),
                html.Ul(_firm_items(firms[group], lang, english), className="firm-list",
                        id=node_firms(group))]
    out.append(html.P(t("leader_mark", lang), className="note"))
    return out
