"""A preview kept for its commit: the import page confirms what it previewed without a rebuild.

A preview (``etl.imports.preview_import``) runs the whole build into a scratch database;
committing the same file then ran the same build again (a million-row registry: about 40 s
for each). A preview made with ``keep=True`` stays beside the database, in
``<db>.previews/<batch>-<hex>/`` (``preview.json``, the batch folder, the built database),
and ``commit_import`` publishes that batch and swaps that database in, instead of building,
when it is exactly what the commit would build:

- the same input (kind and sha256: the folder's name and ``preview.json``);
- the same shipped data, overrides, code and library versions (``etl.resume.fingerprint``,
  which the preview's database records);
- the import store holding exactly the batches the preview replayed before its own, unchanged
  (their ``batch_identity``), so the batch keeps its place in the sequence.

A commit's result depends on nothing else (a resumed build equals a full one, ``etl.resume``),
so the swapped-in database is the one the build would give. Anything else builds as before.
Every commit removes the kept previews (they are out of date once the store changed), a newer
preview of the same file replaces an older one, at most ``MAX_KEPT`` are kept and none longer
than ``KEEP_SECONDS``; a folder whose preview process died is removed by the next preview.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from etl.housekeeping import process_alive
from etl.import_store import (
    batch_identity,
    batch_name,
    list_batches,
    next_seq,
    read_manifest,
)
from etl.resume import fingerprint, held_batches

__all__ = ["DATABASE", "KEEP_SECONDS", "MAX_KEPT", "begin_preview", "finish_preview",
           "preview_room", "previews_dir", "remove_previews", "usable_preview"]

META = "preview.json"
DATABASE = "preview.duckdb"
MAX_KEPT = 2  # finished previews kept at once (each is a database: ~0.5 GB at a million firms)
KEEP_SECONDS = 24 * 3600
BUILDING = re.compile(r"^\.building-(\d+)-[0-9a-f]{8}$")


def previews_dir(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + ".previews")


def _finished(db_path: Path) -> list[Path]:
    """Finished previews, newest first."""
    root = previews_dir(db_path)
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")
             and (p / META).is_file()]
    return sorted(found, key=lambda p: p.stat().st_mtime_ns, reverse=True)


def _remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def begin_preview(db_path: Path) -> Path:
    """A new private folder for a preview being built (``.building-<pid>-<hex>``); removes the
    folders of previews whose process died and previews older than KEEP_SECONDS."""
    root = previews_dir(db_path)
    root.mkdir(parents=True, exist_ok=True)
    for path in root.iterdir():
        match = BUILDING.match(path.name)
        if match and not process_alive(int(match.group(1))):
            _remove(path)
    now = time.time()
    for path in _finished(db_path):
        if now - path.stat().st_mtime > KEEP_SECONDS:
            _remove(path)
    folder = root / f".building-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    folder.mkdir()
    return folder


@contextlib.contextmanager
def preview_room(db_path: Path) -> Iterator[Path]:
    """``begin_preview``'s folder, removed again if the preview fails."""
    folder = begin_preview(db_path)
    try:
        yield folder
    except BaseException:
        _remove(folder)
        raise


def finish_preview(folder: Path, db_path: Path, kind: str, sha256: str, batch: Path) -> Path:
    """Name a built preview for its input (replacing an older preview of the same input) and
    keep at most MAX_KEPT."""
    name = batch_name(kind, sha256)
    (folder / META).write_text(json.dumps({"kind": kind, "sha256": sha256, "batch": batch.name},
                                          ensure_ascii=False), "utf-8")
    for older in _finished(db_path):
        if older.name.startswith(name + "-"):
            _remove(older)
    final = previews_dir(db_path) / f"{name}-{uuid.uuid4().hex[:8]}"
    folder.rename(final)
    for extra in _finished(db_path)[MAX_KEPT:]:
        _remove(extra)
    return final


def usable_preview(db_path: Path, store: Path, data_dir: Path, kind: str,
                   sha256: str) -> tuple[Path, Path] | None:
    """(batch folder, database) of a kept preview of this input that is exactly what a
    commit would build now; None when there is none."""
    name = batch_name(kind, sha256)
    print_ = None
    for folder in _finished(db_path):
        if not folder.name.startswith(name + "-"):
            continue
        try:
            meta = json.loads((folder / META).read_text("utf-8"))
        except (OSError, ValueError):
            continue
        batch, database = folder / str(meta.get("batch", "")), folder / DATABASE
        if (meta.get("kind"), meta.get("sha256")) != (kind, sha256) or not (
                batch / "manifest.json").is_file() or not database.is_file():
            continue
        print_ = print_ or fingerprint(data_dir)
        found = held_batches(database, print_)  # None: other data or code, or a WAL left
        if found is None:
            continue
        committed = list_batches(store)
        if read_manifest(batch).get("seq") != next_seq(store):
            continue
        if found[2] != [batch_identity(b) for b in committed] + [batch_identity(batch)]:
            continue
        return batch, database
    return None


def remove_previews(db_path: Path) -> None:
    """Remove every finished preview (after a commit none is current any more); previews
    being built are left to their processes."""
    for path in _finished(db_path):
        _remove(path)
