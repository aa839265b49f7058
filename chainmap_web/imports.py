"""The web server's import service: all the import page asks of the ETL goes through here.

Pages never import ``etl`` (an import-linter contract): the page checks the kind a browser
sent, runs a preview or a commit as a job (``chainmap_web.jobs``) whose progress arrives as
``etl.events.Progress`` events, and reads the results, through these names. The kinds are the
ETL's (``etl.imports.UPLOAD_KINDS``), checked by its one ``check_kind``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from chainmap_web import state as _state
from etl.events import OnProgress
from etl.imports import (
    QUARANTINE_SAMPLE,
    UPLOAD_KINDS,
    ImportInputError,
    check_kind,
    commit_import,
    preview_import,
)
from etl.pipeline import BuildError

__all__ = ["IMPORT_ERRORS", "QUARANTINE_SAMPLE", "UPLOAD_KINDS", "commit_job", "is_upload_kind",
           "preview_job"]

# what a refused input raises (every input error of the importers is a ValueError; a build
# that fails its checks a BuildError): the page says it, the database is unchanged
IMPORT_ERRORS = (ValueError, BuildError)


def is_upload_kind(kind: object) -> bool:
    """Whether ``kind`` (as a browser sent it) is one the import page offers."""
    try:
        check_kind(kind, UPLOAD_KINDS)
    except ImportInputError:
        return False
    return True


def frame_json(frame: pd.DataFrame) -> dict:
    """A frame as JSON a job's state file can hold (NaN as null, dates as ISO text)."""
    return json.loads(frame.to_json(orient="split", index=False, date_format="iso"))


def preview_job(kind: str, path: Path, progress: OnProgress) -> dict:
    """The preview job: its report and first rows, as JSON."""
    # kept: confirming this preview swaps its database in instead of building it again
    preview = preview_import(kind, path, _state.settings(), progress=progress, keep=True)
    return {"report": preview.report, "sample": frame_json(preview.sample),
            "quarantine": frame_json(preview.quarantine),
            "quarantine_total": int(preview.quarantine_total)}


def commit_job(kind: str, path: Path, progress: OnProgress) -> dict:
    """The commit job: the import's report."""
    return {"report": commit_import(kind, path, _state.settings(), progress=progress)}
