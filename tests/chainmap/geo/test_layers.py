import json

import pandas as pd
import pytest
from shapely.geometry import shape

from chainmap.geo.layers import (
    cluster_outlines,
    firm_groups,
    query_cluster_members,
    query_firm_locations,
    region_collection,
)
from chainmap.queries import query_regions


def test_firms_are_grouped_only_at_the_precision_they_are_known():
    firms = pd.DataFrame([
        {"firm_id": "a", "name": "甲", "role": "local", "kind": "firm", "precision": "district",
         "adcode": "500116", "region_name": "江津区", "label_lon": 106.2, "label_lat": 29.0,
         "chains": "rail"},
        {"firm_id": "b", "name": "乙", "role": "local", "kind": "firm", "precision": "city",
         "adcode": "500000", "region_name": "重庆市", "label_lon": None, "label_lat": None,
         "chains": "rail"},
        {"firm_id": "c", "name": "丙", "role": "attract", "kind": "firm",
         "precision": "unknown", "adcode": None, "region_name": None, "label_lon": None,
         "label_lat": None, "chains": None},
    ])
    groups = firm_groups(firms)
    assert [g["region_id"] for g in groups["placed"]] == ["500116"]
    assert {g["region_id"] for g in groups["unplaced"]} == {"500000", "unknown"}
    assert all("lon" not in g for g in groups["unplaced"])


def test_cluster_outlines_cover_their_member_districts(con):
    regions = query_regions(con, parent_id="500000", level="district")
    clusters = query_cluster_members(con)
    outlines = cluster_outlines(clusters, regions)
    assert len(outlines["features"]) == 7
    by_id = {f["id"]: f for f in outlines["features"]}
    jiangjin = shape(json.loads(regions.set_index("region_id").loc["500116", "geometry"]))
    engine = shape(by_id["engine"]["geometry"])
    assert engine.contains(jiangjin.representative_point())
    assert by_id["rail"]["properties"]["approximate"]  # via 两江新区, a zone
    assert not by_id["cnc"]["properties"]["approximate"]


def test_region_collection_keeps_the_crs_label(con):
    collection = region_collection(query_regions(con, parent_id="500000", level="district"))
    assert len(collection["features"]) == 38
    assert {f["properties"]["crs"] for f in collection["features"]} == {"GCJ-02"}


def test_firm_locations_by_chain(con):
    rail = query_firm_locations(con, "rail")
    assert "重庆长客" in set(rail["name"])
    assert set(rail["precision"]) <= {"district", "zone", "city", "unknown"}


def test_map_layers_for_a_chain(con):
    from chainmap.geo.layers import query_map_layers

    layers = query_map_layers(con, "rail")
    assert len(layers["districts"]["features"]) == 38
    assert [f["id"] for f in layers["clusters"]["features"]] == ["rail"]
    (south, west), (north, _east) = layers["bounds"]
    assert 27.9 < south < 28.3 and 31.9 < north < 32.4 and 105.1 < west < 105.5
    labelled = {f["properties"]["name"] for f in layers["districts"]["features"]
                if f["properties"]["show_label"]}
    assert "万州区" in labelled and "渝中区" not in labelled
    placed = {g["name"] for g in layers["groups"]["placed"]}
    assert "江北区" in placed  # 重庆长客


def test_district_quotients_and_classes():
    from chainmap.geo.layers import classify, district_quotients

    lq = district_quotients({"a": 2, "b": 0}, {"a": 4, "b": 4, "c": 0})
    assert lq == {"a": 2.0, "b": 0.0}
    assert district_quotients({}, {"a": 1}) == {}
    assert classify({"a": 0, "b": 1, "c": 3, "d": 100}, (1, 2, 4, 8)) == {
        "a": 0, "b": 1, "c": 3, "d": 5}


def test_chengyu_layers_for_rail(con):
    from chainmap.geo.layers import query_chengyu_layers

    layers = query_chengyu_layers(con, "rail")
    assert set(layers["partners"]) == {"510100", "511400", "512000"}
    assert len(layers["cities"]["features"]) == 21
    assert {b["element_id"] for b in layers["belts"]} == {"belt_north", "belt_middle",
                                                          "belt_south"}
    assert all(len(b["path"]) == 3 for b in layers["belts"])
    assert len(layers["core_outlines"]["features"]) == 2


def test_map_layers_lq_measure_and_overlay(con):
    from chainmap.geo.layers import query_map_layers

    layers = query_map_layers(con, "rail", None, "lq", True)
    values = {f["properties"]["name"]: f["properties"]["value"]
              for f in layers["districts"]["features"] if f["properties"]["value"]}
    assert set(values) == {"江北区", "大渡口区", "江津区"} and all(v > 1 for v in values.values())
    assert layers["leaders"][0]["firm_name"] == "重庆长客"
    (_south, west), _ = layers["bounds"]
    assert west < 100  # Sichuan's west is included


def test_district_detail(con):
    from chainmap.views.district_detail import query_district_detail

    d = query_district_detail(con, "500116", "rail")
    assert d["name"] == "江津区" and [f["name"] for f in d["firms"]] == ["重庆齿轮箱"]
    assert "信号系统（列控/联锁）" in d["missing"]
    assert {t["firm_name"] for t in d["targets"]} >= {"中国通号", "株洲时代"}
    assert query_district_detail(con, "500105")["zones"] == ["两江新区"]


def test_node_firms_grouped_by_place(con):
    from chainmap.views.node_detail import query_node_firms

    groups = query_node_firms(con, "rail", "500000", "rail.signalling")
    elsewhere = [f["name"] for f in groups["elsewhere"]]
    assert elsewhere[0] == "中国通号" and "交控科技" in elsewhere  # the plan's, then listed
    assert groups["local"] == [] and groups["sichuan"] == []
    vehicle = query_node_firms(con, "rail", "500000", "rail.vehicle")
    assert vehicle["local"][0]["name"] == "重庆长客" and vehicle["local"][0]["leader"]


def test_firm_groups_name_a_few_firms_and_count_all():
    from chainmap.geo.layers import GROUP_FIRMS_MAX

    firms = pd.DataFrame([
        {"firm_id": f"f{i:03d}", "name": f"企业{i}", "role": "local", "kind": "firm",
         "precision": "district", "adcode": "500116", "region_name": "江津区",
         "label_lon": 106.2, "label_lat": 29.0, "chains": "rail"}
        for i in range(GROUP_FIRMS_MAX + 7)])
    (group,) = firm_groups(firms)["placed"]
    assert group["count"] == GROUP_FIRMS_MAX + 7
    assert len(group["firms"]) == GROUP_FIRMS_MAX and group["more"] == 7
    assert group["firms"][0]["firm_id"] == "f000"


@pytest.mark.parametrize("chain", [None, "rail", "robot"])
def test_firm_groups_counted_in_sql_equal_the_grouping_of_every_firm(con, monkeypatch, chain):
    from chainmap.geo import layers as geo

    monkeypatch.setattr(geo, "GROUP_FIRMS_MAX", 1)  # groups overflow: `more` is exercised
    want = geo.firm_groups(geo.query_firm_locations(con, chain))
    got = geo.query_firm_groups(con, chain)
    # the same groups, order, keys and values (as the map payload is serialised)
    assert json.dumps(got, ensure_ascii=False) == json.dumps(want, ensure_ascii=False)
    assert got["placed"] and got["unplaced"]
    if chain is None:
        assert any(g["more"] for g in got["placed"] + got["unplaced"])


def test_count_classes_follow_the_counts_once_a_registry_fills_the_districts():
    from chainmap.geo.layers import COUNT_BREAKS, classify, count_breaks, count_labels

    # the plan's handful of firms a district: the fixed classes
    assert count_breaks([0, 1, 2, 6]) == COUNT_BREAKS == (1, 2, 4, 8)
    assert count_labels(COUNT_BREAKS) == ["0", "1", "2", "3–4", "5–8", "9+"]
    # a national registry: 300–400 firms in every district, no longer all "9+"
    even = {str(i): 300 + 3 * i for i in range(34)}
    breaks = count_breaks(even.values())
    assert list(breaks) == sorted(set(breaks)) and 300 <= breaks[0] < breaks[-1] < 400
    assert set(classify(even, breaks).values()) == {1, 2, 3, 4, 5}
    assert count_labels(breaks)[1] == f"1–{breaks[0]}" and count_labels(breaks)[-1] == \
        f"{breaks[-1] + 1}+"
    # skewed, as real registries are: readable breaks (two significant digits)
    skewed = [5, 12, 40, 80, 150, 400, 900, 2500]
    assert count_breaks(skewed) == (12, 80, 150, 900)
    assert count_labels((12, 80, 150, 900))[-2:] == ["151–900", "901+"]
    # few different counts: shares of the largest, which lands in the top class
    assert count_breaks([17]) == (4, 7, 11, 14)
    assert classify({"a": 17}, count_breaks([17])) == {"a": 5}


def test_group_circles_stay_markers_however_many_firms():
    from chainmap.geo.layers import GROUP_RADIUS, group_radius

    assert group_radius(1, 6) == pytest.approx(10.0)  # 7 + 3·√n for the plan's few
    assert group_radius(6, 6) == pytest.approx(7 + 3 * 6 ** 0.5)
    assert group_radius(400, 400) == pytest.approx(GROUP_RADIUS[1])  # not 67 px
    assert GROUP_RADIUS[0] < group_radius(1, 400) < group_radius(100, 400) < GROUP_RADIUS[1]
