"""samizdat preview: PNG images of the PDF's pages and of the web page at a phone's and a
desktop's size (headless Chromium), so both can be looked at without a viewer."""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from ..build.atomic import confined
from ..core.diagnostics import Report

log = logging.getLogger(__name__)

RESOLUTION = 100  # dots per inch: a whole A4 page fits a laptop screen
# Flags that work in containers and on machines without a display or a network.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--mute-audio")
SIZES = {"phone": (390, 844), "desktop": (1280, 800)}
INSTALL = "apt-get install chromium (make browser does it)"


def write_previews(root: Path, report: Report, paper: str | None = None) -> list[Path]:
    """The PDF's pages and the web page's two screens, in build/preview/."""
    return write_preview(root, report, paper) + write_web_preview(root, report)


def _built(root: Path, fmt: str, report: Report, paper: str | None = None) -> Path:
    """The format's file in build/, built first if missing (or for another paper)."""
    from ..build.pipeline import build, load_book, output_path

    path = output_path(load_book(root, Report()), fmt)
    if paper or not path.exists():
        path = build(root, (fmt,), report, paper=paper)[fmt]
    return path


def write_preview(root: Path, report: Report, paper: str | None = None) -> list[Path]:
    """Render build/NAME.pdf (built first if missing) into build/preview/page-NN.png."""
    import pypdfium2

    pdf = _built(root, "pdf", report, paper)
    folder = pdf.parent / "preview"
    confined(folder / "page-01.png")
    folder.mkdir(exist_ok=True)
    confined(folder / "page-01.png")  # build/preview itself may be a link
    for old in folder.glob("page-*.png"):
        old.unlink()
    started = time.perf_counter()
    document = pypdfium2.PdfDocument(str(pdf))
    pages = []
    try:
        for number in range(len(document)):
            image = document[number].render(scale=RESOLUTION / 72).to_pil()
            path = folder / f"page-{number + 1:02d}.png"
            image.save(path, optimize=True)
            pages.append(path)
    finally:
        document.close()
    log.info("wrote %d page images to %s (%.2f s)", len(pages), folder,
             time.perf_counter() - started)
    return pages


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
    page = _built(root, "html", report)
    if chromium() is None:
        report.warning("SZ513", f"no web page previews: Chromium is not installed; {INSTALL}")
        return []
    written = []
    for name, (width, height) in SIZES.items():
        target = page.parent / "preview" / f"web-{name}.png"
        screenshot(page, target, width, height)
        written.append(target)
    return written
