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


@pytest.fixture(autouse=True)
def _clean_browser(request):
    """Each test starts on a blank page with an empty console log, and leaves one.

    The session-wide browser outlives the per-module servers; without this a
    request still in flight when an earlier module's server stops shows up as a
    SEVERE console entry in whichever test reads the log next.
    """
    if "browser" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("browser")
    browser.get("about:blank")
    browser.get_log("browser")
    yield
    browser.get("about:blank")
