"""The maps' classes: choropleth colours, class breaks of firm counts and location
quotients, legend labels, and the radii of firm-group circles."""

from __future__ import annotations

import math

__all__ = [
    "CHOROPLETH",
    "CHOROPLETH_EDGE",
    "COUNT_BREAKS",
    "GROUP_RADIUS",
    "LQ_BREAKS",
    "classify",
    "count_breaks",
    "count_labels",
    "district_quotients",
    "group_radii",
    "group_radius",
]

# the six classes' fills (0: no value) and a shaded district's edge, a shade darker than
# its fill: a district too small to see its fill under its firm circle (大渡口, 江北 with
# one firm) still shows its class around it. The web map and the exported map draw both.
CHOROPLETH = ("#f4f1ea", "#c7e9c0", "#a1d99b", "#74c476", "#31a354", "#006d2c")
CHOROPLETH_EDGE = ("#7a7a7a", "#74c476", "#41ab5d", "#238b45", "#006d2c", "#00441b")
COUNT_BREAKS = (1, 2, 4, 8)       # firm counts: 1 | 2 | 3-4 | 5-8 | 9+
LQ_BREAKS = (0.5, 1.0, 1.5, 3.0)  # location quotients


def _round_up(value: float) -> int:
    """``value`` rounded up to two significant digits (320, 1,300): a break a legend reads."""
    if value < 100:
        return max(1, math.ceil(value))
    scale = 10 ** (math.floor(math.log10(value)) - 1)
    return math.ceil(value / scale) * scale


def count_breaks(values) -> tuple[int, ...]:
    """Upper-inclusive breaks of the five firm-count classes for these district counts.

    The plan's own data (a handful of firms a district) keeps COUNT_BREAKS. Once a registry
    puts dozens or hundreds of firms in a district those would colour every district "9+",
    so the breaks follow the non-zero counts instead: their 20/40/60/80 % quantiles (with
    fewer than five different counts, 20/40/60/80 % of the largest), rounded up to two
    significant digits and kept strictly increasing."""
    counts = sorted(v for v in values if v)
    if not counts or counts[-1] <= 2 * COUNT_BREAKS[-1]:
        return COUNT_BREAKS
    few = len(set(counts)) < 5
    breaks: list[int] = []
    for q in (0.2, 0.4, 0.6, 0.8):
        at = _round_up(q * counts[-1] if few else counts[int(q * len(counts))])
        breaks.append(at if not breaks or at > breaks[-1] else _round_up(breaks[-1] + 1))
    return tuple(breaks)


def count_labels(breaks) -> list[str]:
    """Legend labels of the six count classes: 0, then each class's range (1 | 2 | 3–4 |
    5–8 | 9+ for COUNT_BREAKS)."""
    labels, low = ["0"], 1
    for high in breaks:
        labels.append(f"{low:,}" if high == low else f"{low:,}–{high:,}")
        low = high + 1
    return [*labels, f"{low:,}+"]


GROUP_RADIUS = (7.0, 22.0)  # px: one firm's circle, and the largest group's at most


def group_radius(count: int, largest: int) -> float:
    """Circle radius (px) of a firm group of ``count`` firms on a map whose largest group
    has ``largest``: its area grows with the firms (7 + 3·√n for the plan's few), and the
    largest circle stays at most GROUP_RADIUS[1] px, so a registry's hundreds of firms a
    district draw markers, not discs covering the map."""
    low, high = GROUP_RADIUS
    return low + (high - low) * math.sqrt(count / max(largest, 25))


def group_radii(groups: list[dict]) -> dict[str, float]:
    """Each placed firm group's circle radius (``group_radius``), by its region id."""
    largest = max((g["count"] for g in groups), default=1)
    return {g["region_id"]: group_radius(g["count"], largest) for g in groups}


def district_quotients(chain_counts: dict[str, int], all_counts: dict[str, int]
                       ) -> dict[str, float]:
    """LQ per district: (chain firms / all firms in the district) / (the same for all districts)."""
    total_chain, total = sum(chain_counts.values()), sum(all_counts.values())
    if not total_chain or not total:
        return {}
    base = total_chain / total
    return {d: round((chain_counts.get(d, 0) / n) / base, 3) for d, n in all_counts.items() if n}


def classify(values: dict[str, float], breaks: tuple[float, ...]) -> dict[str, int]:
    """Class index per key: 0 for no value/zero, then 1.. by the upper-inclusive breaks."""
    out = {}
    for key, value in values.items():
        out[key] = 0 if not value else 1 + sum(value > b for b in breaks)
    return out
