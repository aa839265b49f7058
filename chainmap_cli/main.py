"""The `chainmap` command: each subcommand parses arguments, builds Settings, calls one function.

This module is the composition point: it is the one place in the package that
reaches into `etl` (build) and the Dash app (serve), and it imports them lazily.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click
import pandas as pd

from chainmap.analytics.coverage import Thresholds
from chainmap.config import Settings, load_settings
from chainmap.db import (
    DatabaseMissingError,
    DatabaseUnreadableError,
    connect,
    connect_checked,
    rebuild_command,
    store_name,
)
from chainmap.queries import query_chains, query_firms, query_info
from chainmap.render.export import write_csv, write_json, write_xlsx, write_xlsx_sheets
from chainmap.reports import REPORTS, Report, ReportOptions, report_of
from chainmap.text.captions import caption, data_coverage_caption, data_coverage_items
from chainmap.views.firm_table import FIRM_HEADERS_ZH, firm_records, firms_frame
from chainmap_cli.export import export
from chainmap_cli.imports import import_group
from chainmap_cli.options import (
    COUNT,
    KM,
    LANG_OPTION,
    NON_NEGATIVE,
    PORT,
    TEXT,
    OutputFile,
    known_chain,
    region_option,
    selected,
)
from chainmap_cli.progress import progress_group
from chainmap_cli.steps import steps
from chainmap_cli.tables import app, empty_reason, print_records, print_table, report_table
from chainmap_cli.users import user_group

__all__ = ["UNREADABLE_EXIT", "cli", "wsgi_app"]

UNREADABLE_EXIT = 3  # the database file is damaged, truncated, not a database or unreadable


class UnreadableDatabase(click.ClickException):
    """One line on stderr naming the file and the command that builds it again."""

    exit_code = UNREADABLE_EXIT

    def __init__(self, error: DatabaseUnreadableError) -> None:
        kept = Path(store_name(error.path))
        tail = f"; the imports kept in {kept} are replayed" if kept.is_dir() else ""
        super().__init__(f"{error}; rebuild it with: {rebuild_command(error.path)}{tail}")

    def show(self, file=None) -> None:
        click.echo(f"chainmap: {self.message}", err=True, file=file)


class GuardedGroup(click.Group):
    """A command group whose commands end with UnreadableDatabase, not a traceback, when the
    database cannot be read (``chainmap.db.read_faults`` says which errors are that), and
    with click's one-line error when there is none (``DatabaseMissingError``: run build)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except DatabaseUnreadableError as exc:
            raise UnreadableDatabase(exc) from exc
        except DatabaseMissingError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=GuardedGroup)
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              envvar="CHAINMAP_DB", default=None,
              help="DuckDB file (default data/chainmap.duckdb; env CHAINMAP_DB).")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None) -> None:
    """chainmap: Chongqing / 成渝 equipment-manufacturing industry-chain maps."""
    try:  # a setting refused (CHAINMAP_AUTH, CHAINMAP_TILE_URL …): said in one line, no trace
        ctx.obj = load_settings(db_path)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc


@cli.command()
@click.pass_obj
def build(settings: Settings) -> None:
    """Rebuild the database from the shipped data (atomic; idempotent)."""
    from etl.pipeline import BuildError, build_database

    try:
        with steps(f"building {settings.db_path}") as step:
            path = build_database(settings, progress=step)
    except (BuildError, ValueError) as exc:
        raise click.ClickException(f"build failed, previous database kept: {exc}") from exc
    with connect(path) as con:
        info = query_info(con)
    click.echo(f"built {path}: {info['firms']} firms, {len(info['chains'])} chains, "
               f"{info['regions']['cq_districts']} Chongqing districts, "
               f"{info['regions']['sc_cities']} Sichuan cities, {info['clusters']} clusters")


@cli.command()
@click.option("--port", type=PORT, default=None, help="Port (default 8050).")
@click.option("--host", default=None, type=TEXT, help="Interface (default 127.0.0.1).")
@click.option("--workers", type=click.IntRange(1, 32), default=1, show_default=True,
              help="gunicorn worker processes (4 threads each).")
@click.option("--debug/--no-debug", default=False,
              help="Dash's development server (reloader, debugger) instead of gunicorn.")
@click.pass_obj
def serve(settings: Settings, port: int | None, host: str | None, workers: int,
          debug: bool) -> None:
    """Serve the web app with gunicorn (--debug: Dash's development server)."""
    if not Path(settings.db_path).exists():
        raise click.ClickException(f"no database at {settings.db_path}; run `chainmap build`")
    host, port = host or settings.host, port or settings.port
    if debug and host not in ("127.0.0.1", "localhost", "::1"):
        raise click.ClickException("--debug only on loopback: Werkzeug's debugger runs code")
    if settings.tile_url:  # CHAINMAP_TILE_URL: the map's base map (docs/app.md)
        click.echo(f"chainmap: the map draws GCJ-02 tiles from {settings.tile_host}", err=True)
    if debug:
        from layouts.app import create_app, ready_to_serve

        ready_to_serve(create_app(settings)).run(host=host, port=port, debug=True)
        return
    _gunicorn(settings, host, port, workers)


def wsgi_app():
    """The app gunicorn serves for ``chainmap serve`` (``chainmap_cli.main:wsgi_app()``): the same
    as app.py's ``server``, found in the package, so an app.py in the folder the command
    runs in cannot stand in for it. Settings from the environment, as app.py takes them."""
    from layouts.app import create_app, ready_to_serve

    return ready_to_serve(create_app(load_settings())).server


def _gunicorn(settings: Settings, host: str, port: int, workers: int) -> None:
    """Become gunicorn serving wsgi_app(), configured as docs/reliability.md serves app:server
    (gthread workers of 4 threads, keep-alive 10 s): each worker makes the app, and
    ready_to_serve starts the worker's warming thread (chainmap_web.prewarm). A fresh process,
    not gunicorn inside this one: a worker forked from a process that has loaded pyarrow
    (as this one has) aborts when it exits. The settings reach app.py as they reach every
    command, through the environment (CHAINMAP_DB for --db)."""
    address = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"  # IPv6 in brackets
    argv = [sys.executable, "-m", "gunicorn", "--bind", address, "--workers", str(workers),
            "--threads", "4", "--keep-alive", "10", "--timeout", "120",
            "--no-control-socket", "chainmap_cli.main:wsgi_app()"]
    click.echo(f"chainmap: serving http://{address}/ with gunicorn (Ctrl-C stops)", err=True)
    sys.stderr.flush()
    sys.stdout.flush()
    env = os.environ | {"CHAINMAP_DB": str(Path(settings.db_path).absolute())}
    os.execve(sys.executable, argv, env)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@LANG_OPTION
@click.pass_obj
def info(settings: Settings, as_json: bool, lang: str | None) -> None:
    """What the database holds."""
    with connect_checked(settings.db_path) as con:
        data = query_info(con)
        chains = query_chains(con)
    if as_json:
        click.echo(write_json(data))
        return
    regions = ", ".join(f"{k} {v}" for k, v in data["regions"].items())
    click.echo(f"regions: {regions}")
    click.echo(f"firms: {data['firms']}  clusters: {data['clusters']}  "
               f"partner pairs: {data['partner_pairs']}  targets: {data['targets']}")
    print_records(chains.to_dict("records"), INFO_COLUMNS,
                  lang or settings.language)


INFO_COLUMNS = (("id", "col_id", None),
                ("name", "chain", lambda r, lang: r["name_en"] if lang == "en" else r["name"]),
                ("nodes", "col_node_count", None))
FIRM_COLUMNS = (
    ("name", "col_name", lambda f, lang: (f.name_en or f.name) if lang == "en" else f.name),
    ("role", "col_role", lambda f, lang: app(f"role_{f.role.value}", lang)),
    ("region_name", "col_region",
     lambda f, lang: f.region_name or app("region_unknown", lang)),
    ("precision", "col_location_precision",
     lambda f, lang: app(f"precision_{f.precision.value}", lang)),
    ("chains", "col_chains", lambda f, _lang: list(f.chains)),
    ("labels", "col_labels", lambda f, _lang: list(f.labels)),
)


@cli.command()
@click.option("--chain", default=None, type=TEXT, help="Only firms on this chain (e.g. rail).")
@click.option("--json", "as_json", is_flag=True)
@click.option("--xlsx", "xlsx_path", type=OutputFile())
@click.option("--csv", "csv_path", type=OutputFile())
@LANG_OPTION
@click.pass_obj
def firms(settings: Settings, chain: str | None, as_json: bool, xlsx_path: Path | None,
          csv_path: Path | None, lang: str | None) -> None:
    """One record per firm with its region, precision, chains, role and sources."""
    with connect_checked(settings.db_path) as con:
        records = query_firms(con, known_chain(con, chain))
    if xlsx_path:
        write_xlsx(firms_frame(records), xlsx_path, sheet="企业库", headers=FIRM_HEADERS_ZH)
        click.echo(f"wrote {len(records)} firms to {xlsx_path}", err=True)
    if csv_path:
        write_csv(firms_frame(records), csv_path)
        click.echo(f"wrote {len(records)} firms to {csv_path}", err=True)
    if as_json:
        click.echo(write_json(firm_records(records)))
    elif not (xlsx_path or csv_path):
        lang = lang or settings.language
        if records:
            print_records(records, FIRM_COLUMNS, lang)
        else:
            click.echo(app("no_firms_on_chain", lang))


@cli.command()
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


cli.add_command(export)
cli.add_command(import_group)
cli.add_command(user_group)
cli.add_command(progress_group)


def main() -> None:  # pragma: no cover
    sys.exit(cli(prog_name="chainmap"))
