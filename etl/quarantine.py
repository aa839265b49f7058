"""The quarantine: every rejected or doubtful input row, kept with its reasons.

A row is ``rejected`` (not loaded) when any of its reasons is an error, and
``flagged`` (loaded, but listed for review) when its reasons are only warnings.
Steps write their reasons as a ``;``-separated list of codes in a ``reasons``
column; ``split_quarantine`` turns that into the stage ``quarantine`` table.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pandas as pd

from chainmap.views.import_report import REASONS

__all__ = ["REASONS", "check_reasons", "reason_counts", "severity", "split_quarantine"]


def severity(reasons: str | None) -> str | None:
    """'rejected' if any reason is an error, 'flagged' if only warnings, None if no reasons."""
    codes = [c for c in (reasons if isinstance(reasons, str) else "").split(";") if c]
    if not codes:
        return None
    unknown = [c for c in codes if c not in REASONS]
    if unknown:
        raise ValueError(f"unknown quarantine reasons {unknown}")
    return "rejected" if any(REASONS[c][0] == "error" for c in codes) else "flagged"


def check_reasons(reason_lists: Iterable[str | None]) -> None:
    """Raise on an unknown reason code in any list: a bug in the step that wrote it (the
    SQL staging checks its distinct lists with this, as split_quarantine does per row)."""
    for reasons in reason_lists:
        severity(reasons)


def split_quarantine(frame: pd.DataFrame, raw: pd.DataFrame | None = None, file: str = "",
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(accepted rows, quarantine rows) from a frame with ``row_no`` and ``reasons``.

    ``raw`` (indexed by ``row_no``) holds the input values shown in the quarantine.
    """
    reasons = frame["reasons"].where(frame["reasons"].notna(), "")
    status = reasons.map({r: severity(r) for r in reasons.unique()})  # few distinct lists
    accepted = frame[status.ne("rejected").fillna(True)].drop(columns="reasons")
    doubtful = frame[status.notna()]
    # one reindex for all doubtful rows (a row missing from ``raw`` shows as {})
    records = (raw[~raw.index.duplicated()].reindex(doubtful["row_no"].to_numpy())
               .to_dict("records")
               if raw is not None else [{} for _ in range(len(doubtful))])
    raw_text = [json.dumps({k: v for k, v in values.items() if isinstance(v, str) and v},
                           ensure_ascii=False) for values in records]
    quarantine = pd.DataFrame({"file": file, "row_no": doubtful["row_no"].to_numpy(),
                               "status": status[status.notna()].to_numpy(),
                               "reasons": doubtful["reasons"].to_numpy(), "raw": raw_text})
    return accepted.reset_index(drop=True), quarantine


def reason_counts(quarantine: pd.DataFrame) -> dict[str, int]:
    codes = quarantine["reasons"].fillna("").str.split(";").explode()
    return {k: int(v) for k, v in codes[codes.ne("")].value_counts().sort_index().items()}
