"""The registry shipped in data/registry/: real firms in the default build.

Three lists, each replayed like an import batch of its own, before the user's imports
(``etl.replay``), so their firms resolve against the plan's and each other's, and a user's
import resolves against them:

- ``listed_firms.csv``: A-share listed equipment makers, a subset of the Tushare
  ``stock_basic`` snapshot of June 2025 (Apache-2.0), read by the Tushare importer;
- ``green_factories.csv`` and ``green_supply_chain.csv``: the MIIT 绿色工厂 and
  绿色供应链管理示范企业 lists (Apache-2.0), rows of Chongqing and Sichuan and the national
  supply-chain list, read by ``etl.importers.green``.

Curated facts about the listed firms, each with a cited web page (``sources.csv``), are
keyed by ts_code: ``firm_products.csv`` (what the firm makes: the classifier's input),
``firm_nodes.csv`` (the chain nodes or chains a person read off the page), ``firm_locations.csv``
(a district the page states) and ``firm_names.csv`` (former names, 曾用名).
``python -m etl.registry_extract`` writes the lists from ../shared/data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.importers.green import read_green, stage_green
from etl.importers.tushare import read_tushare, stage_tushare
from etl.reference import Reference

__all__ = ["CURATED", "SHIPPED_BATCHES", "ShippedBatch", "read_curated_registry",
           "read_registry_sources", "stage_shipped"]

REGISTRY = "registry"


@dataclass(frozen=True)
class ShippedBatch:
    batch_id: str          # firm_source.batch_id of its rows
    source_id: str         # dim_source row (registry/sources.csv)
    file: str              # in data/registry/
    what: str              # evidence prefix of its firms' rows


SHIPPED_BATCHES = (
    ShippedBatch("shipped-listed", "tushare_2025_06", "listed_firms.csv",
                 "Tushare 上市公司列表（2025-06）"),
    ShippedBatch("shipped-green-factory", "miit_green_factories", "green_factories.csv",
                 "工信部绿色工厂名单"),
    ShippedBatch("shipped-green-supply", "miit_green_supply_chain", "green_supply_chain.csv",
                 "工信部绿色供应链管理示范企业名单"),
)

# curated fact files: name -> columns
CURATED = {
    "firm_products": ["ts_code", "products", "source_id"],
    "firm_nodes": ["ts_code", "chain_id", "node_id", "confidence", "evidence", "source_id"],
    "firm_locations": ["ts_code", "adcode", "precision", "evidence", "source_id"],
    "firm_names": ["ts_code", "former_name", "source_id"],
}


def stage_shipped(data_dir: Path, ref: Reference) -> list[tuple[ShippedBatch, dict]]:
    """Each shipped list's stage tables (``etl.importers.stage``), in replay order."""
    folder = Path(data_dir) / REGISTRY
    out = []
    for batch in SHIPPED_BATCHES:
        path = folder / batch.file
        if not path.exists():
            continue
        if batch.batch_id == "shipped-listed":
            tables = stage_tushare(read_tushare(path), ref, batch.file)
        else:
            rows, kind = read_green(path)
            tables = stage_green(rows, kind, ref, batch.file)
        out.append((batch, tables))
    return out


def read_registry_sources(data_dir: Path) -> pd.DataFrame:
    """data/registry/sources.csv: the lists' own sources and the cited web pages."""
    path = Path(data_dir) / REGISTRY / "sources.csv"
    if not path.exists():
        return pd.DataFrame(columns=["source_id", "title", "kind", "locator", "licence", "note"])
    return pd.read_csv(path, dtype=str, keep_default_na=False).replace({"": None})


def read_curated_registry(data_dir: Path) -> dict[str, pd.DataFrame]:
    """The curated fact files (``CURATED``), empty frames for absent ones."""
    out = {}
    for name, columns in CURATED.items():
        path = Path(data_dir) / REGISTRY / f"{name}.csv"
        frame = (pd.read_csv(path, dtype=str, keep_default_na=False) if path.exists()
                 else pd.DataFrame(columns=columns))
        frame = frame[columns].replace({"": None})
        if name == "firm_nodes":
            frame = frame.assign(confidence=frame["confidence"].astype(float))
        out[name] = frame
    return out
