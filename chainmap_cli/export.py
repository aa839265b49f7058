"""`chainmap export …`: presentation files (offline map, chain diagram, the bundle zip).

Each subcommand parses its options, opens the database and calls one function of
chainmap.render.bundle. PNG and PDF need Chromium; without it the command says so and fails.
"""

from __future__ import annotations

from pathlib import Path

import click

from chainmap.analytics.region import UnknownRegionError
from chainmap.config import Settings
from chainmap.db import DatabaseMissingError, connect_checked
from chainmap.render.bundle import (
    CHAIN_FORMATS,
    MAP_FORMATS,
    write_chain_file,
    write_map_file,
    write_presentation_bundle,
)
from chainmap.render.chromium import RenderError, RenderUnavailableError
from chainmap.reports import UnknownChainError
from chainmap_cli.options import LANG, TEXT, OutputFile, known_chain, region_option
from chainmap_cli.steps import steps

__all__ = ["export"]

OUT = OutputFile()
FAILURES = (UnknownChainError, UnknownRegionError, RenderUnavailableError, RenderError,
            DatabaseMissingError)


def _format(fmt: str | None, out: Path, allowed: tuple[str, ...]) -> str:
    """--format, else the output's suffix, else the first allowed format."""
    if fmt:
        return fmt
    suffix = out.suffix.lower().lstrip(".")
    if suffix in allowed:
        return suffix
    raise click.BadParameter(f"say --format ({'|'.join(allowed)}) or use one of those suffixes",
                             param_hint="--format")


def _run(settings: Settings, chain: str | None, action) -> Path:
    try:
        with connect_checked(settings.db_path) as con:
            known_chain(con, chain)
            return action(con)
    except FAILURES as exc:
        raise click.ClickException(str(exc)) from exc


@click.group()
def export() -> None:
    """Presentation files: offline map, chain diagram, 一图一表一清单 bundle."""


@export.command("map")
@click.option("--chain", default=None, type=TEXT,
              help="Only this chain's clusters and firms (default: all).")
@click.option("--format", "fmt", type=click.Choice(MAP_FORMATS), default=None,
              help="html (offline, self-contained), png or pdf; default: from --out's suffix.")
@click.option("--out", type=OUT, required=True)
@click.option("--lang", type=LANG, default=None, help="zh (default) or en.")
@click.pass_obj
def map_(settings: Settings, chain: str | None, fmt: str | None, out: Path,
         lang: str | None) -> None:
    """The plan's clusters and the firm groups on Chongqing's districts."""
    fmt = _format(fmt, out, MAP_FORMATS)
    path = _run(settings, chain, lambda con: write_map_file(
        con, chain, out, fmt, lang or settings.language))
    click.echo(f"wrote {path}", err=True)


@export.command("chain")
@click.option("--chain", required=True, type=TEXT, help="Chain id, e.g. rail.")
@region_option("Adcode (500000, 500116, 510100 …), zone id (Z500001) or 'chengyu'.")
@click.option("--format", "fmt", type=click.Choice(CHAIN_FORMATS), default=None,
              help="svg, png, pdf or html; default: from --out's suffix.")
@click.option("--out", type=OUT, required=True)
@click.option("--lang", type=LANG, default=None, help="zh (default) or en.")
@click.pass_obj
def chain_(settings: Settings, chain: str, region: str, fmt: str | None, out: Path,
           lang: str | None) -> None:
    """The chain diagram (上游 → 中游 → 下游) coloured by coverage in the region."""
    fmt = _format(fmt, out, CHAIN_FORMATS)
    path = _run(settings, chain, lambda con: write_chain_file(
        con, chain, region, out, fmt, lang or settings.language))
    click.echo(f"wrote {path}", err=True)


@export.command("bundle")
@click.option("--chain", required=True, type=TEXT, help="Chain id, e.g. rail.")
@region_option("Adcode, zone id or 'chengyu'.")
@click.option("--out", type=OUT, required=True, help="The zip to write.")
@click.option("--lang", type=LANG, default=None, help="zh (default) or en.")
@click.pass_obj
def bundle(settings: Settings, chain: str, region: str, out: Path, lang: str | None) -> None:
    """One zip: map.html, map.png, chain.svg, chain.png, targets.xlsx, bundle.pdf."""
    with steps(f"writing {out} (map, chain diagram, targets, PDF)"):
        path = _run(settings, chain, lambda con: write_presentation_bundle(
            con, chain, region, out, lang or settings.language))
    click.echo(f"wrote {path}", err=True)
