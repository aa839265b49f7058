"""What bench/run.py measures on a built database: every report and the overview, the
map's payload, the app's callbacks (each cold)."""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

__all__ = ["APP_REPEAT", "REGIONS", "measure_analytics", "measure_app", "measure_map"]

REGIONS = ("500000", "510000", "chengyu")
PER_CHAIN_ONCE = ("complement",)


def _jobs(chains: list[str]) -> list[tuple[str, list[str]]]:
    """(chain, region) -> the kinds to run there: all kinds per region, except ``complement``
    (always 成渝: once per chain) and ``progress`` (chain-independent: once)."""
    from chainmap.reports import REPORTS

    jobs = []
    for chain in chains:
        for region in REGIONS:
            kinds = [k for k in REPORTS if k not in PER_CHAIN_ONCE and k != "progress"]
            if region == REGIONS[0]:
                kinds += list(PER_CHAIN_ONCE) + (["progress"] if chain == chains[0] else [])
            jobs.append((chain, region, kinds))
    return jobs


def measure_analytics(db: Path) -> dict:
    """Every report kind for every chain and region in REGIONS, plus the overview.

    ``analytics_s``: all of it as the product recomputes it (``run_reports``: one shared
    context per chain and region, one connection); ``analytics_single_s``: the same reports
    one ``run_report`` call each, each on a fresh connection (cold: no memo);
    ``report_max_s``: the slowest of those single calls."""
    from chainmap.db import connect
    from chainmap.reports import run_report, run_reports
    from chainmap.views.overview import query_overview

    con = connect(db)
    try:
        chains = [r[0] for r in con.execute("SELECT chain_id FROM dim_chain ORDER BY 1")
                  .fetchall()]
        jobs = _jobs(chains)
        t_all = time.perf_counter()
        for region in REGIONS:
            query_overview(con, region)
        reports = 0
        for chain, region, kinds in jobs:
            reports += len(run_reports(con, kinds, chain, region))
        total = time.perf_counter() - t_all
        times: dict[str, float] = {}
        for chain, region, kinds in jobs:
            for kind in kinds:
                # cold: a fresh connection per report, so nothing is served from the
                # per-connection memo the batch above filled (opening it is included)
                t0 = time.perf_counter()
                fresh = connect(db)
                try:
                    run_report(fresh, kind, chain, region)
                finally:
                    fresh.close()
                times[f"{kind} {chain} {region}"] = time.perf_counter() - t0
        firms = con.execute("SELECT count(*) FROM dim_firm").fetchone()[0]
        assignments = con.execute("SELECT count(*) FROM firm_node").fetchone()[0]
    finally:
        con.close()
    slowest = max(times, key=times.get)
    return {"analytics_s": round(total, 3), "reports": reports,
            "analytics_single_s": round(sum(times.values()), 3),
            "report_max_s": round(times[slowest], 3), "report_max": slowest,
            "firms": firms, "firm_node_rows": assignments}


def measure_map(db: Path) -> dict:
    """The largest map payload (JSON bytes of query_map_layers) and its slowest build."""
    from chainmap.db import connect
    from chainmap.geo.queries import query_map_layers

    con = connect(db)
    try:
        chains = [None] + [r[0] for r in con.execute("SELECT chain_id FROM dim_chain")
                           .fetchall()]
        sizes, times = {}, {}
        for chain in chains:
            t0 = time.perf_counter()
            layers = query_map_layers(con, chain, None, "firms", False)
            times[chain or "all"] = time.perf_counter() - t0
            sizes[chain or "all"] = len(json.dumps(layers, ensure_ascii=False, default=str)
                                        .encode("utf-8"))
    finally:
        con.close()
    biggest = max(sizes, key=sizes.get)
    return {"map_payload_kb": round(sizes[biggest] / 1024, 1), "map_payload_chain": biggest,
            "map_build_max_s": round(max(times.values()), 3)}


APP_REPEAT = 20  # cold calls per callback: the p95 by nearest rank is the 19th of 20


def measure_app(db: Path, repeat: int = APP_REPEAT, import_file: Path | None = None,
                ) -> dict:
    """Per-callback p95 over ``repeat`` cold calls (memo dropped before each), by nearest
    rank (with ``import_file``, committed to ``db`` already, the import page's callbacks
    too): with 20 calls one outlier is tolerated, as a 95th percentile does (with 3 calls it
    was the maximum). ``app_worst_max_ms`` is the slowest single call of the worst callback,
    reported so that an outlier is seen, not hidden."""
    from bench.app_interactions import Timed, interactions, remember_app
    from chainmap.config import load_settings
    from chainmap_web import state as _state
    from layouts.app import create_app

    remember_app(create_app(load_settings(db)))
    per: dict[str, float] = {}
    slowest: dict[str, float] = {}
    for name, fn in interactions(import_file).items():
        samples = []
        for _ in range(repeat):
            _state.configure(_state.settings())
            t0 = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - t0) * 1000)
            if isinstance(fn, Timed):
                fn.after()  # the job it started, waited for untimed
        samples.sort()
        per[name] = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
        slowest[name] = samples[-1]
    worst = max(per, key=per.get)
    return {"app_p95_ms": round(per[worst], 1), "app_worst": worst,
            "app_worst_max_ms": round(slowest[worst], 1), "app_repeat": repeat,
            "app_median_p95_ms": round(statistics.median(per.values()), 1),
            "app_callbacks": {k: round(v, 1) for k, v in per.items()}}
