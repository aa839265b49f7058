"""Region names on a map: in English, a district's or city's proper name alone."""

from __future__ import annotations

__all__ = ["GENERICS_EN", "map_label"]

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
