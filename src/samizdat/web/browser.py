"""Headless Chromium for the web page: the screenshots of samizdat preview. (The tests drive
the same browser through Selenium; see tests/test_web.py.)"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from ..atomic import confined
from ..diagnostics import Report

# Flags that work in containers and on machines without a display or a network.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--mute-audio")
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
INSTALL = "apt-get install chromium (make browser does it)"


def chromium() -> str | None:
    """The path of the Chromium browser, or None."""
    return next((found for name in ("chromium", "chromium-browser", "google-chrome")
                 if (found := shutil.which(name))), None)


def screenshot(page: Path, target: Path, width: int, height: int, scale: float = 1) -> None:
    """The first screen of the page, as a phone or a desktop shows it."""
    binary = chromium()
    if binary is None:
        raise FileNotFoundError(f"Chromium is not installed: {INSTALL}")
    target.parent.mkdir(parents=True, exist_ok=True)
    confined(target)
    with tempfile.TemporaryDirectory(prefix="samizdat-chromium-") as profile:
        subprocess.run([binary, *FLAGS, f"--user-data-dir={profile}",
                        f"--window-size={width},{height}",
                        f"--force-device-scale-factor={scale}",
                        f"--screenshot={target}", page.resolve().as_uri()],
                       check=True, capture_output=True, timeout=60)


def write_web_preview(root: Path, report: Report) -> list[Path]:
    """build/preview/web-phone.png and web-desktop.png, the page built first if missing."""
    from ..build import build, load_book, output_path

    book = load_book(root, Report())
    page = output_path(book, "html")
    if not page.exists():
        page = build(root, ("html",), report)["html"]
    if chromium() is None:
        report.warning("SZ513", f"no web page previews: Chromium is not installed; {INSTALL}")
        return []
    written = []
    for name, (width, height) in SIZES.items():
        target = page.parent / "preview" / f"web-{name}.png"
        screenshot(page, target, width, height)
        written.append(target)
    return written
