"""The WeasyPrint boundary: lay out the print HTML, check where every note landed, write PDF."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import re
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration

from .dates import book_datetime
from .diagnostics import BookError, Report
from .fonts import font_dir, font_face_css
from .load import MANUSCRIPT_DIR, stylesheet
from .model import Book
from .print_html import render_print_html
from .sandbox import SandboxFetcher

PDF_VARIANT = "pdf/ua-1"


LAYOUT_TIMEOUT = 300


def render_pdf(book: Book, report: Report, timeout: float = LAYOUT_TIMEOUT):
    """Lay out the book; returns the WeasyPrint document, already checked."""
    root = Path(book.root).resolve()
    css = stylesheet(root, "print.css")
    fetcher = SandboxFetcher([root, css.parent, font_dir()])
    fonts = FontConfiguration()
    html = render_print_html(book, [css.as_uri()])
    with weasyprint_log(report), time_limit(timeout, report):
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


@dataclass
class NoteLayout:
    """Where the layout put one note: the page of its call, of its text, and the text set."""

    call: int | None = None
    body: int | None = None
    printed: list[str] = field(default_factory=list)
    overflows: bool = False  # taller than the note area can be: cut off or run off the page


def note_layout(document) -> dict[str, NoteLayout]:
    notes: dict[str, NoteLayout] = {}
    for number, page in enumerate(document.pages, 1):
        for box in _walk(page._page_box):  # private: the version is pinned in pyproject.toml
            if (getattr(box, "element_tag", "") or "").endswith("::footnote-call"):
                layout = notes.setdefault(box.element.get("id"), NoteLayout())
                layout.call = layout.call or number
            elif isinstance(box, boxes.FootnoteAreaBox):
                for note in box.children:
                    if note.element is None:
                        continue
                    layout = notes.setdefault(note.element.get("id"), NoteLayout())
                    layout.body = layout.body or number
                    area_bottom = box.position_y + box.margin_height()
                    note_bottom = note.border_box_y() + note.border_height()
                    layout.overflows |= note_bottom > area_bottom + 1
                    layout.printed += [b.text for b in _walk(note)
                                       if isinstance(b, boxes.TextBox) and not
                                       (b.element_tag or "").endswith("::footnote-marker")]
    return notes


def check_note_placement(document, book: Book, report: Report) -> None:
    layouts = note_layout(document)
    for note in book.notes:
        layout = layouts.get(note.id, NoteLayout())
        name = f"note {note.number} (“{_start(note.text)}”)"
        printed = _squash("".join(layout.printed))
        if layout.body is None:
            report.error(f"{name} is missing from the PDF: its call is on page {layout.call}",
                         note.location)
        elif layout.overflows or len(printed) < len(_squash(note.text)):
            report.error(f"{name} is too long to fit on a page ({len(note.text.split())} "
                         "words): shorten it or move part of it into the text", note.location)
        elif layout.call is not None and layout.call != layout.body:
            report.warning(f"{name} is printed on page {layout.body}, its call on page "
                           f"{layout.call}", note.location)


def _squash(text: str) -> str:
    return re.sub(r"[\s\-\u2010\u00ad\u2060]+", "", text)


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


@contextmanager
def time_limit(seconds: float, report: Report):
    """Layout that runs away (pathological CSS or input) stops with a message, not a hang."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise TimeoutError

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except TimeoutError:
        report.error(f"layout took longer than {seconds:g} s and was stopped: look for very "
                     "long tables, huge images or unusual CSS in the book (or raise the limit "
                     "with --timeout)")
        raise BookError(report) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
