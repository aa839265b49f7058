"""The CLI says each progress event of an import or a build in the words it always printed
(chainmap_cli.steps.step_line; the catalogue's step_<code>)."""

from __future__ import annotations

from chainmap_cli.steps import plain_step, step_line
from etl.events import Progress, Step
from etl.housekeeping import WAITING


def test_each_step_reads_as_the_cli_printed_it(capsys):
    lines = {
        Progress(Step.READING, name="/data/export.csv"): "reading /data/export.csv",
        Progress(Step.READ, rows=1000000):
            "read 1000000 rows; building the database with them",
        Progress(Step.REPLAYING, 2, 3, "qcc-41477ba15053d853"):
            "replaying import 2/3: qcc-41477ba15053d853",
        Progress(Step.ADDING, name="qcc-1"): "adding import qcc-1 to the current database",
        Progress(Step.KEPT): "using the database the preview built",
        WAITING: "waiting for another import or build of this database to finish",
        Progress(Step.QUEUED): "queued: other imports are running on this server",
    }
    assert {event.step for event in lines} == set(Step)  # every step has its words
    for event, line in lines.items():
        assert step_line(event) == line
    assert step_line("writing x.zip") == "writing x.zip"  # a text stays as it is
    assert step_line(Progress(Step.READ, rows=12), "zh") == "已读取 12 行，用它们构建数据库"
    plain_step(Progress(Step.KEPT))
    assert capsys.readouterr().err == "… using the database the preview built\n"


def test_on_a_terminal_each_event_is_printed_above_the_bar():
    """Counted steps (replaying import i of n) fill the bar, the next step empties it again:
    either way each step's line is printed above the bar as the CLI printed it."""
    import io

    from rich.console import Console

    from chainmap_cli.steps import steps

    out = io.StringIO()
    with steps("building x.duckdb", Console(file=out, force_terminal=True, width=100)) as step:
        step(Progress(Step.REPLAYING, 1, 2, "qcc-a"))
        step(Progress(Step.REPLAYING, 2, 2, "qcc-b"))
        step(WAITING)
        step("writing x.zip")
    shown = out.getvalue()
    for line in ("replaying import 1/2: qcc-a", "replaying import 2/2: qcc-b",
                 "waiting for another import or build of this database to finish",
                 "writing x.zip"):
        assert f"… {line}" in shown
