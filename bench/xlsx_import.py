"""The same SYNTHETIC registry rows as an .xlsx workbook, imported like the CSV (bench/run.py
``--xlsx``; issue #19: within 2x the CSV's import).

``xlsx_file`` writes the workbook next to the CSV once (``bench.import_memory``'s writer,
openpyxl write-only: minutes at 1M rows) and reuses it; ``child_xlsx`` runs in bench/run.py's
child process: it builds the shipped data into a fresh database, then times
``commit_import("qcc", workbook, settings, covers=…)`` as ``child_import`` times the CSV."""

from __future__ import annotations

import resource
import shutil
import time
from pathlib import Path

__all__ = ["child_xlsx", "xlsx_file"]


def xlsx_file(csv_path: Path) -> Path:
    """The workbook of ``csv_path``'s rows (``registry_N.xlsx`` beside it), written if absent."""
    from bench.import_memory import _write_xlsx

    out = csv_path.with_suffix(".xlsx")
    if not out.exists():
        part = out.with_name(out.stem + ".part.xlsx")
        _write_xlsx(csv_path, part)
        part.replace(out)
    return out


def child_xlsx(path: Path, work: Path, covers: tuple[str, ...]) -> dict:
    """In a child: the shipped data built into ``work``, then the import of ``path`` timed;
    its seconds, this process's peak RSS and the report's counts."""
    from chainmap.config import load_settings
    from etl.imports import commit_import
    from etl.pipeline import build_database

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    settings = load_settings(work / "chainmap.duckdb")
    build_database(settings)
    t0 = time.perf_counter()
    report = commit_import("qcc", path, settings, covers=covers)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux
    return {"import_xlsx_s": round(seconds, 3), "xlsx_peak_rss_mb": round(peak, 1),
            "xlsx_accepted": report.get("accepted"), "xlsx_new_firms": report.get("new_firms")}
