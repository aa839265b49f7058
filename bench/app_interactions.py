"""How long the app's server side takes per interaction, on the shipped data.

Run: python bench/app_interactions.py [--db PATH] [--repeat N] [--json]
Each interaction is the plain function its callback or page calls, timed in-process:
"cold" is a call right after the database (re)opens (memo empty), N times; "warm" repeats
it N times on the open database. Target (issue 6): every interaction's cold p95 is within
300 ms on the server (as bench/run.py measures it).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from chainmap.config import load_settings
from layouts import _state
from layouts._app import create_app

TARGET_MS = 300.0


def interactions() -> dict:
    """name -> zero-argument callable doing what one click/page load does on the server."""
    import layouts.chain as chain_page
    import layouts.firms as firms_page
    import layouts.imports as import_page
    import layouts.map as map_page
    import layouts.overview as overview_page
    import layouts.present as present_page
    import layouts.targets as targets_page

    last = firms_page.firm_rows("", "", "", None, 0)[1] - 1  # the registry's last page

    def sort(column: str, direction: str):
        return lambda: firms_page.firm_rows("", "", "", [{"column_id": column,
                                                          "direction": direction}], 0)

    return {
        "overview page": lambda: overview_page.layout(),
        "overview region=chengyu": lambda: overview_page.layout(region="chengyu"),
        "chain page rail": lambda: chain_page.layout(chain="rail"),
        "chain node click": lambda: chain_page.node_view("rail", "500000", "rail.bogie", "zh"),
        "chain switch region": lambda: chain_page.layout(chain="robot", region="chengyu"),
        "map page": lambda: map_page.layout(),
        "map chain=rail lq overlay": lambda: map_page.layout(chain="rail", measure="lq",
                                                           overlay="chengyu"),
        "map district click": lambda: map_page.district_panel("500116", "rail", "zh"),
        "targets page": lambda: targets_page.layout(chain="rail"),
        "targets excel export": lambda: targets_page.targets_download("rail", "500000"),
        "firms page": lambda: firms_page.layout(),
        "firms search": lambda: firms_page.firm_rows("重庆", "", "", None, 0),
        "firm detail": lambda: firms_page.firm_detail("cq_crrc_cc", "zh"),
        # every sortable column of the registry, both ways; a deep page; each filter
        **{f"firms sort {c} {d}": sort(c, d) for c in firms_page.COLUMNS
           for d in ("asc", "desc")},
        "firms page 2000": lambda: firms_page.firm_rows("", "", "", None, 2000),
        "firms last page": lambda: firms_page.firm_rows("", "", "", None, last),
        "firms chain=rail": lambda: firms_page.firm_rows("", "rail", "", None, 0),
        "firms role=external": lambda: firms_page.firm_rows("", "", "external", None, 0),
        "present page": lambda: present_page.layout(),
        "import page quarantine": lambda: import_page.quarantine_view(),
    }


def _p95(samples: list[float]) -> float:
    """The 95th percentile as bench/run.py takes it (nearest rank; the maximum of 3)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(fn, repeat: int) -> dict:
    """`repeat` cold calls (the database reopened and the memo dropped before each), then
    `repeat` warm calls; the target applies to the cold p95."""
    cold = []
    for _ in range(repeat):
        _state.configure(_state.settings())  # drop the memo: a cold call
        t0 = time.perf_counter()
        fn()
        cold.append((time.perf_counter() - t0) * 1000)
    warm = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        warm.append((time.perf_counter() - t0) * 1000)
    return {"cold_p95_ms": round(_p95(cold), 1), "cold_min_ms": round(min(cold), 1),
            "warm_p50_ms": round(statistics.median(warm), 1),
            "warm_p95_ms": round(_p95(warm), 1)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=None)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    create_app(load_settings(args.db))
    results = {name: measure(fn, args.repeat) for name, fn in interactions().items()}
    worst = max(r["cold_p95_ms"] for r in results.values())
    summary = {"target_ms": TARGET_MS, "worst_cold_p95_ms": worst,
               "all_within_target": worst <= TARGET_MS, "interactions": results}
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print(f"{'interaction':32} {'cold p95':>9} {'cold min':>9} {'warm p50':>9} "
              f"{'warm p95':>9}")
        for name, r in results.items():
            print(f"{name:32} {r['cold_p95_ms']:9.1f} {r['cold_min_ms']:9.1f} "
                  f"{r['warm_p50_ms']:9.1f} {r['warm_p95_ms']:9.1f}")
        print(f"worst cold p95: {worst:.1f} ms (target {TARGET_MS:.0f} ms) -> "
              f"{'OK' if worst <= TARGET_MS else 'OVER'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
