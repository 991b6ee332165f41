"""Headless Chromium for the browser tests: one way to start it, whichever page it opens."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars")


def headless_chromium(profile: Path, logs: tuple[str, ...] = (), setup: str = "make browser"):
    """A Chromium driver with its own profile folder; logs: the log kinds recorded
    ("browser", "performance"). Missing, it is a failure with the way to install it."""
    missing = [name for name in ("chromium", "chromedriver") if shutil.which(name) is None]
    if missing:
        pytest.fail(f"{' and '.join(missing)} not installed: {setup}", pytrace=False)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    if logs:
        options.set_capability("goog:loggingPrefs", dict.fromkeys(logs, "ALL"))
    return webdriver.Chrome(options=options,
                            service=Service(executable_path=shutil.which("chromedriver")))
