"""Headless Chromium for the tests that open a dossier in a real browser.

Debian's ``chromium`` and ``chromium-driver`` packages, driven by Selenium;
``.ci/run`` installs them, and the tests that need them are skipped only where
they are missing (``HAVE_BROWSER``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
HAVE_BROWSER = CHROMIUM is not None and os.path.exists(CHROMEDRIVER)
MISSING = "Chromium is not installed (apt-get install chromium chromium-driver); .ci/run installs it"

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--window-size=1280,800",
)


@contextmanager
def browser(profile: Path) -> Iterator[Any]:
    """Headless Chromium with its profile in ``profile``, its console and network logs kept."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or "chromium"
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()
