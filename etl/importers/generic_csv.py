"""Any CSV/XLSX of firms, with a mapping file saying which column holds which field.

The mapping file (YAML) names the file's column for each chainmap field, and may
give defaults for fields the file lacks::

    columns:
      full_name: 单位名称        # required
      address: 注册地址
      scope: 主营业务
    defaults:
      province: 四川省

Fields are those of a registry export (``etl.importers.registry.SYNONYMS``).
After mapping, the rows go through the same steps as a registry export.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from etl.importers.registry import SYNONYMS, import_registry
from etl.importers.sheets import SheetError
from etl.importers.stage import StagedImport
from etl.reference import Reference

__all__ = ["MappingError", "import_generic_csv", "parse_mapping", "read_mapping"]


class MappingError(ValueError):
    """The mapping file is malformed; the message names the problem."""


def parse_mapping(doc) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """(synonyms with one name per mapped field, defaults) from the parsed YAML."""
    if not isinstance(doc, dict) or not isinstance(doc.get("columns"), dict):
        raise MappingError("the mapping file needs a 'columns:' section (field: column name)")
    columns, defaults = doc["columns"], doc.get("defaults") or {}
    unknown = sorted((set(columns) | set(defaults)) - set(SYNONYMS))
    if unknown:
        raise MappingError(f"unknown fields {unknown}; known fields: {sorted(SYNONYMS)}")
    if "full_name" not in columns:
        raise MappingError("the mapping must name the column holding full_name (企业名称)")
    synonyms = {field: (str(name),) for field, name in columns.items()}
    return synonyms, {str(k): str(v) for k, v in defaults.items()}


def read_mapping(path: Path) -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    try:
        doc = yaml.safe_load(Path(path).read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise MappingError(f"cannot read mapping file {path}: {exc}") from exc
    return parse_mapping(doc)


def import_generic_csv(path: Path, mapping: Path, ref: Reference) -> StagedImport:
    synonyms, defaults = read_mapping(mapping)
    try:
        staged = import_registry(path, ref, kind="csv", synonyms=synonyms, defaults=defaults)
    except SheetError as exc:
        if "no header row" not in str(exc):
            raise
        names = ", ".join(n for (n,) in synonyms.values())
        raise MappingError(f"no row among the first of {Path(path).name} holds the mapped "
                           f"columns ({names}); check the names in {mapping}") from exc
    missing = [f for f in staged.info.get("columns_missing", []) if f in synonyms]
    if missing:
        raise MappingError(f"columns named in the mapping are not in the file: "
                           f"{[synonyms[f][0] for f in missing]}")
    return staged
