"""The import store: every committed import, kept beside the database so builds replay it.

Layout: ``<db_path>.imports/<kind>-<sha256[:16]>/`` holding one Parquet file per
stage table (``etl.importers.stage``), ``manifest.json`` (kind, inputs, sha256,
time, sequence, counts) and ``report.json``. A batch folder is written under a
temporary name and renamed into place, so it is either complete or absent.
The same input (same bytes, same kind, same mapping) has the same folder name,
which is how a second import of it is recognised and adds nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import uuid
from pathlib import Path

import duckdb

# the import kinds that list every firm of the regions they cover (an enterprise-registry
# export): only their batches may declare ``covers`` (a listed-company list, a knowledge
# graph or supply links name some firms only)
from chainmap.analytics.data_coverage import REGISTRY_KINDS
from etl.housekeeping import process_alive
from etl.importers.stage import (
    STAGE_TABLES,
    ParquetTables,
    StagedImport,
    conform,
    copy_stage_table,
)

__all__ = ["REGISTRY_KINDS", "batch_identity", "batch_name", "digest_inputs", "find_batch",
           "list_batches", "next_seq", "read_manifest", "remove_batch", "remove_stale_staging",
           "renumber_batch", "store_dir", "write_batch", "write_report"]

MANIFEST = "manifest.json"
REPORT = "report.json"


def store_dir(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".imports")


def _input_files(paths: list[Path]) -> list[tuple[str, Path]]:
    """(label, file): a file's label is empty (its bytes are what counts, not its name); a
    folder's files are labelled by their names, which say what each file is."""
    files = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            files += [(p.name, p) for p in sorted(path.iterdir()) if p.is_file()]
        else:
            files.append(("", path))
    return files


def digest_inputs(paths: list[Path]) -> str:
    """sha256 over the inputs' bytes (and, inside a folder, the files' names)."""
    digest = hashlib.sha256()
    for label, path in _input_files(paths):
        digest.update(label.encode("utf-8") + b"\0")
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        digest.update(b"\0")
    return digest.hexdigest()


def batch_name(kind: str, sha256: str) -> str:
    return f"{kind}-{sha256[:16]}"


def find_batch(store: Path, kind: str, sha256: str) -> Path | None:
    path = Path(store) / batch_name(kind, sha256)
    return path if (path / MANIFEST).exists() else None


def read_manifest(batch: Path) -> dict:
    return json.loads((Path(batch) / MANIFEST).read_text("utf-8"))


def batch_identity(batch: Path) -> str:
    """The batch's name and a digest of what a build reads from it (its manifest's bytes, and
    each Parquet file's name, size and modification time): a batch folder edited by hand
    under the same name gets another identity, so the next build replays every batch."""
    batch = Path(batch)
    digest = hashlib.sha256((batch / MANIFEST).read_bytes())
    for path in sorted(batch.glob("*.parquet")):
        stat = path.stat()
        digest.update(f"\0{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return f"{read_manifest(batch)['batch']}@{digest.hexdigest()[:16]}"


def list_batches(store: Path) -> list[Path]:
    """Committed batches in replay order (their sequence number, then name)."""
    store = Path(store)
    if not store.is_dir():
        return []
    batches = [p for p in store.iterdir()
               if p.is_dir() and not p.name.startswith(".") and (p / MANIFEST).exists()]
    return sorted(batches, key=lambda p: (read_manifest(p).get("seq", 0), p.name))


def next_seq(store: Path) -> int:
    """The sequence number the next batch committed to ``store`` gets."""
    return max((read_manifest(p).get("seq", 0) for p in list_batches(store)), default=0) + 1


def _write_parquet(con: duckdb.DuckDBPyConnection, table: str, frame, path: Path) -> None:
    con.register("frame_out", conform(frame, table))
    try:
        copy_stage_table(con, table, "SELECT * FROM frame_out", path)
    finally:
        con.unregister("frame_out")


def write_batch(staged: StagedImport, store: Path, inputs: list[Path], sha256: str,
                options: dict | None = None, seq: int | None = None) -> Path:
    """Write the batch into a hidden temporary folder of ``store``; return that folder.

    The caller renames it to ``batch_name(kind, sha256)`` once the database built with it
    is ready, or removes it (``remove_batch``); a folder is never half-written in place.
    ``seq`` is its sequence number when ``store`` is not the store it will join (a kept
    preview's batch: ``etl.kept_preview``); by default the next of ``store``.
    """
    store = Path(store)
    store.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(store)
    tmp = store / (f".staging-{batch_name(staged.kind, sha256)}-{os.getpid()}-"
                   f"{uuid.uuid4().hex[:8]}")
    tmp.mkdir()
    try:
        con = duckdb.connect()
        try:
            for table in STAGE_TABLES:
                target = tmp / f"{table}.parquet"
                if isinstance(staged.tables, ParquetTables):
                    # written by the importer straight from DuckDB: move, no pandas round trip
                    shutil.move(staged.tables.path(table), target)
                else:
                    _write_parquet(con, table, staged.tables.get(table), target)
            rejected = con.execute("SELECT count(*) FROM read_parquet(?) WHERE status = 'rejected'",
                                   [str(tmp / "quarantine.parquet")]).fetchone()[0]
        finally:
            con.close()
        manifest = {
            "batch": batch_name(staged.kind, sha256), "kind": staged.kind,
            "inputs": [str(Path(p).resolve()) for p in inputs], "sha256": sha256,
            "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "seq": next_seq(store) if seq is None else seq, "rows": staged.rows,
            "rejected": rejected,
            "options": options or {}, "warnings": list(staged.warnings),
            "info": staged.info,
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), "utf-8")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tmp


def renumber_batch(batch: Path, store: Path) -> int:
    """Give a written, not yet published batch the next sequence number of ``store``, as the
    build that adds it last will replay it; call it under the writer lock (another commit may
    have published since ``write_batch``). Returns the number."""
    manifest = read_manifest(batch)
    manifest["seq"] = next_seq(store)
    (Path(batch) / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2),
                                        "utf-8")
    return manifest["seq"]


def write_report(batch: Path, report: dict) -> Path:
    path = Path(batch) / REPORT
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return path


STAGING = re.compile(r"^\.staging-.+-(\d+)-[0-9a-f]{8}$")


def remove_stale_staging(store: Path) -> list[Path]:
    """Delete ``.staging-…-<pid>-…`` folders whose importing process is gone (an import
    killed before its rename); those of imports running now are kept."""
    store = Path(store)
    removed = []
    for path in sorted(store.glob(".staging-*")) if store.is_dir() else []:
        match = STAGING.match(path.name)
        if match and path.is_dir() and not process_alive(int(match.group(1))):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def remove_batch(batch: Path) -> None:
    shutil.rmtree(batch, ignore_errors=True)
