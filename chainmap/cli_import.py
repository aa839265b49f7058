"""`chainmap import …`: bring your own data (registry exports, listed firms, knowledge graphs,
mapped CSVs, supply links). Each subcommand calls ``etl.imports.commit_import``."""

from __future__ import annotations

from pathlib import Path

import click

from chainmap.config import Settings
from chainmap.export import write_json

__all__ = ["import_group"]

EXISTING = click.Path(exists=True, path_type=Path)


def _progress(message: str) -> None:
    click.echo(f"… {message}", err=True)


def _summary(report: dict) -> list[str]:
    if report.get("duplicate_of"):
        return [f"already imported as {report['duplicate_of']}: nothing added",
                f"report: {report.get('report_path')}"]
    lines = [
        f"imported {report['kind']} {report['input']}",
        f"  rows {report['rows']}, accepted {report['accepted']}, merged {report['merged']} "
        f"({report['matched_existing']} into firms already known), new firms "
        f"{report['new_firms']}, quarantined {report['quarantined']}, flagged "
        f"{report['flagged']}",
        f"  firms on chain nodes: {report['firms_with_nodes']} of {report['firms']} "
        f"({report['node_assignments']} assignments)",
    ]
    if report.get("review_count"):
        lines.append(f"  possible matches to review (not merged): {report['review_count']}")
    lines += [f"  warning: {w}" for w in report["warnings"]]
    lines.append(f"report saved to {report.get('report_path')}")
    return lines


def _run(settings: Settings, kind: str, path: Path, as_json: bool,
         mapping: Path | None = None) -> None:
    from etl.importers.sheets import SheetError
    from etl.imports import ImportInputError, commit_import
    from etl.pipeline import BuildError

    try:
        report = commit_import(kind, path, settings, mapping=mapping, progress=_progress)
    except (ImportInputError, SheetError, BuildError, ValueError) as exc:
        raise click.ClickException(f"import failed, nothing changed: {exc}") from exc
    if as_json:
        click.echo(write_json(report))
    else:
        click.echo("\n".join(_summary(report)))


@click.group(name="import")
def import_group() -> None:
    """Import your own data (kept beside the database; replayed by every build)."""


def _json_option(f):
    return click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")(f)


@import_group.command()
@click.argument("path", type=EXISTING)
@_json_option
@click.pass_obj
def qcc(settings: Settings, path: Path, as_json: bool) -> None:
    """An enterprise-registry export (企查查 / 天眼查 / 启信宝; .xlsx or .csv)."""
    _run(settings, "qcc", path, as_json)


@import_group.command()
@click.argument("path", type=EXISTING)
@_json_option
@click.pass_obj
def tushare(settings: Settings, path: Path, as_json: bool) -> None:
    """A listed-company list in Tushare's stock_basic shape (.json, .csv or .xlsx)."""
    _run(settings, "tushare", path, as_json)


@import_group.command()
@click.argument("path", type=click.Path(exists=True, file_okay=False, path_type=Path))
@_json_option
@click.pass_obj
def chainkg(settings: Settings, path: Path, as_json: bool) -> None:
    """An industry-chain knowledge graph folder (ChainKnowledgeGraph shape)."""
    _run(settings, "chainkg", path, as_json)


@import_group.command(name="csv")
@click.argument("path", type=EXISTING)
@click.option("--mapping", type=EXISTING, required=True,
              help="YAML file naming the column of each field (see docs/importing.md).")
@_json_option
@click.pass_obj
def csv_(settings: Settings, path: Path, mapping: Path, as_json: bool) -> None:
    """Any firm list (.csv or .xlsx) with a column-mapping file."""
    _run(settings, "csv", path, as_json, mapping)


@import_group.command()
@click.argument("path", type=EXISTING)
@_json_option
@click.pass_obj
def links(settings: Settings, path: Path, as_json: bool) -> None:
    """Firm -> firm supply links: supplier, customer, product, source."""
    _run(settings, "links", path, as_json)
