"""Distances between regions (great-circle, km) from their label points."""

from __future__ import annotations

import math

__all__ = ["haversine_km"]

EARTH_KM = 6371.0088


def haversine_km(lon1, lat1, lon2, lat2) -> float | None:
    """Great-circle distance; None when a point is unknown. GCJ-02 offsets (<1 km) are noise."""
    values = (lon1, lat1, lon2, lat2)
    if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in values):
        return None
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))
