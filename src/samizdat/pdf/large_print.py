"""The large-print edition: the same PDF set at 18 pt by one more stylesheet, ragged right
and unhyphenated.

Large-print guidance (RNIB and UKAAF's, APH's) asks for an even word space and whole words:
a reader with low vision loses the line at a wide space and the word at a hyphen. The
edition is therefore set ragged right with a shallow rag (the line planner's ragged mode)
and never hyphenated, whatever the book's justify says."""

from __future__ import annotations

import logging
from pathlib import Path

from ..core.diagnostics import Report
from ..core.model import Book
from ..core.stage_timer import Clock
from ..source.stylesheet import stylesheet
from .layout import render_pdf, write_pdf_bytes
from .lines import Settings

log = logging.getLogger(__name__)
LARGE_PRINT = Settings(justify=False, hyphenate=False)


def render(book: Book, report: Report, timings: dict, **options) -> tuple[bytes, Book]:
    """The large-print PDF's bytes, and the book unchanged."""
    clock = Clock(timings)
    extra = stylesheet(Path(book.root), "large-print.css")
    document = render_pdf(book, report, extra_stylesheets=[extra], settings=LARGE_PRINT,
                          notes_apart=True, **options)
    log.info("laid out %d large-print pages (%.2f s)", len(document.pages), clock.lap("layout"))
    data = write_pdf_bytes(document, book)
    clock.lap("pdf writing")
    return data, book
