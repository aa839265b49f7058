"""Remove what killed builds left behind: ``<db>.building-<pid>`` files (and their ``.wal``).

``etl.pipeline.build_database`` writes ``<db>.building-<pid>`` and renames it over the
database; a build killed before the rename (SIGKILL, power loss) leaves that file. A file
whose process no longer exists is stale and is removed; a file of a running process (a build
going on now) is kept.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

__all__ = ["SPILL_PREFIX", "process_alive", "remove_stale_builds", "remove_stale_spill",
           "stale_build_files"]

BUILDING = re.compile(r"\.building-(\d+)(\.wal)?$")
SPILL_PREFIX = "chainmap-spill-"  # DuckDB spill folders: chainmap-spill-<pid>-<random>
SPILL = re.compile(rf"^{SPILL_PREFIX}(\d+)-[0-9a-f]+$")


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
