"""The peak memory of one import, against the bound of issue #22 (1.5 GB for any file under
the upload limit).

Runs ``chainmap import qcc FILE`` into a fresh database in a child process and prints its
wall time and peak RSS (``os.wait4``'s ``ru_maxrss``) with the file's size and the bound,
once per ``CHAINMAP_WORK_MEMORY_MB`` given (the DuckDB memory limit of the import's and the
build's connections; ``default`` is the product's own). Without ``--file`` it imports a
SYNTHETIC registry of ``--size`` rows (bench/generate_registry.py). A CSV of 1M synthetic
rows is 374 MB (the upload limit is 500 MB); ``--xlsx`` writes the same rows as a workbook
first (openpyxl, write-only: minutes at 1M rows).

Run: python -m bench.import_memory [--size N | --file PATH] [--xlsx] [--memory default 2048]
     [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOUND_MB = 1536  # 1.5 GB (MiB, as ru_maxrss counts)

__all__ = ["BOUND_MB", "measure_import"]


def _write_xlsx(csv_path: Path, out: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    with csv_path.open(encoding="utf-8-sig", newline="") as rows:
        for row in csv.reader(rows):
            sheet.append(row)
    book.save(out)
    return out


def measure_import(path: Path, memory: str, folder: Path) -> dict:
    """Import ``path`` into a fresh database under ``folder`` in a child process; its exit
    status, wall seconds and peak RSS in MB."""
    env = dict(os.environ)
    env.pop("CHAINMAP_WORK_MEMORY_MB", None)
    if memory != "default":
        env["CHAINMAP_WORK_MEMORY_MB"] = memory
    db = folder / f"memory-{memory}" / "chainmap.duckdb"
    db.parent.mkdir(parents=True)
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "chainmap_cli", "--db", str(db), "import",
                              "qcc", str(path)], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    error = child.stderr.read().decode("utf-8", "replace").strip().splitlines()
    child.stderr.close()
    peak = usage.ru_maxrss // 1024
    return {"memory_mb": memory, "exit": os.waitstatus_to_exitcode(status),
            "wall_s": round(time.perf_counter() - started, 1), "peak_rss_mb": peak,
            "within_bound": peak <= BOUND_MB, "last_line": error[-1] if error else ""}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--file", type=Path)
    parser.add_argument("--xlsx", action="store_true")
    parser.add_argument("--memory", nargs="+", default=["default"])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="chainmap-memory-") as tmp:
        folder = Path(tmp)
        path = args.file
        if path is None:
            path = folder / "registry.csv"
            subprocess.run([sys.executable, str(ROOT / "bench" / "generate_registry.py"),
                            "--size", str(args.size), "--out", str(path)], check=True,
                           capture_output=True)
        if args.xlsx:
            path = _write_xlsx(path, folder / "registry.xlsx")
        file_mb = round(path.stat().st_size / 2**20, 1)
        results = [measure_import(path, memory, folder) | {"file": path.name,
                                                           "file_mb": file_mb}
                   for memory in args.memory]
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    else:
        print(f"bound: peak RSS <= {BOUND_MB} MB for any file under the upload limit")
        for r in results:
            print(f"{r['file']} ({r['file_mb']} MB), CHAINMAP_WORK_MEMORY_MB={r['memory_mb']}: "
                  f"exit {r['exit']}, {r['wall_s']} s, peak RSS {r['peak_rss_mb']} MB "
                  f"({'within' if r['within_bound'] else 'OVER'} the bound) {r['last_line']}")
    return 0 if all(r["exit"] == 0 for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
