"""The stages in order: load and check, one pandoc pass, the Book, then the writers."""

from __future__ import annotations

from pathlib import Path

from .assemble import assemble_book, reading_keys
from .check import check_sources
from .diagnostics import BookError, Report
from .load import load_sources
from .model import Book
from .pandoc import run_pandoc
from .scan import scan_book


def load_book(root: Path | str, report: Report | None = None) -> Book:
    """Read and check every input, run pandoc once, return the frozen model."""
    report = report if report is not None else Report()
    sources = load_sources(Path(root), report)
    found = scan_book(sources.chapters)
    check_sources(sources, found, report)
    if report.has_errors:
        raise BookError(report)
    html = run_pandoc(sources, reading_keys(sources), report)
    book = assemble_book(sources, html, found, report)
    if report.has_errors:
        raise BookError(report)
    return book
