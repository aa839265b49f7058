"""Subcommands loaded when they are used: `chainmap import qcc` does not import the map, the
workbook writer or the reports (issue #19: the CLI's start is part of a small import's time).

click's "Lazily Loading Subcommands" pattern (a ``click.Group`` subclass that names its
subcommands without importing them and imports a subcommand's module when ``get_command``
asks for it), with the table of lazy subcommands kept in the group's ``commands`` mapping
itself rather than beside it: click reads ``Group.commands`` directly too (the "Did you
mean …?" of an unknown command lists its keys), and so do tools that walk the commands
(tests/cli/test_cli_fuzz.py). The names are there from the start; a command's module is
imported the first time its command is looked up (``chainmap --help`` looks them all up for
their short help), then kept.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping

import click

__all__ = ["LazyCommands", "LazyGroup"]


class LazyCommands(MutableMapping):
    """A group's subcommands by name: the commands given, and ``lazy`` (name -> ``module:attr``)
    imported on first access. Iterating gives the names and imports nothing."""

    def __init__(self, commands: Mapping[str, click.Command], lazy: Mapping[str, str]) -> None:
        self._loaded: dict[str, click.Command] = dict(commands)
        self._lazy: dict[str, str] = {n: p for n, p in lazy.items() if n not in self._loaded}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded and name in self._lazy:
            self._loaded[name] = _load(name, self._lazy.pop(name))
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._lazy.pop(name, None)
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if name in self._lazy:
            del self._lazy[name]
        else:
            del self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter([*self._loaded, *self._lazy])

    def __len__(self) -> int:
        return len(self._loaded) + len(self._lazy)

    def __contains__(self, name: object) -> bool:
        return name in self._loaded or name in self._lazy


def _load(name: str, path: str) -> click.Command:
    module, attr = path.split(":")
    command = getattr(importlib.import_module(module), attr)
    if not isinstance(command, click.Command) or command.name != name:
        raise TypeError(f"{path} is not the click command {name!r}")
    return command


class LazyGroup(click.Group):
    """A group whose ``lazy_subcommands`` (name -> ``module:attr``) are imported when used:
    ``list_commands`` names them all, ``get_command`` imports only the one asked for."""

    def __init__(self, *args, lazy_subcommands: Mapping[str, str] | None = None,
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.commands = LazyCommands(self.commands, lazy_subcommands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self.commands)  # the names only: nothing is imported

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self.commands.get(cmd_name)  # imports the command's module the first time
