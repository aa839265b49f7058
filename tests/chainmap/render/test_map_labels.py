"""chainmap.render.map_labels: every district named, no two names overprinting at any zoom the map
opens at, the stars' names kept clear (issue #17: 北碚区/渝北区 collided, the central
districts and 巴南区 carried no name, ★ 重庆长客 covered 涪陵区)."""

from __future__ import annotations

import pytest

from chainmap.geo.classes import group_radii
from chainmap.geo.queries import query_map_layers
from chainmap.render.map_labels import (
    LINE_PX,
    _box,
    _overlap,
    _px,
    _star_box,
    district_label,
    label_icon,
    place_labels,
)

ZOOMS = (7.25, 7.5, 7.75, 8.0, 8.25)  # 1280×800 to 1600×1000 and a little more


def _inputs(layers):
    districts = [{"region_id": p["region_id"], "text": district_label(p, {}),
                  "lon": p["label_lon"], "lat": p["label_lat"], "small": not p["show_label"],
                  "area": p["area"]} for f in layers["districts"]["features"]
                 for p in [f["properties"]]]
    stars = [{"lon": p["lon"], "lat": p["lat"], "text": f"★ {p['firm_name']}"}
             for p in layers["leaders"]]
    return districts, group_radii(layers["groups"]["placed"]), stars


@pytest.mark.parametrize("chain", [None, "rail", "robot"])
def test_every_district_gets_a_spot_and_none_overlap(con, chain):
    layers = query_map_layers(con, chain)
    districts, radii, stars = _inputs(layers)
    spots, star_spots = place_labels(districts, radii, stars, ZOOMS)
    assert set(spots) == {d["region_id"] for d in districts} and len(spots) == 38
    for zoom in ZOOMS:
        boxes = []
        for d in districts:
            x, y = _px(d["lon"], d["lat"], zoom)
            s = spots[d["region_id"]]
            boxes.append(_box(x + s.dx, y + s.dy, s.width, LINE_PX))
        boxes += [_star_box(*_px(p["lon"], p["lat"], zoom), s)
                  for p, s in zip(stars, star_spots, strict=True)]
        overlaps = [(i, j) for i, a in enumerate(boxes) for j, b in enumerate(boxes)
                    if i < j and _overlap(a, b) > 0]
        assert overlaps == [], (chain, zoom)


def test_crowded_leaves_out_what_has_no_room(con):
    layers = query_map_layers(con, "rail")
    districts, radii, stars = _inputs(layers)
    spots, _ = place_labels(districts, radii, stars, (6.0, 6.5), crowded=True)
    small = {d["region_id"] for d in districts if d["small"]}
    assert not small & set(spots) and 0 < len(spots) < 38
    assert not any(s.leader for s in spots.values())


def test_a_led_off_name_draws_its_line_from_the_point():
    from chainmap.render.map_labels import LabelSpot

    icon = label_icon("渝中", LabelSpot(30.0, -24.0, True, True, 20.0))
    ax, ay = icon["iconAnchor"]
    assert f'x1="{ax:.1f}"' in icon["html"] and f'y1="{ay:.1f}"' in icon["html"]
    assert "small-district" in icon["className"] and icon["iconSize"][0] >= 30 + 13
    plain = label_icon("江津区", LabelSpot(0.0, -10.0, False, False, 33.0))
    assert plain["html"] == "江津区" and plain["iconAnchor"] == [round(39 / 2), 18]
