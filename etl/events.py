"""What a build or an import reports while it works: structured progress events.

The ETL says *what* it does as a step code and counts (``Progress(step, rows, of)``), never as
a sentence: the edge that shows it picks the words (the CLI's line, the import page's phase,
both from the text catalogue ``chainmap.text.catalogue``: ``step_<code>``, ``job_*``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

__all__ = ["OnProgress", "Progress", "Step"]


class Step(StrEnum):
    """The steps of an import or a build, in the order they may come."""

    QUEUED = "queued"  # the job waits for a free slot of the server (chainmap_web.jobs)
    WAITING = "waiting"  # for another import or build of the database (writer_lock)
    READING = "reading"  # the input file (``name``)
    READ = "read"  # ``rows`` data rows read and staged; building the database with them
    REPLAYING = "replaying"  # stored import ``rows`` of ``of`` (``name``) into a new database
    ADDING = "adding"  # import ``name`` added to a copy of the current database
    KEPT = "kept"  # the database a kept preview built is used: nothing built again


@dataclass(frozen=True)
class Progress:
    """One step: its code, a count so far (rows read; for ``replaying``, the import's number)
    and out of how many, and the file or import batch it is about (``name``), where known."""

    step: Step
    rows: int | None = None
    of: int | None = None
    name: str | None = None


OnProgress = Callable[[Progress], None]
