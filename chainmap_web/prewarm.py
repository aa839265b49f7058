"""Warm the pages' memo in the background: at a worker's start and after a swap.

Every server process keeps a memo of report results per database file (``chainmap_web.state``:
the file's ``chainmap.cache.Memo``);
a rebuild or an import swaps a new file in and the memo starts empty. Without warming, the
first visitors after the swap each pay the cold reports (at 1M firms the map 1.7 s, the
present page 1.1 s, targets 0.9 s), in every worker at once. A watcher thread per process
notices the new file by its ``(inode, mtime, size)`` within ``interval`` seconds and draws
the pages' default and common views once (their layout functions, which fill the memo through
``_state.cached``), so that the first visitors find the reports computed.

Bounded and harmless: one thread per process, the views one after the other, the chains'
views paced (PACE); it holds no lock while it computes (a request asking for a report it is
computing waits for it, never longer than computing it itself: ``_state.cached``); an
exception is logged and the watcher carries on (the next request meets the error on its own
and reports it as it would). Started by
``layouts.app.ready_to_serve`` (gunicorn's workers and ``chainmap serve``), not by
``create_app`` (tests).
"""

from __future__ import annotations

import atexit
import importlib
import logging
import threading
import time

from chainmap_web import state as _state

__all__ = ["WARM_VIEWS", "start_watcher", "warm_if_changed", "warm_views"]

log = logging.getLogger(__name__)

# (page module, its layout's query): every page's default view, the present page's chain
# step, and each chain's diagram and map (the chain menu is the most used selection);
# chain views past the default are added from the database's chains (warm_views)
WARM_VIEWS: tuple[tuple[str, dict], ...] = (
    ("overview", {}), ("chain", {}), ("map", {}), ("targets", {}), ("firms", {}),
    ("present", {}), ("present", {"step": "chain"}),
)
PER_CHAIN = (("chain", "chain"), ("map", "chain"))
PACE = 4.0  # the chains' views: after each a pause 4 times as long as it took (<= 1/5 core)
MAX_PAUSE_S = 5.0
# ... and they start this long after the defaults: right after a swap every worker's first
# requests compute what the defaults leave out, and the cores are needed for those
CHAINS_AFTER_S = 30.0
_watcher: dict = {"thread": None, "stop": None}


def _chain_ids() -> list[str]:
    from chainmap.queries import query_chains

    return list(_state.cached(query_chains)["id"])


def warm_views(views=WARM_VIEWS, per_chain=PER_CHAIN, stop=None, pace: float = PACE) -> int:
    """Draw each view once (filling the memo); the number drawn. A view that fails is logged
    and skipped. ``stop()`` true: give up early (the file changed again meanwhile). Past the
    ``views`` (the pages' defaults, at full speed) it waits CHAINS_AFTER_S, then follows each
    chain's view by a pause of ``pace`` times what it took, so the thread then uses at most
    1 / (1 + pace) of a core beside the requests."""
    todo = [(page, query, False) for page, query in views]
    try:
        todo += [(page, {key: chain}, True) for chain in _chain_ids()
                 for page, key in per_chain]
    except Exception:  # warming must never break serving
        log.exception("warming: could not list the chains")
    done, seen, waited = 0, set(), False
    for page, query, paced in todo:
        if (page, tuple(query.items())) in seen:
            continue
        seen.add((page, tuple(query.items())))
        if paced and not waited:
            waited = True
            _pause(CHAINS_AFTER_S, stop)
        if stop is not None and stop():
            break
        t0 = time.perf_counter()
        try:
            importlib.import_module(f"layouts.{page}").layout(**query)
            done += 1
        except Exception:  # warming must never break serving
            log.exception("warming the %s page (%s) failed", page, query)
        if paced:
            time.sleep(min(MAX_PAUSE_S, pace * (time.perf_counter() - t0)))
    return done


def _pause(seconds: float, stop=None) -> None:
    """Sleep ``seconds``, looking at ``stop()`` every second."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not (stop is not None and stop()):
        time.sleep(min(1.0, max(0.0, deadline - time.monotonic())))


def _stamp() -> tuple[int, int, int] | None:
    try:
        return _state.file_stamp(_state.settings().db_path)  # as its connection is stamped
    except OSError:
        return None


def warm_if_changed(warmed, views=WARM_VIEWS, per_chain=PER_CHAIN, stopping=None):
    """Warm the views once when the database file is not the one ``warmed`` stamps; returns
    the stamp of the file warmed now (``warmed`` when nothing changed). A file that changes
    again meanwhile (or ``stopping()``) cuts it short: the next call warms the new one."""
    stamp = _stamp()
    if stamp is None or stamp == warmed:
        return warmed
    t0 = time.perf_counter()
    try:
        n = warm_views(views, per_chain,
                       stop=lambda: (stopping is not None and stopping()) or _stamp() != stamp)
        log.info("warmed %d views in %.1f s", n, time.perf_counter() - t0)
    except Exception:  # warming must never break serving
        log.exception("warming failed")
    return stamp


def _watch(interval: float, stop: threading.Event) -> None:
    warmed = None
    while not stop.is_set():
        warmed = warm_if_changed(warmed, stopping=stop.is_set)
        stop.wait(interval)


def start_watcher(interval: float = 1.0) -> threading.Event:
    """Start the process's watcher thread (once; a daemon: it never keeps a worker up) and
    return the event that stops it."""
    running = _watcher["thread"]
    if running is None or not running.is_alive():
        stop = threading.Event()
        thread = threading.Thread(target=_watch, args=(interval, stop),
                                  name="chainmap-prewarm", daemon=True)
        thread.start()
        _watcher.update(thread=thread, stop=stop)
        atexit.register(_stop, thread, stop)
    return _watcher["stop"]


def _stop(thread: threading.Thread, stop: threading.Event) -> None:
    """At the process's exit: let the view being drawn finish (a daemon thread killed inside
    a DuckDB query aborts the process: "terminate called without an active exception")."""
    stop.set()
    thread.join(timeout=20)
