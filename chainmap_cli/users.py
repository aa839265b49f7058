"""`chainmap user …`: the people who may log in (docs/security.md).

    chainmap user add NAME --role editor       # asks for the password twice
    echo "$PW" | chainmap user add NAME --role admin --password-stdin
    chainmap user passwd NAME [--password-stdin]
    chainmap user remove NAME
    chainmap user list
"""

from __future__ import annotations

import sys

import click

from chainmap.accounts.users import (
    Role,
    UserError,
    add_user,
    read_users,
    remove_user,
    write_user_change,
)
from chainmap.config import Settings

__all__ = ["user_group"]

ROLES = click.Choice([r.value for r in Role])


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("password", hide_input=True, confirmation_prompt=True)


def _change(settings: Settings, change) -> None:
    try:
        write_user_change(settings.users_path, change)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group("user")
def user_group() -> None:
    """Accounts for the web app: viewer, editor (imports, overrides) or admin."""


@user_group.command("add")
@click.argument("name")
@click.option("--role", type=ROLES, default=Role.VIEWER.value, show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from one stdin line.")
@click.pass_obj
def add(settings: Settings, name: str, role: str, password_stdin: bool) -> None:
    """Add a user (the password is asked for, never given on the command line)."""
    password = _password(password_stdin)
    _change(settings, lambda users: add_user(users, name, role, password))
    click.echo(f"added {name} ({role}) to {settings.users_path}")


@user_group.command("passwd")
@click.argument("name")
@click.option("--role", type=ROLES, default=None, help="Also change the role.")
@click.option("--password-stdin", is_flag=True)
@click.pass_obj
def passwd(settings: Settings, name: str, role: str | None, password_stdin: bool) -> None:
    """Set a user's password (and optionally role)."""
    password = _password(password_stdin)

    def change(users):
        if name not in users:
            raise UserError(f"no user {name!r}")
        return add_user(users, name, role or users[name].role, password, replace=True)

    _change(settings, change)
    click.echo(f"changed {name}")


@user_group.command("remove")
@click.argument("name")
@click.pass_obj
def remove(settings: Settings, name: str) -> None:
    """Remove a user (their open sessions stop working at once)."""
    _change(settings, lambda users: remove_user(users, name))
    click.echo(f"removed {name}")


@user_group.command("list")
@click.pass_obj
def list_users(settings: Settings) -> None:
    """Names and roles (never hashes)."""
    try:
        users = read_users(settings.users_path)
    except UserError as exc:
        raise click.ClickException(str(exc)) from exc
    for user in sorted(users.values(), key=lambda u: u.name):
        click.echo(f"{user.name:<24} {user.role.value:<7} {user.created}")
