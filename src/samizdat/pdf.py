"""The WeasyPrint boundary: lay out the print HTML, check where every note landed, write PDF."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from contextlib import contextmanager
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration

from .dates import book_datetime
from .diagnostics import Report
from .fonts import font_dir, font_face_css
from .load import MANUSCRIPT_DIR, stylesheet
from .model import Book
from .print_html import render_print_html
from .sandbox import SandboxFetcher

PDF_VARIANT = "pdf/ua-1"


def render_pdf(book: Book, report: Report):
    """Lay out the book; returns the WeasyPrint document, already checked."""
    root = Path(book.root).resolve()
    css = stylesheet(root, "print.css")
    fetcher = SandboxFetcher([root, css.parent, font_dir()])
    fonts = FontConfiguration()
    html = render_print_html(book, [css.as_uri()])
    with weasyprint_log(report):
        font_css = CSS(string=font_face_css(), font_config=fonts, url_fetcher=fetcher)
        document = HTML(string=html, base_url=(root / MANUSCRIPT_DIR).as_uri() + "/",
                        url_fetcher=fetcher).render(
            font_config=fonts, stylesheets=[font_css], pdf_variant=PDF_VARIANT)
    for url in fetcher.refused:
        report.error(f"the PDF may not read {url}: only files inside the book folder are allowed")
    check_note_placement(document, book, report)
    return document


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


def note_pages(document) -> tuple[dict[str, int], dict[str, int]]:
    """Page numbers (1-based) of each note's call and of its text, read from the layout."""
    calls: dict[str, int] = {}
    bodies: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for box in _walk(page._page_box):  # private: the version is pinned in pyproject.toml
            if (getattr(box, "element_tag", "") or "").endswith("::footnote-call"):
                calls.setdefault(box.element.get("id"), number)
            elif isinstance(box, boxes.FootnoteAreaBox):
                for note in box.children:
                    if note.element is not None:
                        bodies.setdefault(note.element.get("id"), number)
    return calls, bodies


def check_note_placement(document, book: Book, report: Report) -> None:
    calls, bodies = note_pages(document)
    for note in book.notes:
        call, body = calls.get(note.id), bodies.get(note.id)
        name = f"note {note.number} (“{_start(note.text)}”)"
        if body is None:
            report.error(f"{name} is missing from the PDF: its call is on page {call}")
        elif call is not None and call != body:
            report.warning(f"{name} is printed on page {body}, its call on page {call}")


def _start(text: str, words: int = 5) -> str:
    head = text.split()
    return " ".join(head[:words]) + ("…" if len(head) > words else "")


def _walk(box):
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _walk(child)


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
