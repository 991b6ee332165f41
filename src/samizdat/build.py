"""The stages in order: load and check, one pandoc pass, the Book, render, then write."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from pathlib import Path

from .assemble import assemble_book, reading_keys
from .check import check_sources
from .diagnostics import BookError, Report
from .load import load_sources
from .model import Book
from .output import write_atomic
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


FORMATS = ("pdf", "epub")


def output_path(book: Book, fmt: str) -> Path:
    return Path(book.root) / "build" / f"{book.metadata.basename}.{fmt}"


def build(root: Path | str, formats=FORMATS, report: Report | None = None, *,
          paper: str | None = None, strict: bool = False, timeout: float | None = None,
          progress: Callable[[str], None] = lambda message: None) -> dict[str, Path]:
    """Build the requested formats from one pandoc pass; write nothing unless all succeed."""
    report = report if report is not None else Report()
    started = time.perf_counter()
    book = load_book(root, report)
    if paper:
        book = dataclasses.replace(book, metadata=dataclasses.replace(book.metadata, paper=paper))
    progress(f"read {len(book.chapters)} chapters, {len(book.notes)} notes "
             f"({time.perf_counter() - started:.2f} s)")
    options = {"timeout": timeout} if timeout else {}
    rendered = {fmt: RENDERERS[fmt](book, report, progress, **options) for fmt in formats}
    if strict:
        report.promote_warnings()
    if report.has_errors:
        raise BookError(report)
    written = {}
    for fmt, data in rendered.items():
        path = output_path(book, fmt)
        write_atomic(path, data)
        written[fmt] = path
        progress(f"wrote {path} ({len(data) / 1024:.0f} KiB)")
    return written


def render_pdf_bytes(book: Book, report: Report, progress, **options) -> bytes:
    from .pdf import render_pdf, write_pdf_bytes  # WeasyPrint is imported only for the PDF

    started = time.perf_counter()
    document = render_pdf(book, report, **options)
    pages = len(document.pages)
    progress(f"laid out {pages} page{'s' if pages != 1 else ''} "
             f"({time.perf_counter() - started:.2f} s)")
    return write_pdf_bytes(document, book)


def render_epub_bytes(book: Book, report: Report, progress, **options) -> bytes:
    from .epub import render_epub

    return render_epub(book)


RENDERERS = {"pdf": render_pdf_bytes, "epub": render_epub_bytes}
