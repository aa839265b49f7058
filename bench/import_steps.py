"""Where an import's time goes, step by step, for bench/run.py (issue #19): the product's
functions are wrapped where they are looked up (module globals of ``etl.imports``,
``etl.pipeline`` and ``etl.replay``), in the benchmark's child process only, and timed.

``STEPS`` names each step and the functions whose calls make it. A wrapped call made inside
another wrapped call counts for its own step only (exclusive times: the outer call's time
less its wrapped inner calls), so the steps never overlap:

- ``stage``: ``etl.imports.read_reference`` and ``etl.imports.stage_input`` (the file read,
  checked, cleaned, located and staged: ``etl.imports._stage``);
- ``write_batch``: ``etl.imports.write_batch`` (the batch written to the import store);
- ``fingerprint``: ``etl.pipeline.fingerprint``, ``can_resume`` and ``held_batches`` (the
  digest of the shipped data and code, and whether the build may add to a copy);
- ``read_shipped``: ``etl.pipeline.read_curated`` and ``build_tables`` (the shipped data);
- ``load_shipped``: ``etl.pipeline.load_tables`` (a full build), or ``restore`` and
  ``insert_frame`` (a resumed one: ``etl.resume``);
- ``replay``: ``etl.pipeline.load_import_store`` less the three steps below (reference
  tables, firm keys, the shipped registry, the batches' facts, regions);
- ``resolve``: ``etl.replay._resolve`` (the rows matched to known firms, new ids);
- ``classify``: ``etl.replay._classify``, ``load_firm_node_overrides`` and ``_chains``;
- ``settle``: ``etl.replay.restore_touched``, ``snapshot_settled``, ``settle_firms`` and
  ``keep_settled`` (``etl.settle``, as ``etl.replay`` calls them);
- ``derive``: ``etl.pipeline.derive_tables``; ``check``: ``etl.pipeline.check_database``;
- ``rest``: the total less all of the above (the file's digest, writer lock, the copy of
  a resumed build, the plan's progress figures, build_meta, the report, checkpoint, swap).

A name that is not there (the ETL is being changed) is left out and listed in ``missing``:
its time falls into the step that calls it, or ``rest``.

``step_ratios`` sets our steps against the nearest steps of the lower bound
(bench/minimal_import.py)."""

from __future__ import annotations

import functools
import importlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["LOWER_BOUND_PAIRS", "STEPS", "StepTimer", "format_steps", "step_ratios"]

STEPS: dict[str, tuple[str, ...]] = {
    "stage": ("etl.imports.read_reference", "etl.imports.stage_input"),
    "write_batch": ("etl.imports.write_batch",),
    "fingerprint": ("etl.pipeline.fingerprint", "etl.pipeline.can_resume",
                    "etl.pipeline.held_batches"),
    "read_shipped": ("etl.pipeline.read_curated", "etl.pipeline.build_tables"),
    "load_shipped": ("etl.pipeline.load_tables", "etl.pipeline.restore",
                     "etl.pipeline.insert_frame"),
    "replay": ("etl.pipeline.load_import_store",),
    "resolve": ("etl.replay._resolve",),
    "classify": ("etl.replay._classify", "etl.replay.load_firm_node_overrides",
                 "etl.replay._chains"),
    "settle": ("etl.replay.restore_touched", "etl.replay.snapshot_settled",
               "etl.replay.settle_firms", "etl.replay.keep_settled"),
    "derive": ("etl.pipeline.derive_tables",),
    "check": ("etl.pipeline.check_database",),
}

# ours -> the lower bound's nearest steps (bench/minimal_import.STEPS)
LOWER_BOUND_PAIRS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "staging": (("stage",), ("read", "clean", "locate")),
    "resolution": (("resolve",), ("duplicates",)),
    "classification": (("classify",), ("classify",)),
    "write": (("write_batch", "fingerprint", "read_shipped", "load_shipped", "replay",
               "settle", "derive", "check", "rest"), ("write", "write_nodes", "checkpoint")),
}


class StepTimer:
    """Exclusive seconds per step of ``STEPS`` while ``installed()``."""

    def __init__(self, steps: dict[str, tuple[str, ...]] | None = None) -> None:
        self.steps = STEPS if steps is None else steps
        self.seconds: dict[str, float] = dict.fromkeys(self.steps, 0.0)
        self.missing: list[str] = []
        self._stack: list[list[float]] = []  # per open call: [its inner wrapped seconds]

    def _wrap(self, step: str, fn: Callable) -> Callable:
        @functools.wraps(fn)
        def timed(*args, **kwargs):
            self._stack.append([0.0])
            t0 = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - t0
                inner = self._stack.pop()[0]
                self.seconds[step] += elapsed - inner
                if self._stack:
                    self._stack[-1][0] += elapsed
        return timed

    @contextmanager
    def installed(self) -> Iterator[StepTimer]:
        """Wrap every named function where it is looked up; put the originals back after."""
        originals: list[tuple[object, str, Callable]] = []
        try:
            for step, names in self.steps.items():
                for dotted in names:
                    module_name, attr = dotted.rsplit(".", 1)
                    module = importlib.import_module(module_name)
                    fn = getattr(module, attr, None)
                    if not callable(fn):
                        self.missing.append(dotted)
                        continue
                    originals.append((module, attr, fn))
                    setattr(module, attr, self._wrap(step, fn))
            yield self
        finally:
            for module, attr, fn in reversed(originals):
                setattr(module, attr, fn)

    def steps_s(self, total_s: float) -> dict[str, float]:
        """Seconds per step (rounded to ms), with ``rest`` the total less the named steps."""
        out = {k: round(v, 3) for k, v in self.seconds.items()}
        out["rest"] = round(total_s - sum(self.seconds.values()), 3)
        return out


def step_ratios(ours: dict[str, float], lower: dict[str, float]) -> dict[str, dict]:
    """Per pair of ``LOWER_BOUND_PAIRS``: our seconds, the lower bound's, and their ratio
    (None where the lower bound's is 0 or a step is absent)."""
    out = {}
    for label, (mine, theirs) in LOWER_BOUND_PAIRS.items():
        a = round(sum(ours.get(k, 0.0) for k in mine), 3)
        b = round(sum(lower.get(k, 0.0) for k in theirs), 3)
        out[label] = {"ours_s": a, "lower_bound_s": b,
                      "ratio": round(a / b, 1) if b > 0 else None,
                      "ours": "+".join(mine), "lower_bound": "+".join(theirs)}
    return out


def format_steps(result: dict) -> list[str]:
    """Lines for bench/run.py's printed summary: our steps, the lower bound's, the ratios."""
    lines = []
    steps = result.get("import_steps_s") or {}
    if steps:
        lines.append(f"{result['size']}: import steps (s): "
                     + ", ".join(f"{k} {v}" for k, v in steps.items()))
    lower = result.get("minimal_steps_s") or {}
    if lower:
        lines.append(f"{result['size']}: lower bound steps (s): "
                     + ", ".join(f"{k} {v}" for k, v in lower.items()))
    for label, r in (result.get("import_step_ratios") or {}).items():
        lines.append(f"{result['size']}:   {label}: ours {r['ours_s']} s ({r['ours']}) vs "
                     f"lower bound {r['lower_bound_s']} s ({r['lower_bound']}) = "
                     f"{r['ratio']}x")
    return lines
