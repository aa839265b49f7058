"""`chainmap progress …`: figures towards the plan's 2025 targets (docs/data-sources.md).

    chainmap progress list [--json]
    chainmap progress add rd_intensity --year 2024 --value 2.1 \\
        --source "《2024年重庆市国民经济和社会发展统计公报》" [--note "…"] [--by NAME]

A figure added here is stored like one entered in the overview's form (``<db>.progress.csv``,
chainmap.progress_store) and shown at once; every build loads it again.
"""

from __future__ import annotations

import getpass
import json

import click

from chainmap.analytics.progress import plan_progress, with_manual_figures
from chainmap.config import Settings
from chainmap.db import connect_checked
from chainmap.progress_store import (
    ProgressEntryError,
    append_entry,
    check_entry,
    progress_store_path,
    read_progress_store,
)
from chainmap_cli.options import TEXT

__all__ = ["progress_group"]


def _rows(settings: Settings) -> list[dict]:
    with connect_checked(settings.db_path) as con:
        rows = plan_progress(con)
    try:
        store = read_progress_store(progress_store_path(settings.db_path))
    except ProgressEntryError as exc:
        raise click.ClickException(exc.message("en")) from exc
    return with_manual_figures(rows, store)


@click.group("progress")
def progress_group() -> None:
    """Cited figures towards the plan's 2025 targets: list them, add one with its source."""


@progress_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one object per figure).")
@click.pass_obj
def list_figures(settings: Settings, as_json: bool) -> None:
    """Every target's figures by year, with source and method (published or manual)."""
    rows = _rows(settings)
    figures = [{"target_id": r["target_id"], "metric": r["metric"], "target": r["target"],
                **f} for r in rows for f in r["figures"]]
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2))
        return
    targets = {r["target_id"]: r["metric"] for r in rows}
    for f in figures:
        who = f"manual, {f['entered_by']}, {(f['entered_at'] or '')[:10]}" \
            if f["method"] == "manual" else "published"
        click.echo(f"{f['metric']}  {f['year']}: {f['value']:g} {f['unit'] or ''}  "
                   f"[{who}]  {f['source_url'] or f['source_title']}")
    without = [name for tid, name in targets.items()
               if not any(f["target_id"] == tid for f in figures)]
    if without:
        click.echo(f"{len(without)} 项目标暂无可引用数据（未公布/无可引用来源）："
                   + "、".join(without))


@progress_group.command("add")
@click.argument("target_id")
@click.option("--year", required=True, type=TEXT, help="The year the figure is for (2019–2025).")
@click.option("--value", required=True, type=TEXT, help="The figure, in the target's unit.")
@click.option("--source", required=True, type=TEXT, help="A URL or a document's name.")
@click.option("--note", default="", type=TEXT,
              help="Its definition or anything a reader should know.")
@click.option("--by", "entered_by", default=None, type=TEXT, help="Who enters it (default: you).")
@click.pass_obj
def add(settings: Settings, target_id: str, year: str, value: str, source: str, note: str,
        entered_by: str | None) -> None:
    """Store one figure with its source (refused, and nothing stored, if it is not valid)."""
    units = {r["target_id"]: r["unit"] for r in _rows(settings)}
    try:
        entry = check_entry(target_id, year, value, source, note, units,
                            entered_by=entered_by or getpass.getuser())
    except ProgressEntryError as exc:
        known = ", ".join(sorted(units)) if exc.code == "unknown_target" else ""
        raise click.ClickException(f"{exc.message('zh')} / {exc.message('en')}"
                                   + (f" ({known})" if known else "")) from exc
    append_entry(progress_store_path(settings.db_path), entry)
    click.echo(f"stored {entry.target_id} {entry.year}: {entry.value:g} {entry.unit} "
               f"(source: {entry.source}) in {progress_store_path(settings.db_path)}")
