"""Reference tables the importers need: division names (address parsing), region prefixes
(name normalisation) and GB/T 4754 code names (registry industry columns).

``read_reference`` is the IO; the rest are pure builders over the small frames.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.address import build_division_names, read_division_aliases, read_divisions
from etl.names import region_prefixes

__all__ = ["CLASSIFIER_TABLES", "Reference", "build_reference", "read_classifier_reference",
           "read_gbt_names", "read_reference"]


@dataclass(frozen=True)
class Reference:
    divisions: pd.DataFrame       # adcode, name, level, parent_adcode, label_lon, label_lat
    aliases: pd.DataFrame         # alias, adcode, scope_adcode, kind, note, source_id
    names: pd.DataFrame           # the address lookup table (etl.address)
    prefixes: tuple[str, ...]     # province/city names stripped from firm-name cores
    gbt: pd.DataFrame             # code, name: GB/T 4754 codes chainmap knows the names of


def read_gbt_names(data_dir: Path) -> pd.DataFrame:
    ref = data_dir / "reference"
    used = pd.read_csv(ref / "gbt4754_codes_used.csv", dtype=str, keep_default_na=False)
    headings = pd.read_csv(ref / "gbt4754_headings.csv", dtype=str, keep_default_na=False)
    names = pd.read_csv(ref / "gbt4754_names.csv", dtype=str, keep_default_na=False)
    both = pd.concat([used[["code", "name"]], headings[["code", "name"]],
                      names[["code", "name"]]], ignore_index=True)
    return both.drop_duplicates("code").reset_index(drop=True)


# the classifier's reference tables (etl.classify), by table name: the file and its columns
CLASSIFIER_TABLES = {
    "ref_industry_chain": ("industry_chains.csv", ["scheme", "industry", "chain_id", "strength",
                                                   "note"]),
    "ref_generic_keyword": ("generic_keywords.csv", ["keyword", "note"]),
    "ref_chain_term": ("chain_terms.csv", ["keyword", "chain_id", "weight", "note"]),
    "ref_gbt_name": ("gbt4754_names.csv", ["code", "name", "level"]),
}


def read_classifier_reference(data_dir: Path) -> dict[str, pd.DataFrame]:
    """The classifier's reference tables from data/reference/ (``CLASSIFIER_TABLES``)."""
    out = {}
    for table, (file, columns) in CLASSIFIER_TABLES.items():
        frame = pd.read_csv(data_dir / "reference" / file, dtype=str, keep_default_na=False)
        frame = frame.rename(columns={"term": "keyword"})[columns]
        key = columns[:3] if table == "ref_industry_chain" else columns[:1]
        frame = frame.drop_duplicates(key)
        if table == "ref_chain_term":
            frame = frame.assign(weight=frame["weight"].astype(float))
        if table == "ref_gbt_name":
            frame = frame.assign(level=frame["level"].astype(int))
        out[table] = frame.reset_index(drop=True)
    return out


def build_reference(divisions: pd.DataFrame, aliases: pd.DataFrame,
                    gbt: pd.DataFrame) -> Reference:
    return Reference(divisions=divisions, aliases=aliases,
                     names=build_division_names(divisions, aliases),
                     prefixes=tuple(region_prefixes(divisions)), gbt=gbt)


REFERENCE_FILES = ("divisions.csv", "division_aliases.csv", "gbt4754_codes_used.csv",
                   "gbt4754_headings.csv", "gbt4754_names.csv")  # under data/reference/


def read_reference(data_dir: Path) -> Reference:
    """The reference tables of ``data_dir``, read once per version of its files (an import
    reads them to stage and again to build: ~0.1 s each time). Callers do not change the
    frames (they are shared)."""
    stamp = []
    for name in REFERENCE_FILES:
        path = Path(data_dir) / "reference" / name
        stat = path.stat() if path.exists() else None
        stamp.append((name, stat.st_mtime_ns, stat.st_size) if stat else (name, None, None))
    return _read_reference(Path(data_dir).resolve(), tuple(stamp))


@functools.lru_cache(maxsize=4)
def _read_reference(data_dir: Path, _stamp: tuple) -> Reference:
    return build_reference(read_divisions(data_dir), read_division_aliases(data_dir),
                           read_gbt_names(data_dir))
