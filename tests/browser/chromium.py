"""Headless Chromium (Debian's /usr/bin/chromium) driven by Selenium, for tests and screenshots."""

from __future__ import annotations

import shutil
import tempfile

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

__all__ = ["chromium_available", "start_chromium", "wait"]

FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--disable-quic", "--lang=zh-CN", "--hide-scrollbars"]


def chromium_available() -> bool:
    return bool(shutil.which("chromium") and shutil.which("chromedriver"))


def start_chromium(width: int = 1440, height: int = 900) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    options.add_argument(f"--user-data-dir={tempfile.mkdtemp(prefix='chainmap-chromium-')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))


def wait(browser, timeout: float) -> WebDriverWait:
    """A wait that looks again when the page re-rendered an element it had just found."""
    return WebDriverWait(browser, timeout, ignored_exceptions=(StaleElementReferenceException,))
