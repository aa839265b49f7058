"""The files the docs name beside the database are the files the code makes (issue #22.10:
security.md named ``<db>.users.json`` and ``<db>.secret``, the code writes
``<stem>.users.json`` and ``<stem>.secret``)."""

from __future__ import annotations

import re
from pathlib import Path

from chainmap.config import Settings

ROOT = Path(__file__).resolve().parent.parent
DOCS = ("docs/security.md", "docs/reliability.md", "docs/app.md", "README.md")


def _named(stem_pattern: str) -> str:
    """A docs pattern such as ``<stem>.users.json`` made into the name for chainmap.duckdb."""
    return stem_pattern.replace("<stem>", "chainmap").replace("<db>", "chainmap.duckdb")


def test_the_files_beside_the_database_are_named_as_the_code_names_them():
    settings = Settings(db_path=Path("/srv/data/chainmap.duckdb"))
    made = {settings.users_path.name, settings.secret_key_path.name,
            settings.login_state_path.name}
    assert made == {"chainmap.users.json", "chainmap.secret", "chainmap.logins.sqlite"}
    text = "\n".join((ROOT / doc).read_text("utf-8") for doc in DOCS)
    named = set(re.findall(r"`(<(?:stem|db)>\.(?:users\.json|secret|logins\.sqlite))`", text))
    assert {"<stem>.users.json", "<stem>.secret", "<stem>.logins.sqlite"} <= named
    wrong = {n for n in named if _named(n) not in made}
    assert not wrong, f"the docs name files the code does not make: {sorted(wrong)}"
