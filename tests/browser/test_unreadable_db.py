"""What a person sees when the database file is damaged: the message, not a blank page."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from tests.browser.chromium import wait
from tests.corrupt_db import damaged_copy
from tests.serving import serve

pytestmark = pytest.mark.browser


def test_a_damaged_database_shows_what_to_do(built_settings, browser, tmp_path):
    """The table blocks fail their checksums: the file opens, every page's query fails."""
    db = damaged_copy(built_settings.db_path, tmp_path / "chainmap.duckdb", "flipped_blocks")
    with serve(db) as url:
        for path in ("/chain?chain=rail&lang=en", "/firms"):
            browser.get(url + path)
            wait(browser, 20).until(
                ec.visibility_of_element_located((By.ID, "db-unreadable")))
            text = browser.find_element(By.ID, "db-unreadable").text
            assert "数据库无法读取" in text and "The database cannot be read" in text
            assert f"数据库文件 {db} 已损坏或无法读取" in text
            assert f"The database file {db} is damaged" in text
            assert browser.find_element(By.ID, "db-unreadable-command").text == \
                f"chainmap --db {db} build"
            assert f"{db}.imports" in text
        browser.save_screenshot(str(tmp_path / "unreadable-db.png"))
        severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert not severe  # no callback answered 500
