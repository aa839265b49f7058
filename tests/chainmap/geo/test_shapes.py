"""chainmap.geo.shapes: region collections and cluster outlines."""

import json

from shapely.geometry import shape

from chainmap.geo.queries import query_cluster_members
from chainmap.geo.shapes import cluster_outlines, region_collection
from chainmap.queries import query_regions


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
