"""LOWER BOUND for bench/run.py only — not used by the product.

How close to DuckDB's ``read_csv`` floor can *any* import of the registry file come on
this machine? This script times the least an import could do, each step one set-based
DuckDB statement, and prints it next to the floor measured in the same run:

1. read: ``read_csv`` into a table (the floor itself: strict, every column text);
2. clean: one pass over the rows — trim every kept column, the name normalised (one
   regular expression), the credit code's pattern checked, capital and date typed;
3. locate: by the province / city / district *columns* only, per distinct triple,
   joined to the divisions (no address text is read);
4. classify: 经营范围 cut into phrases, each distinct phrase matched to the chain
   keywords (``contains``), joined back to the rows (no name, no confidence, no evidence);
5. duplicates: rows grouped by normalised name and credit code;
6. write: one firm table and one firm-node table; in the durable variant into a database
   file, checkpointed (in memory there is nothing to checkpoint).

What it leaves out, and the product does (``commit_import``): rows quarantined with
their reasons and raw values, addresses parsed, the import store's Parquet copy,
resolution against the firms already in the database, one provenance row per fact,
names as classification evidence with confidence and evidence text, the review band,
the derived aggregates and checks. So its time is a **lower bound** for the issue's
import, not an alternative to it.

Each total runs from opening the database to closing it, the best of two runs, like the
floors. Run: python bench/minimal_import.py [--size N] [--json]   (the registry is
bench/run.py's)
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.floors import CACHE, measure_floor, measure_floor_durable, registry_file  # noqa: E402
from etl.pipeline import build_tables  # noqa: E402
from etl.read import read_curated  # noqa: E402

__all__ = ["STEPS", "best_of", "minimal_import"]

# every name below is ours; the file path is passed as a quoted literal
STEPS: tuple[tuple[str, str], ...] = (
    ("read", "CREATE TEMP TABLE raw AS SELECT * FROM read_csv({path}, skip = 1, "
             "header = true, all_varchar = true)"),
    ("clean", r"""CREATE TEMP TABLE c AS SELECT row_number() OVER () AS row_no,
  trim("企业名称") AS full_name,
  regexp_replace(upper(trim("企业名称")), '[\s（）()·]', '', 'g') AS name_norm,
  nullif(trim("统一社会信用代码"), '') AS uscc,
  regexp_full_match(coalesce(trim("统一社会信用代码"), ''),
                    '[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}') AS uscc_ok,
  trim("登记状态") AS status,
  try_cast(regexp_extract("注册资本", '([0-9.]+)', 1) AS DOUBLE) AS capital_wan,
  try_cast(trim("成立日期") AS DATE) AS founded,
  trim("所属省份") AS province, trim("所属城市") AS city, trim("所属区县") AS district,
  trim("企业地址") AS address, trim("国标行业小类") AS industry, trim("经营范围") AS scope
FROM raw"""),
    ("locate", """CREATE TEMP TABLE loc AS
WITH k AS (SELECT DISTINCT province, city, district FROM c),
m AS (SELECT k.province, k.city, k.district,
             coalesce(max(d3.adcode), max(d2.adcode), max(d1.adcode)) AS adcode
      FROM k
      LEFT JOIN division d1 ON d1.name = k.province AND d1.level = 'province'
      LEFT JOIN division d2 ON d2.name = k.city AND d2.parent_adcode = d1.adcode
      LEFT JOIN division d3 ON d3.name = k.district
       AND substr(d3.adcode, 1, 2) = substr(d1.adcode, 1, 2)
      GROUP BY k.province, k.city, k.district)
SELECT c.row_no, m.adcode FROM c JOIN m
  ON m.province IS NOT DISTINCT FROM c.province AND m.city IS NOT DISTINCT FROM c.city
 AND m.district IS NOT DISTINCT FROM c.district"""),
    ("classify", """CREATE TEMP TABLE cls AS
WITH ph AS (SELECT row_no, unnest(string_split(scope, '；')) AS phrase FROM c),
dp AS (SELECT DISTINCT phrase FROM ph),
hit AS (SELECT dp.phrase, k.node_id FROM dp JOIN keyword k ON contains(dp.phrase, k.keyword))
SELECT DISTINCT ph.row_no, hit.node_id FROM ph JOIN hit ON hit.phrase = ph.phrase"""),
    ("duplicates", "CREATE TEMP TABLE dup AS SELECT name_norm, uscc, min(row_no) AS first_row, "
                   "count(*) AS n FROM c GROUP BY name_norm, uscc"),
    ("write", """CREATE TABLE firm AS SELECT c.row_no, full_name, name_norm, uscc, uscc_ok, status,
  capital_wan, founded, loc.adcode, address, industry, scope
FROM c LEFT JOIN loc ON loc.row_no = c.row_no"""),
    ("write_nodes", "CREATE TABLE firm_node AS SELECT row_no, node_id FROM cls"),
    ("checkpoint", "CHECKPOINT"),  # durable variant only: in memory there is no file
)


def _reference() -> tuple[pd.DataFrame, pd.DataFrame]:
    """(divisions, chain keywords) from the shipped data."""
    divisions = pd.read_csv(ROOT / "data" / "reference" / "divisions.csv", dtype=str,
                            keep_default_na=False)
    keywords = build_tables(read_curated(ROOT / "data"))["chain_node_keyword"]
    return divisions[["adcode", "name", "level", "parent_adcode"]], keywords[["node_id",
                                                                               "keyword"]]


def _remove(database: str) -> None:
    if database != ":memory:":
        for stale in (Path(database), Path(database + ".wal")):
            stale.unlink(missing_ok=True)


def minimal_import(path: Path, database: str = ":memory:") -> dict:
    """Seconds per step and in total for the minimal import of ``path`` into ``database``
    (a file path for the durable variant, written afresh), with the rows and node
    assignments it made. Like the floors, the total runs from opening the database to
    closing it (the reference tables are loaded inside it; reading them from the shipped
    files is not timed)."""
    divisions, keywords = _reference()
    _remove(database)
    t0 = time.perf_counter()
    con = duckdb.connect(database)
    try:
        con.register("division_frame", divisions)
        con.register("keyword_frame", keywords)
        con.execute("CREATE TEMP TABLE division AS SELECT * FROM division_frame")
        con.execute("CREATE TEMP TABLE keyword AS SELECT * FROM keyword_frame")
        literal = "'" + str(path).replace("'", "''") + "'"
        steps = {}
        for name, sql in STEPS:
            if name == "checkpoint" and database == ":memory:":
                continue
            t = time.perf_counter()
            con.execute(sql.replace("{path}", literal))
            steps[name] = round(time.perf_counter() - t, 3)
        total = time.perf_counter() - t0
        rows, located = con.execute("SELECT count(*), count(adcode) FROM firm").fetchone()
        nodes = con.execute("SELECT count(*) FROM firm_node").fetchone()[0]
        t_close = time.perf_counter()
    finally:
        con.close()
    total += time.perf_counter() - t_close
    return {"total_s": round(total, 3), "steps_s": steps, "rows": rows, "located": located,
            "node_rows": nodes}


def best_of(path: Path, database: str = ":memory:", runs: int = 2) -> dict:
    """The fastest of ``runs`` minimal imports (the floors are the best of two too)."""
    results = [minimal_import(path, database) for _ in range(runs)]
    _remove(database)
    return min(results, key=lambda r: r["total_s"])


def run(size: int, cache: Path) -> dict:
    path = registry_file(size, cache)
    floor = measure_floor(path)
    with tempfile.TemporaryDirectory(prefix="chainmap-minimal-") as tmp:
        durable_floor = measure_floor_durable(path, Path(tmp) / "floor")
        memory = best_of(path)
        durable = best_of(path, str(Path(tmp) / "minimal.duckdb"))
    # the keys bench/run.py prints: a ratio "_durable" is over the durable floor
    return {"size": size, "floor_s": round(floor, 3), "floor_durable_s": round(durable_floor, 3),
            "minimal_s": memory["total_s"], "minimal_ratio": round(memory["total_s"] / floor, 2),
            "minimal_durable_s": durable["total_s"],
            "minimal_durable_over_floor": round(durable["total_s"] / floor, 2),
            "minimal_ratio_durable": round(durable["total_s"] / durable_floor, 2),
            "minimal_steps_s": memory["steps_s"], "minimal_durable_steps_s": durable["steps_s"],
            "rows": memory["rows"], "located": memory["located"],
            "node_rows": memory["node_rows"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.size, args.cache)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(f"{result['size']:,} rows: floor {result['floor_s']} s "
              f"(durable {result['floor_durable_s']} s)")
        print(f"minimal import in memory {result['minimal_s']} s = "
              f"{result['minimal_ratio']} x floor: {result['minimal_steps_s']}")
        print(f"minimal import into a file {result['minimal_durable_s']} s = "
              f"{result['minimal_durable_over_floor']} x floor, "
              f"{result['minimal_ratio_durable']} x durable floor: "
              f"{result['minimal_durable_steps_s']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
