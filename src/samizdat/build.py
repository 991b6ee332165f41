"""The stages in order: load and check, one pandoc pass, the Book, render, then write."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from .atomic import write_atomic
from .clock import Clock
from .diagnostics import BookError, Report
from .formats import BY_NAME, FORMATS, output_name
from .model import Book
from .pandoc import PandocRun
from .source.read import load_sources, reading_keys
from .source.rules import check_sources
from .source.scan import scan_book

log = logging.getLogger(__name__)


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
        html = run.result(report, found)
        clock.lap("pandoc")
    from .assemble import assemble_book  # lxml's import, too, overlaps the pandoc run

    book = assemble_book(sources, html, found, report)
    clock.lap("assemble")
    if report.has_errors:
        raise BookError(report)
    return book


def output_path(book: Book, fmt: str) -> Path:
    """Where a format's file is written: build/ in the book folder."""
    return Path(book.root) / "build" / output_name(book.metadata.basename, fmt)


def build(root: Path | str, formats=("pdf", "epub"), report: Report | None = None, *,
          paper: str | None = None, strict: bool = False, timeout: float | None = None,
          timings: dict[str, float] | None = None) -> dict[str, Path]:
    """Build the requested formats from one pandoc pass; write nothing unless all succeed."""
    report = report if report is not None else Report()
    timings = timings if timings is not None else {}
    renderers = {}

    def import_renderers():
        for fmt in formats:
            renderers[fmt] = import_module(BY_NAME[fmt].renderer).render

    book = load_book(root, report, while_pandoc_runs=import_renderers, timings=timings)
    if paper:
        book = dataclasses.replace(book, metadata=dataclasses.replace(book.metadata, paper=paper))
    files = len({c.source for c in book.chapters})
    log.info("read %d manuscript file%s: %d sections, %d notes (%.2f s)", files,
             "s" if files != 1 else "", len(book.chapters), len(book.notes),
             sum(timings.values()))
    options = {"timeout": timeout} if timeout else {}
    rendered = {}
    order = [f.name for f in FORMATS]
    for fmt in sorted(formats, key=order.index):  # the PDF first: its pages go into the EPUB
        rendered[fmt], book = renderers[fmt](book, report, timings, **options)
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
        log.info("wrote %s (%.0f KiB)", path, len(data) / 1024)
    clock.lap("write files")
    return written
