"""The large-print edition: the same PDF set at 18 pt by one more stylesheet."""

from __future__ import annotations

from pathlib import Path

from .clock import Clock
from .diagnostics import Report
from .load import stylesheet
from .model import Book
from .pdf import render_pdf, write_pdf_bytes


def render(book: Book, report: Report, progress, timings: dict,
           **options) -> tuple[bytes, Book]:
    clock = Clock(timings)
    extra = stylesheet(Path(book.root), "large-print.css")
    document = render_pdf(book, report, extra_stylesheets=[extra], **options)
    progress(f"laid out {len(document.pages)} large-print pages ({clock.lap('layout'):.2f} s)")
    data = write_pdf_bytes(document, book)
    clock.lap("pdf writing")
    return data, book
