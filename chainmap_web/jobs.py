"""Background jobs of the app: an import's preview or commit runs in a thread, not in the
callback that starts it, so every callback answers at once and the page polls the job.

A job's state is a small JSON file in ``<db>.jobs/`` (written whole, then renamed), so any
worker process of the server can answer a poll (gunicorn runs several). A job whose process
is gone (the server stopped or was killed) while it ran is reported as failed: imports are
atomic, so such a job changed nothing. Files of jobs that ended more than ``KEEP_S`` ago are
removed when the next job starts.

The work reports its steps as ``etl.events.Progress`` events; the state carries the last one
as fields (``step``, ``rows``, ``of``) and the rows read once the work said (``rows_read``),
never as a sentence: the page says them in its language (layouts/_import_view.py job_phase).
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import threading
import time
from collections.abc import Callable
from pathlib import Path

from chainmap_web import state as _state
from etl.events import OnProgress, Progress, Step
from etl.housekeeping import process_alive

__all__ = ["JOB_ID", "MAX_RUNNING", "QUEUED", "Failure", "job_status", "running_jobs", "start_job",
           "wait_job", "with_progress"]

JOB_ID = re.compile(r"^[0-9a-f]{24}$")
KEEP_S = 24 * 3600
# jobs running at once in one server process; more wait (a preview or commit is CPU- and
# memory-heavy, and every upload would otherwise start one more thread)
MAX_RUNNING = 2
QUEUED = Progress(Step.QUEUED)  # other imports are running on this server
_slots = threading.BoundedSemaphore(MAX_RUNNING)
LOG = logging.getLogger(__name__)
_threads: dict[str, threading.Thread] = {}


class Failure(Exception):
    """A job's expected failure (bad input, a refused import): ``texts`` is what the page
    shows, by language (``{"zh": …, "en": …}``)."""

    def __init__(self, texts: dict[str, str]) -> None:
        super().__init__(texts.get("en") or texts.get("zh"))
        self.texts = texts


def jobs_dir() -> Path:
    folder = Path(f"{_state.settings().db_path}.jobs")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def _write(folder: Path, job_id: str, state: dict) -> None:
    tmp = folder / f".{job_id}.{threading.get_ident()}.tmp"
    tmp.write_text(json.dumps(state, ensure_ascii=False), "utf-8")
    tmp.replace(folder / f"{job_id}.json")


def _remove_old(folder: Path) -> None:
    now = time.time()
    for path in folder.glob("*.json"):
        try:
            state = json.loads(path.read_text("utf-8"))
            if state.get("state") != "running" and now - state.get("updated", now) > KEEP_S:
                path.unlink()
        except (OSError, ValueError):
            continue


def with_progress(state: dict, event: Progress) -> dict:
    """``state`` with ``event`` as its last step (a new dict): its step code, count and total
    as fields, and the rows read kept once a ``read`` event said them."""
    read = {"rows_read": event.rows} if event.step == Step.READ else {}
    return state | {"step": str(event.step), "rows": event.rows, "of": event.of} | read


def start_job(what: str, work: Callable[[OnProgress], dict], owner: str = "",
              upload: str = "") -> str:
    """Run ``work(progress)`` in a thread; return the job's id. ``progress`` takes the work's
    ``etl.events.Progress`` events (the state keeps the last). ``work`` returns the job's
    result (JSON-serialisable) or raises ``Failure``; any other exception is logged and
    reported as an internal error. ``upload``: the name of the upload the job reads (the
    sweep of old uploads leaves it while the job runs)."""
    folder = jobs_dir()
    _remove_old(folder)
    job_id = secrets.token_hex(12)
    state = {"id": job_id, "what": what, "owner": owner, "upload": upload, "state": "running",
             "pid": os.getpid(), "started": time.time(), "updated": time.time(),
             "step": None, "rows": None, "of": None, "rows_read": None}
    _write(folder, job_id, state)
    lock = threading.Lock()

    def progress(event: Progress) -> None:
        with lock:
            state.update(with_progress(state, event), updated=time.time())
            _write(folder, job_id, state)

    def run() -> None:
        if not _slots.acquire(blocking=False):
            progress(QUEUED)
            _slots.acquire()
        try:
            result = work(progress)
            outcome = {"state": "done", "result": result}
        except Failure as exc:
            outcome = {"state": "failed", "error": exc.texts}
        except Exception:
            LOG.exception("background job %s (%s) failed", job_id, what)
            outcome = {"state": "failed", "error": None}
        finally:
            _slots.release()
        with lock:
            state.update(outcome, updated=time.time(), finished=time.time())
            _write(folder, job_id, state)
        _threads.pop(job_id, None)

    thread = threading.Thread(target=run, name=f"chainmap-job-{what}-{job_id[:6]}",
                              daemon=True)
    _threads[job_id] = thread
    thread.start()
    return job_id


def job_status(job_id: object) -> dict | None:
    """The job's state (``running``, ``done`` or ``failed``, its last progress event's fields,
    its result or error), or None for an id that is not one of ours. A running job whose
    process is gone is reported failed with ``lost`` set."""
    if not isinstance(job_id, str) or not JOB_ID.match(job_id):
        return None
    path = jobs_dir() / f"{job_id}.json"
    try:
        state = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if state.get("state") == "running" and not process_alive(int(state.get("pid", 0))):
        state.update(state="failed", error=None, lost=True)
    return state


def running_jobs() -> list[dict]:
    """The states of the jobs running now, in any process of the server."""
    states = (job_status(path.stem) for path in jobs_dir().glob("*.json"))
    return [state for state in states if state and state.get("state") == "running"]


def wait_job(job_id: str, timeout: float | None = None) -> dict | None:
    """Wait for a job of this process to end (tests, the CLI); its final state."""
    thread = _threads.get(job_id)
    if thread is not None:
        thread.join(timeout)
    return job_status(job_id)
