"""The large-print edition: the same PDF set at 18 pt by one more stylesheet."""

from __future__ import annotations

import logging
from pathlib import Path

from ..core.diagnostics import Report
from ..core.model import Book
from ..core.stage_timer import Clock
from ..source.stylesheet import stylesheet
from .layout import render_pdf, write_pdf_bytes

log = logging.getLogger(__name__)


def render(book: Book, report: Report, timings: dict, **options) -> tuple[bytes, Book]:
    """The large-print PDF's bytes, and the book unchanged."""
    clock = Clock(timings)
    extra = stylesheet(Path(book.root), "large-print.css")
    document = render_pdf(book, report, extra_stylesheets=[extra], **options)
    log.info("laid out %d large-print pages (%.2f s)", len(document.pages), clock.lap("layout"))
    data = write_pdf_bytes(document, book)
    clock.lap("pdf writing")
    return data, book
