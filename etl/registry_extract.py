"""Maintainer step: write data/registry/'s lists from the public data in ../shared/data.

    python -m etl.registry_extract [--shared ../shared/data]

- listed_firms.csv: the Tushare stock_basic rows (Apache-2.0) of listed firms whose Tushare
  industry is an equipment industry (EQUIPMENT_INDUSTRIES), of every Chengdu–Chongqing firm
  the curated files name, and of every firm the curated facts name;
- green_factories.csv: the MIIT green-factory rows of Chongqing and Sichuan;
- green_supply_chain.csv: the MIIT green supply-chain list, whole.
The curated files (firm_products.csv, firm_nodes.csv, firm_locations.csv, firm_names.csv,
sources.csv) are written by people, each row citing its page; this step only reads them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from etl.importers.tushare import FIELDS

__all__ = ["EQUIPMENT_INDUSTRIES", "GREEN_PROVINCES", "extract_registry"]

EQUIPMENT_INDUSTRIES = ("专用机械", "工程机械", "运输设备", "电气设备", "机床制造", "农用机械",
                        "船舶", "航空", "机械基件", "电器仪表", "环境保护", "汽车配件", "摩托车",
                        "水力发电", "新型电力")
GREEN_PROVINCES = ("重庆", "四川")
ROOT = Path(__file__).resolve().parent.parent


def _curated_codes(registry: Path) -> set[str]:
    codes: set[str] = set()
    for name in ("firm_products", "firm_nodes", "firm_locations", "firm_names"):
        path = registry / f"{name}.csv"
        if path.exists():
            codes |= set(pd.read_csv(path, dtype=str)["ts_code"].dropna())
    return codes


def extract_registry(shared: Path, registry: Path) -> dict[str, int]:
    """Write the three lists into ``registry``; returns their row counts."""
    doc = json.loads((shared / "listed" / "tushare_stock_basic_2025-06.json").read_text("utf-8"))
    listed = pd.DataFrame(doc["data"]["items"], columns=doc["data"]["fields"], dtype=object)
    keep = (listed["industry"].isin(EQUIPMENT_INDUSTRIES)
            | listed["ts_code"].isin(_curated_codes(registry)))
    listed = listed.loc[keep & listed["list_status"].eq("L"), list(FIELDS)]
    listed.sort_values("ts_code").to_csv(registry / "listed_firms.csv", index=False)
    factories = pd.read_csv(shared / "green" / "miit_green_factories.csv", dtype=str)
    factories = factories[factories["地区"].isin(GREEN_PROVINCES)]
    factories.to_csv(registry / "green_factories.csv", index=False)
    supply = pd.read_csv(shared / "green" / "miit_green_supply_chain_firms.csv", dtype=str)
    supply.to_csv(registry / "green_supply_chain.csv", index=False)
    return {"listed_firms": len(listed), "green_factories": len(factories),
            "green_supply_chain": len(supply)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    print(extract_registry(args.shared, ROOT / "data" / "registry"))


if __name__ == "__main__":
    main()
