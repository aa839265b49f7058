"""Colours and fonts shared by every figure: the app, the chain diagram, the exported map.

Status colours are ColorBrewer RdYlBu (diverging, colour-blind safe): red for a missing
node (outline only, so a gap reads as an empty box), orange for weak, light blue for
present, dark blue for strong; a neutral grey (dotted outline, grey text) for a node the
loaded data do not cover (unknown: it cannot be called missing), outside the scale.
Cluster colours are Okabe & Ito's colour-blind-safe set
(yellow left out: it vanishes on a light map;
black, too heavy on a map, replaced by Paul Tol's wine).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CLUSTER_COLOURS", "DISTRICT_FILL", "FONT_FAMILY", "GROUP_COLOURS", "MAP_BACKGROUND",
           "STATUS_COLOURS", "STATUS_DASH", "STATUS_ORDER", "StatusColour", "cluster_colour"]


@dataclass(frozen=True)
class StatusColour:
    fill: str
    stroke: str
    text: str

    @property
    def solid(self) -> str:
        """One colour for a filled mark (a bar, a badge): the outline for an outline-only style."""
        return self.stroke if self.fill == "#ffffff" else self.fill


STATUS_ORDER = ("missing", "weak", "present", "strong", "unknown")

STATUS_COLOURS: dict[str, StatusColour] = {
    "missing": StatusColour(fill="#ffffff", stroke="#d73027", text="#1a1a1a"),
    "weak": StatusColour(fill="#fc8d59", stroke="#b35806", text="#1a1a1a"),
    "present": StatusColour(fill="#91bfdb", stroke="#4575b4", text="#1a1a1a"),
    "strong": StatusColour(fill="#4575b4", stroke="#313695", text="#ffffff"),
    "unknown": StatusColour(fill="#eeeeee", stroke="#8c8c8c", text="#4d4d4d"),
}
# outline dash patterns (SVG stroke-dasharray) of the statuses drawn with one
STATUS_DASH = {"missing": "5 3", "unknown": "1.5 2.5"}

CLUSTER_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255")

# firm-group markers: a district's label point, or a zone's (the zone is not a district)
GROUP_COLOURS = {"district": "#0b3d91", "zone": "#b35806"}

DISTRICT_FILL = "#f4f1ea"
MAP_BACKGROUND = "#dfe9f2"

FONT_FAMILY = '"Noto Sans CJK SC", "Noto Sans SC", "Microsoft YaHei", sans-serif'


def cluster_colour(index: int) -> str:
    """The colour of the index-th cluster in a legend (cycles past seven)."""
    return CLUSTER_COLOURS[index % len(CLUSTER_COLOURS)]
