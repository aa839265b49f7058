"""Regions analytics can be asked about: a district, a city or province, a zone, or a group."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from chainmap.cache import memoised

__all__ = ["Region", "UnknownRegionError", "query_region", "query_region_members"]


class UnknownRegionError(ValueError):
    pass


@dataclass(frozen=True)
class Region:
    region_id: str
    name: str
    level: str
    lon: float | None
    lat: float | None
    province_id: str | None = None


def query_region(con: duckdb.DuckDBPyConnection, region_id: str) -> Region:
    if region_id == "chengyu":
        return Region("chengyu", "成渝地区双城经济圈", "group", 105.3, 30.0, None)
    row = con.execute(
        "SELECT region_id, name, level, label_lon, label_lat, province_id FROM dim_region "
        "WHERE region_id = ?", [region_id]).fetchone()
    if row is None:
        raise UnknownRegionError(
            f"unknown region {region_id!r}: use a 6-digit adcode (e.g. 500000, 500116, 510100), "
            "a zone id (Z500001) or the group 'chengyu'")
    return Region(*row)


def query_region_members(con: duckdb.DuckDBPyConnection, region_id: str) -> frozenset[str]:
    """The adcodes a firm can have to count as in the region (region_closure); memoised per
    read-only connection."""
    return memoised(con, ("region_members", region_id), lambda: frozenset(
        r[0] for r in con.execute(
            "SELECT descendant_id FROM region_closure WHERE ancestor_id = ?",
            [region_id]).fetchall()))
