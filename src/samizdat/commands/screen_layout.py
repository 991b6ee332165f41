"""samizdat check on the web page's layout: text printed over text (SZ411, as for the PDF),
measured in headless Chromium at a phone's, a tablet's and a desktop's width."""

from __future__ import annotations

import logging
from pathlib import Path

from ..core.diagnostics import Location, Report
from ..core.model import Book, squash

log = logging.getLogger(__name__)
INSTALL = "apt-get install chromium, or make browser"
LISTED = 12  # pairs named one by one; the rest are counted


def check_web_layout(book: Book, page: Path, report: Report) -> None:
    """Every pair of boxes printed over each other, once, with the widths that show it."""
    from .overlaps import page_overlaps
    from .preview import chromium

    if chromium() is None:
        report.note("SZ411", f"the layout of {page.name} is not checked for text printed over "
                    f"text: Chromium is not installed ({INSTALL})")
        return
    log.info("measuring %s in Chromium", page.name)
    try:
        found = page_overlaps(page)
    except Exception as error:  # noqa: BLE001 - a browser that fails is reported, not raised
        report.note("SZ411", f"the layout of {page.name} could not be measured in Chromium "
                    f"({error})")
        return
    pairs: dict[tuple[str, str], list[int]] = {}
    for width, overlaps in found.items():
        for first, second, _ in overlaps:
            pairs.setdefault((first, second), []).append(width)
    for (first, second), widths in list(pairs.items())[:LISTED]:
        at = " and ".join(str(w) for w in widths)
        report.warning("SZ411", f"{page.name} at {at} px wide: “{first}” is printed over "
                       f"“{second}”", _source(book, first, second))
    if len(pairs) > LISTED:
        report.warning("SZ411", f"{page.name}: {len(pairs) - LISTED} more pairs of texts are "
                       "printed over each other")


def check_built_page(root: Path, report: Report) -> None:
    """check_web_layout on the book's built page, when there is one and Chromium to measure
    it (without Chromium, preview has said so already)."""
    from ..build.pipeline import load_book, output_path
    from .preview import chromium

    if chromium() is None:
        return

    book = load_book(root, Report())
    page = output_path(book, "html")
    if page.exists():
        check_web_layout(book, page, report)


def _source(book: Book, *texts: str) -> Location | None:
    """The timeline event whose date or text is one of the two, where the data has it."""
    wanted = [squash(t) for t in texts]
    for event in book.timeline:
        if any(w and (w == squash(event.when_display) or squash(event.text).startswith(w))
               for w in wanted):
            return event.location
    return None
