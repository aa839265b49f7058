"""Replay the import store into the database being built (set-based SQL over Parquet).

Runs inside ``build_database`` after the shipped data is loaded: each committed
batch, in order, is resolved against the firms known so far (the plan's, then
earlier batches'), and its rows become facts with their own ``source_id``;
nothing the plan states is overwritten. Then every firm with imported evidence
is classified to chain nodes, the planners' overrides are applied, each firm's
best-known location and role are settled, and the regions firms lie in are
added to ``dim_region``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd

from etl.classify import (
    CLS_TEXT_SQL,
    TEXT_KEYWORDS_SQL,
    chain_score_sql,
    chain_sql,
    cls_text_sql,
    node_sql,
)
from etl.events import OnProgress, Progress, Step
from etl.import_store import REGISTRY_KINDS, list_batches, read_manifest, store_dir
from etl.importers.stage import STAGE_TABLES, conform
from etl.names import name_core_sql, name_norm_sql, short_norm_sql
from etl.overrides import (
    OverrideError,
    check_firm_merges,
    check_firm_nodes,
    load_firm_node_overrides,
)
from etl.reference import Reference, read_classifier_reference, read_reference
from etl.replay_facts import (
    CURATED_ASSIGNMENTS,
    CURATED_FACTS,
    load_batch_facts,
    load_branches,
    load_shipped_facts,
)
from etl.resolve import candidates_sql, firm_keys_sql, new_firms_sql, pick_sql
from etl.resume import (
    KEYS_TABLE,
    RULE_TABLE,
    reseed_touched,
    restore_touched,
)
from etl.settle import add_regions, keep_settled, settle_firms, snapshot_settled
from etl.shipped import read_curated_registry, read_registry_sources, stage_shipped

__all__ = ["TOUCHED_FIRMS", "TOUCHED_PLACES", "load_import_store", "load_imports", "replay_order"]
BUILD_TEMP = ("ovr_merge", "cand", "picked", "newids", "row_firm", "pre_settle",
              *(f"stg_{t}" for t in STAGE_TABLES), "cls_text", "cls_text_kw", "cls_nodes")


def replay_order(store: Path, staged: Path | None = None) -> list[Path]:
    """Committed batches in order, then the batch being committed (if any)."""
    batches = list_batches(store)
    if staged is not None and all(b.name != staged.name for b in batches):
        batches.append(staged)
    return batches


def _load_reference(con: duckdb.DuckDBPyConnection, ref: Reference, data_dir: Path) -> None:
    divisions = ref.divisions
    if "name_en" not in divisions.columns:  # a divisions file from before English names
        divisions = divisions.assign(name_en="")
    con.register("div_in", divisions)
    con.execute("INSERT INTO ref_division SELECT adcode, name, level, nullif(parent_adcode, ''), "
                "CAST(label_lon AS DOUBLE), CAST(label_lat AS DOUBLE), nullif(name_en, '') "
                "FROM div_in")
    con.unregister("div_in")
    for table, frame in read_classifier_reference(data_dir).items():
        con.register("ref_in", frame)
        columns = ", ".join(frame.columns)
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM ref_in")
        con.unregister("ref_in")


def _plan_keys(con: duckdb.DuckDBPyConnection, ref: Reference) -> None:
    """Keys of the firms already loaded (the plan's): names, name cores, short names."""
    full = name_norm_sql("full_name")
    core = name_core_sql(full, list(ref.prefixes))
    short = short_norm_sql("name")
    brand = f"substr({name_core_sql(name_norm_sql('name'), list(ref.prefixes))}, 1, 2)"
    # a table of the database (not TEMP): kept after the build as KEYS_TABLE (etl.resume)
    con.execute(f"""
CREATE TABLE int_firm_key AS
SELECT DISTINCT firm_id, key_type, key_value FROM (
  SELECT firm_id, 'name' AS key_type, {full} AS key_value FROM firm_name
  UNION ALL SELECT firm_id, 'name', {full} FROM dim_firm
  UNION ALL SELECT firm_id, 'core', {core} FROM firm_name
  UNION ALL SELECT firm_id, 'short', {short} FROM dim_firm
  UNION ALL SELECT firm_id, 'name', {name_norm_sql('name')} FROM dim_firm
  UNION ALL SELECT firm_id, 'brand', {brand} FROM dim_firm WHERE source_id = 'plan'
  UNION ALL SELECT firm_id, 'uscc', uscc FROM dim_firm
) k WHERE key_value IS NOT NULL AND length(key_value) >= 2""")


def _merge_overrides(con: duckdb.DuckDBPyConnection, merges: pd.DataFrame) -> None:
    frame = merges if len(merges) else pd.DataFrame(
        {"name": pd.Series(dtype=str), "firm_id": pd.Series(dtype=str),
         "action": pd.Series(dtype=str), "line": pd.Series(dtype="int64")})
    con.register("merge_in", frame[["name", "firm_id", "action", "line"]])
    con.execute(f"CREATE TEMP TABLE ovr_merge AS SELECT {name_norm_sql('name')} AS name_norm, "
                "firm_id, action, line FROM merge_in")
    con.unregister("merge_in")


# stage tables read many times are loaded; the rest are read once, straight from Parquet
LOADED = ("firms", "supply_link")


def _stage(con: duckdb.DuckDBPyConnection, batch: Path) -> None:
    for table in STAGE_TABLES:
        path = str(batch / f"{table}.parquet").replace("'", "''")
        if not (batch / f"{table}.parquet").exists():  # a batch stored before the table was
            empty = ", ".join(f"CAST(NULL AS {t}) AS {c}" for c, t in STAGE_TABLES[table].items())
            kind = "TABLE" if table in LOADED else "VIEW"
            con.execute(f"CREATE OR REPLACE TEMP {kind} stg_{table} AS "
                        f"SELECT {empty} WHERE false")
        elif table in LOADED:
            con.execute(f"CREATE OR REPLACE TEMP TABLE stg_{table} AS "
                        f"SELECT * FROM read_parquet('{path}')")
        else:
            con.execute(f"CREATE OR REPLACE TEMP VIEW stg_{table} AS "
                        f"SELECT * FROM read_parquet('{path}')")


def _resolve(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE cand AS {candidates_sql()}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE picked AS {pick_sql()}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE newids AS {new_firms_sql()}")
    con.execute("""
CREATE OR REPLACE TEMP TABLE row_firm AS
SELECT s.source_key, s.row_no,
       CASE WHEN p.firm_id IS NOT NULL AND NOT p.ambiguous THEN p.firm_id ELSE n.firm_id END
           AS firm_id,
       CASE WHEN p.firm_id IS NOT NULL AND NOT p.ambiguous THEN p.method
            WHEN p.ambiguous THEN 'ambiguous' ELSE 'new' END AS method
FROM stg_firms s LEFT JOIN picked p ON p.source_key = s.source_key
LEFT JOIN newids n ON n.source_key = s.source_key""")


def _replay_covers(con: duckdb.DuckDBPyConnection, manifest: dict) -> None:
    """The regions the batch declares it lists every firm of (``chainmap import … --covers``,
    kept in its manifest); only a registry export's declaration counts."""
    covers = (manifest.get("options") or {}).get("covers") or []
    if covers and manifest["kind"] in REGISTRY_KINDS:
        con.executemany("INSERT INTO import_batch_cover VALUES (?, ?)",
                        [(manifest["batch"], str(c)) for c in sorted(set(covers))])


def _replay_batch(con: duckdb.DuckDBPyConnection, batch: Path, seq: int) -> None:
    manifest = read_manifest(batch)
    _stage(con, batch)
    _resolve(con)
    load_batch_facts(con, manifest, seq)
    _replay_covers(con, manifest)
    _add_keys(con)
    load_branches(con, manifest)


def _add_keys(con: duckdb.DuckDBPyConnection) -> None:
    """The keys the batch's rows give their firms (``firm_keys_sql``), those int_firm_key
    does not hold yet: for the batches after it."""
    con.execute(f"INSERT INTO int_firm_key SELECT * FROM ({firm_keys_sql()}) n "
                "WHERE NOT EXISTS (SELECT 1 FROM int_firm_key k WHERE k.firm_id = n.firm_id "
                "AND k.key_type = n.key_type AND k.key_value = n.key_value)")


def _curated(con: duckdb.DuckDBPyConnection, data_dir: Path, statements: list[str]) -> None:
    curated = read_curated_registry(data_dir)
    for name, frame in curated.items():
        con.register(f"cur_{name}", frame)
    try:
        for sql in statements:
            con.execute(sql)
    finally:
        for name in curated:
            con.unregister(f"cur_{name}")


def _replay_shipped(con: duckdb.DuckDBPyConnection, data_dir: Path, ref: Reference) -> None:
    """The registry shipped in data/registry/ (``etl.shipped``): each list resolved and
    loaded like a batch, then the curated facts about its firms, and their keys."""
    sources = read_registry_sources(data_dir)
    con.register("src_in", sources)
    con.execute("INSERT INTO dim_source (source_id, title, kind, locator, licence, note) "
                "SELECT source_id, title, kind, locator, licence, note FROM src_in "
                "WHERE source_id NOT IN (SELECT source_id FROM dim_source)")
    con.unregister("src_in")
    for batch, tables in stage_shipped(data_dir, ref):
        for table in STAGE_TABLES:
            con.register("stage_in", conform(tables.get(table), table))
            con.execute(f"CREATE OR REPLACE TEMP TABLE stg_{table} AS SELECT * FROM stage_in")
            con.unregister("stage_in")
        _resolve(con)
        load_shipped_facts(con, batch.batch_id, batch.source_id, batch.what, batch.file)
        _add_keys(con)
        for table in STAGE_TABLES:
            con.execute(f"DROP TABLE stg_{table}")
    _curated(con, data_dir, CURATED_FACTS + CURATED_ASSIGNMENTS)


# a resumed build settles only the firms its batch touched (``etl.resume.restore_touched``)
TOUCHED = "SELECT firm_id FROM row_firm"
TOUCHED_TABLE = "build_touched"  # kept after the replay, for etl.derive
TOUCHED_FIRMS = f"SELECT firm_id FROM {TOUCHED_TABLE}"
PLACES_TABLE = "build_touched_places"  # where they were before and after, for etl.derive
TOUCHED_PLACES = f"SELECT adcode FROM {PLACES_TABLE}"


def _classify(con: duckdb.DuckDBPyConnection, only_new: bool = False) -> None:
    """Rule classification into RULE_TABLE (kept for the next build), then firm_node. When
    resuming, only the firms the new batch touched are classified again: a firm's nodes
    depend on its own texts and industries alone."""
    texts = cls_text_sql(TOUCHED) if only_new else CLS_TEXT_SQL
    con.execute(f"CREATE TEMP TABLE cls_text AS {texts}")
    con.execute(f"CREATE TEMP TABLE cls_text_kw AS {TEXT_KEYWORDS_SQL}")  # also for _chains
    if only_new:  # the other firms' rule rows are in firm_node already (etl.resume)
        con.execute(f"DELETE FROM {RULE_TABLE} WHERE firm_id IN ({TOUCHED})")
        con.execute(f"INSERT INTO {RULE_TABLE} {node_sql()}")
        con.execute(f"INSERT INTO firm_node SELECT * FROM {RULE_TABLE} "
                    f"WHERE firm_id IN ({TOUCHED})")
    else:
        con.execute(f"CREATE TABLE {RULE_TABLE} AS {node_sql()}")
        con.execute(f"INSERT INTO firm_node SELECT * FROM {RULE_TABLE}")


def _chains(con: duckdb.DuckDBPyConnection, only_new: bool = False) -> None:
    """Each firm's confidence per chain (``firm_chain_score``, kept for the next build);
    the chains it places a firm on become firm_chain rows, and rule node assignments on a
    chain the firm is not placed on are taken out (they stay in the review list)."""
    # resumed: only the batch's firms (the others' rows are the previous build's: etl.resume)
    firms = f"firm_id IN ({TOUCHED})" if only_new else "true"
    con.execute("CREATE TEMP TABLE cls_nodes AS SELECT firm_id, node_id, chain_id, source_id, "
                "confidence FROM firm_node WHERE method IN ('rule', 'manual', 'web_page') "
                f"AND {firms}")
    if only_new:
        con.execute(f"DELETE FROM firm_chain_score WHERE {firms}")
        con.execute(f"INSERT INTO firm_chain_score {chain_score_sql(only=TOUCHED)}")
    else:
        con.execute(f"INSERT INTO firm_chain_score {chain_score_sql()}")
    con.execute(f"DELETE FROM firm_node WHERE method = 'rule' AND {firms} AND NOT EXISTS ("
                "SELECT 1 FROM firm_chain_score c WHERE c.firm_id = firm_node.firm_id "
                "AND c.chain_id = firm_node.chain_id AND c.status = 'chain')")
    con.execute(f"INSERT INTO firm_chain SELECT * FROM ({chain_sql()}) c WHERE {firms} "
                "AND NOT EXISTS (SELECT 1 FROM firm_chain x WHERE x.firm_id = c.firm_id AND "
                "x.chain_id = c.chain_id AND x.source_id = c.source_id)")


def _afresh(con: duckdb.DuckDBPyConnection, data_dir: Path,
            shipped: dict[str, pd.DataFrame]) -> None:
    """A resumed build's firms touched by its batch, back to where the replay leaves them:
    values before settling, and their assignments as the shipped data and the curated
    lists give them (``etl.resume``); the copy holds the shipped lists already."""
    # where the touched firms were: their counts per place are computed again (etl.derive)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {PLACES_TABLE} AS "
                f"SELECT DISTINCT adcode FROM dim_firm WHERE firm_id IN ({TOUCHED})")
    restore_touched(con, TOUCHED)
    reseed_touched(con, TOUCHED, shipped)
    statements = []
    for sql in CURATED_ASSIGNMENTS:  # each "INSERT INTO t" + a SELECT: of these firms only
        head, select = sql.split("\n", 1)
        statements.append(f"{head} SELECT * FROM ({select}) c WHERE c.firm_id IN ({TOUCHED})")
    _curated(con, data_dir, statements)


def load_imports(con: duckdb.DuckDBPyConnection, data_dir: Path, store: Path, ref: Reference,
                 merges: pd.DataFrame,
                 apply_node_overrides: Callable[[duckdb.DuckDBPyConnection, str | None], None],
                 staged: Path | None = None, progress: OnProgress | None = None,
                 resume_after: list[str] | None = None,
                 shipped: dict[str, pd.DataFrame] | None = None) -> int:
    """Replay every stored import (and ``staged``) into ``con``; returns the batch count.

    ``resume_after``: ``con`` is a restored copy of a database that holds these batches
    (``etl.resume``); only ``staged`` is replayed, and the firms it touches get their
    node and chain assignments afresh from ``shipped`` (the shipped data's RESEEDED tables)."""
    if resume_after is not None:
        con.execute(f"ALTER TABLE {KEYS_TABLE} RENAME TO int_firm_key")
        batches, first = [staged], len(resume_after) + 1
    else:
        _load_reference(con, ref, data_dir)
        batches, first = replay_order(store, staged), 1
        _plan_keys(con, ref)
    _merge_overrides(con, merges)
    if resume_after is None:
        _replay_shipped(con, data_dir, ref)
    for seq, batch in enumerate(batches, start=first):
        if progress:
            name = read_manifest(batch)["batch"]
            progress(Progress(Step.ADDING, name=name) if resume_after is not None
                     else Progress(Step.REPLAYING, seq, len(batches), name))
        _replay_batch(con, batch, seq)
    only = None
    if resume_after is not None:  # only the batch's firms are settled and classified again
        only = TOUCHED
        _afresh(con, data_dir, shipped or {})
    snapshot_settled(con, only)
    _classify(con, only_new=resume_after is not None)
    apply_node_overrides(con, only)
    _chains(con, only_new=resume_after is not None)
    settle_firms(con, only)
    keep_settled(con, only)
    add_regions(con)
    stray = con.execute("SELECT line, firm_id FROM ovr_merge WHERE firm_id NOT IN "
                        "(SELECT firm_id FROM dim_firm) ORDER BY line").fetchall()
    if stray:
        line, firm_id = stray[0]
        raise OverrideError(f"data/overrides/firm_merges.csv line {line}: unknown firm_id "
                            f"{firm_id!r}")
    con.execute(f"ALTER TABLE int_firm_key RENAME TO {KEYS_TABLE}")
    if only:  # the derived tables are computed again for these firms alone (etl.derive)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {TOUCHED_TABLE} AS "
                    f"SELECT DISTINCT firm_id FROM ({only}) t")
        con.execute(f"INSERT INTO {PLACES_TABLE} SELECT DISTINCT adcode FROM dim_firm "
                    f"WHERE firm_id IN ({only})")
    for table in BUILD_TEMP:
        kind = "VIEW" if table.startswith("stg_") and table[4:] not in LOADED else "TABLE"
        con.execute(f"DROP {kind} IF EXISTS {table}")
    return len(batches) + first - 1


def load_import_store(con: duckdb.DuckDBPyConnection, settings, inputs: dict,
                      staged: Path | None = None, progress: OnProgress | None = None,
                      resume_after: list[str] | None = None,
                      shipped: dict[str, pd.DataFrame] | None = None) -> int:
    """The build's import step: reference tables, every stored batch, overrides
    (``resume_after``, ``shipped``: ``load_imports``)."""
    known_nodes = {r[0] for r in con.execute("SELECT node_id FROM dim_chain_node").fetchall()}
    node_overrides = check_firm_nodes(inputs["override_firm_nodes"], known_nodes)
    merges = check_firm_merges(inputs["override_firm_merges"])
    count = load_imports(
        con, settings.data_dir, store_dir(settings.db_path), read_reference(settings.data_dir),
        merges, lambda c, only: load_firm_node_overrides(c, node_overrides, only), staged,
        progress, resume_after, shipped)
    return count
