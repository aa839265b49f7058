import json

import pandas as pd
from shapely.geometry import shape

from chainmap.geo import (
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
    from chainmap.geo import query_map_layers

    layers = query_map_layers(con, "rail")
    assert len(layers["districts"]["features"]) == 38
    assert [f["id"] for f in layers["clusters"]["features"]] == ["rail"]
    (south, west), (north, east) = layers["bounds"]
    assert 27.9 < south < 28.3 and 31.9 < north < 32.4 and 105.1 < west < 105.5
    labelled = {f["properties"]["name"] for f in layers["districts"]["features"]
                if f["properties"]["show_label"]}
    assert "万州区" in labelled and "渝中区" not in labelled
    placed = {g["name"] for g in layers["groups"]["placed"]}
    assert "江北区" in placed  # 重庆长客
