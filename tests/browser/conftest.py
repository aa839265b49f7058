from __future__ import annotations

import os

import pytest

from tests.browser.chromium import chromium_available, start_chromium
from tests.serving import serve


@pytest.fixture(scope="session")
def server(built_settings):
    """The app served from the test database on a free loopback port."""
    with serve(built_settings.db_path) as url:
        yield url


@pytest.fixture(scope="session")
def hostile_server(hostile_settings):
    """The app serving a database whose firms have hostile names (tests/hostile.py)."""
    with serve(hostile_settings.db_path) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not chromium_available():
        if os.environ.get("CI"):
            pytest.fail("Chromium/ChromeDriver missing in CI: scripts/setup.sh test installs them")
        pytest.skip("chromium and chromedriver are not installed")
    driver = start_chromium()
    yield driver
    driver.quit()
