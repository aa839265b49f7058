"""Where every shipped file lives and which table it feeds: the one file/table catalog."""

from __future__ import annotations

from pathlib import Path

__all__ = ["CURATED_FILES", "SCHEMA_FILE", "curated_path"]

# logical name -> path under data/
CURATED_FILES: dict[str, str] = {
    "sources": "plan/sources.csv",
    "firms": "plan/firms.csv",
    "firm_nodes": "plan/firm_nodes.csv",
    "firm_locations": "plan/firm_locations.csv",
    "firm_names": "plan/firm_names.csv",
    "regions_extra": "reference/regions_extra.csv",
    "gbt_codes": "reference/gbt4754_codes_used.csv",
    "zones": "plan/zones.csv",
    "zone_members": "plan/zone_members.csv",
    "clusters": "plan/clusters.csv",
    "partners": "plan/partners.csv",
    "structure": "plan/structure.csv",
    "targets": "plan/targets.csv",
    "progress": "plan/progress.csv",
    "regions": "geo/regions.geojson",
    "chains": "chains",  # a folder of <chain_id>.yaml
    "override_firm_nodes": "overrides/firm_nodes.csv",
    "override_firm_merges": "overrides/firm_merges.csv",
}

SCHEMA_FILE = Path(__file__).with_name("schema.sql")


def curated_path(data_dir: Path, name: str) -> Path:
    return data_dir / CURATED_FILES[name]
