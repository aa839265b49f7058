from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from chainmap.config import PACKAGE_ROOT, Settings, load_settings
from chainmap.db import connect
from chainmap.render.chromium import RenderUnavailableError, find_chromium
from etl.pipeline import build_database

# CI runs the property tests on a fixed sequence of examples (a red CI must be reproducible);
# locally they keep exploring new ones
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

SHARED = PACKAGE_ROOT.parent / "shared"
PLAN_FILE = SHARED / "seed" / "chongqing-equipment-plan-2021-2025.md"


def _every_app_gets_every_callback() -> None:
    """Dash moves the callbacks registered with ``dash.callback`` (every page's) into the first
    app of the process that serves a request and forgets them. A server has one app; a test
    run makes several (tests/layouts), and a later one — the callback fuzz's — would have only
    its pages callback. Remember them from the first and give each later app copies."""
    import dash
    from dash import _callback

    setup, kept = dash.Dash._setup_server, {"map": {}, "list": []}

    def setup_server(self, *args, **kwargs):
        if _callback.GLOBAL_CALLBACK_MAP:
            kept["map"].update(_callback.GLOBAL_CALLBACK_MAP)
            kept["list"].extend(c for c in _callback.GLOBAL_CALLBACK_LIST if c not in kept["list"])
        else:
            _callback.GLOBAL_CALLBACK_MAP.update(
                {k: v for k, v in kept["map"].items() if k not in self.callback_map})
            _callback.GLOBAL_CALLBACK_LIST.extend(kept["list"])
        return setup(self, *args, **kwargs)

    dash.Dash._setup_server = setup_server


_every_app_gets_every_callback()


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory) -> Settings:
    """The shipped data built once into a temporary database."""
    db = tmp_path_factory.mktemp("db") / "chainmap.duckdb"
    settings = load_settings(db)
    build_database(settings)
    return settings


@pytest.fixture()
def con(built_settings):
    with connect(built_settings.db_path) as connection:
        yield connection


@pytest.fixture()
def data_copy(tmp_path) -> Settings:
    """A private copy of data/ that a test may break."""
    data = tmp_path / "data"
    shutil.copytree(PACKAGE_ROOT / "data", data, ignore=shutil.ignore_patterns("*.duckdb*"))
    return replace(load_settings(tmp_path / "db.duckdb"), data_dir=data)


@pytest.fixture(scope="session")
def plan_text() -> str:
    if not PLAN_FILE.exists():
        pytest.skip("../shared/seed is not beside this checkout")
    return PLAN_FILE.read_text("utf-8")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.exists():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def hostile_settings(tmp_path_factory) -> Settings:
    """The shipped data plus firms with hostile names (tests/hostile.py), built once."""
    from tests.hostile import add_hostile_firms

    root = tmp_path_factory.mktemp("hostile")
    shutil.copytree(PACKAGE_ROOT / "data", root / "data",
                    ignore=shutil.ignore_patterns("*.duckdb*", "*.secret", "*.users.json*"))
    add_hostile_firms(root / "data")
    settings = replace(load_settings(root / "hostile.duckdb"), data_dir=root / "data")
    build_database(settings)
    return settings


@pytest.fixture(scope="session")
def chromium() -> str:
    """Chromium for rendering tests: skipped where it is missing, required in CI."""
    try:
        return find_chromium()
    except RenderUnavailableError:
        if os.environ.get("CI"):
            pytest.fail("Chromium missing in CI: scripts/setup.sh test installs it")
        pytest.skip("chromium is not installed")
