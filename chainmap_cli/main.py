"""The `chainmap` command: each subcommand parses arguments, builds Settings, calls one function.

This module is the composition point: it is the one place in the package that
reaches into `etl` (build) and the Dash app (serve), and it imports them lazily.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from chainmap.config import Settings, load_settings
from chainmap.db import (
    DatabaseMissingError,
    DatabaseUnreadableError,
    connect,
    rebuild_command,
    store_name,
)
from chainmap_cli.lazy import LazyGroup
from chainmap_cli.options import PORT, TEXT
from chainmap_cli.steps import steps

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


class GuardedGroup(LazyGroup):
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


# the subcommands defined elsewhere, imported when used (chainmap_cli.lazy): `chainmap import
# qcc` loads neither the map (folium), the workbook writer (openpyxl) nor the reports
SUBCOMMANDS = {
    "export": "chainmap_cli.export:export",
    "firms": "chainmap_cli.listings:firms",
    "import": "chainmap_cli.imports:import_group",
    "info": "chainmap_cli.listings:info",
    "progress": "chainmap_cli.progress:progress_group",
    "report": "chainmap_cli.report:report",
    "user": "chainmap_cli.users:user_group",
}


@click.group(cls=GuardedGroup, lazy_subcommands=SUBCOMMANDS)
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
    from chainmap.queries import query_info
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
    (as this one may have) aborts when it exits. The settings reach app.py as they reach every
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


def main() -> None:  # pragma: no cover
    sys.exit(cli(prog_name="chainmap"))
