"""Remove what killed builds left behind: ``<db>.building-<pid>`` files (and their ``.wal``).

``etl.pipeline.build_database`` writes ``<db>.building-<pid>`` and renames it over the
database; a build killed before the rename (SIGKILL, power loss) leaves that file. A file
whose process no longer exists is stale and is removed; a file of a running process (a build
going on now) is kept.

``writer_lock`` lets one build or import at a time write a database: two at once (two
editors committing in the app, the app and the CLI) would share a ``.building-<pid>`` file
in one process, and across processes the later swap would drop the earlier one's batch.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

from etl.events import OnProgress, Progress, Step

__all__ = ["SPILL_PREFIX", "WAITING", "process_alive", "remove_stale_builds",
           "remove_stale_spill", "stale_build_files", "writer_lock"]

BUILDING = re.compile(r"\.building-(\d+)(\.wal)?$")
SPILL_PREFIX = "chainmap-spill-"  # DuckDB spill folders: chainmap-spill-<pid>-<random>
SPILL = re.compile(rf"^{SPILL_PREFIX}(\d+)-[0-9a-f]+$")
WAITING = Progress(Step.WAITING)  # for another import or build of this database
_held = threading.local()  # the lock files this thread holds: the lock is re-entrant


@contextlib.contextmanager
def writer_lock(db_path: Path | str, progress: OnProgress | None = None,
                ) -> Iterator[None]:
    """Hold ``<db>.lock`` (an exclusive ``flock``) while writing the database at ``db_path``;
    wait for a holder in this or another process, saying so through ``progress``. The
    operating system releases it when its holder exits, killed or not; a thread that holds
    it may take it again (a commit holds it around its build)."""
    path = Path(f"{Path(db_path).resolve()}.lock")
    held = _held.__dict__.setdefault("paths", set())
    if path in held:
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if progress:
                progress(WAITING)
            fcntl.flock(fd, fcntl.LOCK_EX)
        held.add(path)
        try:
            yield
        finally:
            held.discard(path)
    finally:
        os.close(fd)  # releases the lock


def process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def stale_build_files(target: Path) -> list[Path]:
    """Temporary build files beside `target` whose building process is gone."""
    target = Path(target)
    stale = []
    for path in sorted(target.parent.glob(f"{target.name}.building-*")):
        match = BUILDING.search(path.name[len(target.name):])
        if match and not process_alive(int(match.group(1))):
            stale.append(path)
    return stale


def remove_stale_builds(target: Path) -> list[Path]:
    """Delete the stale build files beside `target`; returns what was removed."""
    removed = []
    for path in stale_build_files(target):
        try:
            path.unlink()
        except FileNotFoundError:  # another process cleaned it first
            continue
        removed.append(path)
    return removed


def remove_stale_spill(folder: Path) -> list[Path]:
    """Delete DuckDB spill folders in ``folder`` whose process is gone (a killed import or
    build; DuckDB removes its own on a normal close)."""
    removed = []
    for path in sorted(Path(folder).glob(f"{SPILL_PREFIX}*")):
        match = SPILL.match(path.name)
        if match and path.is_dir() and not process_alive(int(match.group(1))):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed
