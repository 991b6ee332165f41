"""The booklet edition: the handout laid out on half sheets and imposed for saddle stitching.

Pages are laid out by WeasyPrint at the half-sheet size (A5, or half-letter for a Letter
book), never scaled down. They are padded with blanks to a multiple of four and placed two
to a landscape sheet in duplex order: print double-sided, flipping on the short edge, fold
the stack in half, staple the fold.
"""

from __future__ import annotations

import dataclasses
import io
import logging
from pathlib import Path

from pypdf import PdfReader, PdfWriter, Transformation

from ..core.diagnostics import Report
from ..core.model import Book
from ..core.stage_timer import Clock
from ..source.stylesheet import stylesheet
from .layout import render_pdf, write_pdf_bytes

HALF = {"a4": "a5", "a5": "a5", "letter": "half-letter"}       # the page size of the booklet
SHEET = {"a5": (841.89, 595.28), "half-letter": (792.0, 612.0)}  # landscape sheet, in points

log = logging.getLogger(__name__)


def render(book: Book, report: Report, timings: dict, **options) -> tuple[bytes, Book]:
    """The imposed booklet's bytes, and the book unchanged."""
    clock = Clock(timings)
    paper = HALF[book.metadata.paper]
    half = dataclasses.replace(book, metadata=dataclasses.replace(book.metadata, paper=paper))
    extra = [*options.pop("extra_stylesheets", ()), stylesheet(Path(book.root), "booklet.css")]
    document = render_pdf(half, report, extra_stylesheets=extra, **options)
    log.info("laid out %d %s pages for the booklet (%.2f s)", len(document.pages), paper,
             clock.lap("layout"))
    data = impose(write_pdf_bytes(document, half), SHEET[paper])
    clock.lap("pdf writing")
    return data, book


def side_order(pages: int) -> list[tuple[int, int]]:
    """(left, right) page numbers of each printed side; numbers above `pages` are blanks."""
    m = -(-pages // 4) * 4
    sides = []
    for sheet in range(m // 4):
        sides.append((m - 2 * sheet, 2 * sheet + 1))       # front of the sheet
        sides.append((2 * sheet + 2, m - 2 * sheet - 1))   # back, read after a short-edge flip
    return sides


def impose(data: bytes, sheet: tuple[float, float]) -> bytes:
    """Two half-size pages to a landscape sheet, in saddle-stitch order."""
    reader = PdfReader(io.BytesIO(data))
    pages = list(reader.pages)
    width, height = sheet
    writer = PdfWriter()
    for left, right in side_order(len(pages)):
        side = writer.add_blank_page(width, height)
        for number, x in ((left, 0.0), (right, width / 2)):
            if number <= len(pages):
                page = pages[number - 1]
                dx = x + (width / 2 - float(page.mediabox.width)) / 2
                dy = (height - float(page.mediabox.height)) / 2
                side.merge_transformed_page(page, Transformation().translate(dx, dy))
        side.compress_content_streams()
    if reader.metadata:
        writer.add_metadata({k: v for k, v in reader.metadata.items() if k != "/Producer"})
    writer.compress_identical_objects()  # each side would otherwise carry its own fonts
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
