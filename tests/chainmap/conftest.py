from __future__ import annotations

import os

import pytest

from chainmap.render.chromium import RenderUnavailableError, find_chromium


@pytest.fixture(scope="session")
def chromium() -> str:
    """Chromium for rendering tests: skipped where it is missing, required in CI."""
    try:
        return find_chromium()
    except RenderUnavailableError:
        if os.environ.get("CI"):
            pytest.fail("Chromium missing in CI: scripts/setup.sh test installs it")
        pytest.skip("chromium is not installed")
