"""`chainmap import …`: bring your own data (registry exports, listed firms, knowledge graphs,
mapped CSVs, supply links). Each subcommand calls ``etl.imports.commit_import``.

What only one path needs is imported there (the ETL, the JSON writer, the tables, pandas),
so that an import pays for no more than it uses (issue #19)."""

from __future__ import annotations

from pathlib import Path

import click

from chainmap.config import Settings
from chainmap_cli.options import LANG_OPTION, TEXT, OutputFile
from chainmap_cli.steps import steps

__all__ = ["import_group"]

EXISTING = click.Path(exists=True, path_type=Path)


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
    for cover in report.get("covers") or []:
        lines.append(f"  lists every firm of {cover['name']} ({cover['region']}, "
                     f"{cover['basis']}): a node with no firm there is missing, not unknown")
    lines += [f"  warning: {w}" for w in report["warnings"]]
    lines.append(f"report saved to {report.get('report_path')}")
    return lines


def _run(settings: Settings, kind: str, path: Path, as_json: bool,
         mapping: Path | None = None, covers: tuple[str, ...] = ()) -> None:
    from etl.importers.sheets import SheetError
    from etl.imports import ImportInputError, commit_import
    from etl.pipeline import BuildError

    try:
        with steps(f"importing {path}") as step:
            report = commit_import(kind, path, settings, mapping=mapping, progress=step,
                                   covers=covers)
    except (ImportInputError, SheetError, BuildError, ValueError) as exc:
        raise click.ClickException(f"import failed, nothing changed: {exc}") from exc
    if as_json:
        from chainmap.render.export import write_json

        click.echo(write_json(report))
    else:
        click.echo("\n".join(_summary(report)))


@click.group(name="import")
def import_group() -> None:
    """Import your own data (kept beside the database; replayed by every build)."""


def _json_option(f):
    return click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")(f)


def _split_covers(_ctx, _param, value: str | None) -> tuple[str, ...]:
    return tuple(c.strip() for c in (value or "").split(",") if c.strip())


def _covers_option(f):
    return click.option(
        "--covers", callback=_split_covers, metavar="ADCODE[,ADCODE…]",
        help="Regions this export lists every registered firm of (e.g. 500000, or "
             "500116,500151). Without it: the smallest district, city or province holding "
             "at least 90 % of its located firms, when that is 20 firms or more. A node with "
             "no firm in a covered region is missing; elsewhere it is unknown.")(f)


@import_group.command()
@click.argument("path", type=EXISTING)
@_covers_option
@_json_option
@click.pass_obj
def qcc(settings: Settings, path: Path, covers: tuple[str, ...], as_json: bool) -> None:
    """An enterprise-registry export (企查查 / 天眼查 / 启信宝; .xlsx or .csv)."""
    _run(settings, "qcc", path, as_json, covers=covers)


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
@_covers_option
@_json_option
@click.pass_obj
def csv_(settings: Settings, path: Path, mapping: Path, covers: tuple[str, ...],
         as_json: bool) -> None:
    """Any firm list (.csv or .xlsx) with a column-mapping file."""
    _run(settings, "csv", path, as_json, mapping, covers)


@import_group.command()
@click.argument("path", type=EXISTING)
@_json_option
@click.pass_obj
def links(settings: Settings, path: Path, as_json: bool) -> None:
    """Firm -> firm supply links: supplier, customer, product, source."""
    _run(settings, "links", path, as_json)


def _reason(row: dict, lang: str) -> str:
    from chainmap.views.import_report import REASONS

    return REASONS.get(row["code"], ("", row["code"], row["code"]))[2 if lang == "en" else 1]


def _status(row: dict, lang: str) -> str:
    from chainmap.views.import_report import QUARANTINE_STATUS

    words = QUARANTINE_STATUS.get(row["status"])
    return words[lang == "en"] if words else row["status"]


# the listings' columns (chainmap_cli.tables: the import page's headers where it has them)
QUARANTINE_COLUMNS = (("batch_id", "col_batch", None),
                      ("status", "col_outcome", _status),
                      ("code", "col_reason_code", None),
                      ("rows", "stat_rows", None),
                      ("reason", "col_reasons", _reason))
REVIEW_COLUMNS = (("batch_id", "col_batch", None),
                  ("row_no", "col_row", None),
                  ("full_name", "col_name", None),
                  ("candidate_id", "col_candidate_id", None),
                  ("candidate_name", "col_candidate", None),
                  ("reason", "col_why", None))

QUARANTINE_SUFFIXES = (".csv", ".xlsx")
# the .xlsx writer holds the workbook in memory (~11 KB per quarantine row): more rows need .csv
XLSX_MAX_ROWS = 50_000


def _check_batch(con, batch: str | None) -> None:
    """A --batch that names no batch of this database is an error, not an empty list."""
    if batch is not None and not con.execute(
            "SELECT count(*) FROM import_batch WHERE batch_id = ?", [batch]).fetchone()[0]:
        raise click.ClickException(f"no import batch {batch!r} in this database")


@import_group.command()
@click.option("--batch", default=None, type=TEXT,
              help="Only this batch (e.g. qcc-41477ba15053d853).")
@click.option("--status", type=click.Choice(["rejected", "flagged"]), default=None,
              help="rejected: not loaded; flagged: loaded, to be reviewed.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh",
              help="Language of the headers, statuses and reasons.")
@click.option("--out", type=OutputFile(), default=None,
              help="Write every row to this .csv or .xlsx file (to fix and import again).")
@click.pass_obj
def quarantine(settings: Settings, batch: str | None, status: str | None, lang: str,
               out: Path | None) -> None:
    """The rows imports rejected or flagged: counts per reason, or every row with its reasons
    and input values written to --out. A registry export's rows keep its column names, so the
    corrected file can be imported again with `chainmap import qcc`."""
    from chainmap.db import connect_checked
    from chainmap.render.export import csv_chunks, write_xlsx
    from chainmap.views.import_report import (
        count_quarantine,
        iter_quarantine_tables,
        quarantine_table,
        query_quarantine_counts,
    )
    from chainmap_cli.tables import print_records
    from etl.importers.registry import COLUMN_NAMES

    if out is not None and out.suffix.lower() not in QUARANTINE_SUFFIXES:
        raise click.BadParameter("use a .csv or .xlsx file name", param_hint="--out")
    with connect_checked(settings.db_path) as con:
        _check_batch(con, batch)
        if out is None:
            counts = query_quarantine_counts(con, batch, status)
            total = count_quarantine(con, batch, status)
            click.echo(f"{total} row(s) in the quarantine")
            if len(counts):
                print_records(counts.to_dict("records"), QUARANTINE_COLUMNS, lang)
            return
        total = count_quarantine(con, batch, status)
        if out.suffix.lower() == ".xlsx":
            if total > XLSX_MAX_ROWS:
                raise click.ClickException(f"over {XLSX_MAX_ROWS:,} rows: write a .csv file "
                                           "(it opens in Excel and WPS too)")
            write_xlsx(quarantine_table(con, batch, status, lang, COLUMN_NAMES), out)
        else:  # piece by piece: any number of rows in bounded memory
            with out.open("wb") as f:
                for piece in csv_chunks(iter_quarantine_tables(con, batch, status, lang,
                                                               COLUMN_NAMES)):
                    f.write(piece)
    click.echo(f"wrote {total} row(s) to {out}")


@import_group.command()
@click.option("--batch", default=None, type=TEXT, help="Only this batch.")
@click.option("--out", type=OutputFile(), default=None,
              help="Write the list as firm_merges.csv lines (.csv) to decide on.")
@LANG_OPTION
@click.pass_obj
def review(settings: Settings, batch: str | None, out: Path | None, lang: str | None) -> None:
    """Imported firms that may be firms already known, left unmerged (the review band).

    With --out, each becomes a line of data/overrides/firm_merges.csv with the action left
    empty: write merge or separate, keep the lines decided, and append them to that file;
    the next build applies them (docs/importing.md)."""
    import pandas as pd

    from chainmap.db import connect_checked
    from chainmap.render.export import write_csv
    from chainmap.views.import_report import query_review
    from chainmap_cli.tables import print_records

    if out is not None and out.suffix.lower() != ".csv":
        raise click.BadParameter("use a .csv file name", param_hint="--out")
    with connect_checked(settings.db_path) as con:
        _check_batch(con, batch)
        rows = query_review(con, batch)
    if out is None:
        click.echo(f"{len(rows)} possible match(es) to review (not merged)")
        if len(rows):
            print_records(rows.to_dict("records"), REVIEW_COLUMNS,
                          lang or settings.language)
        return
    lines = pd.DataFrame({
        "name": rows["full_name"], "firm_id": rows["candidate_id"], "action": "",
        "note": [f"候选「{r.candidate_name}」；{r.reason}；{r.batch_id} 第 {r.row_no} 行"
                 for r in rows.itertuples()],
        "author": ""}, columns=["name", "firm_id", "action", "note", "author"])
    write_csv(lines, out)
    click.echo(f"wrote {len(lines)} line(s) to {out}: fill in action (merge or separate), then "
               "append the decided lines to data/overrides/firm_merges.csv")
