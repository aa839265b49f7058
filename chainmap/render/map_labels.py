"""Where a map prints its district names: every district drawn gets one, none overprints another.

Label boxes are laid out in screen pixels at the zoom the map opens at (Web Mercator, as
Leaflet draws): a name sits above its label point (over the district's firm circle) when
that space is free, else below, right or left of it, else a little way off with a leader
line back to the point. The small central districts (渝中, 大渡口, 江北, 沙坪坝, 九龙坡,
南岸) are printed in a smaller font. The leader stars' firm names (★ 重庆长客) are placed
first, on whichever side of their point covers the fewest district names. Zooming in only
moves the points apart, so a layout free of overlaps at the opening zoom stays so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from chainmap.geo.places import map_label
from chainmap.render.textfit import text_width

__all__ = ["LABEL_PX", "SMALL_LABEL_PX", "LabelSpot", "StarSpot", "district_label",
           "label_icon", "place_labels"]

LABEL_PX = 11.0        # the map's district label font (layouts/assets/style.css)
SMALL_LABEL_PX = 10.0  # the small central districts'
STAR_PX = 12.0         # a leader star's firm name (bold)
LINE_PX = 14.0         # a label's line height
# offsets (px) of a leader-lined label from its point, nearest first, in eight directions
RINGS = (24.0, 36.0, 50.0, 66.0, 84.0)
DIRECTIONS = tuple(range(-180, 180, 15))  # degrees, screen y down


@dataclass(frozen=True)
class LabelSpot:
    """A district name's centre, `dx`/`dy` px from its label point; `leader`: a line joins
    them; `small`: the smaller font; `width` the estimated text width (px)."""

    dx: float
    dy: float
    leader: bool
    small: bool
    width: float


@dataclass(frozen=True)
class StarSpot:
    """A leader star's name: on the `right` (or left) of its point, `up` (or down)."""

    right: bool
    up: bool
    width: float


def district_label(props: dict, places: dict[str, str]) -> str:
    """A district's printed name (chainmap.geo.places.map_label; `places` Chinese -> English,
    empty in Chinese): a small central district's without its 区 (渝中, 江北 …; its
    tooltip and the panels give the full name)."""
    name = map_label(str(props["name"]), places)
    return name.removesuffix("区") if not props.get("show_label", True) and len(name) > 2 \
        else name


def _px(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    scale = 256 * 2 ** zoom
    phi = math.radians(lat)
    return (scale * (lon + 180) / 360,
            scale * (1 - math.log(math.tan(phi) + 1 / math.cos(phi)) / math.pi) / 2)


def _overlap(a: tuple, b: tuple) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _box(x: float, y: float, w: float, h: float) -> tuple:
    """The box of width w, height h centred on (x, y), with a 1 px margin."""
    return (x - w / 2 - 1, y - h / 2 - 1, x + w / 2 + 1, y + h / 2 + 1)


def _star_box(x: float, y: float, spot: StarSpot) -> tuple:
    left = x + 8 if spot.right else x - 8 - spot.width
    top = y - 26 if spot.up else y + 8
    return (left, top, left + spot.width, top + 18)


def _candidates(lift: float, radius: float, w: float, small: bool,
                outward: float) -> list[tuple[float, float, bool]]:
    """Offsets of a name from its point: beside it first; a large district's name may move
    further inside its district; a small one's is led off, outward from the city centre
    (`outward`, degrees) first."""
    above, below, side = -lift, radius + LINE_PX / 2 + 2, radius + 3 + w / 2
    near = [(0.0, above, False), (0.0, below, False), (side, 0.0, False), (-side, 0.0, False),
            (side, above, False), (-side, above, False), (side, below, False),
            (-side, below, False)]
    order = sorted(DIRECTIONS, key=lambda a: abs((a - outward + 180) % 360 - 180))
    far = [(math.cos(math.radians(a)) * (r + w / 2 * abs(math.cos(math.radians(a)))),
            math.sin(math.radians(a)) * r, True) for r in RINGS for a in order]
    if not small:  # a large district's name may move further inside it before a line
        shifts = [(dx + sx, dy + sy, False) for sy in (0.0, -12.0, 12.0, -24.0, 24.0)
                  for sx in (0.0, -14.0, 14.0, -28.0, 28.0) for dx, dy, _ in near[:4]
                  if (sx, sy) != (0.0, 0.0)]
        return near + shifts + far
    return near + far


def _place_stars(stars: list[dict], zooms: tuple[float, ...], default: list[list[tuple]],
                 placed: list[list[tuple]]) -> list[StarSpot]:
    """Each star's side: the one covering the least of the district names' default boxes
    and the stars placed before it; its box is added to `placed` (per zoom)."""
    spots = []
    for s in stars:
        at = [_px(s["lon"], s["lat"], z) for z in zooms]
        width = text_width(s["text"], STAR_PX) * 1.1 + STAR_PX * 0.5 + 4  # bold; ★ 1 em
        options = [StarSpot(right, up, width) for up in (True, False) for right in (True, False)]
        spot = min(options, key=lambda o: sum(
            _overlap(_star_box(x, y, o), b) for i, (x, y) in enumerate(at)
            for b in [*default[i], *placed[i]]))
        spots.append(spot)
        for i, (x, y) in enumerate(at):
            placed[i].append(_star_box(x, y, spot))
    return spots


def _best(options: list, at: list[tuple[float, float]], w: float,
          taken: list[list[tuple]]) -> tuple[tuple, float]:
    """The first offset overlapping nothing taken at any zoom, else the least overlapping.

    Every offset's cost at once (numpy: a map at 1M firms has a firm circle in every district,
    and trying the offsets one by one took half a second of each map draw). Each cost is the
    same float as ``sum(_overlap(_box(x + dx, y + dy, w, LINE_PX), b) for each zoom's x, y
    for b in taken)``: the same operations, added in the same order."""
    dx = np.array([o[0] for o in options], dtype=float)
    dy = np.array([o[1] for o in options], dtype=float)
    cost = np.zeros(len(options))
    for i, (x, y) in enumerate(at):
        if not taken[i]:
            continue
        boxes = np.asarray(taken[i], dtype=float)
        cx, cy = x + dx, y + dy
        left, top = cx - w / 2 - 1, cy - LINE_PX / 2 - 1
        right, bottom = cx + w / 2 + 1, cy + LINE_PX / 2 + 1
        width = np.minimum(right[:, None], boxes[:, 2]) - np.maximum(left[:, None], boxes[:, 0])
        height = (np.minimum(bottom[:, None], boxes[:, 3])
                  - np.maximum(top[:, None], boxes[:, 1]))
        overlap = np.where((width > 0) & (height > 0), width * height, 0.0)
        for column in overlap.T:  # left to right, as the sum over the boxes runs
            cost += column
    first = int(np.argmin(cost))  # the first least: the first free one when any is
    return tuple(options[first]), float(cost[first])


def _zooms(zoom) -> tuple[float, ...]:
    return tuple(zoom) if isinstance(zoom, tuple | list) else (float(zoom),)


def place_labels(districts: list[dict], circles: dict[str, float], stars: list[dict],
                 zoom: float | tuple[float, ...], fixed: list[dict] | None = None,
                 crowded: bool = False) -> tuple[dict[str, LabelSpot], list[StarSpot]]:
    """Spots for each district's name and each star's, free of overlaps at every zoom in
    `zoom` (the zooms the map may open at: the names' offsets are in pixels, the points
    move apart as the map zooms in, so a layout is checked at each).

    `districts`: dicts with region_id, text (the label in the map's language), lon, lat,
    small (a central district printed smaller), area (any unit; larger first); `circles`:
    region_id -> the radius (px) of the firm circle at its label point; `stars`: dicts
    with lon, lat, text (★ and the firm's name). `fixed`: other names already printed
    (dicts with lon, lat, text: centred on the point, the 成渝 overlay's city names).
    `crowded` (the overlay, zoomed out to all of Sichuan): a name is printed only beside
    its point where it overprints nothing, and the small central districts' names not at
    all (their tooltips name them); others get no spot."""
    zooms = _zooms(zoom)
    points = [{d["region_id"]: _px(d["lon"], d["lat"], z) for d in districts} for z in zooms]
    obstacles = [[(x - r - 1, y - r - 1, x + r + 1, y + r + 1)
                  for rid, r in circles.items() if rid in pts for x, y in [pts[rid]]]
                 for pts in points]
    default = [[_box(x, y - 6, text_width(d["text"], LABEL_PX), LINE_PX)
                for d in districts for x, y in [pts[d["region_id"]]]] for pts in points]
    small = [points[0][d["region_id"]] for d in districts if d["small"]]
    cx = sum(x for x, _ in small) / len(small) if small else 0.0
    cy = sum(y for _, y in small) / len(small) if small else 0.0
    placed: list[list[tuple]] = [[] for _ in zooms]
    star_spots = _place_stars(stars, zooms, default, placed)
    for i, z in enumerate(zooms):
        placed[i] += [_box(*_px(f["lon"], f["lat"], z), text_width(f["text"], STAR_PX),
                           LINE_PX) for f in fixed or []]
    spots: dict[str, LabelSpot] = {}
    for d in sorted(districts, key=lambda d: (not d["small"], -d["area"])):
        if crowded and d["small"]:
            continue
        at = [pts[d["region_id"]] for pts in points]
        w = text_width(d["text"], SMALL_LABEL_PX if d["small"] else LABEL_PX)
        radius = circles.get(d["region_id"], 0.0)
        lift = radius + LINE_PX / 2 + 2 if radius else LINE_PX / 2 - 4
        x0, y0 = at[0]
        outward = math.degrees(math.atan2(y0 - cy, x0 - cx)) if (x0, y0) != (cx, cy) \
            else -90.0
        options = _candidates(lift, radius, w, d["small"], outward)
        best, best_cost = _best(options[:4] if crowded else options, at, w,
                                [[*p, *o] for p, o in zip(placed, obstacles, strict=True)])
        if crowded and best_cost:
            continue
        dx, dy, leader = best
        spots[d["region_id"]] = LabelSpot(round(dx, 1), round(dy, 1), leader, d["small"],
                                          round(w, 1))
        for i, (x, y) in enumerate(at):
            placed[i].append(_box(x + dx, y + dy, w, LINE_PX))
    return spots, star_spots


def label_icon(text: str, spot: LabelSpot) -> dict:
    """A district name's div icon at `spot` (chainmap.render.map_labels): the name's box, or with a
    leader line, a box spanning the label point and the name with the line drawn in it."""
    w, h = spot.width + 6, 14.0
    cls = "district-label" + (" small-district" if spot.small else "")
    if not spot.leader:
        return {"className": cls, "html": text, "iconSize": [round(w), 16],
                "iconAnchor": [round(w / 2 - spot.dx), round(8 - spot.dy)]}
    left, top = min(0.0, spot.dx - w / 2), min(0.0, spot.dy - h / 2)
    right, bottom = max(0.0, spot.dx + w / 2), max(0.0, spot.dy + h / 2)
    ax, ay = abs(left), abs(top)  # the label point in the icon (left, top <= 0)
    # the line ends at the edge of the name's box nearest the point
    ex = min(max(ax, ax + spot.dx - w / 2), ax + spot.dx + w / 2)
    ey = min(max(ay, ay + spot.dy - h / 2), ay + spot.dy + h / 2)
    html = (f'<svg class="leader-line" width="{right - left:.0f}" height="{bottom - top:.0f}">'
            f'<line x1="{ax:.1f}" y1="{ay:.1f}" x2="{ex:.1f}" y2="{ey:.1f}"/>'
            f'<circle cx="{ax:.1f}" cy="{ay:.1f}" r="1.6" fill="#555"/></svg>'
            f'<span class="label-text" style="left:{ax + spot.dx - w / 2:.1f}px;'
            f'top:{ay + spot.dy - h / 2:.1f}px;width:{w:.0f}px">{text}</span>')
    return {"className": cls, "html": html, "iconSize": [round(right - left), round(bottom - top)],
            "iconAnchor": [round(ax), round(ay)]}
