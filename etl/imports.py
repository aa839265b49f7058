"""Bring your own data: preview an import (nothing written) or commit it (atomic, idempotent).

``commit_import`` stages the file, writes the batch to a hidden folder of the
import store, rebuilds the database with the batch replayed last, computes the
report from that new database, and only then renames the batch folder into
place and swaps the database in. Any failure removes the batch folder and leaves
the old database byte for byte. A file already imported (same kind, same bytes,
same mapping) is recognised by its digest: the report says ``duplicate_of`` and
nothing is added.

``preview_import`` runs exactly the same steps against a scratch database in a
temporary folder and returns the report, sample rows and quarantine. With ``keep=True``
(the import page) the scratch database and batch stay beside the database, and a commit
of the same file swaps them in instead of building again while they are exactly what it
would build (``etl.kept_preview``).

This module is the one door of imports into the database (the CLI and the web server's
import service both go through it): the import kinds are declared here once (``KINDS``, and
``UPLOAD_KINDS`` the import page offers) and checked here once (``check_kind``); the steps
are reported as ``etl.events.Progress`` events (step, rows, of), never as sentences.
"""

from __future__ import annotations

import functools
import json
import tempfile
from collections.abc import Callable, Container
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from chainmap.config import Settings
from chainmap.views.import_report import (
    count_quarantine,
    query_import_firms,
    query_import_report,
    query_quarantine,
)
from etl.address import read_divisions
from etl.events import OnProgress, Progress, Step
from etl.housekeeping import writer_lock
from etl.import_store import (
    REGISTRY_KINDS,
    REPORT,
    batch_name,
    digest_inputs,
    find_batch,
    next_seq,
    read_manifest,
    remove_batch,
    renumber_batch,
    store_dir,
    write_batch,
    write_report,
)
from etl.importers.chainkg import import_chainkg
from etl.importers.generic_csv import import_generic_csv
from etl.importers.limits import InputLimits, check_input_limits
from etl.importers.links import import_links
from etl.importers.registry import import_registry
from etl.importers.sheets import InputRefused
from etl.importers.stage import StagedImport
from etl.importers.tushare import import_tushare
from etl.kept_preview import (
    DATABASE,
    finish_preview,
    preview_room,
    remove_previews,
    usable_preview,
)
from etl.pipeline import build_database
from etl.reference import Reference, read_reference
from etl.sqlframes import work_memory_mb

__all__ = ["KINDS", "REGISTRY_KINDS", "UPLOAD_KINDS", "ImportInputError", "ImportPreview",
           "check_covers", "check_kind", "commit_import", "preview_import", "stage_input"]

KINDS = ("qcc", "tushare", "chainkg", "csv", "links")
# the kinds one uploaded file is enough for (no mapping file, not a folder): the import page's
UPLOAD_KINDS = ("qcc", "tushare", "links")
QUARANTINE_SAMPLE = 200  # a preview's quarantined rows (all of them: chainmap import quarantine)


class ImportInputError(ValueError):
    """The input cannot be imported as asked (wrong kind, missing mapping …)."""


@dataclass(frozen=True)
class ImportPreview:
    """What committing would do: the report, sample rows as firms, and the first
    ``QUARANTINE_SAMPLE`` quarantined rows (the report counts them all)."""

    kind: str
    report: dict
    sample: pd.DataFrame
    quarantine: pd.DataFrame
    quarantine_total: int = 0  # all the batch's quarantined rows (``quarantine`` lists the first)


def check_kind(kind: object, kinds: Container[str] = KINDS) -> str:
    """``kind`` if it is one of ``kinds`` (all the import kinds, or ``UPLOAD_KINDS``: what a
    browser sent is checked the same way), else ``ImportInputError``."""
    if not isinstance(kind, str) or kind not in kinds:
        raise ImportInputError(f"unknown import kind {kind!r}; one of {', '.join(KINDS)}")
    return kind


def stage_input(kind: str, path: Path, ref: Reference, mapping: Path | None = None,
                ) -> StagedImport:
    """Read and stage one input (no database, no store)."""
    check_kind(kind)
    if kind == "csv" and mapping is None:
        raise ImportInputError("a generic CSV import needs --mapping FILE (see docs/importing.md)")
    if not Path(path).exists():
        raise ImportInputError(f"no such file or folder: {path}")
    if kind == "qcc":
        return import_registry(path, ref)
    if kind == "tushare":
        return import_tushare(path, ref)
    if kind == "chainkg":
        return import_chainkg(path, ref)
    if kind == "csv":
        return import_generic_csv(path, mapping, ref)
    return import_links(path)


def check_covers(kind: str, covers, data_dir: Path) -> list[str]:
    """The regions a registry batch declares it covers (``--covers``), checked: only for the
    registry kinds, each a 6-digit adcode of the division table; sorted, each once."""
    codes = sorted({str(c).strip() for c in covers or () if str(c).strip()})
    if not codes:
        return []
    if kind not in REGISTRY_KINDS:
        raise ImportInputError(
            f"--covers is for enterprise-registry imports ({', '.join(REGISTRY_KINDS)}): "
            f"a {kind} import lists only some firms, so it covers no region")
    known = set(read_divisions(Path(data_dir))["adcode"])
    unknown = [c for c in codes if c not in known]
    if unknown:
        raise ImportInputError(f"--covers: {', '.join(unknown)} is not an adcode of the "
                               "division table (e.g. 500000 重庆市, 500116 江津区, 510100 成都市)")
    return codes


def _options(mapping: Path | None, covers: list[str]) -> dict:
    """What the batch's manifest keeps of the options (every rebuild replays them)."""
    return {"mapping": str(mapping or ""), "covers": covers}


def _inputs(kind: str, path: Path, mapping: Path | None, settings: Settings) -> list[Path]:
    """The input files, checked to exist, to be regular files (a folder for chainkg) and to
    be within the limits before any of them is read (etl.importers.limits): a FIFO, a
    device, an oversized file, a binary one or a zip bomb is refused here."""
    inputs = [Path(path)] + ([Path(mapping)] if mapping is not None else [])
    for item in inputs:
        if not item.exists():
            raise ImportInputError(f"no such file or folder: {item}")
    check_input_limits(inputs, InputLimits.from_settings(settings), folders=kind == "chainkg")
    return inputs


def _duplicate(batch: Path) -> dict:
    report_file = batch / REPORT
    report = json.loads(report_file.read_text("utf-8")) if report_file.exists() else {}
    manifest = read_manifest(batch)
    return report | {"duplicate_of": batch.name, "added": 0, "report_path": str(report_file),
                     "sha256": manifest["sha256"]}


def _report_hook(staged: StagedImport, holder: dict, sample_rows: int | None,
                 ) -> Callable[[duckdb.DuckDBPyConnection], None]:
    def hook(con: duckdb.DuckDBPyConnection) -> None:
        batch = holder["name"]
        holder["report"] = query_import_report(con, batch, list(staged.warnings))
        holder["report"]["info"] = staged.info
        if sample_rows is not None:
            holder["sample"] = query_import_firms(con, batch, sample_rows)
            holder["quarantine"] = query_quarantine(con, batch, limit=QUARANTINE_SAMPLE)
            holder["quarantine_total"] = count_quarantine(con, batch)
        if holder.get("publish"):
            holder["publish"](holder["report"])
    return hook


def _memory_refused(run: Callable) -> Callable:
    """``run(kind, path, settings, …)``, with DuckDB running out of its memory limit (the
    import's own limit, ``etl.sqlframes.work_memory_mb``) said as a refusal of the file
    (``out_of_memory``) instead of a traceback; the import changed nothing either way."""
    @functools.wraps(run)
    def bounded(kind: str, path: Path, settings: Settings, **options):
        try:
            return run(kind, path, settings, **options)
        except duckdb.OutOfMemoryException as exc:
            raise InputRefused("out_of_memory", name=Path(path).name,
                               mb=work_memory_mb()) from exc
    return bounded


@_memory_refused
def preview_import(kind: str, path: Path, settings: Settings, *, mapping: Path | None = None,
                   sample_rows: int = 20, progress: OnProgress | None = None,
                   keep: bool = False, covers=()) -> ImportPreview:
    """Validate, stage and resolve an input against the current data; write nothing to the
    database or the import store. ``keep``: leave the built database and batch in
    ``<db>.previews/`` for ``commit_import`` of the same file (``etl.kept_preview``).
    ``covers``: the regions a registry export lists every firm of (``check_covers``)."""
    covers = check_covers(kind, covers, settings.data_dir)
    inputs = _inputs(kind, path, mapping, settings)
    sha256 = digest_inputs(inputs)
    store = store_dir(settings.db_path)
    existing = find_batch(store, kind, sha256)
    if existing is not None:
        return ImportPreview(kind, _duplicate(existing), pd.DataFrame(), pd.DataFrame())
    staged = _stage(kind, path, settings, mapping, progress)
    holder = {"name": batch_name(kind, sha256)}
    # kept: a folder beside the database (etl.kept_preview); else a temporary one
    with (preview_room(settings.db_path) if keep
          else tempfile.TemporaryDirectory(prefix="chainmap-preview-")) as room:
        folder = write_batch(staged, Path(room), inputs, sha256, _options(mapping, covers),
                             seq=next_seq(store))
        build_database(settings, staged=folder, target=Path(room) / DATABASE, progress=progress,
                       before_swap=_report_hook(staged, holder, sample_rows))
        if keep:
            finish_preview(Path(room), settings.db_path, kind, sha256, folder)
    return ImportPreview(kind, holder["report"] | {"preview": True}, holder["sample"],
                         holder["quarantine"], holder["quarantine_total"])


def _stage(kind: str, path: Path, settings: Settings, mapping: Path | None,
           progress: OnProgress | None) -> StagedImport:
    if progress:
        progress(Progress(Step.READING, name=str(path)))
    staged = stage_input(kind, Path(path), read_reference(settings.data_dir), mapping)
    if staged.rows == 0:
        raise ImportInputError(f"no data rows in {Path(path).name}: the file holds a header "
                               "(or nothing) but no rows to import")
    if progress:
        progress(Progress(Step.READ, rows=staged.rows))
    return staged


@_memory_refused
def commit_import(kind: str, path: Path, settings: Settings, *, mapping: Path | None = None,
                  progress: OnProgress | None = None, covers=()) -> dict:
    """Import for good: store the batch, rebuild, return (and save) the report.

    ``covers``: the regions a registry export lists every firm of (``chainmap import qcc|csv
    --covers``; ``check_covers``), kept in the batch's manifest so every rebuild knows them.
    A file imported before is not imported again, whatever ``covers`` says.

    The file is read and its batch written to a private folder first; the database's writer
    lock (``etl.housekeeping.writer_lock``) is then held from a last look for the same file
    (committed meanwhile: the report says so and nothing is added) to the swap, so two
    commits at once both land, one after the other."""
    covers = check_covers(kind, covers, settings.data_dir)
    store = store_dir(settings.db_path)
    inputs = _inputs(kind, path, mapping, settings)
    sha256 = digest_inputs(inputs)
    existing = find_batch(store, kind, sha256)
    if existing is not None:
        return _duplicate(existing)
    if usable_preview(settings.db_path, store, settings.data_dir, kind, sha256) is not None:
        report = _commit_kept(kind, sha256, settings, progress, covers)
        if report is not None:
            return report
    staged = _stage(kind, path, settings, mapping, progress)
    folder = write_batch(staged, store, inputs, sha256, _options(mapping, covers))
    final = store / batch_name(kind, sha256)
    holder: dict = {"name": final.name}

    def publish(report: dict) -> None:
        report["report_path"] = str(final / REPORT)
        write_report(folder, report)
        folder.rename(final)  # atomic: the batch is complete or absent
        holder["published"] = True

    holder["publish"] = publish
    try:
        with writer_lock(settings.db_path, progress):
            existing = find_batch(store, kind, sha256)
            if existing is not None:  # the same file, committed while this one was read
                remove_batch(folder)
                return _duplicate(existing)
            renumber_batch(folder, store)  # after any batch published meanwhile
            build_database(settings, staged=folder,
                           before_swap=_report_hook(staged, holder, None), progress=progress)
    except BaseException:
        remove_batch(folder)
        if holder.get("published"):
            remove_batch(final)
        raise
    remove_previews(settings.db_path)  # built on the store as it was: out of date now
    return holder["report"]


def _commit_kept(kind: str, sha256: str, settings: Settings,
                 progress: OnProgress | None, covers: list[str]) -> dict | None:
    """Commit by publishing a kept preview's batch and swapping its database in, when under
    the writer lock it is still exactly what a build would give (also the same ``covers``);
    None when it is not (the caller builds). A failure before the swap leaves the database
    and the store as they were."""
    store = store_dir(settings.db_path)
    with writer_lock(settings.db_path, progress):
        existing = find_batch(store, kind, sha256)
        if existing is not None:  # the same file, committed while this one waited
            return _duplicate(existing)
        kept = usable_preview(settings.db_path, store, settings.data_dir, kind, sha256)
        if kept is None:
            return None
        batch, database = kept
        manifest = read_manifest(batch)
        if list(manifest.get("options", {}).get("covers") or []) != covers:
            return None  # previewed with other regions covered: build with these
        if progress:
            progress(Progress(Step.KEPT))
        con = duckdb.connect(str(database), read_only=True)
        try:
            report = query_import_report(con, manifest["batch"], list(manifest["warnings"]))
        finally:
            con.close()
        final = store / batch_name(kind, sha256)
        report["info"] = manifest.get("info", {})
        report["report_path"] = str(final / REPORT)
        write_report(batch, report)
        store.mkdir(parents=True, exist_ok=True)
        batch.rename(final)  # atomic: the batch is complete or absent
        try:
            database.replace(settings.db_path)  # atomic, as a build's swap
        except BaseException:
            remove_batch(final)
            raise
    remove_previews(settings.db_path)
    return report
