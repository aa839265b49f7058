"""How far an outside firm is from a region, and the one way it is said.

A distance is a straight line (great circle) from the region's *origin* to the label point of
the place the firm is known to (its district or zone; its city when only the city is known).
The origin of a district, city or zone is its own label point (the point its name is printed
at on the map); of 重庆市 the label point of 渝中区, the city centre (its representative
point would lie in 忠县, a hundred and more km from the centre a planner thinks of); of 四川省
its capital 成都市; of the 成渝 group the fixed point its Region carries. A firm known only to
its province, or to a city that contains the region, has no distance: it is said as unknown,
never as a number.

The map's district panel and /targets both print ``distance_phrase``: the same origin wording,
unit (公里 in Chinese, km in English) and rounding (whole km).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb

from chainmap.analytics.geometry import haversine_km
from chainmap.analytics.region import Region
from chainmap.text.catalogue import t
from chainmap.text.ui import bracketed

__all__ = ["SEATS", "FirmDistance", "Origin", "distance_phrase", "distance_reason",
           "firm_distance", "query_distance_origin", "region_origin"]

# a province-level region is measured from its centre, not from the representative point
# of its whole area: 重庆市 from 渝中区 (解放碑), 四川省 from its capital 成都市
SEATS = {"500000": ("500103", "重庆市中心渝中区", "Yuzhong District, central Chongqing"),
         "510000": ("510100", "省会成都市", "the provincial capital Chengdu")}
MEASURED = ("point", "district", "zone", "city")


@dataclass(frozen=True)
class Origin:
    """Where distances are measured from, named in both languages."""

    name_zh: str
    name_en: str
    lon: float | None
    lat: float | None


@dataclass(frozen=True)
class FirmDistance:
    """One firm's distance from an origin: `km` None when it cannot be said; `where` the
    place the firm is known to (as dim_region names it, or None)."""

    km: float | None
    origin: Origin
    precision: str | None
    where: str | None


def region_origin(region: Region, name_en: str | None = None) -> Origin:
    """A region measured from its own label point (a district, city or zone; the 成渝
    group's fixed point)."""
    if region.level == "group":
        return Origin(f"{region.name}中部（{region.lon:.1f}°E，{region.lat:.1f}°N）",
                      f"the middle of the Chengdu–Chongqing circle ({region.lon:.1f}°E, "
                      f"{region.lat:.1f}°N)", region.lon, region.lat)
    return Origin(region.name, name_en or region.name, region.lon, region.lat)


def query_distance_origin(con: duckdb.DuckDBPyConnection, region: Region) -> Origin:
    """The origin `region`'s distances are measured from (SEATS, else its label point)."""
    seat = SEATS.get(region.region_id)
    if seat:
        row = con.execute("SELECT label_lon, label_lat FROM dim_region WHERE region_id = ?",
                          [seat[0]]).fetchone()
        if row:
            return Origin(seat[1], seat[2], row[0], row[1])
    row = con.execute("SELECT name_en FROM dim_region WHERE region_id = ?",
                      [region.region_id]).fetchone()
    return region_origin(region, row[0] if row and row[0] else None)


def firm_distance(region: Region, origin: Origin, precision, adcode, lon, lat) -> float | None:
    """km from `origin` to the firm's label point; None when the firm is known only to a
    province, nowhere, or to a city that contains the region (a 重庆市-level firm seen from
    a Chongqing district)."""
    if precision not in MEASURED:
        return None
    if precision == "city" and adcode in (region.region_id, region.province_id):
        return None
    return haversine_km(origin.lon, origin.lat, lon, lat)


def _known(km) -> bool:
    return km is not None and not (isinstance(km, float) and math.isnan(km))


def distance_phrase(d: FirmDistance, lang: str = "zh", where: str | None = None) -> str:
    """`d` said in `lang`: 距重庆市中心渝中区约 740 公里（按株洲市估算，仅知所在城市） /
    about 740 km from Yuzhong District, central Chongqing (measured to Zhuzhou: only the city
    is known); unknown: 所在地未知（仅知在湖南省） / location unknown (only known to be in …).
    `where` names the firm's place in `lang` (default d.where)."""
    where = where if where is not None else d.where
    if not _known(d.km):
        return t("distance_unknown_in", lang, where=where) if where \
            else t("distance_unknown", lang)
    tail = t("distance_city_only", lang, where=where) if d.precision == "city" and where \
        else where
    return t("distance_about", lang, km=f"{round(d.km):,}",
             origin=d.origin.name_en if lang == "en" else d.origin.name_zh) \
        + (bracketed(tail, lang) if tail else "")


def distance_reason(d: FirmDistance, lang: str = "zh", places: dict[str, str] | None = None
                    ) -> str:
    """The distance line of a target's reasons (places: Chinese -> English region names)."""
    if lang == "en":
        where = (places or {}).get(d.where, d.where) if d.where else d.where
        return t("target_reason_distance", lang, distance=distance_phrase(d, "en", where))
    return t("target_reason_distance", lang, distance=distance_phrase(d, "zh"))
