"""One distance for the map's district panel and /targets (issue #17: "约 nan km"; 758.0 km
on the map, 654 公里 on /targets, neither saying from where)."""

from __future__ import annotations

import math

from chainmap.analytics.distance import (
    FirmDistance,
    Origin,
    distance_phrase,
    distance_reason,
    firm_distance,
    query_distance_origin,
)
from chainmap.analytics.region import Region, query_region

JIANGJIN = Origin("江津区", "Jiangjin District", 106.26, 29.29)


def test_chongqing_is_measured_from_its_centre_not_from_zhong_county(con):
    origin = query_distance_origin(con, query_region(con, "500000"))
    yuzhong = con.execute("SELECT label_lon, label_lat FROM dim_region "
                          "WHERE region_id = '500103'").fetchone()
    assert (origin.lon, origin.lat) == yuzhong and origin.name_zh == "重庆市中心渝中区"
    district = query_distance_origin(con, query_region(con, "500116"))
    assert (district.name_zh, district.name_en) == ("江津区", "Jiangjin District")
    group = query_distance_origin(con, query_region(con, "chengyu"))
    assert "105.3°E" in group.name_zh and "105.3°E" in group.name_en


def test_unknown_is_said_never_a_number():
    for km in (None, math.nan):
        d = FirmDistance(km, JIANGJIN, "city", "重庆市")
        assert distance_phrase(d) == "所在地未知（仅知在重庆市）"
        assert distance_phrase(d, "en", "Chongqing") == \
            "location unknown (only known to be in Chongqing)"
    assert distance_reason(FirmDistance(None, JIANGJIN, "unknown", None)) == "距离：所在地未知"
    assert distance_reason(FirmDistance(None, JIANGJIN, "unknown", None), "en") == \
        "Distance: location unknown"


def test_one_unit_one_rounding_the_origin_named():
    city = FirmDistance(757.6, JIANGJIN, "city", "株洲市")
    assert distance_phrase(city) == "距江津区约 758 公里（按株洲市估算，仅知所在城市）"
    assert distance_reason(city, "en", {"株洲市": "Zhuzhou"}) == (
        "Distance: about 758 km from Jiangjin District (measured to Zhuzhou: only the city "
        "is known)")
    far = FirmDistance(1575.5, JIANGJIN, "district", "海淀区")
    assert distance_phrase(far) == "距江津区约 1,576 公里（海淀区）"


def test_a_city_level_firm_inside_the_region_has_no_distance():
    region = Region("500116", "江津区", "district", 106.26, 29.29, "500000")
    assert firm_distance(region, JIANGJIN, "city", "500000", 107.8, 30.1) is None
    assert firm_distance(region, JIANGJIN, "province", "430000", 112.0, 28.0) is None
    assert firm_distance(region, JIANGJIN, "city", "430200", 113.5, 27.0) > 700
