"""Read the shipped curated files (the only IO in the curated part of the ETL)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import yaml

from etl.catalog import CURATED_FILES, curated_path
from etl.overrides import read_chain_overrides

__all__ = ["CuratedInputError", "read_chain_templates", "read_curated", "read_region_layers"]


# libyaml's safe loader (the same documents, ~8× faster on the chain templates, read by every
# build) where PyYAML was built with it
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CuratedInputError(ValueError):
    """A shipped file is missing or malformed; the message names the file and the problem."""


def read_csv_file(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise CuratedInputError(f"missing curated file: {path}")
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise CuratedInputError(f"{path}: {exc}") from exc


def read_chain_templates(folder: Path) -> list[dict]:
    files = sorted(folder.glob("*.yaml"))
    if not files:
        raise CuratedInputError(f"no chain templates (*.yaml) in {folder}")
    templates = []
    for path in files:
        try:
            doc = yaml.load(path.read_text("utf-8"), Loader=SAFE_LOADER)
        except yaml.YAMLError as exc:
            raise CuratedInputError(f"{path.name}: not valid YAML: {exc}") from exc
        if not isinstance(doc, dict) or doc.get("id") != path.stem:
            raise CuratedInputError(f"{path.name}: 'id' must equal the file name ({path.stem})")
        templates.append(doc)
    return templates


def read_region_layers(path: Path) -> dict:
    if not path.exists():
        raise CuratedInputError(f"missing geo layer: {path} (run: python -m etl.geo_extract)")
    return json.loads(path.read_text("utf-8"))


def read_curated(data_dir: Path) -> dict:
    """Every curated input as plain data: CSVs as string DataFrames, YAML/GeoJSON as dicts."""
    inputs: dict = {}
    for name, rel in CURATED_FILES.items():
        if rel.endswith(".csv"):
            inputs[name] = read_csv_file(data_dir / rel)
    inputs["chains"] = read_chain_templates(curated_path(data_dir, "chains"))
    inputs["regions"] = read_region_layers(curated_path(data_dir, "regions"))
    inputs["chain_overrides"] = read_chain_overrides(data_dir)
    return inputs
