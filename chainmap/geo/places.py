"""Names on a map: in English, a district's or city's proper name alone, and each firm
drawn called by its English name where its source gives one."""

from __future__ import annotations

import duckdb

from chainmap.queries import query_firm_names_en

__all__ = ["GENERICS_EN", "map_label", "with_firm_names_en"]

# the English generic words etl/romanize.py puts after a proper name
GENERICS_EN = (" District", " County", " City", " Prefecture", " Banner", " New Area")


def map_label(name: str, places: dict[str, str]) -> str:
    """A district's or city's label on a map: its English name from `places` (Chinese name
    -> English, empty in Chinese) without the generic word, as English maps label them
    (Jiangjin, Xiushan, Ngawa); a name without an English form as it is. Lists and panels
    give the full name."""
    named = places.get(name, name)
    if named != name and named.endswith(GENERICS_EN):
        return named.split(" ")[0]
    return named


def with_firm_names_en(con: duckdb.DuckDBPyConnection, layers: dict) -> dict:
    """`layers` (chainmap.geo.queries.query_map_layers) for an English map: each firm drawn
    (in the groups, the leaders) called by its English name where its source gives one; a
    copy, so memoised layers stay as they are."""
    groups = layers["groups"]
    firms = [f for kind in ("placed", "unplaced") for g in groups[kind] for f in g["firms"]]
    english = query_firm_names_en(con, tuple(sorted(
        {f["firm_id"] for f in firms} | {p["firm_id"] for p in layers["leaders"]
                                         if p.get("firm_id")})))
    if not english:
        return layers

    def group(g: dict) -> dict:
        return g | {"firms": [f | {"name": english.get(f["firm_id"], f["name"])}
                              for f in g["firms"]]}

    return layers | {
        "groups": {kind: [group(g) for g in groups[kind]] for kind in ("placed", "unplaced")},
        "leaders": [p | {"firm_name": english.get(p.get("firm_id"), p["firm_name"])}
                    for p in layers["leaders"]]}
