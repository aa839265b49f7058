"""What a long command (`chainmap build`, `import …`, `export bundle`) shows while it works.

On a terminal (stderr): a rich progress line — a spinner, a bar (filled while a step counts
out of a total, else indeterminate), what it is
doing and the time so far — with each step the work reports (the ETL's ``progress``
callback, ``etl.events.Progress`` events: waiting for another build, reading the file,
replaying import i of n …, said in the catalogue's words, ``step_line``) printed above it as
it comes. Elsewhere (a pipe, a log, the tests): each step one plain line on
stderr, ``… step``, as the commands always printed them; no bar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from chainmap.text.ui import t
from etl.events import Progress as Event

__all__ = ["plain_step", "step_line", "steps"]

Step = Callable[[Event | str], None]


def step_line(event: Event | str, lang: str = "en") -> str:
    """A step as the CLI prints it (``read 12 rows; building the database with them``): the
    event's words from the catalogue with its counts and name; a text as it is."""
    if isinstance(event, str):
        return event
    return t(f"step_{event.step}", lang).format(rows=event.rows, of=event.of, name=event.name)


def plain_step(message: Event | str) -> None:
    click.echo(f"… {step_line(message)}", err=True)


@contextmanager
def steps(title: str, console: Console | None = None) -> Iterator[Step]:
    """A callback for the work's steps while the block runs; on a terminal the progress
    line titled `title` (gone when the block ends: the command's result follows)."""
    console = console or Console(stderr=True, markup=False, emoji=False, highlight=False)
    if not console.is_terminal:
        yield plain_step
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}", markup=False),
               BarColumn(bar_width=24), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        bar = {"task": progress.add_task(title, total=None), "counted": False}

        def step(message: Event | str) -> None:
            line = step_line(message)
            progress.console.print(f"… {line}", markup=False, highlight=False)
            # a step that counts out of a total (replaying import i of n) fills the bar; the
            # next step that does not makes it indeterminate again
            counted = getattr(message, "of", None) is not None
            if bar["counted"] and not counted:
                progress.remove_task(bar["task"])
                bar["task"] = progress.add_task(title, total=None)
            bar["counted"] = counted
            progress.update(bar["task"], description=f"{title}: {line}",
                            **({"total": message.of, "completed": message.rows}
                               if counted else {}))

        yield step
