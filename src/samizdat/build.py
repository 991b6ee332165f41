"""The stages in order: load and check, one pandoc pass, the Book, render, then write."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from .check import check_sources
from .clock import Clock
from .diagnostics import BookError, Report
from .load import load_sources, reading_keys
from .model import Book
from .output import write_atomic
from .pandoc import PandocRun
from .scan import scan_book


def load_book(root: Path | str, report: Report | None = None,
              while_pandoc_runs: Callable[[], object] = lambda: None,
              timings: dict[str, float] | None = None) -> Book:
    """Read and check every input, run pandoc once, return the frozen model.

    while_pandoc_runs is called while the pandoc process works: the renderers' imports
    take as long as pandoc does, and two cores can do both at once.
    """
    report = report if report is not None else Report()
    clock = Clock(timings)
    sources = load_sources(Path(root), report)
    with PandocRun(sources, reading_keys(sources)) as run:  # pandoc starts now and works
        found = scan_book(sources.chapters)                # while the checks run
        check_sources(sources, found, report)
        if report.has_errors:
            raise BookError(report)
        clock.lap("read and check")
        while_pandoc_runs()
        clock.lap("imports")
        html = run.result(report)
        clock.lap("pandoc")
    from .assemble import assemble_book  # lxml's import, too, overlaps the pandoc run

    book = assemble_book(sources, html, found, report)
    clock.lap("assemble")
    if report.has_errors:
        raise BookError(report)
    return book


FORMATS = ("pdf", "large-print", "booklet", "epub", "html")
SUFFIXES = {"pdf": ".pdf", "epub": ".epub", "large-print": "-large-print.pdf",
            "booklet": "-booklet.pdf", "html": ".html"}


def output_path(book: Book, fmt: str) -> Path:
    return Path(book.root) / "build" / f"{book.metadata.basename}{SUFFIXES[fmt]}"


def build(root: Path | str, formats=("pdf", "epub"), report: Report | None = None, *,
          paper: str | None = None, strict: bool = False, timeout: float | None = None,
          progress: Callable[[str], None] = lambda message: None,
          timings: dict[str, float] | None = None) -> dict[str, Path]:
    """Build the requested formats from one pandoc pass; write nothing unless all succeed."""
    report = report if report is not None else Report()
    timings = timings if timings is not None else {}
    renderers = {}

    def import_renderers():
        for fmt in formats:
            renderers[fmt] = import_module(RENDERERS[fmt]).render

    book = load_book(root, report, while_pandoc_runs=import_renderers, timings=timings)
    if paper:
        book = dataclasses.replace(book, metadata=dataclasses.replace(book.metadata, paper=paper))
    files = len({c.source for c in book.chapters})
    progress(f"read {files} manuscript file{'s' if files != 1 else ''}: "
             f"{len(book.chapters)} sections, {len(book.notes)} notes "
             f"({sum(timings.values()):.2f} s)")
    options = {"timeout": timeout} if timeout else {}
    rendered = {}
    for fmt in sorted(formats, key=FORMATS.index):  # the PDF first: its pages go into the EPUB
        extra = {"editions": formats} if fmt == "html" else {}  # the page links to them
        rendered[fmt], book = renderers[fmt](book, report, progress, timings, **options, **extra)
    if strict:
        report.promote_warnings()
    if report.has_errors:
        raise BookError(report)
    clock = Clock(timings)
    written = {}
    for fmt, data in rendered.items():
        path = output_path(book, fmt)
        write_atomic(path, data)
        written[fmt] = path
        progress(f"wrote {path} ({len(data) / 1024:.0f} KiB)")
    clock.lap("write files")
    return written


# Each renderer lives in its own module, imported only when its format is built:
# building the EPUB never imports WeasyPrint.
RENDERERS = {"pdf": "samizdat.pdf", "epub": "samizdat.epub",
             "large-print": "samizdat.large_print", "booklet": "samizdat.booklet",
             "html": "samizdat.web.page"}
