"""Add one import to the current database instead of rebuilding from every stored import.

A full build (``etl.pipeline.build_database``) loads the shipped data, replays every stored
batch in order, then runs the steps that look at all firms at once: classification,
the planners' node overrides, chain membership, settling each firm's best location and
identifiers, regions. Rebuilding for every commit makes a small import into a national
database cost as much as all earlier imports together (a 10k-row file into a 1M-firm
database: 18 s, docs/performance.md).

So every build also keeps what the next one needs to carry on exactly where the replay
loop stopped (``KEYS_TABLE``, ``PRE_TABLE``, ``RULE_TABLE``, and in ``build_meta`` the
fingerprint of its inputs and code and the batches it replayed). When a batch is committed
on top of a database whose fingerprint and batches match (``can_resume``), the build copies
that database, ``restore``s the state the replay loop left, replays only the new batch,
classifies only the firms it touched, and runs the all-firm steps again. The result is the
database a full rebuild would give, table by table (tests/etl/test_resume.py); anything
that does not match — other shipped data or overrides, other code or DuckDB, a batch
removed or added by hand, a database from before this — gets the full rebuild.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import yaml

from etl.import_store import batch_identity, list_batches, read_manifest
from etl.resolve import prov2_sql

__all__ = ["KEYS_TABLE", "MAX_RESUMES", "PRE_TABLE", "RESEEDED", "RULE_TABLE", "SETTLED",
           "can_resume", "fingerprint", "held_batches", "reseed_touched", "restore",
           "restore_touched"]

# the firm keys after the last batch (the replay's ``int_firm_key``, renamed)
KEYS_TABLE = "build_firm_key"
# the firms the settling step changed (``etl.replay._settle_firms``), with their values
# before it
PRE_TABLE = "build_firm_pre"
SETTLED = ("adcode", "precision", "role", "uscc", "full_name", "registered_capital_wan",
           "employees")
# the rule classification before the planners' overrides removed or added nodes
RULE_TABLE = "build_firm_node_rule"
# tables the steps after the replay add to: emptied by ``restore``, then given the shipped
# data's rows again
RESEEDED = ("firm_node", "firm_chain")

INPUT_DIRS = ("chains", "geo", "overrides", "plan", "reference", "registry")  # under data_dir
# resumed builds delete and rewrite rows in a copy that is never compacted: after this many
# in a row, the next commit rebuilds (the database file stops growing)
MAX_RESUMES = 20
CODE_ROOT = Path(__file__).resolve().parent.parent
CODE = ("etl", "chainmap")  # every build step's code: any change means a full rebuild


def _update(digest, root: Path, base: Path) -> None:
    if not root.is_dir():
        return
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if path.suffix in (".pyc",) or "__pycache__" in path.parts:
            continue
        digest.update(str(path.relative_to(base)).encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")


def fingerprint(data_dir: Path) -> str:
    """What a build's result depends on besides the import store: the shipped data and
    overrides, the ETL and library code, the versions of Python and of the libraries the
    build computes with."""
    versions = (f"python {sys.version}; duckdb {duckdb.__version__}; pandas {pd.__version__}; "
                f"numpy {np.__version__}; pyyaml {yaml.__version__}")
    digest = hashlib.sha256(versions.encode("utf-8") + b"\0")
    for name in INPUT_DIRS:
        _update(digest, Path(data_dir) / name, Path(data_dir))
    for name in CODE:
        _update(digest, CODE_ROOT / name, CODE_ROOT)
    return digest.hexdigest()


def held_batches(path: Path, print_: str) -> tuple[list[str], int, list[str]] | None:
    """(the batches the database at ``path`` holds, in order; how many builds in a row
    resumed to make it; their identities as the build read them, ``batch_identity``) when
    it was built from inputs and code with fingerprint ``print_`` and keeps its build
    state; else None."""
    path = Path(path)
    if not path.is_file() or path.with_name(path.name + ".wal").exists():
        return None
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error:  # held open in another configuration, damaged …: rebuild
        return None
    try:
        tables = {r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()}
        if not {KEYS_TABLE, PRE_TABLE, RULE_TABLE, "build_meta", "import_batch"} <= tables:
            return None
        meta = dict(con.execute("SELECT key, value FROM build_meta").fetchall())
        held = [r[0] for r in con.execute(
            "SELECT batch_id FROM import_batch ORDER BY seq").fetchall()]
    except duckdb.Error:
        return None
    finally:
        con.close()
    if meta.get("replay_fingerprint") != print_:
        return None
    identities = json.loads(meta.get("replay_batches") or "null")
    if not isinstance(identities, list) or [i.split("@")[0] for i in identities] != held:
        return None
    return held, int(meta.get("replay_resumed") or 0), identities


def can_resume(base: Path, store: Path, staged: Path, print_: str) -> list[str] | None:
    """The batches the database at ``base`` holds, in order, when ``staged`` can be added
    to it; None when the build must start from the shipped data (also after
    ``MAX_RESUMES`` resumed builds in a row: a full build writes the tables compactly)."""
    found = held_batches(base, print_)
    if found is None or found[1] >= MAX_RESUMES:
        return None
    held, _resumed, identities = found
    batches = [b for b in list_batches(store) if b.resolve() != Path(staged).resolve()]
    committed = [b.name for b in batches]
    if held != committed or read_manifest(staged)["batch"] in committed:
        return None
    if identities != [batch_identity(b) for b in batches]:  # a batch changed since
        return None
    return committed


def restore(con: duckdb.DuckDBPyConnection) -> None:
    """Take a copy of a finished database back to where its replay loop stopped, as far as
    the new batch can see: no build metadata; the derived tables and the touched firms'
    node and chain assignments are replaced later (``reseed_touched``).

    Firms keep their settled values (only the firms the batch touches are settled again:
    ``restore_touched``), except that resolving the batch compares provinces with each
    firm's location as the replay left it: where settling moved a firm to another province,
    that location is put back for the replay (and the settled one kept in
    ``settled_adcode``)."""
    pairs = (f"FROM dim_firm f JOIN {PRE_TABLE} p ON p.firm_id = f.firm_id "
             f"WHERE {prov2_sql('p.adcode')} IS DISTINCT FROM {prov2_sql('f.adcode')}")
    con.execute("CREATE OR REPLACE TEMP TABLE settled_adcode AS "
                f"SELECT f.firm_id, f.adcode {pairs}")
    con.execute(f"UPDATE dim_firm SET adcode = p.adcode FROM {PRE_TABLE} p "  # noqa: S608
                "WHERE p.firm_id = dim_firm.firm_id "
                "AND p.firm_id IN (SELECT firm_id FROM settled_adcode)")
    con.execute("DELETE FROM build_meta")


def restore_touched(con: duckdb.DuckDBPyConnection, touched: str) -> None:
    """After the batch's replay: the firms it touched (SQL ``touched``) get every value as the
    replay left it, to be settled again; the others get their settled location back."""
    assign = ", ".join(f"{c} = p.{c}" for c in SETTLED)
    con.execute(f"UPDATE dim_firm SET {assign} FROM {PRE_TABLE} p "  # noqa: S608 (our names)
                f"WHERE p.firm_id = dim_firm.firm_id AND p.firm_id IN ({touched})")
    con.execute("UPDATE dim_firm SET adcode = s.adcode FROM settled_adcode s "  # noqa: S608
                f"WHERE s.firm_id = dim_firm.firm_id AND s.firm_id NOT IN ({touched})")
    con.execute("DROP TABLE settled_adcode")


def reseed_touched(con: duckdb.DuckDBPyConnection, touched: str,
                   shipped: dict[str, pd.DataFrame]) -> None:
    """The touched firms' node and chain assignments and override log taken back to the
    shipped data's (``shipped``: the RESEEDED tables as the shipped data has them; the caller
    adds the curated assignments) before they are classified again; every other firm's rows
    stay as the previous build left them."""
    for table in RESEEDED:
        con.execute(f"DELETE FROM {table} WHERE firm_id IN ({touched})")  # noqa: S608
        con.register("shipped_in", shipped[table])
        try:
            columns = ", ".join(r[0] for r in con.execute(f"DESCRIBE {table}").fetchall())
            con.execute(f"INSERT INTO {table} SELECT {columns} FROM shipped_in "  # noqa: S608
                        f"WHERE firm_id IN ({touched})")
        finally:
            con.unregister("shipped_in")
    con.execute(f"DELETE FROM override_log WHERE firm_id IN ({touched})")  # noqa: S608
