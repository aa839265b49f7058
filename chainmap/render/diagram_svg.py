"""Draw a chain diagram (chainmap.render.diagram) as one standalone SVG: no external references.

Every piece of text from the data (node and firm names, titles) is escaped; boxes are
coloured by status (chainmap.render.palette), a badge carries the firm count, edges are curves
with arrowheads that pass through the gaps the layout left for them.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from chainmap.analytics.facts import CONFIRMED
from chainmap.render.palette import FONT_FAMILY, STATUS_COLOURS, STATUS_DASH, STATUS_ORDER
from chainmap.render.textfit import fit_line, text_width, wrap_text
from chainmap.text.captions import caption, data_coverage_caption, status_caption, tier_caption
from chainmap.text.sanitize import escape

__all__ = ["chain_svg"]

BOX_W = 176
COL_GAP = 64
MARGIN = 36
NAME_SIZES = (13, 12, 11)  # a name that needs more than NAME_LINES lines is set smaller
NAME_LINES = 3
FIRM_SIZE = 11
FIRM_LINE_H = 14
FIRM_LINES = 3  # the most lines the firms under a name take (a long English name)
TITLE_SIZES = range(24, 15, -1)  # a long title is set smaller before it is cut
# the legal form at the end of an English firm name, left out in a box (kept in its tooltip)
LEGAL_FORM = re.compile(r"(?:[\s,.]*\b(?:co\.?,?\s*ltd|company\s+limited|co\.?,?\s*limited|"
                        r"limited|ltd|inc|incorporated|corporation|corp|plc)\.?)+$", re.I)
TOP = 150  # first box edge below the title and the tier headers
COVERAGE_LINE_H = 18  # the data coverage lines under the legend
EDGE_COLOUR = "#8a96a3"
TIER_FILLS = ("#f3f6fa", "#eaf0f6")


@dataclass(frozen=True)
class Frame:
    """Pixel geometry of one drawing."""

    box_h: float
    width: float
    bottom: float  # of the tier bands
    legend: list[list[tuple[str, str, float]]]  # rows of (status, text, x)
    notes: tuple[str, ...] = ()  # the badge, the arrows and marginal evidence, wrapped
    coverage: tuple[str, ...] = ()  # the data coverage line, wrapped

    @property
    def height(self) -> float:
        return self.bottom + 34 + 26 * len(self.legend) + 12 + COVERAGE_LINE_H * (
            len(self.notes) + len(self.coverage))

    def col_x(self, x: float) -> float:
        return MARGIN + x * (BOX_W + COL_GAP)

    def centre_y(self, y: float) -> float:
        return TOP + y * self.box_h


def _label(node: dict, lang: str) -> str:
    return node["name_en"] if lang == "en" else node["name"]


def _name_lines(node: dict, lang: str) -> tuple[int, list[str]]:
    """The font size and lines of a node's name: the first size of NAME_SIZES that fits
    it in NAME_LINES lines, else the smallest in as many lines as it takes (never cut)."""
    for size in NAME_SIZES:
        lines = wrap_text(_label(node, lang), BOX_W - 30, size, max_lines=99)
        if len(lines) <= NAME_LINES:
            break
    return size, lines


def _name_height(node: dict, lang: str) -> int:
    size, lines = _name_lines(node, lang)
    return len(lines) * (size + 4)


def _legend_rows(diagram: dict, width: float, lang: str) -> list[list[tuple[str, str, float]]]:
    """Legend entries packed into rows that fit the width."""
    rows: list[list[tuple[str, str, float]]] = [[]]
    x = MARGIN
    for status in STATUS_ORDER:
        text = status_caption(status, lang) + (": " if lang == "en" else "：") \
            + _status_definition(status, diagram["thresholds"], lang)
        item = 36 + text_width(text, 13) + 28
        if rows[-1] and x + item > width - MARGIN:
            rows.append([])
            x = MARGIN
        rows[-1].append((status, text, x))
        x += item
    return rows


def _frame(diagram: dict, lang: str, with_coverage: bool = True) -> Frame:
    names = max((_name_height(n, lang) for n in diagram["nodes"]), default=17)
    firm_lines = max((len(_firm_line(n, lang)[0]) for n in diagram["nodes"]), default=1)
    box_h = 21 + names + FIRM_LINE_H * max(firm_lines, 1)
    width = max(2 * MARGIN + diagram["columns"] * (BOX_W + COL_GAP) - COL_GAP, 960)
    coverage = diagram.get("data_coverage") if with_coverage else None
    lines = wrap_text(data_coverage_caption(coverage, lang), width - 2 * MARGIN, 12,
                      max_lines=6) if coverage else []
    notes = [line for text in (f"{caption('badge', lang)}  ·  {caption('edge', lang)}",
                               caption("marginal_def", lang, confirmed=CONFIRMED))
             for line in wrap_text(text, width - 2 * MARGIN, 12, max_lines=99)]
    return Frame(box_h=box_h, width=width, bottom=TOP + diagram["height"] * box_h + 16,
                 legend=_legend_rows(diagram, width, lang), notes=tuple(notes),
                 coverage=tuple(lines))


def _firm_line(node: dict, lang: str) -> tuple[list[str], bool]:
    """The firms written under a node's name, and whether they are marginal evidence: as
    many as fit in one line ("+n more" for the rest), else in the fewest lines (up to
    FIRM_LINES) that hold at least one, never cut. A box drops the legal form of an English
    name ("Co., Ltd."); its tooltip gives the whole name."""
    firms = node["firms_en" if lang == "en" else "firms"]
    marginal = not firms and bool(node["marginal_firms"])
    if marginal:
        firms = node["marginal_firms_en" if lang == "en" else "marginal_firms"]
    if not firms:
        return [], False
    if lang == "en":
        firms = [LEGAL_FORM.sub("", f) or f for f in firms]
    sep = ", " if lang == "en" else "、"
    prefix = caption("marginal_short", lang) + (": " if lang == "en" else "：") if marginal else ""
    room = BOX_W - 16

    def text(shown: int) -> str:
        rest = len(firms) - shown
        more = " " + caption("more_firms", lang, n=len(firms), rest=rest) if rest else ""
        return prefix + sep.join(firms[:shown]) + more

    for lines in range(1, FIRM_LINES + 1):
        for shown in range(len(firms), 0, -1):
            wrapped = wrap_text(text(shown), room, FIRM_SIZE, max_lines=99)
            if len(wrapped) <= lines:
                return wrapped, marginal
    return wrap_text(text(1), room, FIRM_SIZE, max_lines=99), marginal


def _badge(node: dict, x: float, y: float) -> str:
    text = str(node["firm_count"])
    if node["marginal_count"]:
        text += f"+{node['marginal_count']}"
    w = max(22.0, text_width(text, 11) + 12)
    colour = STATUS_COLOURS[node["status"]].stroke
    return (f'<rect class="badge" x="{x - w / 2:.1f}" y="{y - 10:.1f}" width="{w:.1f}" '
            f'height="20" rx="10" fill="{colour}" stroke="#ffffff" stroke-width="1.5"/>'
            f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-size="11" '
            f'font-weight="700" fill="#ffffff">{escape(text)}</text>')


def _dash(status: str) -> str:
    return f' stroke-dasharray="{STATUS_DASH[status]}"' if status in STATUS_DASH else ""


def _tooltip(node: dict, lang: str) -> str:
    status = status_caption(node["status"], lang)
    if node.get("status_basis"):
        status += (": " if lang == "en" else "：") + caption(f"basis_{node['status_basis']}_short",
                                                            lang)
    elif node["status"] == "unknown":
        status += (": " if lang == "en" else "：") + caption("status_unknown_def", lang)
    parts = [_label(node, lang), status]
    firms = node["firms_en" if lang == "en" else "firms"]
    marginal = node["marginal_firms_en" if lang == "en" else "marginal_firms"]
    sep, colon = caption("list_sep", lang), caption("colon", lang)
    if firms:
        parts.append(caption("col_firms", lang) + colon + sep.join(firms))
    if marginal:
        parts.append(caption("marginal_short", lang) + colon + sep.join(marginal))
    return escape("\n".join(parts))


def _node_svg(node: dict, frame: Frame, lang: str) -> str:
    colour = STATUS_COLOURS[node["status"]]
    x, top = frame.col_x(node["x"]), frame.centre_y(node["y"]) - frame.box_h / 2
    dash = _dash(node["status"])
    out = [f'<g class="node status-{escape(node["status"])}" data-node="{escape(node["node_id"])}">'
           f"<title>{_tooltip(node, lang)}</title>",
           f'<rect x="{x:.1f}" y="{top:.1f}" width="{BOX_W}" height="{frame.box_h:.1f}" rx="6" '
           f'fill="{colour.fill}" stroke="{colour.stroke}" stroke-width="1.8"{dash}/>']
    size, lines = _name_lines(node, lang)
    firms, marginal = _firm_line(node, lang)
    room = frame.box_h - (8 + FIRM_LINE_H * len(firms) if firms else 6)
    first = top + 4 + (room - len(lines) * (size + 4)) / 2 + size
    for i, line in enumerate(lines):
        out.append(f'<text class="name" x="{x + 8:.1f}" y="{first + i * (size + 4):.1f}" '
                   f'font-size="{size}" font-weight="600" fill="{colour.text}">'
                   f"{escape(line)}</text>")
    style = ' font-style="italic" opacity="0.8"' if marginal else ""
    for i, line in enumerate(firms):
        y = top + frame.box_h - 9 - (len(firms) - 1 - i) * FIRM_LINE_H
        out.append(f'<text class="firms" x="{x + 8:.1f}" y="{y:.1f}" font-size="{FIRM_SIZE}" '
                   f'fill="{colour.text}"{style}>{escape(line)}</text>')
    out.append(_badge(node, x + BOX_W - 4, top + 2))
    out.append("</g>")
    return "".join(out)


def _ports(diagram: dict, frame: Frame) -> dict[tuple[str, str, str], float]:
    """Spread the ends of the edges meeting a box side, ordered by where they come from."""
    centre = {n["node_id"]: frame.centre_y(n["y"]) for n in diagram["nodes"]}
    ends: dict[tuple[str, str], list[tuple[float, str, str]]] = {}
    for e in diagram["edges"]:
        first = frame.centre_y(e["points"][0][1]) if e["points"] else centre[e["dst"]]
        last = frame.centre_y(e["points"][-1][1]) if e["points"] else centre[e["src"]]
        ends.setdefault((e["src"], "out"), []).append((first, e["src"], e["dst"]))
        ends.setdefault((e["dst"], "in"), []).append((last, e["src"], e["dst"]))
    ports = {}
    for (node, side), items in ends.items():
        items.sort()
        step = min(7.0, (frame.box_h - 16) / max(len(items), 1))
        for i, (_, src, dst) in enumerate(items):
            ports[(src, dst, side)] = centre[node] + (i - (len(items) - 1) / 2) * step
    return ports


def _curve(x1: float, y1: float, x2: float, y2: float) -> str:
    mid = (x2 - x1) / 2
    return f" C{x1 + mid:.1f},{y1:.1f} {x2 - mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"


def _edge_path(edge: dict, x_of: dict[str, float], frame: Frame,
               ports: dict[tuple[str, str, str], float]) -> str:
    src, dst = edge["src"], edge["dst"]
    x1, y1 = x_of[src] + BOX_W, ports[(src, dst, "out")]
    x2, y2 = x_of[dst] - 3, ports[(src, dst, "in")]
    if x2 <= x1:  # same column (or backwards): loop out to the right
        right = max(x1, x_of[dst] + BOX_W) + 28
        return (f"M{x1:.1f},{y1:.1f} C{right:.1f},{y1:.1f} {right:.1f},{y2:.1f} "
                f"{x_of[dst] + BOX_W + 3:.1f},{y2:.1f}")
    d, x, y = f"M{x1:.1f},{y1:.1f}", x1, y1
    for col, by in edge["points"]:
        bx, byp = frame.col_x(col), frame.centre_y(by)
        d += _curve(x, y, bx, byp) + f" L{bx + BOX_W:.1f},{byp:.1f}"
        x, y = bx + BOX_W, byp
    return d + _curve(x, y, x2, y2)


def _edges_svg(diagram: dict, frame: Frame, arrow: str) -> str:
    x_of = {n["node_id"]: frame.col_x(n["x"]) for n in diagram["nodes"]}
    ports = _ports(diagram, frame)
    paths = [f'<path d="{_edge_path(e, x_of, frame, ports)}" marker-end="url(#{arrow})" '
             f'data-edge="{escape(e["src"])}&gt;{escape(e["dst"])}"/>'
             for e in diagram["edges"]]
    return (f'<g class="edges" fill="none" stroke="{EDGE_COLOUR}" stroke-width="1.3">'
            + "".join(paths) + "</g>")


def _tiers_svg(diagram: dict, frame: Frame, lang: str) -> str:
    out = []
    for i, tier in enumerate(diagram["tiers"]):
        left = frame.col_x(tier["x_min"]) - COL_GAP / 2 + 4
        right = frame.col_x(tier["x_max"]) + BOX_W + COL_GAP / 2 - 4
        out.append(f'<rect class="tier" data-tier="{escape(tier["tier"])}" x="{left:.1f}" '
                   f'y="92" width="{right - left:.1f}" height="{frame.bottom - 92:.1f}" '
                   f'rx="8" fill="{TIER_FILLS[i % 2]}"/>')
        label = f"{tier_caption(tier['tier'], lang)}"
        unit = ("node" if tier["nodes"] == 1 else "nodes") if lang == "en" else "个环节"
        count = f"{tier['nodes']} {unit}"
        out.append(f'<text class="tier-label" x="{(left + right) / 2:.1f}" y="118" '
                   f'text-anchor="middle" '
                   f'font-size="18" font-weight="700" fill="#2b3a4a">{escape(label)}'
                   f'<tspan font-size="12" font-weight="400" fill="#5b6b7b" dx="8">'
                   f"{escape(count)}</tspan></text>")
    return "".join(out)


def _status_definition(status: str, thresholds: dict, lang: str) -> str:
    weak_max, strong_min = thresholds["weak_max"], thresholds["strong_min"]
    return caption(f"status_{status}_def", lang, weak_max=weak_max, strong_min=strong_min,
                   low=weak_max + 1, high=strong_min - 1)


def _legend_svg(frame: Frame, lang: str) -> str:
    out = []
    y = frame.bottom + 34
    for row in frame.legend:
        for status, text, x in row:
            colour = STATUS_COLOURS[status]
            dash = _dash(status)
            out.append(f'<rect x="{x:.1f}" y="{y - 13:.1f}" width="28" height="18" rx="4" '
                       f'fill="{colour.fill}" stroke="{colour.stroke}" stroke-width="1.8"{dash}/>'
                       f'<text x="{x + 36:.1f}" y="{y + 1:.1f}" font-size="13" fill="#1a1a1a">'
                       f"{escape(text)}</text>")
        y += 26
    # what the number and the arrows say, what marginal evidence is; then which sources
    # place firms in the region: what "unknown" rests on
    lines = [("legend-note", line) for line in frame.notes] + [
        ("data-coverage", line) for line in frame.coverage]
    for i, (kind, line) in enumerate(lines):
        out.append(f'<text class="{kind}" x="{MARGIN}" y="{y + 4 + i * COVERAGE_LINE_H:.1f}" '
                   f'font-size="12" fill="#444">{escape(line)}</text>')
    return "".join(out)


def _title_svg(title: str, frame: Frame, lang: str) -> str:
    """The title (set smaller, down to 16 px, before it is cut) and the data note."""
    room = frame.width - 2 * MARGIN
    size = next((s for s in TITLE_SIZES if text_width(title, s) <= room), TITLE_SIZES[-1])
    return (f'<text class="title" x="{MARGIN}" y="44" font-size="{size}" font-weight="700" '
            f'fill="#14213d">{escape(fit_line(title, room, size))}</text>'
            f'<text x="{MARGIN}" y="72" font-size="13" fill="#5b6b7b">'
            f"{escape(caption('data_note_confidence', lang))}</text>")


def chain_svg(diagram: dict, title: str, lang: str = "zh", *,
              with_coverage: bool = True) -> str:
    """A standalone SVG of a diagram from chainmap.render.diagram.query_chain_diagram.

    `with_coverage`: the region's data coverage under the legend (a page that prints it
    beside the drawing leaves it out)."""
    frame = _frame(diagram, lang, with_coverage)
    arrow = f"cm-arrow-{zlib.crc32((title + diagram.get('chain', '')).encode()):08x}"
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{frame.width:.0f}" '
            f'height="{frame.height:.0f}" viewBox="0 0 {frame.width:.0f} {frame.height:.0f}" '
            f'font-family="{escape(FONT_FAMILY)}" role="img" aria-label="{escape(title)}">'
            f"<title>{escape(title)}</title>"
            f'<defs><marker id="{arrow}" viewBox="0 0 10 10" refX="9" refY="5" '
            f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M0,0 L10,5 L0,10 z" fill="{EDGE_COLOUR}"/></marker></defs>'
            f'<rect width="100%" height="100%" fill="#ffffff"/>')
    body = (_tiers_svg(diagram, frame, lang) + _edges_svg(diagram, frame, arrow)
            + "".join(_node_svg(n, frame, lang) for n in diagram["nodes"]))
    return head + _title_svg(title, frame, lang) + body + _legend_svg(frame, lang) + "</svg>"
