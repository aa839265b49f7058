"""The value types of the `chainmap` options: each value is checked once, where it enters.

A value outside its type is a usage error (one line, exit status 2) before the command
opens the database: ``--km`` a positive finite number, counts within their range, an output
file a file whose folder can be made and written. A chain or region is checked against the
database once it is open (``chainmap.selection``: ``selected`` for a report's selection,
``known_chain`` for a ``--chain`` filter) and passed down as valid.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import click
import duckdb

from chainmap.selection import (
    DEFAULT_REGION,
    LANGS,
    Selection,
    UnknownChainError,
    UnknownRegionError,
    check_chain,
    select,
)

__all__ = [
    "COUNT",
    "KM",
    "LANG",
    "LANG_OPTION",
    "NON_NEGATIVE",
    "PORT",
    "TEXT",
    "FiniteFloat",
    "OutputFile",
    "Text",
    "known_chain",
    "region_option",
    "selected",
]


class FiniteFloat(click.FloatRange):
    """A float in a range, and a number: ``nan`` and ``inf`` are refused (``float()`` takes
    both, and FloatRange lets NaN through: it compares false with every bound)."""

    name = "number"

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


class Text(click.ParamType):
    """Free text (a batch, a chain id, a source): refused when it cannot be text at all — a
    NUL, or bytes the terminal's encoding could not decode (Python hands them on as lone
    surrogates, which no database driver takes)."""

    name = "text"

    def convert(self, value, param, ctx):
        if not isinstance(value, str):
            return value
        if "\x00" in value:
            self.fail("text cannot hold a NUL character", param, ctx)
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            self.fail(f"{value!r} is not valid text (undecodable bytes)", param, ctx)
        return value


TEXT = Text()


class OutputFile(click.Path):
    """A file to write. Missing folders on its way are made, as ``chainmap export`` always
    did (chainmap.render.bundle), so every output option behaves alike; a path that is a folder, or
    one whose folder cannot be made or written, is a usage error before any work starts."""

    name = "file"

    def __init__(self) -> None:
        super().__init__(dir_okay=False, path_type=Path)

    def convert(self, value, param, ctx):
        if isinstance(value, str) and "\x00" in value:
            self.fail("a file name cannot hold a NUL character", param, ctx)
        path = super().convert(value, param, ctx)
        if path.name in ("", ".", ".."):
            self.fail(f"{str(value)!r} names a folder, not a file", param, ctx)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            self.fail(f"cannot make the folder {str(path.parent)!r}: a file is in the way",
                      param, ctx)
        except OSError as exc:
            self.fail(f"cannot make the folder {str(path.parent)!r}: {exc.strerror}", param, ctx)
        try:
            exists = path.stat() is not None
        except FileNotFoundError:
            exists = False
        except OSError as exc:  # a name too long, a loop of links …
            self.fail(f"{str(value)!r}: {exc.strerror}", param, ctx)
        if not os.access(path.parent, os.W_OK) or (exists and not os.access(path, os.W_OK)):
            self.fail(f"{str(value)!r} is not writable", param, ctx)
        return path


KM = FiniteFloat(min=0, min_open=True)
COUNT = click.IntRange(min=1)
NON_NEGATIVE = click.IntRange(min=0)
PORT = click.IntRange(min=1, max=65535)

LANG = click.Choice(LANGS)
# the language of a table printed for people (chainmap_cli.tables); None: Settings.language
LANG_OPTION = click.option(
    "--lang", type=LANG, default=None,
    help="Language of the table's headers and words (default: $CHAINMAP_LANG, else zh).")


def region_option(help_text: str):
    """``--region``, the default region when not given."""
    return click.option("--region", default=DEFAULT_REGION, show_default=True, help=help_text)


def known_chain(con: duckdb.DuckDBPyConnection, chain: str | None) -> str | None:
    """A ``--chain`` filter the database knows (None: no filter), else a usage error."""
    if chain is None:
        return None
    try:
        return check_chain(con, chain)
    except UnknownChainError as exc:
        raise click.BadParameter(str(exc), param_hint="--chain") from exc


def selected(con: duckdb.DuckDBPyConnection, chain: str, region: str,
             lang: str) -> Selection:
    """The selection of ``--chain``, ``--region`` and the language, checked once; an unknown
    chain or region ends the command with its one-line error (exit status 1)."""
    try:
        return select(con, chain, region, lang)
    except (UnknownChainError, UnknownRegionError) as exc:
        raise click.ClickException(str(exc)) from exc
