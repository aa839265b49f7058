"""No `chainmap` command ends in a traceback: every option and argument of every subcommand is
given hypothesis-made values, through click's CliRunner, against a copy of the built database.

The commands and their parameters are read from ``chainmap_cli.main:cli`` (a new option is fuzzed
without editing this file); values come from the parameter's click type: choices and words,
numbers (negative, 0, NaN, inf, 10**21, text), output paths (a folder, a missing folder, a
path through a file; a relative one stays in the test's folder, where the commands run),
hostile strings (SQL, HTML, paths, RTL, invalid UTF-8 as the shell passes it: surrogate
escapes; never NUL, which no argv can hold), required options left out. A run may succeed
(0) or fail with click's one-line message: a usage error (2) or a handled error (1,
``Error: …``); no exception but SystemExit may escape, and no traceback.

Skipped: ``serve`` (serves until stopped), ``build`` (rebuilds the whole database; its
failure paths: tests/etl), ``export bundle`` and PNG/PDF formats (Chromium, seconds each:
tests/browser). The import commands get missing, empty and folder paths only (a real
import builds the database: tests/cli/test_cli_import.py, tests/corpus).
"""

from __future__ import annotations

import shutil

import click
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chainmap_cli.main import cli

EXAMPLES = 25  # per command
SKIP = {("serve",), ("build",), ("export", "bundle")}
IMPORTS = {("import", kind) for kind in ("qcc", "tushare", "chainkg", "csv", "links")}
CHROMIUM_FORMATS = {"png", "pdf"}
HOSTILE = ["", " ", "-", "--", "zzz", "999999", "x'); DROP TABLE dim_firm; --",
           "<script>alert(1)</script>", "../../../etc/passwd", "\u202e", "🚄", "\udcff\udcfe",
           "a" * 3000, "None", "%s", "{0}", "\\", "'", '"', "\n", "-1", "nan", "1e309"]
DOMAIN = ["rail", "grid", "robot", "engine", "500000", "500116", "510100", "chengyu", "Z500001",
          "zh", "en", "coverage", "supply", "targets", "500000,500116", "viewer", "editor",
          "cq_gearbox", "重庆长客", "rail.bearings", "qcc-0000000000000000"]
NUMBERS = ["nan", "inf", "-inf", "1e309", "0", "-0", "-5", "0.5", "1", "3", "30", "1e-300",
           str(10 ** 21), str(-(10 ** 21)), "0x10", "1_000", " 7 "]


def _text() -> st.SearchStrategy[str]:
    # argv holds no NUL; invalid UTF-8 reaches Python as surrogate escapes (\udc80-\udcff)
    return st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",))
                   | st.sampled_from("\udc80\udcff"), max_size=12)


WORDS = st.one_of(st.sampled_from(DOMAIN + HOSTILE), _text())


def leaf_commands(group: click.Group = cli, path: tuple[str, ...] = ()):
    """(path, command) of every runnable subcommand, depth first."""
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from leaf_commands(command, (*path, name))
        else:
            yield (*path, name), command


def _paths(tmp, command_path: tuple[str, ...]) -> st.SearchStrategy[str]:
    places = [tmp / "out", tmp / "missing" / "deeper" / "out", tmp / "file.txt" / "out"]
    suffixes = ["csv", "xlsx", "html", "svg", "json", "txt", ""]
    built = st.builds(lambda p, s: f"{p}.{s}" if s else str(p), st.sampled_from(places),
                      st.sampled_from(suffixes))
    fixed = [str(tmp), str(tmp / "file.txt"), str(tmp / "empty.csv"), str(tmp / "nope.csv"),
             "~", ".", "..", "../up.csv", "a/b/../c.csv"]
    if command_path in IMPORTS:  # never a real import: see the module's docstring
        return st.sampled_from([str(tmp), str(tmp / "empty.csv"), str(tmp / "nope.csv"),
                                str(tmp / "nowhere" / "x.csv"), "-", ""])
    # a word is a path relative to the test's folder (the tests run there): never one that
    # leaves it (absolute, or climbing with ..), for the commands write where they are told
    inside = WORDS.filter(lambda w: not w.startswith(("/", "\\")) and ".." not in w)
    return st.one_of(built, st.sampled_from(fixed), inside)


def _values(param: click.Parameter, tmp, command_path) -> st.SearchStrategy[str]:
    kind = param.type
    if isinstance(kind, click.Choice):
        choices = [c for c in kind.choices if c not in CHROMIUM_FORMATS]
        return st.one_of(st.sampled_from(choices), WORDS)
    if isinstance(kind, click.Path):
        return _paths(tmp, command_path)
    if isinstance(kind, click.types._NumberParamTypeBase):
        numbers = st.integers(min_value=-(2 ** 70), max_value=2 ** 70).map(str)
        floats = st.floats(allow_nan=True, allow_infinity=True).map(repr)
        return st.one_of(st.sampled_from(NUMBERS), numbers, floats, WORDS)
    return WORDS


def _argv(param: click.Parameter, value: str | None) -> list[str]:
    if isinstance(param, click.Argument):
        return [value] if value is not None else []
    if param.is_flag:
        return [param.opts[0]] if value else []
    return [param.opts[0], value] if value is not None else []


def invocation(command: click.Command, command_path, tmp) -> st.SearchStrategy[list[str]]:
    """argv after the command's path: each parameter given a value or left out, the options
    in any order, the arguments in theirs."""
    parts = []
    for param in command.params:
        if param.name == "help":
            continue
        if isinstance(param, click.Option) and param.is_flag:
            value = st.booleans()
        else:
            value = _values(param, tmp, command_path)
        # a required one is mostly given (else only its usage error is ever seen)
        weights = st.one_of(value, value, value, st.none()) if param.required \
            else st.one_of(value, st.none())
        parts.append(weights.map(lambda v, p=param: (p, v)))
    return st.tuples(*parts).flatmap(lambda pairs: st.permutations(
        [_argv(p, v) for p, v in pairs if isinstance(p, click.Option)]).map(
        lambda options: [a for chunk in options for a in chunk]
        + [a for p, v in pairs if isinstance(p, click.Argument) for a in _argv(p, v)]))


@pytest.fixture(scope="module")
def fuzz_root(built_settings, tmp_path_factory):
    """A copy of the built database (user and import commands write beside it) and a few
    files and folders the paths point at."""
    root = tmp_path_factory.mktemp("cli-fuzz")
    shutil.copy(built_settings.db_path, root / "chainmap.duckdb")
    (root / "file.txt").write_text("a file, not a folder\n", "utf-8")
    (root / "empty.csv").write_bytes(b"")
    (root / "cwd").mkdir()
    return root


COMMANDS = [(p, c) for p, c in leaf_commands() if p not in SKIP]


def test_every_subcommand_is_fuzzed_or_named_as_skipped():
    paths = {p for p, _ in leaf_commands()}
    assert paths >= SKIP and paths >= IMPORTS
    assert {("report",), ("firms",), ("export", "map"), ("import", "quarantine"),
            ("user", "add")} <= {p for p, _ in COMMANDS}


def _check(result, argv) -> None:
    """Exit 0, or click's one-line error (1 handled, 2 usage); nothing else escapes."""
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        (argv, repr(result.exception))
    assert "Traceback" not in result.output, (argv, result.output[-2000:])
    if result.exit_code != 0:
        assert result.exit_code in (1, 2), (argv, result.exit_code, result.output[-500:])
        assert "Error" in result.output or "Aborted" in result.output, \
            (argv, result.output[-500:])


@pytest.mark.parametrize(("command_path", "command"), COMMANDS,
                         ids=[" ".join(p) for p, _ in COMMANDS])
def test_no_option_value_ends_in_a_traceback(fuzz_root, command_path, command, monkeypatch):
    monkeypatch.chdir(fuzz_root / "cwd")  # relative output paths land in the test's folder
    db = st.sampled_from([str(fuzz_root / "chainmap.duckdb")] * 6 + [
        str(fuzz_root / "none.duckdb"), str(fuzz_root / "missing" / "x.duckdb"),
        str(fuzz_root)])

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(db=db, args=invocation(command, command_path, fuzz_root),
           stdin=st.one_of(st.just("a-long-password-1\na-long-password-1\n"), _text()))
    def fuzz(db, args, stdin):
        argv = ["--db", db, *command_path, *args]
        _check(CliRunner().invoke(cli, argv, input=stdin), argv)

    fuzz()


@pytest.mark.parametrize("args", [
    ["--km", "-5"], ["--km", "nan"], ["--km", "inf"], ["--km", "0"], ["--top", "-5"],
    ["--top", "0"], ["--weak-max", "-1"], ["--strong-min", "0"],
    ["--weak-max", "5", "--strong-min", "5"]])
def test_nonsense_numbers_are_usage_errors(fuzz_root, args):
    """These ran with exit 0 before (#22.8): now click's one-line usage error, exit 2."""
    result = CliRunner().invoke(cli, ["--db", str(fuzz_root / "chainmap.duckdb"), "report",
                                      "supply", "--chain", "rail", *args])
    assert result.exit_code == 2, result.output
    assert f"Invalid value for {args[-2]!r}" in result.output \
        or "Invalid value for --strong-min" in result.output


def test_valid_numbers_run_as_before(fuzz_root):
    result = CliRunner().invoke(cli, ["--db", str(fuzz_root / "chainmap.duckdb"), "report",
                                      "supply", "--chain", "rail", "--km", "30", "--top", "3",
                                      "--weak-max", "0", "--strong-min", "1", "--json"])
    assert result.exit_code == 0, result.output
    assert '"km": 30.0' in result.output


@pytest.mark.parametrize("command", [["firms"], ["report", "coverage", "--chain", "rail"]])
def test_an_output_file_in_a_missing_folder_is_written_and_a_folder_is_refused(fuzz_root,
                                                                                command):
    """--xlsx into a missing folder was a FileNotFoundError traceback: the folder is made,
    as `chainmap export` always did; a folder or a path through a file is a usage error."""
    db = ["--db", str(fuzz_root / "chainmap.duckdb")]
    out = fuzz_root / "new" / command[0] / "out.xlsx"
    result = CliRunner().invoke(cli, [*db, *command, "--xlsx", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    for bad in (str(fuzz_root), str(fuzz_root / "file.txt" / "x.csv")):
        result = CliRunner().invoke(cli, [*db, *command, "--csv", bad])
        assert result.exit_code == 2 and "Invalid value for '--csv'" in result.output, \
            result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("args", [
    ["import", "quarantine", "--batch", "\udcff\udcfe"],
    ["import", "review", "--batch", "a\x00b"],
    ["firms", "--chain", "\udcff"],
    ["report", "coverage", "--chain", "rail", "--remove", "\udcfe"],
    ["progress", "add", "output_value", "--year", "\udcff", "--value", "1", "--source", "s"],
])
def test_undecodable_or_nul_text_is_a_usage_error(built_settings, args):
    """Bytes the terminal could not decode reach Python as lone surrogates, which no database
    driver takes: a usage error naming the option, not a driver's RuntimeError."""
    done = CliRunner().invoke(cli, ["--db", str(built_settings.db_path), *args])
    assert done.exit_code == 2, done.output
    assert "not valid text" in done.output or "NUL" in done.output
