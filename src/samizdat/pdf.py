"""The WeasyPrint boundary: lay out the print HTML, check where every note landed, write PDF."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import os
import signal
import threading
from contextlib import contextmanager
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from .clock import Clock
from .dates import book_datetime
from .diagnostics import BookError, Report
from .fonts import font_dir, font_face_css
from .linebreak import lay_out_planned
from .load import stylesheet
from .model import Book
from .placement import check_layout, layout_score, page_breaks
from .print_html import render_print_html
from .sandbox import SandboxFetcher

PDF_VARIANT = "pdf/ua-1"


LAYOUT_TIMEOUT = 300


def render(book: Book, report: Report, progress, timings: dict,
           **options) -> tuple[bytes, Book]:
    """The PDF's bytes (layout with its checks, then the file), and the book with the
    printed pages' beginnings, for the EPUB's page list."""
    clock = Clock(timings)
    document = render_pdf(book, report, **options)
    pages = len(document.pages)
    progress(f"laid out {pages} page{'s' if pages != 1 else ''} "
             f"({clock.lap('layout'):.2f} s)")
    data = write_pdf_bytes(document, book)
    clock.lap("pdf writing")
    return data, dataclasses.replace(book, page_breaks=page_breaks(document))


def render_pdf(book: Book, report: Report, timeout: float = LAYOUT_TIMEOUT,
               extra_stylesheets: list[Path] = ()):
    """Lay out the book; returns the WeasyPrint document, already checked."""
    root = Path(book.root).resolve()
    sheets = [stylesheet(root, "print.css"), *(Path(s).resolve() for s in extra_stylesheets)]
    fetcher = SandboxFetcher(root, [s.parent for s in sheets] + [font_dir()])
    fonts = FontConfiguration()
    html = render_print_html(book, [s.as_uri() for s in sheets])
    with weasyprint_log(report), time_limit(timeout, report):
        font_css = CSS(string=font_face_css(), font_config=fonts, url_fetcher=fetcher)

        def lay_out(*extra, source=None):
            page = HTML(string=source or html, base_url=fetcher.base_url, url_fetcher=fetcher)
            return page.render(font_config=fonts, stylesheets=[font_css, *extra],
                               pdf_variant=PDF_VARIANT)

        html, first = lay_out_planned(html, lambda source: lay_out(source=source),
                                      lambda document: layout_score(document, book))
        document = search_layout(lay_out, book, first)
    for url in fetcher.refused:
        report.error(f"the PDF may not read {url}: only files inside the book folder are allowed")
    check_layout(document, book, report)
    return document


# WeasyPrint sometimes sets a note a page after its call, and a page can end up holding only
# a scrap. Keeping three lines of a paragraph at the head of a page, or a leading a hair
# tighter or looser (at most 1.5 %, invisible on the page), moves the page breaks; the first
# variant without such defects is kept.
LEADING_VARIANTS = (1.005, 0.995, 1.01, 0.99, 1.015, 0.985)
BREAK_VARIANTS = ("p { orphans: 3 !important }", "p { widows: 3 !important }")
SEARCH_PAGE_LIMIT = 60  # longer books are laid out once; their defects are reported


def search_layout(lay_out, book: Book, first=None):
    best = first or lay_out()
    best_score = layout_score(best, book)
    if not any(best_score) or len(best.pages) > SEARCH_PAGE_LIMIT:
        return best
    for variant in layout_variants(best):
        candidate = lay_out(CSS(string=variant))
        score = layout_score(candidate, book)
        if score < best_score:
            best, best_score = candidate, score
        if not any(best_score):
            break
    return best


def layout_variants(document) -> list[str]:
    body = next((box for box in _walk(document.pages[0]._page_box)
                 if getattr(box, "element_tag", None) == "body"), None)
    base = body.style["line_height"] if body is not None else None
    leading = [f"html, body {{ line-height: {base.value * factor:.3f}px !important }}"
               for factor in LEADING_VARIANTS] if getattr(base, "unit", None) == "px" else []
    return [*BREAK_VARIANTS, *leading]


def _walk(box):
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _walk(child)


def write_pdf_bytes(document, book: Book) -> bytes:
    identifier = hashlib.md5(book.metadata.uid.encode()).hexdigest().encode()
    with font_timestamps(book):
        return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier)


@contextmanager
def font_timestamps(book: Book):
    """fontTools stamps each subset font with the clock unless SOURCE_DATE_EPOCH is set."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    epoch = book_datetime(book.metadata).replace(tzinfo=dt.UTC).timestamp()
    os.environ["SOURCE_DATE_EPOCH"] = str(int(epoch))
    try:
        yield
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


class _Collect(logging.Handler):
    def __init__(self, report: Report):
        super().__init__(logging.WARNING)
        self.report = report

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().splitlines()[0]
        if "refused:" in message:
            return  # reported once, from the fetcher
        self.report.warning(f"layout: {message}")


@contextmanager
def weasyprint_log(report: Report):
    logger = logging.getLogger("weasyprint")
    handler = _Collect(report)
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


class LayoutTimeout(BaseException):
    """Not an Exception: WeasyPrint catches those while fetching and would carry on."""


@contextmanager
def time_limit(seconds: float, report: Report):
    """Layout that runs away (pathological CSS or input) stops with a message, not a hang."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise LayoutTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except LayoutTimeout:
        report.error(f"layout took longer than {seconds:g} s and was stopped: look for very "
                     "long tables, huge images or unusual CSS in the book (or raise the limit "
                     "with --timeout)")
        raise BookError(report) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
