"""The CLI's start (issue #19: a small import's time includes it): each command imports what it
uses, not the map, the workbook writer and the reports of every other (chainmap_cli.lazy)."""

from __future__ import annotations

import json
import subprocess
import sys

import click

from chainmap_cli.lazy import LazyCommands
from chainmap_cli.main import SUBCOMMANDS, cli

HEAVY = ("folium", "branca", "openpyxl", "chainmap.reports", "chainmap.analytics.coverage",
         "chainmap.render.bundle", "chainmap.render.export", "networkx")


def _loaded_after(code: str) -> list[str]:
    """The HEAVY modules a fresh interpreter holds after running ``code``."""
    script = ("import json, sys\n" + code
              + f"\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_import_commands_load_no_map_workbook_or_reports():
    assert _loaded_after(
        "import click\n"
        "from chainmap_cli.main import cli\n"
        "ctx = click.Context(cli, info_name='chainmap')\n"
        "group = cli.get_command(ctx, 'import')\n"
        "assert {'qcc', 'csv', 'quarantine'} <= set(group.list_commands(ctx))\n"
        "assert group.get_command(ctx, 'qcc').name == 'qcc'\n") == []


def test_import_qcc_help_loads_none_of_them():
    assert _loaded_after(
        "from chainmap_cli.main import cli\n"
        "try:\n"
        "    cli(['import', 'qcc', '--help'], prog_name='chainmap')\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n") == []


def test_every_command_is_named_without_loading_and_found_by_its_name():
    ctx = click.Context(cli, info_name="chainmap")
    names = cli.list_commands(ctx)
    assert names == sorted(names) and set(names) == {"build", "serve", *SUBCOMMANDS}
    for name in names:
        command = cli.get_command(ctx, name)
        assert isinstance(command, click.Command) and command.name == name
    assert cli.get_command(ctx, "imprt") is None


def test_lazy_commands_import_once_and_only_when_asked():
    loaded = click.Command("here")
    commands = LazyCommands({"here": loaded}, {"here": "nowhere:x",
                                               "user": "chainmap_cli.users:user_group"})
    assert list(commands) == ["here", "user"] and len(commands) == 2 and "user" in commands
    assert commands["here"] is loaded  # a command given is not replaced by a lazy one
    assert commands["user"] is commands["user"]
    assert commands.get("nosuch") is None
    commands["other"] = loaded
    del commands["user"]
    assert list(commands) == ["here", "other"]
