"""The build: shipped files -> a new DuckDB file, checked, then swapped in atomically.

``build_database`` never writes into the live database. It writes
``<db>.building-<pid>``, runs the integrity checks, and only then renames it
over the old file (``os.replace`` is atomic on one filesystem). Readers that
opened the old file keep reading it; a failure at any point leaves the old
database exactly as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd

from chainmap.config import Settings
from chainmap.progress_store import progress_store_path
from etl.catalog import SCHEMA_FILE
from etl.chains import build_chains
from etl.derive import derive_tables
from etl.events import OnProgress
from etl.firms import build_plan_firms
from etl.housekeeping import remove_stale_builds, writer_lock
from etl.import_store import batch_identity, store_dir
from etl.overrides import extend_templates
from etl.plan import build_plan_structure
from etl.progress import load_plan_progress
from etl.read import read_curated
from etl.regions import build_regions
from etl.replay import TOUCHED_FIRMS, TOUCHED_PLACES, load_import_store, replay_order
from etl.resume import RESEEDED, can_resume, fingerprint, held_batches, restore
from etl.sqlframes import work_connection

__all__ = ["PIPELINE", "BuildError", "build_database", "build_tables", "insert_frame",
           "load_tables"]


class BuildError(RuntimeError):
    """The shipped data failed a check; the message lists every offending row."""


def _regions(inp: dict) -> dict:
    return build_regions(inp["regions"], inp["zones"], inp["zone_members"],
                         inp["regions_extra"])


def _chains(inp: dict) -> dict:
    codes = inp["gbt_codes"]
    templates = extend_templates(inp["chains"], inp.get("chain_overrides") or {},
                                 set(codes["code"]))
    return build_chains(templates, dict(zip(codes["code"], codes["name"], strict=True)))


def _firms(inp: dict) -> dict:
    return build_plan_firms(inp["firms"], inp["firm_locations"], inp["firm_names"],
                            inp["firm_nodes"])


def _plan(inp: dict) -> dict:
    return build_plan_structure(inp["clusters"], inp["partners"], inp["structure"],
                                inp["targets"])


def _sources(inp: dict) -> dict:
    return {"dim_source": inp["sources"].assign(sha256=None)}


PIPELINE: list[Callable[[dict], dict]] = [_sources, _regions, _chains, _firms, _plan]

# Each check returns the rows that break it; a clean build returns none for all.
CHECKS: dict[str, str] = {
    "firm_chain.chain_id not a chain":
        "SELECT firm_id, chain_id FROM firm_chain WHERE chain_id NOT IN "
        "(SELECT chain_id FROM dim_chain)",
    "firm_node.node_id not a chain node":
        "SELECT firm_id, node_id FROM firm_node WHERE node_id NOT IN "
        "(SELECT node_id FROM dim_chain_node)",
    "firm_node.firm_id not a firm":
        "SELECT firm_id, node_id FROM firm_node WHERE firm_id NOT IN "
        "(SELECT firm_id FROM dim_firm)",
    "firm adcode not a region":
        "SELECT firm_id, adcode FROM dim_firm WHERE adcode IS NOT NULL AND adcode NOT IN "
        "(SELECT region_id FROM dim_region)",
    "cluster member not a region":
        "SELECT cluster_id, region_id FROM cluster_member WHERE region_id NOT IN "
        "(SELECT region_id FROM dim_region)",
    "cluster chain not a chain":
        "SELECT cluster_id, chain_id FROM cluster_chain WHERE chain_id NOT IN "
        "(SELECT chain_id FROM dim_chain)",
    "partner member not a region":
        "SELECT pair_id, region_id FROM partner_member WHERE region_id NOT IN "
        "(SELECT region_id FROM dim_region)",
    "partner chain not a chain":
        "SELECT pair_id, chain_id FROM partner_chain WHERE chain_id NOT IN "
        "(SELECT chain_id FROM dim_chain)",
    "structure member not a region":
        "SELECT element_id, region_id FROM plan_structure_member WHERE region_id NOT IN "
        "(SELECT region_id FROM dim_region)",
    "source_id not in dim_source":
        "SELECT t, source_id FROM ("
        " SELECT 'dim_region' AS t, source_id FROM dim_region UNION ALL"
        " SELECT 'dim_firm', source_id FROM dim_firm UNION ALL"
        " SELECT 'firm_location_fact', source_id FROM firm_location_fact UNION ALL"
        " SELECT 'firm_node', source_id FROM firm_node UNION ALL"
        " SELECT 'firm_name', source_id FROM firm_name UNION ALL"
        " SELECT 'firm_label', source_id FROM firm_label UNION ALL"
        " SELECT 'firm_chain', source_id FROM firm_chain UNION ALL"
        " SELECT 'firm_industry', source_id FROM firm_industry UNION ALL"
        " SELECT 'fct_supply_link', source_id FROM fct_supply_link UNION ALL"
        " SELECT 'dim_chain_node', source_id FROM dim_chain_node) s "
        "WHERE source_id NOT IN (SELECT source_id FROM dim_source)",
    "imported fact names an unknown firm":
        "SELECT t, firm_id FROM ("
        " SELECT 'firm_source' AS t, firm_id FROM firm_source UNION ALL"
        " SELECT 'firm_location_fact', firm_id FROM firm_location_fact UNION ALL"
        " SELECT 'firm_label', firm_id FROM firm_label UNION ALL"
        " SELECT 'firm_chain', firm_id FROM firm_chain UNION ALL"
        " SELECT 'fct_supply_link', supplier_id FROM fct_supply_link UNION ALL"
        " SELECT 'fct_supply_link', customer_id FROM fct_supply_link) s "
        "WHERE firm_id NOT IN (SELECT firm_id FROM dim_firm)",
    "location fact adcode not a region":
        "SELECT firm_id, adcode FROM firm_location_fact WHERE adcode IS NOT NULL AND adcode "
        "NOT IN (SELECT region_id FROM dim_region)",
    "chain node GB/T code unknown":
        "SELECT node_id, gbt_code FROM chain_node_industry WHERE gbt_name IS NULL",
    "edge crosses chains":
        "SELECT e.src_node_id, e.dst_node_id FROM fct_chain_edge e "
        "JOIN dim_chain_node a ON a.node_id = e.src_node_id "
        "JOIN dim_chain_node b ON b.node_id = e.dst_node_id "
        "WHERE a.chain_id <> e.chain_id OR b.chain_id <> e.chain_id",
}


# Keys of the large firm tables. They are checked once, set-based, after the build
# (``check_database``) instead of as PRIMARY KEY indexes, which DuckDB would maintain row
# by row during a million-row import (and hold in memory).
UNIQUE_KEYS: dict[str, tuple[str, ...]] = {
    "dim_firm": ("firm_id",),
    "firm_name": ("firm_id", "full_name", "source_id"),
    "firm_label": ("firm_id", "label", "source_id"),
    "firm_chain": ("firm_id", "chain_id", "source_id"),
    "firm_node": ("firm_id", "node_id", "source_id", "method"),
    "firm_source": ("batch_id", "source_key"),
    "firm_branch": ("firm_id", "parent_firm_id", "source_id"),
}
CHECKS |= {
    f"{table} key ({', '.join(cols)}) not unique":
        f"SELECT {', '.join(cols)}, count(*) AS n FROM {table} "  # noqa: S608 (our names)
        f"GROUP BY {', '.join(cols)} HAVING count(*) > 1"
    for table, cols in UNIQUE_KEYS.items()
}


def build_tables(inputs: dict) -> dict[str, pd.DataFrame]:
    """Run every pipeline step over the inputs; pure (no IO)."""
    tables: dict[str, pd.DataFrame] = {}
    for step in PIPELINE:
        produced = step(inputs)
        clash = set(produced) & set(tables)
        if clash:
            raise BuildError(f"tables produced twice: {sorted(clash)}")
        tables.update(produced)
    return tables


def load_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, pd.DataFrame]) -> None:
    """Create the schema and insert each frame by column name."""
    con.execute(SCHEMA_FILE.read_text("utf-8"))
    for name, frame in tables.items():
        insert_frame(con, name, frame)


def insert_frame(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    """Insert ``frame`` into the schema's table ``name`` by column name."""
    columns = [r[0] for r in con.execute(f"DESCRIBE {name}").fetchall()]
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise BuildError(f"{name}: frame lacks columns {missing}")
    con.register("frame_in", frame[columns])
    try:
        # `name` is one of the schema's own table names, never user input
        con.execute(f"INSERT INTO {name} SELECT * FROM frame_in")  # noqa: S608
    except duckdb.Error as exc:
        raise BuildError(f"{name}: {exc}") from exc
    finally:
        con.unregister("frame_in")


# The per-firm fact tables a resumed build checks for the firms its batch touched alone.
# Every other row passed the previous build's checks and is unchanged, and what the checks
# look rows up in (firms, regions, sources, chains) only ever grows. Each key of UNIQUE_KEYS
# here holds firm_id, but firm_source's, whose batch_id is the new batch's for every new row.
TOUCHED_CHECKS = ("firm_node", "firm_chain", "firm_name", "firm_label", "firm_location_fact",
                  "firm_industry", "firm_source")


def check_database(con: duckdb.DuckDBPyConnection, touched: str | None = None) -> None:
    """Run CHECKS; raise BuildError listing every offending row. ``touched``: SQL of the
    firms a resumed build's batch touched, whose rows of TOUCHED_CHECKS alone are checked
    (a temporary view of each, in place of the table, while the checks run)."""
    shadowed = []
    if touched is not None:
        db = con.execute("SELECT current_database()").fetchone()[0].replace('"', '""')
        for table in TOUCHED_CHECKS:
            con.execute(f'CREATE TEMP VIEW {table} AS SELECT * FROM "{db}".main.{table} '  # noqa: S608
                        f"WHERE firm_id IN ({touched})")
            shadowed.append(table)
    try:
        problems = []
        for label, sql in CHECKS.items():
            rows = con.execute(sql).fetchall()
            if rows:
                problems.append(f"{label}: {rows[:10]}{' …' if len(rows) > 10 else ''}")
    finally:
        for table in shadowed:
            con.execute(f"DROP VIEW temp.main.{table}")
    if problems:
        raise BuildError("the data failed its checks:\n  " + "\n  ".join(problems))


def build_database(settings: Settings, *, staged: Path | None = None,
                   before_swap: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
                   target: Path | None = None, progress: OnProgress | None = None,
                   resume: bool = True) -> Path:
    """Rebuild the database from the shipped data, then replay the import store
    (``etl.replay``); atomic and idempotent.

    ``staged`` is an import batch being committed (replayed last); ``before_swap`` runs on
    the finished database just before it replaces the old one (an exception there keeps the
    old one); ``target`` builds elsewhere (a preview) instead of ``settings.db_path``.
    With ``staged`` and ``resume``, a current database built from the same inputs and code
    is copied and only ``staged`` is added to it (``etl.resume``: the same result).
    Building ``settings.db_path`` holds its writer lock (``etl.housekeeping.writer_lock``):
    a second build or import waits for the first. ``progress`` receives the steps as
    ``etl.events.Progress`` events (waiting, replaying import i of n, adding an import).
    """
    own = Path(target or settings.db_path).resolve() == Path(settings.db_path).resolve()
    with writer_lock(settings.db_path, progress) if own else contextlib.nullcontext():
        return _build(settings, staged, before_swap, target, progress, resume)


def _build(settings: Settings, staged: Path | None,
           before_swap: Callable[[duckdb.DuckDBPyConnection], None] | None,
           target: Path | None, progress: OnProgress | None, resume: bool) -> Path:
    print_ = fingerprint(settings.data_dir)  # before reading: an edit meanwhile rebuilds
    inputs = read_curated(settings.data_dir)
    target = Path(target or settings.db_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_builds(target)  # temp files of builds that were killed
    tmp = target.with_name(f"{target.name}.building-{os.getpid()}")
    tmp.unlink(missing_ok=True)
    store = store_dir(settings.db_path)
    held = (can_resume(Path(settings.db_path), store, staged, print_)
            if staged is not None and resume else None)
    resumed = 0  # how many builds in a row resumed, this one included
    try:
        if held is not None:
            shutil.copyfile(settings.db_path, tmp)
            # the check read the database through any connection this process holds open,
            # which may be a file swapped out since: check the copy itself
            copied = held_batches(tmp, print_)
            if copied is None or copied[0] != held:
                tmp.unlink()
                held = None
            else:
                resumed = copied[1] + 1
        # resumed: only the shipped tables the touched firms start afresh from (etl.resume)
        tables = build_tables(inputs) if held is None else _firms(inputs)
        con = work_connection(str(tmp))  # memory-limited: a large import spills, not swells
        try:
            if held is not None:
                restore(con)
            else:
                load_tables(con, tables)
            # resumed: the touched firms' assignments start from the shipped data's rows
            load_import_store(con, settings, inputs, staged=staged, progress=progress,
                              resume_after=held,
                              shipped={name: tables[name] for name in RESEEDED})
            load_plan_progress(con, inputs["progress"],  # shipped and entered figures
                               progress_store_path(settings.db_path))
            # resumed: the per-firm tables are computed again for the batch's firms alone
            derive_tables(con, *((None, None) if held is None
                                 else (TOUCHED_FIRMS, TOUCHED_PLACES)))
            check_database(con, None if held is None else TOUCHED_FIRMS)
            meta = {"built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "schema": "1", "duckdb": duckdb.__version__,
                    "replay_fingerprint": print_,
                    "replay_batches": json.dumps([batch_identity(b)
                                                  for b in replay_order(store, staged)]),
                    "replay_resumed": str(resumed)}
            con.executemany("INSERT INTO build_meta VALUES (?, ?)", list(meta.items()))
            if before_swap is not None:
                before_swap(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        tmp.replace(target)  # atomic rename on one filesystem
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        with contextlib.suppress(FileNotFoundError):
            tmp.with_name(tmp.name + ".wal").unlink()
    return target
