from __future__ import annotations

import stat
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest

from chainmap.accounts.secret_key import load_secret_key
from chainmap.config import Settings, load_settings


def test_a_key_file_is_made_once_beside_the_database_with_mode_0600(tmp_path):
    settings = Settings(db_path=tmp_path / "x.duckdb")
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: load_secret_key(settings), range(16)))
    assert len(keys) == 1 and len(keys.pop()) >= 32
    path = tmp_path / "x.secret"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.secret"]


def test_a_readable_key_file_is_refused(tmp_path):
    settings = Settings(db_path=tmp_path / "x.duckdb")
    load_secret_key(settings)
    (tmp_path / "x.secret").chmod(0o644)
    with pytest.raises(PermissionError):
        load_secret_key(settings)


def test_the_environment_key_wins_and_must_be_long(tmp_path, monkeypatch):
    monkeypatch.setenv("CHAINMAP_SECRET_KEY", "k" * 40)
    settings = load_settings(tmp_path / "x.duckdb")
    assert load_secret_key(settings) == "k" * 40
    assert not (tmp_path / "x.secret").exists()
    with pytest.raises(ValueError):
        load_secret_key(replace(settings, secret_key="short"))


def test_auth_settings_come_from_the_environment(tmp_path, monkeypatch):
    settings = load_settings(tmp_path / "x.duckdb")
    assert settings.auth_required is False and settings.max_upload_mb == 50
    assert settings.users_path == tmp_path / "x.users.json"
    monkeypatch.setenv("CHAINMAP_AUTH", "required")
    monkeypatch.setenv("CHAINMAP_MAX_UPLOAD_MB", "5")
    monkeypatch.setenv("CHAINMAP_USERS_FILE", str(tmp_path / "people.json"))
    settings = load_settings(tmp_path / "x.duckdb")
    assert settings.auth_required and settings.max_upload_mb == 5
    assert settings.users_path == tmp_path / "people.json"
    assert "k" * 8 not in repr(replace(settings, secret_key="k" * 40))
    monkeypatch.setenv("CHAINMAP_AUTH", "requried")
    with pytest.raises(ValueError, match="CHAINMAP_AUTH"):
        load_settings()
