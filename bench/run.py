"""The scale benchmark (issue 6): import, analytics, map and app at 10k / 100k / 1M firms.

  python bench/run.py --size 100000 [--json] [--cache DIR] [--no-baseline] [--no-app] [--xlsx]
  python bench/run.py --sizes 10000,100000,1000000 [--json]     # the table + growth

Every figure is measured in the same run, so ratios compare like with like:

- ``floor_s``: DuckDB itself reading the same CSV into a table
  (``CREATE TABLE t AS SELECT * FROM read_csv(…, all_varchar = true)``), in this process;
- ``floor_durable_s``: the same read into a table of a database *file*, checkpointed and
  closed (what any import whose result must survive a crash pays at least);
  ``import_ratio_durable`` is ``import_s`` over it;
- ``minimal_s``: the least an import of the file could do (``bench/minimal_import.py``:
  read, one cleaning pass, locate by the region columns, classify 经营范围 phrases, find
  duplicates, write two tables), in memory; ``minimal_durable_s`` the same into a database
  file, checkpointed. A lower bound for ``import_s``, with ``minimal_ratio`` over
  ``floor_s`` and ``minimal_ratio_durable`` over ``floor_durable_s``; ``minimal_steps_s``
  the durable run's seconds per step; ``import_lb_ratio`` is ``import_s`` over
  ``minimal_durable_s`` (issue #19: at most 3);
- ``import_s``: ``commit_import("qcc", file, settings)`` into a fresh scratch database
  built from the shipped data (parse, validate, resolve, locate, classify, load, swap),
  in a child process whose ``ru_maxrss`` just after it is ``peak_rss_mb`` (at most 2560;
  ``peak_rss_end_mb`` at the child's end; ``import_resumed``: its build added the batch to
  a copy of the shipped data's database, ``etl.resume``); ``import_stage_s`` is the
  part until the file is read, checked, located and staged (the rest stores the batch,
  resolves, classifies and builds the new database); ``import_steps_s`` its seconds per
  step (``bench.import_steps``: the ETL's functions wrapped in the child; a name no longer
  there is in ``import_steps_missing``) and ``import_step_ratios`` ours over the lower
  bound's nearest steps; ``import_cpu_s`` is its user +
  system CPU time and ``import_cores_busy`` that over ``import_s`` (2.0 = both cores busy
  throughout on a 2-core machine); then 1,000-row imports on top, each another draw
  (``bench.on_top``; at most 1.5 s each): ``import_on_top_s`` committed in the child
  (most of its firms already in; per step ``import_on_top_steps_s``),
  ``import_on_top_cli_s`` ``chainmap --db DB import qcc FILE`` from spawn to exit,
  ``import_on_top_page_s`` the import page's commit job without a kept preview,
  ``on_top_resumed`` whether each build resumed (``build_meta.replay_resumed``, 0:
  rebuilt); ``page_preview_on_top_s`` and ``page_confirm_on_top_s`` are the import page's
  way with a kept preview: a preview, kept, then its confirmation, which swaps in the
  database the preview built (``etl.kept_preview``); ``rebuild_s`` is a full rebuild of the
  shipped data and all five imports, and ``store_rebuild_equal`` whether it equals the
  database the imports produced table by table (``bench.store_equal``; ``store_rebuild_diff``
  the differing tables, ``store_rebuild_diff_rows`` why); the analytics, map and app
  figures are measured after it;
- with ``--xlsx``: ``import_xlsx_s``, the same rows as an .xlsx workbook (cached beside the
  CSV) imported into a fresh database in a child process (``bench.xlsx_import``), whose
  peak RSS is ``xlsx_peak_rss_mb`` (its report's counts: ``xlsx_accepted``,
  ``xlsx_new_firms``); ``xlsx_ratio`` is it over ``import_s`` (at most 2);
- ``analytics_s``: every report kind for every chain for the regions in ``REGIONS``
  (``complement`` once per chain: it is always 成渝; ``progress`` once), plus the overview
  for each region; ``report_max_s`` is the slowest single report, each run cold on a fresh
  connection;
- ``map_payload_kb``: the largest ``json.dumps(query_map_layers(…))`` over all chains and
  "all chains" (what the map page turns into components);
- ``app_p95_ms``: the worst per-callback p95 over ``APP_REPEAT`` (20) cold calls (memo
  dropped each time) of the plain functions in ``bench/app_interactions.py``, by nearest
  rank (the 19th of 20); ``app_worst_max_ms`` its slowest single call;
- ``baseline_*``: the straightforward pandas + networkx version (``bench/baseline.py``),
  same file, in its own child process.

``targets_met`` says for each of ``TARGETS`` present whether it is met. A small import on
top or the .xlsx import that fails gives its figure None and says why in an ``…_error`` key
(``import_on_top_cli_error``, ``import_on_top_page_error``, ``import_xlsx_error``).

The input is SYNTHETIC (``bench/generate_registry.py``), cached under ``--cache``.
Nothing in the test suite depends on these timings.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.floors import (  # noqa: E402
    CACHE,
    measure_floor,
    measure_floor_durable,
    registry_file,
)
from bench.import_steps import format_steps, step_ratios  # noqa: E402
from bench.measures import (  # noqa: E402
    REGIONS,
    measure_analytics,
    measure_app,
    measure_map,
)
from bench.xlsx_import import child_xlsx  # noqa: E402

COVERS = ("500000", "510000")  # the regions the synthetic registry lists every firm of
SMALL = 1000  # rows of the second import (bench/run.py's child_import)
PAGE_SEED = 8  # the page's kept preview and its confirmation
CLI_SEED = 9  # the CLI's import on top
JOB_SEED = 10  # the page's commit job without a kept preview
# a number: the key's value at most that; True: the key's value must be True (issue #19)
TARGETS = {"import_lb_ratio": 3.0, "peak_rss_mb": 2560.0, "import_on_top_cli_s": 1.5,
           "import_on_top_page_s": 1.5, "store_rebuild_equal": True, "xlsx_ratio": 2.0,
           "analytics_s": 5.0, "report_max_s": 0.5, "app_p95_ms": 300.0,
           "map_payload_kb": 2048.0}


def measure_minimal(path: Path, folder: Path) -> dict:
    """Seconds of the lower-bound import (bench/minimal_import.py), in memory and into a
    database file in ``folder``, and the durable run's seconds per step."""
    from bench.minimal_import import best_of

    folder.mkdir(parents=True, exist_ok=True)
    durable = best_of(path, str(folder / "minimal.duckdb"))
    return {"memory": best_of(path)["total_s"], "durable": durable["total_s"],
            "durable_steps": durable["steps_s"]}


def targets_met(result: dict) -> dict[str, bool]:
    """Each target of ``TARGETS`` whose key the result has: met or not."""
    return {k: (result[k] is True if v is True else result[k] <= v)
            for k, v in TARGETS.items() if result.get(k) is not None}


def compare_rebuild(work: Path) -> dict:
    """The database the imports produced against the full rebuild from the store the child
    left in ``work`` (bench.store_equal), which is removed after."""
    from bench.store_equal import compare_databases

    rebuild = work / "rebuild.duckdb"
    try:
        diff = compare_databases(work / "chainmap.duckdb", rebuild)
    finally:
        rebuild.unlink(missing_ok=True)
    return {"store_rebuild_equal": not diff, "store_rebuild_diff": sorted(diff),
            "store_rebuild_diff_rows": diff}


def run_xlsx(path: Path, cache: Path, import_s: float) -> dict:
    """The same rows as an .xlsx workbook (cached beside the CSV), imported into a fresh
    database built from the shipped data in a child process (bench.xlsx_import)."""
    from bench.xlsx_import import xlsx_file

    work = cache / f"work-xlsx-{path.stem}"
    try:
        out = _child(["--child", "xlsx", str(xlsx_file(path)), str(work)])
    except RuntimeError as exc:  # reported, not raised: the other figures stand
        return {"import_xlsx_s": None, "import_xlsx_error": str(exc)[-1000:]}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out | {"xlsx_ratio": round(out["import_xlsx_s"] / import_s, 2)}


def _child(args: list[str]) -> dict:
    """Run this script as a child (``--child …``) and return the JSON it prints."""
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], check=False,
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"child {args[1]} failed: {out.stderr.strip()[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _cpu_s() -> float:
    """User + system CPU seconds of this process so far (all its threads)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def child_import(path: Path, work: Path) -> dict:
    """In a child: build the shipped data into ``work``, then time the import of ``path``
    (per step: bench.import_steps), the small imports on top (``bench.on_top``) and a full rebuild
    of the store into ``work/rebuild.duckdb``, left for the parent to compare."""
    from bench.import_steps import StepTimer
    from bench.on_top import on_top_imports, resumed
    from chainmap.config import load_settings
    from etl.events import Step
    from etl.imports import commit_import
    from etl.pipeline import build_database

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    settings = load_settings(work / "chainmap.duckdb")
    t0 = time.perf_counter()
    build_database(settings)
    build_s = time.perf_counter() - t0
    marks: list[tuple] = []  # (progress event, seconds since the import began)
    timer = StepTimer()
    cpu0 = _cpu_s()
    t0 = time.perf_counter()
    # the synthetic registry is every firm of its world: it covers the regions analysed, so
    # a node without a firm there is missing, as with a real registry (chainmap import qcc
    # --covers; chainmap.analytics.data_coverage)
    with timer.installed():
        report = commit_import("qcc", path, settings, covers=COVERS,
                               progress=lambda m: marks.append((m, time.perf_counter() - t0)))
    import_s = time.perf_counter() - t0
    cpu_s = _cpu_s() - cpu0
    peak_rss = _maxrss_mb()  # the import's peak (the shipped build before it included)
    import_resumed = resumed(work / "chainmap.duckdb")
    on_top = on_top_imports(path, settings, SMALL, (CLI_SEED, JOB_SEED, PAGE_SEED))
    t0 = time.perf_counter()
    build_database(settings, target=work / "rebuild.duckdb")
    rebuild_s = time.perf_counter() - t0
    # the step "read" (N rows; building …) comes when the file is read, checked and staged
    staged_s = next((t for m, t in marks if m.step == Step.READ), None)
    return {"build_s": round(build_s, 3), "import_s": round(import_s, 3),
            "import_stage_s": None if staged_s is None else round(staged_s, 3),
            "import_steps_s": timer.steps_s(import_s), "import_steps_missing": timer.missing,
            "import_cpu_s": round(cpu_s, 3), "rebuild_s": round(rebuild_s, 3),
            "import_resumed": import_resumed,
            "peak_rss_mb": round(peak_rss, 1), "peak_rss_end_mb": round(_maxrss_mb(), 1),
            "accepted": report.get("accepted"), "new_firms": report.get("new_firms"),
            "quarantined": report.get("quarantined")} | on_top


def child_baseline(path: Path, work: Path) -> dict:
    from bench.baseline import run_baseline

    result = run_baseline(path, ROOT / "data", REGIONS, work / "baseline.duckdb")
    return result | {"peak_rss_mb": round(_maxrss_mb(), 1)}


def run_size(size: int, cache: Path, baseline: bool, app: bool, xlsx: bool = False,
             ) -> dict:
    path = registry_file(size, cache)
    work = cache / f"work-{size}"
    print(f"[{size}] floor …", file=sys.stderr)
    floor_s = measure_floor(path)
    floor_durable_s = measure_floor_durable(path, work.with_name(f"floor-{size}"))
    print(f"[{size}] lower bound …", file=sys.stderr)
    minimal = measure_minimal(path, work.with_name(f"floor-{size}"))
    print(f"[{size}] import …", file=sys.stderr)
    imp = _child(["--child", "import", str(path), str(work)])
    db = work / "chainmap.duckdb"
    print(f"[{size}] store rebuild equal? …", file=sys.stderr)
    equal = compare_rebuild(work)
    print(f"[{size}] analytics …", file=sys.stderr)
    result = {"size": size, "import_s": imp["import_s"], "floor_s": round(floor_s, 3),
              "import_ratio": round(imp["import_s"] / floor_s, 1),
              "import_lb_ratio": round(imp["import_s"] / minimal["durable"], 2),
              "import_stage_s": imp["import_stage_s"],
              "floor_durable_s": round(floor_durable_s, 3),
              "import_ratio_durable": round(imp["import_s"] / floor_durable_s, 1),
              "minimal_s": minimal["memory"],
              "minimal_ratio": round(minimal["memory"] / floor_s, 2),
              "minimal_durable_s": minimal["durable"],
              "minimal_ratio_durable": round(minimal["durable"] / floor_durable_s, 2),
              "import_cpu_s": imp["import_cpu_s"],
              "import_cores_busy": round(imp["import_cpu_s"] / imp["import_s"], 2),
              "rebuild_s": imp["rebuild_s"],
              **{k: v for k, v in imp.items() if k.startswith("import_on_top_")},
              "import_resumed": imp["import_resumed"], "on_top_resumed": imp["on_top_resumed"],
              "page_preview_on_top_s": imp["page_preview_on_top_s"],
              "page_confirm_on_top_s": imp["page_confirm_on_top_s"],
              "build_shipped_s": imp["build_s"], "peak_rss_mb": imp["peak_rss_mb"],
              "peak_rss_end_mb": imp["peak_rss_end_mb"],
              "accepted": imp["accepted"], "new_firms": imp["new_firms"],
              "import_steps_s": imp["import_steps_s"],
              "import_steps_missing": imp["import_steps_missing"],
              "minimal_steps_s": minimal["durable_steps"],
              "import_step_ratios": step_ratios(imp["import_steps_s"],
                                                minimal["durable_steps"])} | equal
    if xlsx:
        print(f"[{size}] xlsx …", file=sys.stderr)
        result |= run_xlsx(path, cache, result["import_s"])
    result |= measure_analytics(db)
    print(f"[{size}] map …", file=sys.stderr)
    result |= measure_map(db)
    if app:
        print(f"[{size}] app …", file=sys.stderr)
        result |= measure_app(db, import_file=registry_file(SMALL, cache))
    if baseline:
        print(f"[{size}] baseline …", file=sys.stderr)
        base = _child(["--child", "baseline", str(path), str(work)])
        ours = result["import_s"] + result["analytics_s"]
        result |= {"baseline_import_s": base["import_s"],
                   "baseline_analytics_s": base["analytics_s"],
                   "baseline_s": round(base["import_s"] + base["analytics_s"], 3),
                   "baseline_peak_rss_mb": base["peak_rss_mb"],
                   "speedup": round((base["import_s"] + base["analytics_s"]) / ours, 2),
                   "speedup_import": round(base["import_s"] / result["import_s"], 2),
                   "speedup_analytics": round(base["analytics_s"] / result["analytics_s"], 2)}
    result["targets_met"] = targets_met(result)
    return result


def growth(results: list[dict]) -> list[dict]:
    """Cost growth between consecutive sizes: time ratio / size ratio (1.0 = linear)."""
    rows = []
    for a, b in itertools.pairwise(results):
        scale = b["size"] / a["size"]
        row = {"from": a["size"], "to": b["size"], "size_x": scale}
        for key in ("import_s", "floor_s", "floor_durable_s", "analytics_s", "baseline_s",
                    "peak_rss_mb"):
            if a.get(key) and b.get(key):
                row[key.replace("_s", "") + "_x"] = round(b[key] / a[key], 2)
        rows.append(row)
    return rows


COLUMNS = ("size", "floor_s", "floor_durable_s", "minimal_s", "minimal_durable_s",
           "import_s", "import_ratio", "import_lb_ratio", "peak_rss_mb",
           "import_on_top_cli_s", "import_on_top_page_s", "store_rebuild_equal",
           "import_xlsx_s", "xlsx_ratio", "analytics_s", "report_max_s", "map_payload_kb",
           "app_p95_ms", "baseline_s", "speedup")


def print_table(results: list[dict]) -> None:
    print(" ".join(f"{c:>14}" for c in COLUMNS))
    for r in results:
        print(" ".join(f"{r.get(c, '-')!s:>14}" for c in COLUMNS))
    for r in results:
        fails = [k for k, ok in r["targets_met"].items() if not ok]
        print(f"{r['size']}: slowest report {r['report_max']} ({r['report_max_s']} s); "
              f"worst callback {r.get('app_worst', '-')}; targets missed: {fails or 'none'}")
        print("\n".join(format_steps(r)))
        if r.get("store_rebuild_diff"):
            print(f"{r['size']}: the rebuild from the store differs in "
                  f"{r['store_rebuild_diff_rows']}")
    for g in growth(results):
        print(f"growth {g['from']} -> {g['to']} (x{g['size_x']:g}): "
              + ", ".join(f"{k} {v}" for k, v in g.items() if k.endswith("_x") and k != "size_x"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int)
    parser.add_argument("--sizes", help="comma-separated sizes, e.g. 10000,100000,1000000")
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--no-app", action="store_true")
    parser.add_argument("--xlsx", action="store_true",
                        help="also import the same rows as an .xlsx workbook (cached)")
    parser.add_argument("--child", nargs=3, metavar=("WHAT", "FILE", "WORK"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        what, file, work = args.child
        if what == "xlsx":
            print(json.dumps(child_xlsx(Path(file), Path(work), COVERS)))
            return 0
        fn = child_import if what == "import" else child_baseline
        print(json.dumps(fn(Path(file), Path(work))))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [args.size or 10000]
    results = [run_size(n, args.cache, not args.no_baseline, not args.no_app, args.xlsx)
               for n in sizes]
    if args.json:
        out = results[0] if len(results) == 1 else {"results": results,
                                                     "growth": growth(results)}
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
