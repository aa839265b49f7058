"""`chainmap report <kind>`: the chain analytics of chainmap.reports, as a table, JSON, CSV or
a workbook.

Loaded when it runs (chainmap_cli.main's lazy subcommands): the reports, networkx, pandas
and openpyxl are imported by no other command that does not need them.
"""

from __future__ import annotations

from pathlib import Path

import click
import pandas as pd

from chainmap.analytics.coverage import Thresholds
from chainmap.config import Settings
from chainmap.db import connect_checked
from chainmap.render.export import write_csv, write_json, write_xlsx_sheets
from chainmap.reports import REPORTS, Report, ReportOptions, report_of
from chainmap.text.captions import caption, data_coverage_caption, data_coverage_items
from chainmap_cli.options import (
    COUNT,
    KM,
    LANG_OPTION,
    NON_NEGATIVE,
    TEXT,
    OutputFile,
    region_option,
    selected,
)
from chainmap_cli.tables import empty_reason, print_table, report_table

__all__ = ["report", "report_json"]


@click.command()
@click.argument("kind", type=click.Choice(sorted(REPORTS)))
@click.option("--chain", required=True, type=TEXT, help="Chain id, e.g. rail.")
@region_option("Adcode (500000, 500116, 510100 …), zone id (Z500001) or 'chengyu'.")
@click.option("--remove", default=None, type=TEXT,
              help="resilience: a firm (id or name) or a node id.")
@click.option("--km", type=KM, default=None, help="supply: also within this many km.")
@click.option("--weak-max", type=NON_NEGATIVE, default=1, show_default=True,
              help="A node with at most this many confirmed firms is weak.")
@click.option("--strong-min", type=COUNT, default=5, show_default=True,
              help="A node with at least this many confirmed firms is strong "
                   "(above --weak-max).")
@click.option("--top", type=COUNT, default=10, show_default=True,
              help="targets: candidates per gap.")
@click.option("--json", "as_json", is_flag=True)
@click.option("--xlsx", "xlsx_path", type=OutputFile())
@click.option("--csv", "csv_path", type=OutputFile())
@LANG_OPTION
@click.pass_obj
def report(settings: Settings, kind: str, chain: str, region: str, remove: str | None,
           km: float | None, weak_max: int, strong_min: int, top: int, as_json: bool,
           xlsx_path: Path | None, csv_path: Path | None, lang: str | None) -> None:
    """Chain analytics: coverage, gaps, leaders, supply, resilience, complement, targets …

    Every output says which sources place firms in the region and whether any lists every
    firm there (data_coverage): a line above the table, a key of a JSON object (JSON rows
    stay rows: the line goes to stderr), a sheet of the workbook, a column of the CSV.
    The table has the app's headers (--lang); an empty report says why in one line."""
    if strong_min <= weak_max:
        raise click.BadParameter(f"{strong_min} is not above --weak-max {weak_max}",
                                 param_hint="--strong-min")
    options = ReportOptions(thresholds=Thresholds(weak_max=weak_max, strong_min=strong_min),
                            remove=remove, km=km, top=top)
    with connect_checked(settings.db_path) as con:
        selection = selected(con, chain, region, lang or settings.language)
        try:
            result = report_of(con, kind, selection, options)
            # no target: is there no gap to fill, or no outside firm for one?
            gaps = len(report_of(con, "gaps", selection, options).data) \
                if kind == "targets" and not result.data else None
        except ValueError as exc:
            raise click.ClickException(str(exc)) from exc
    line = data_coverage_caption(result.data_coverage)
    if xlsx_path:
        write_xlsx_sheets([(f"{kind}-{chain}", result.frame, result.headers),
                           (caption("col_data_coverage"),
                            pd.DataFrame(data_coverage_items(result.data_coverage)), None)],
                          xlsx_path)
        click.echo(f"wrote {xlsx_path}", err=True)
    if csv_path:
        write_csv(result.frame.assign(data_coverage=line), csv_path)
        click.echo(f"wrote {csv_path}", err=True)
    if as_json:
        if not isinstance(result.data, dict):  # rows stay rows (the contract): say it aside
            click.echo(line, err=True)
        click.echo(write_json(report_json(result)))
    elif not (xlsx_path or csv_path):
        click.echo(data_coverage_caption(result.data_coverage, selection.lang))
        table = report_table(result, selection.lang)
        if table is None:
            click.echo(empty_reason(kind, selection.lang, gaps))
        else:
            print_table(table)


def report_json(result: Report) -> dict | list:
    """What `chainmap report … --json` prints: the report's rows or object as they always
    were (the contract other tools read); an object gains the key ``data_coverage``, and
    for rows the CLI prints the coverage line on stderr."""
    if isinstance(result.data, dict):
        return {**result.data, "data_coverage": result.data_coverage}
    return result.data
