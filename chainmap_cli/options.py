"""The value types of the `chainmap` options: each value is checked once, where it enters.

A value outside its type is a usage error (one line, exit status 2) before the command
opens the database: ``--km`` a positive finite number, counts within their range, an output
file a file whose folder can be made and written.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import click

__all__ = ["COUNT", "KM", "LANG_OPTION", "NON_NEGATIVE", "PORT", "FiniteFloat", "OutputFile"]


class FiniteFloat(click.FloatRange):
    """A float in a range, and a number: ``nan`` and ``inf`` are refused (``float()`` takes
    both, and FloatRange lets NaN through: it compares false with every bound)."""

    name = "number"

    def convert(self, value, param, ctx):
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


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

# the language of a table printed for people (chainmap_cli.tables); None: Settings.language
LANG_OPTION = click.option(
    "--lang", type=click.Choice(["zh", "en"]), default=None,
    help="Language of the table's headers and words (default: $CHAINMAP_LANG, else zh).")
