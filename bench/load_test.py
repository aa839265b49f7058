"""Load test: the app under gunicorn on 127.0.0.1, driven by locust (bench/locustfile.py).

Run:  python bench/load_test.py [--users 50] [--seconds 60] [--workers 3] [--threads 4]
                                [--db PATH] [--json]
Without --db the shipped data is built into a temporary database first. Prints, per request
kind and in total: requests, errors, p50, p95, p99 and max latency (ms), and exits 1 when any
request failed. Needs the `server` and `test` extras (gunicorn, locust). Only loopback;
bounded in users and time (the run is stopped after --seconds, locust itself after 120 s
more at the latest).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.serving import free_port, stop_process, wait_until_up  # noqa: E402

LOCUSTFILE = ROOT / "bench" / "locustfile.py"
KEEP_ALIVE_S = 10
COLUMNS = {"Request Count": "requests", "Failure Count": "errors", "50%": "p50_ms",
           "95%": "p95_ms", "99%": "p99_ms", "Max Response Time": "max_ms",
           "Requests/s": "rps"}


@contextmanager
def gunicorn(db: Path, workers: int, threads: int, log: Path):
    """`gunicorn app:server` on a free loopback port; stopped (whole group) on exit."""
    port = free_port()
    cmd = [str(Path(sys.executable).with_name("gunicorn")), "--bind", f"127.0.0.1:{port}",
           "--workers", str(workers), "--threads", str(threads), "--timeout", "120",
           # longer than any pause between a client's requests: a connection the server
           # closes as idle just when the client reuses it is reset (an error, not load)
           "--keep-alive", str(KEEP_ALIVE_S), "--no-control-socket", "app:server"]
    with log.open("w+b") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                env=os.environ | {"CHAINMAP_DB": str(db)},
                                start_new_session=True)
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_up(url, proc, out, timeout=90)
            yield url
        finally:
            stop_process(proc, grace=30)  # gunicorn drains its workers


def run_locust(url: str, users: int, seconds: int, prefix: Path) -> None:
    cmd = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
           "--host", url, "--users", str(users), "--spawn-rate", str(max(1, users // 5)),
           "--run-time", f"{seconds}s", "--stop-timeout", "10", "--only-summary",
           "--csv", str(prefix), "--exit-code-on-error", "0", "--loglevel", "WARNING"]
    done = subprocess.run(cmd, cwd=ROOT, timeout=seconds + 120, capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise RuntimeError(f"locust failed ({done.returncode}): {done.stderr[-3000:]}")


def read_stats(prefix: Path) -> list[dict]:
    """Locust's stats CSV as rows of the columns we report (the last row is the total)."""
    with Path(f"{prefix}_stats.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for row in rows:
        item = {"name": f"{row['Type']} {row['Name']}".strip()}
        for column, key in COLUMNS.items():
            value = row[column]
            item[key] = float(value) if value not in ("", "N/A") else None
        out.append(item)
    return out


def read_failures(prefix: Path) -> list[dict]:
    path = Path(f"{prefix}_failures.csv")
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def build_db(folder: Path) -> Path:
    from chainmap.config import load_settings
    from etl.pipeline import build_database

    return build_database(load_settings(folder / "chainmap.duckdb"))


def _ms(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def table(stats: list[dict]) -> str:
    head = f"{'request':<40} {'n':>7} {'errors':>6} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>7}"
    lines = [head, "-" * len(head)]
    for s in stats:
        p50, p95, p99, top = (_ms(s[k]) for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms"))
        lines.append(f"{s['name'][:40]:<40} {s['requests']:>7.0f} {s['errors']:>6.0f} "
                     f"{p50:>6} {p95:>6} {p99:>6} {top:>7}")
    return "\n".join(lines)


def run(users: int, seconds: int, workers: int, threads: int, db: Path | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="chainmap-load-") as tmp:
        folder = Path(tmp)
        db = db or build_db(folder)
        with gunicorn(db, workers, threads, folder / "gunicorn.log") as url:
            run_locust(url, users, seconds, folder / "locust")
        stats = read_stats(folder / "locust")
        return {"users": users, "seconds": seconds, "workers": workers, "threads": threads,
                "cpus": os.cpu_count(), "stats": stats, "total": stats[-1],
                "failures": read_failures(folder / "locust"),
                "server_log_tail": (folder / "gunicorn.log").read_text("utf-8", "replace")[-2000:]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not (1 <= args.users <= 200 and 1 <= args.seconds <= 600):
        parser.error("at most 200 users and 600 seconds")
    result = run(args.users, args.seconds, args.workers, args.threads, args.db)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(f"{args.users} users, {args.seconds} s, gunicorn {args.workers} workers x "
              f"{args.threads} threads, {os.cpu_count()} CPUs")
        print(table(result["stats"]))
        for failure in result["failures"]:
            print("FAILED", failure)
    return 1 if result["total"]["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
