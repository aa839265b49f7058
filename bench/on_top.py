"""A small import into a big database, the two ways a person makes one (issue #19: ≤ 1.5 s):

- ``cli_import``: ``chainmap --db DB import qcc FILE`` in a new Python process, timed from
  spawn to exit (Python's start-up and the CLI's imports included);
- ``page_import``: the import page's commit without a kept preview — the job its confirm
  button starts (``layouts/imports.py`` ``on_commit``: ``chainmap_web.jobs.start_job`` of
  ``chainmap_web.imports.commit_job``), timed from the job's start until it has ended
  (``wait_job``) in this process, with the app's settings configured as the server does;
  what is not timed is the upload (the browser streams the file to disk before) and the
  page's polls.

``resumed`` tells whether the database's last build added the batch to a copy
(``etl.resume``: ``build_meta.replay_resumed`` > 0) or rebuilt everything (other shipped
data or code since the last build: the fingerprint differs). ``on_top_imports`` is the
sequence bench/run.py's import child runs after the big import."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from bench.floors import registry_file
from bench.import_steps import StepTimer

__all__ = ["cli_import", "on_top_imports", "page_import", "resumed"]

ROOT = Path(__file__).resolve().parent.parent


def cli_import(db: Path, path: Path) -> dict:
    """``chainmap --db db import qcc path`` as a child process: wall seconds, exit status and
    its last line of stderr (empty when it worked)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "chainmap_cli", "--db", str(db), "import",
                           "qcc", str(path)], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=False)
    seconds = time.perf_counter() - t0
    error = done.stderr.strip().splitlines()
    return {"seconds": round(seconds, 3), "exit": done.returncode,
            "error": error[-1] if done.returncode and error else ""}


def page_import(settings, path: Path) -> dict:
    """The import page's commit job for ``path`` (no preview kept): wall seconds, the job's
    final state and whether it went through a kept preview (it must not)."""
    from chainmap_web import state as _state
    from chainmap_web.imports import commit_job
    from chainmap_web.jobs import start_job, wait_job
    from etl.events import Step

    _state.configure(settings)
    steps: list = []

    def work(progress) -> dict:
        def said(event) -> None:
            steps.append(event.step)
            progress(event)
        return commit_job("qcc", path, said)

    t0 = time.perf_counter()
    job = start_job("commit", work)
    state = wait_job(job) or {}
    seconds = time.perf_counter() - t0
    return {"seconds": round(seconds, 3), "state": state.get("state"),
            "kept_preview": Step.KEPT in steps}


def resumed(db: Path) -> int | None:
    """``build_meta.replay_resumed`` of ``db``: builds in a row that resumed (0: a full
    build), None when the database does not say."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute("SELECT value FROM build_meta WHERE key = 'replay_resumed'").fetchone()
    finally:
        con.close()
    return None if row is None else int(row[0])


def on_top_imports(path: Path, settings, small_rows: int, seeds: tuple[int, int, int],
                   ) -> dict:
    """bench/run.py's small imports (``small_rows`` each) into the just-imported database,
    each another draw of the registry (``seeds``: the CLI's, the commit job's, the kept
    preview's): in this process (the generator's default draw; its seconds per step too,
    ``import_on_top_steps_s``: bench.import_steps), from the CLI, as the
    import page's commit job without a kept preview, and as the page's kept preview then
    its confirmation (which must swap in the preview's database)."""
    from etl.events import Step
    from etl.imports import commit_import, preview_import

    db = Path(settings.db_path)
    cli_seed, job_seed, page_seed = seeds
    small = registry_file(small_rows, path.parent)
    timer = StepTimer()
    t0 = time.perf_counter()
    with timer.installed():
        commit_import("qcc", small, settings)
    seconds = time.perf_counter() - t0
    out = {"import_on_top_s": round(seconds, 3), "import_on_top_steps_s": timer.steps_s(seconds)}
    resumes = {"in_process": resumed(db)}
    # a failure is reported (``*_error``, the figure None), not raised: the run goes on
    cli = cli_import(db, registry_file(small_rows, path.parent, seed=cli_seed))
    out["import_on_top_cli_s"] = cli["seconds"] if cli["exit"] == 0 else None
    if cli["exit"] != 0:
        out["import_on_top_cli_error"] = f"exit {cli['exit']}: {cli['error']}"
    resumes["cli"] = resumed(db)
    job = page_import(settings, registry_file(small_rows, path.parent, seed=job_seed))
    ok = job["state"] == "done" and not job["kept_preview"]
    out["import_on_top_page_s"] = job["seconds"] if ok else None
    if not ok:
        out["import_on_top_page_error"] = f"job {job}"
    resumes["page"] = resumed(db)
    # the import page's way with a kept preview: a preview, then its confirmation, which
    # swaps in the database the preview built (etl.kept_preview)
    page_file = registry_file(small_rows, path.parent, seed=page_seed)
    t0 = time.perf_counter()
    preview_import("qcc", page_file, settings, keep=True)
    out["page_preview_on_top_s"] = round(time.perf_counter() - t0, 3)
    said: list = []  # the progress events (etl.events.Progress)
    t0 = time.perf_counter()
    commit_import("qcc", page_file, settings, progress=said.append)
    out["page_confirm_on_top_s"] = round(time.perf_counter() - t0, 3)
    if not any(m.step == Step.KEPT for m in said):
        raise RuntimeError("the page's confirmation built again instead of using its preview")
    return out | {"on_top_resumed": resumes}
