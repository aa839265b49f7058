"""`chainmap info` and `chainmap firms`: what the database holds, and its firms as records.

Loaded when one of them runs (chainmap_cli.main's lazy subcommands); the workbook writer
(chainmap.render.export, openpyxl) only when an output needs it.
"""

from __future__ import annotations

from pathlib import Path

import click

from chainmap.config import Settings
from chainmap.db import connect_checked
from chainmap.queries import query_chains, query_firms, query_info
from chainmap.views.firm_table import FIRM_HEADERS_ZH, firm_records, firms_frame
from chainmap_cli.options import LANG_OPTION, TEXT, OutputFile, known_chain
from chainmap_cli.tables import app, print_records

__all__ = ["FIRM_COLUMNS", "INFO_COLUMNS", "firms", "info"]


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@LANG_OPTION
@click.pass_obj
def info(settings: Settings, as_json: bool, lang: str | None) -> None:
    """What the database holds."""
    from chainmap.render.export import write_json

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


@click.command()
@click.option("--chain", default=None, type=TEXT, help="Only firms on this chain (e.g. rail).")
@click.option("--json", "as_json", is_flag=True)
@click.option("--xlsx", "xlsx_path", type=OutputFile())
@click.option("--csv", "csv_path", type=OutputFile())
@LANG_OPTION
@click.pass_obj
def firms(settings: Settings, chain: str | None, as_json: bool, xlsx_path: Path | None,
          csv_path: Path | None, lang: str | None) -> None:
    """One record per firm with its region, precision, chains, role and sources."""
    from chainmap.render.export import write_csv, write_json, write_xlsx

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
