"""Lay out the print HTML with WeasyPrint (samizdat's patches in force, engine/), check where
every note landed, write the PDF."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import logging
import os
import signal
import threading
from contextlib import contextmanager
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from ..core.diagnostics import BookError, Report
from ..core.manuscript_blocks import check_shown
from ..core.model import Book, squash
from ..core.output_date import book_datetime
from ..core.stage_timer import Clock
from ..render.fonts import font_dir, font_face_css
from ..source.stylesheet import stylesheet
from . import engine
from .boxes import check_layout, layout_score, note_layout, page_breaks, shown_text
from .engine.pango import MEASURING
from .formulas import Formulas, draw_book_formulas
from .geometry import blocks_to_fill, figure_gaps, holes, split_tables, unkeepable
from .html import render_print_html
from .lines import Settings, lay_out_planned
from .sandbox import Refused, SandboxFetcher, find_url
from .title_balance import title_widths

log = logging.getLogger(__name__)
PDF_VARIANT = "pdf/ua-1"

LAYOUT_TIMEOUT = 300
# justify: false; a user stylesheet yields to the book's unless important. Every block of
# running text: paragraphs (planned or not), lists, definitions, quotations and notes
RAGGED = "\np:not(.timeline-when), li, dt, dd, blockquote, .fn { text-align: left !important }"
# hyphenate: false (large print): no block of text hyphenated, planned or not
UNHYPHENATED = ("\np, li, dt, dd, blockquote, .fn, .reference, figcaption, caption, td, th"
                " { hyphens: manual !important }")


def render(book: Book, report: Report, timings: dict, **options) -> tuple[bytes, Book]:
    """The PDF's bytes (layout with its checks, then the file), and the book with the
    printed pages' beginnings, for the EPUB's page list."""
    document, laid = lay_out(book, report, timings, **options)
    return write(document, book, timings), laid


def lay_out(book: Book, report: Report, timings: dict, **options):
    """The first half of render: the checked layout, and the book with its printed pages
    (what the EPUB and the web page need, while the PDF is written)."""
    clock = Clock(timings)
    document = render_pdf(book, report, **options)
    pages = len(document.pages)
    log.info("laid out %d page%s (%.2f s)", pages, "s" if pages != 1 else "",
             clock.lap("layout"))
    return document, dataclasses.replace(book, page_breaks=page_breaks(document),
                                         target_pages=target_pages(document, book))


def write(document, book: Book, timings: dict) -> bytes:
    """The second half of render: the PDF file of the layout."""
    clock = Clock(timings)
    data = write_pdf_bytes(document, book)
    clock.lap("pdf writing")
    return data


def target_pages(document, book: Book) -> tuple[tuple[str, int], ...]:
    """The page each cross-reference target is printed on, for the EPUB and the web page
    (the PDF's own page references are WeasyPrint's target-counter)."""
    wanted = {label for ref in book.crossrefs for label in ref.targets}
    pages = {}
    for number, page in enumerate(document.pages, 1):
        for anchor in page.anchors:
            if anchor in wanted and anchor not in pages:
                pages[anchor] = number
    return tuple(sorted(pages.items()))


def render_pdf(book: Book, report: Report, timeout: float = LAYOUT_TIMEOUT,
               extra_stylesheets: list[Path] = (), settings: Settings | None = None,
               notes_apart: bool = False):
    """Lay out the book; returns the WeasyPrint document, already checked. settings: how
    paragraphs are set, else as the book's justify says. notes_apart: a note too long for
    the foot of any page is set after the block that calls it (large print, whose valid
    book must not fail for a note its print edition holds), and the layout made again."""
    settings = settings or Settings(justify=book.metadata.justify)
    root = Path(book.root).resolve()
    sheets = [stylesheet(root, "print.css"), *(Path(s).resolve() for s in extra_stylesheets)]
    fetcher = SandboxFetcher(root, [s.parent for s in sheets] + [font_dir()])
    fonts = FontConfiguration()
    formulas = Formulas(root)
    images = {}  # every layout below reads each image (each formula's drawing) once
    if book.formulas:
        draw_book_formulas(book, formulas, report)
        if report.has_errors:
            raise BookError(report)
        log.info("drew %d of %d formula%s (the rest from build/.formulas/)", formulas.rendered,
                 len(book.formulas), "s" if len(book.formulas) != 1 else "")
    with engine.patched(), weasyprint_log(report), time_limit(timeout, report):
        # parsed once for every layout below, in the order links would give them
        css = [CSS(filename=str(sheet), font_config=fonts, url_fetcher=fetcher)
               for sheet in sheets]
        css.append(CSS(string=font_face_css() + ("" if settings.justify else RAGGED)
                       + ("" if settings.hyphenate else UNHYPHENATED),
                       font_config=fonts, url_fetcher=fetcher))

        widths = title_widths(book, lambda source: HTML(
            string=source, base_url=fetcher.base_url, url_fetcher=fetcher).render(
                font_config=fonts, stylesheets=css))

        def lay_out_with(deferred=frozenset(), kept=frozenset(), apart=frozenset(),
                         loose=frozenset()):
            """Lay out the print HTML with its paragraphs' lines planned (lines/), where
            WeasyPrint's text layout is the one the planner measures with; the plan's own
            first layout is returned by the first call."""
            own = [CSS(string=breakable(loose), font_config=fonts)] if loose else []

            def render(source, *extra):
                page = HTML(string=source, base_url=fetcher.base_url, url_fetcher=fetcher)
                return page.render(font_config=fonts, stylesheets=[*css, *own, *extra],
                                   pdf_variant=PDF_VARIANT, cache=images)

            html = render_print_html(book, [], deferred, kept, formulas, apart, widths)
            if not MEASURING.matches():
                return lambda *extra: render(html, *extra)
            planned, first = lay_out_planned(html, render,
                                             lambda document: layout_score(document, book),
                                             settings)
            return lambda *extra: render(planned, *extra) if extra else first

        def lay_out_book(apart=frozenset()):
            with_notes = functools.partial(lay_out_with, apart=apart)
            document = search_layout(with_notes(), book)
            loose = frozenset(unkeepable(document))
            if loose and len(document.pages) <= SEARCH_PAGE_LIMIT:
                candidate = search_layout(with_notes(loose=loose), book)
                if not_worse(candidate, document, book):
                    document = candidate
                    with_notes = functools.partial(lay_out_with, apart=apart, loose=loose)
            document, kept = keep_tables_whole(document, with_notes, book)
            return fill_before_figures(document, functools.partial(with_notes, kept=kept),
                                       book)

        document = lay_out_book()
        apart = frozenset(too_long_notes(document, book)) if notes_apart else frozenset()
        if apart:
            document = lay_out_book(apart)
            for note in book.notes:
                if note.id in apart:
                    report.note("SZ318", f"note {note.number} is too long for the foot of a "
                                "page in large print: it is set after the paragraph that "
                                "calls it", note.location)
    for url in dict.fromkeys(fetcher.refused):
        why = fetcher.reasons.get(url, "it is outside the book folder")
        report.error("SZ405", f"the PDF may not read '{url}': {why}",
                     find_url(url, sheets, root))
    check_layout(document, book, report)
    check_shown(book.content, shown_text(document), "PDF", report, skip=("note",))
    return document


def too_long_notes(document, book: Book) -> list[str]:
    """The notes (their ids) cut short or run off their page's note area (SZ402's test)."""
    layouts = note_layout(document)
    return [note.id for note in book.notes if (layout := layouts.get(note.id)) is not None
            and layout.body is not None and (layout.overflows or len(
                squash("".join(layout.printed))) < len(squash(note.text)))]


# WeasyPrint sometimes sets a note a page after its call, and a page can end up holding only
# a scrap. Keeping three lines of a paragraph at the head of a page, or a leading a hair
# tighter or looser (at most 1.5 %, invisible on the page), moves the page breaks; the first
# variant without such defects is kept.
LEADING_VARIANTS = (1.005, 0.995, 1.01, 0.99, 1.015, 0.985)
BREAK_VARIANTS = ("p { orphans: 3 !important }", "p { widows: 3 !important }")
SEARCH_PAGE_LIMIT = 60  # longer books are laid out once; their defects are reported


def search_layout(lay_out, book: Book, extra=()):
    """The first layout without defects, or the least defective of a few variants; extra
    stylesheets apply to every one."""
    best = lay_out(*extra)
    best_score = layout_score(best, book)
    if not any(best_score) or len(best.pages) > SEARCH_PAGE_LIMIT:
        return best
    for variant in layout_variants(best):
        candidate = lay_out(*extra, CSS(string=variant))
        score = layout_score(candidate, book)
        if score < best_score:
            best, best_score = candidate, score
        if not any(best_score):
            break
    return best


def keep_tables_whole(document, lay_out_with, book: Book):
    """A table broken over pages that fits on one is set whole, on the next page, as a
    figure is (a table of a few rows more than the rest of its page would otherwise be split
    12 + 4); fill_before_figures then lets the text after it fill the page it left. A table
    taller than a page breaks, its header repeated, continued (engine/continued_headers.py).
    Returns the layout and the tables kept whole (their data-float)."""
    kept = frozenset(split_tables(document))
    if not kept or len(document.pages) > SEARCH_PAGE_LIMIT:
        return document, frozenset()
    candidate = search_layout(lay_out_with(kept=kept), book)
    if layout_score(candidate, book) <= layout_score(document, book):
        return candidate, kept
    return document, frozenset()


FLOAT_ROUNDS = 3  # layouts tried to let text run up past the floats that left a page short


def fill_before_figures(document, lay_out_with, book: Book):
    """A figure or table too tall for the rest of its page would leave a hole above it
    (WeasyPrint moves it to the next page whole). Rule (LaTeX's [tp]): when a page would end
    more than geometry.MOST_EMPTY_LINES short before a float, the float is set after as many
    blocks of the text that follows it as fill the page (geometry.blocks_to_fill), never past
    a chapter's heading (floats straight after it move with it, in their order), so the text
    runs up and the float follows on the next page; where that leaves a hole, the figure is
    scaled down to fit the room, but never below MIN_SCALE of its size. Each new layout is
    kept if it leaves fewer empty lines at pages' feet and no more defects. A hole still left
    before a float is reported (SZ412)."""
    gaps = figure_gaps(document)
    if not gaps or len(document.pages) > SEARCH_PAGE_LIMIT:
        return document
    deferred: dict[str, int] = {}
    for _ in range(FLOAT_ROUNDS):
        moves = {}
        for gap in gaps:
            count, followers = blocks_to_fill(document, gap)
            for key in (gap.figure, *followers):
                moves[key] = deferred.get(key, 0) + count
        moves = {key: n for key, n in moves.items() if n > deferred.get(key, 0)}
        if not moves:
            break
        candidate = search_layout(lay_out_with({**deferred, **moves}), book)
        if not better_filled(candidate, document, book):
            break
        document, deferred = candidate, {**deferred, **moves}
        gaps = figure_gaps(document)
        if not gaps:
            return document
    shrink = scale_to_fit(gaps)
    if not shrink:
        return document
    candidate = search_layout(lay_out_with(deferred), book, extra=(CSS(string=shrink),))
    return candidate if better_filled(candidate, document, book) else document


def breakable(blocks) -> str:
    """A stylesheet letting the blocks named (data-b or id) break where they fall."""
    return "\n".join(f'[data-b="{key}"], [id="{key}"] {{ break-inside: auto !important }}'
                     for key in sorted(blocks))


def not_worse(candidate, document, book: Book) -> bool:
    """No more empty lines at the pages' feet, and no more defects."""
    return (empty_lines(candidate) <= empty_lines(document)
            and layout_score(candidate, book) <= layout_score(document, book))


def better_filled(candidate, document, book: Book) -> bool:
    """Fewer empty lines at the pages' feet (or as many, and fewer before floats), and no
    more defects."""
    def emptiness(layout):
        return (round(empty_lines(layout), 1), sum(gap.room for gap in figure_gaps(layout)))
    return (emptiness(candidate) < emptiness(document)
            and layout_score(candidate, book) <= layout_score(document, book))


def empty_lines(document) -> float:
    """The body lines left empty on pages that end more than MOST_EMPTY_LINES short."""
    return sum(foot.lines for foot in holes(document))


MIN_SCALE = 0.85  # a figure is never set smaller than this share of its height to fill a page


def scale_to_fit(gaps) -> str:
    """A stylesheet that sets each gap's figure just small enough for the room above it."""
    rules = []
    for gap in gaps:
        caption = gap.height - gap.image
        target = gap.room - caption - 2  # a hair of slack: layout rounds
        if gap.image and MIN_SCALE * gap.image <= target < gap.image:
            rules.append(f'figure[data-b="{gap.figure}"] img {{ '
                         f"max-height: {target:.1f}px !important; width: auto !important }}")
    return "\n".join(rules)


def layout_variants(document) -> list[str]:
    """The stylesheets to try, each moving the page breaks a little."""
    body = next((box for box in engine.page_box(document.pages[0]).descendants()
                 if getattr(box, "element_tag", None) == "body"), None)
    base = body.style["line_height"] if body is not None else None
    leading = [f"html, body {{ line-height: {base.value * factor:.3f}px !important }}"
               for factor in LEADING_VARIANTS] if getattr(base, "unit", None) == "px" else []
    return [*BREAK_VARIANTS, *leading]


def write_pdf_bytes(document, book: Book) -> bytes:
    """The PDF file; the same book always gives the same bytes."""
    identifier = hashlib.md5(book.metadata.uid.encode()).hexdigest().encode()
    with engine.patched(), font_timestamps(book):
        return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=identifier)


_ENVIRONMENT = threading.Lock()


@contextmanager
def font_timestamps(book: Book):
    """Without HarfBuzz's subsetter, WeasyPrint subsets fonts with fontTools, which stamps
    each font with the clock unless SOURCE_DATE_EPOCH is set: only then, and under a lock,
    is the variable set for the time of the writing."""
    if engine.subsets_with_harfbuzz():
        yield
        return
    with _ENVIRONMENT, _source_date_epoch(book):
        yield


@contextmanager
def _source_date_epoch(book: Book):
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
    """WeasyPrint's warnings as diagnostics; a refused fetch is reported once, by code."""

    def __init__(self, report: Report):
        super().__init__(logging.WARNING)
        self.report = report

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().splitlines()[0]
        if any(isinstance(arg, Refused) for arg in record.args or ()) or "Refused: " in message:
            return  # reported once, from the fetcher, with the stylesheet's line
        self.report.warning("SZ407", f"layout: {message}")


@contextmanager
def weasyprint_log(report: Report):
    """Collect WeasyPrint's log into the report while the block runs."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect(report)
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


ALARM_REPEAT = 0.1  # seconds between alarms once the limit has passed


class LayoutTimeout(BaseException):
    """Not an Exception: WeasyPrint catches those while fetching and would carry on."""


@contextmanager
def time_limit(seconds: float, report: Report):
    """Layout that runs away (pathological CSS or input) stops with a message, not a hang.

    The alarm signal only reaches the main thread: elsewhere (a server's worker) the
    limit cannot be set, and the log says so. The alarm repeats until it is caught: one
    that lands in a finaliser (a ZipFile's __del__ during layout) is swallowed by Python."""
    if not seconds:
        yield
        return
    if threading.current_thread() is not threading.main_thread():
        log.debug("no layout time limit outside the main thread")
        yield
        return

    def expire(signum, frame):
        raise LayoutTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, ALARM_REPEAT)
    try:
        yield
    except LayoutTimeout:
        signal.setitimer(signal.ITIMER_REAL, 0)
        report.error(
            "SZ406", f"layout took longer than {seconds:g} s and was stopped: look for very "
            "long tables, huge images or unusual CSS in the book (or raise the limit "
            "with --timeout)")
        raise BookError(report) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
