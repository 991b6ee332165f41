"""The stages in order: load and check, one pandoc pass, the Book, render, then write."""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from ..core.diagnostics import BookError, Location, Report
from ..core.model import Book
from ..core.stage_timer import Clock
from ..pandoc.bibliography import Conversion
from ..pandoc.run import PandocRun
from ..render.glyph_coverage import check_glyphs
from ..source.footnotes import local_texts
from ..source.label_rules import check_cross_references
from ..source.load import bibliography_groups, load_sources
from ..source.readinglist import extract_reading_lists, nocite_keys, reading_plan
from ..source.rules import check_sources, timeline_texts
from ..source.scan import scan_book
from ..source.withheld import gather_withheld
from .atomic import build_folder, sweep_temporaries, write_atomic
from .beside import Beside
from .edition import as_edition
from .formats import BY_NAME, FORMATS, output_name
from .freshness import Snapshot, date_outputs_if_changed, snapshot_inputs
from .printed_pages import PagePlan, encode_record, plan_pages

log = logging.getLogger(__name__)


def load_book(root: Path | str, report: Report | None = None,
              while_pandoc_runs: Callable[[], object] = lambda: None,
              timings: dict[str, float] | None = None, edition: str = "student") -> Book:
    """Read and check every input, run pandoc once, return the frozen model of one edition
    (the students', or the teacher's with its answers and notes).

    while_pandoc_runs is called while the pandoc process works: the renderers' imports
    take as long as pandoc does, and two cores can do both at once.
    """
    report = report if report is not None else Report()
    clock = Clock(timings)
    sources = load_sources(Path(root), report)
    # a reading list's keys are no citations: pandoc and the scan read the chapters without
    chapters, lists = extract_reading_lists(sources.chapters)
    texts = {new.rel: new.text for new, old in zip(chapters, sources.chapters, strict=True)
             if new is not old}
    sources = dataclasses.replace(sources, chapters=chapters)
    nocite = nocite_keys(lists, bibliography_groups(sources.bibliography))
    found = scan_book(sources.chapters)
    texts = local_texts(sources.chapters, found, texts)  # footnote labels, file by file
    with (PandocRun(sources, nocite, texts, edition) as run, # pandoc starts now and works
          Conversion(sources.root, sources.bibliography) as conversion):  # beside it
        bibliography = conversion.result(report)
        check_sources(sources, bibliography, lists, found, report)
        withheld = gather_withheld(sources.chapters, bibliography, nocite, report)
        check_cross_references(sources, bibliography, found, report)
        check_glyphs(manuscript_texts(sources), report)
        if report.has_errors:
            raise BookError(report)
        clock.lap("read and check")
        while_pandoc_runs()
        clock.lap("imports")
        html = run.result(report, found)
        clock.lap("pandoc")
    from ..assemble.frozen_book import assemble_book  # lxml's import, too, overlaps the pandoc run

    book = assemble_book(sources, html, found, report,
                         reading_plan=lambda rendered: reading_plan(
                             lists, bibliography_groups(bibliography), rendered))
    book = as_edition(book, edition, withheld)
    book = dataclasses.replace(book, works=works_of(html, book, bibliography))
    clock.lap("assemble")
    if report.has_errors:
        raise BookError(report)
    return book


CITED = re.compile(r'data-cites="([^"]*)"')


def works_of(html: str, book: Book, bibliography) -> tuple[dict, ...]:
    """The CSL data of the works the edition's text cites (pandoc's HTML of that edition)
    or its reading list shows, in the bibliography's order."""
    keys = {key for found in CITED.findall(html) for key in found.split()}
    keys |= {ref.key for group in book.reading_list for ref in group.references}
    return tuple(entry.data for f in bibliography for entry in (f.entries or ())
                 if entry.key in keys)


def manuscript_texts(sources) -> list[tuple[Location, str]]:
    """The chapters and the timeline's texts, each with where it begins."""
    texts = [(Location(chapter.rel, 1, 1), chapter.text) for chapter in sources.chapters]
    texts += [(sources.timeline.place(index, "text"), text)
              for index, text in timeline_texts(sources)]
    return texts


def output_path(book: Book, fmt: str) -> Path:
    """Where a format's file is written: build/ in the book folder."""
    return Path(book.root) / "build" / output_name(book.metadata.basename, fmt)


def editions_beside(book: Book, building=()) -> dict[str, str]:
    """The file names of the editions a web page links to: those built in the same run,
    not written yet, and those already in build/."""
    return {fmt: output_path(book, fmt).name for fmt in BY_NAME
            if fmt != "html" and (fmt in building or output_path(book, fmt).exists())}


def build(root: Path | str, formats=("pdf", "epub"), report: Report | None = None, *,
          paper: str | None = None, strict: bool = False, timeout: float | None = None,
          timings: dict[str, float] | None = None, edition: str = "student") -> dict[str, Path]:
    """Build the requested formats from one pandoc pass; write nothing unless all succeed.

    The EPUB always carries the page list of the PDF at the book's own paper: from this
    build's PDF, else from the record a PDF build left (printed_pages.py), else the PDF is
    laid out first. paper (another size) applies to the PDFs only, which then write no record.
    The teacher's edition (edition="teacher") takes its EPUB's pages from its own PDF, built
    in the same run, and writes no record. Either edition is checked for leaks before writing.
    """
    report = report if report is not None else Report()
    timings = timings if timings is not None else {}
    renderers: dict[str, Callable] = {}
    sweep_temporaries(build_folder(root))  # a build/ that leads out is refused before any work
    stages = plan_stages(root, formats, paper)
    snapshot = snapshot_inputs(root)  # before anything is read: a save during the build shows
    if edition != "student":  # the record is the students' PDF's
        stages = (None, *stages[1:])
    own = load_book(root, report, timings=timings, edition=edition,
                    while_pandoc_runs=lambda: renderers.update(import_renderers(stages)))
    files = len({c.source for c in own.chapters})
    log.info("read %d manuscript file%s: %d sections, %d notes (%.2f s)", files,
             "s" if files != 1 else "", len(own.chapters), len(own.notes),
             sum(timings.values()))
    return render_book(own, formats, report, paper=paper, strict=strict, timeout=timeout,
                       timings=timings, stages=stages, renderers=renderers, snapshot=snapshot)


def import_renderers(stages) -> dict[str, Callable]:
    """The render functions a build needs, by format (imported only when needed)."""
    plan, formats, page_layout = stages
    return {fmt: import_module(BY_NAME[fmt].renderer).render
            for fmt in {*formats, *(["pdf"] if page_layout else [])}}


def render_book(own: Book, formats, report: Report, *, paper: str | None = None,
                strict: bool = False, timeout: float | None = None,
                timings: dict[str, float] | None = None, stages=None,
                renderers: dict[str, Callable] | None = None,
                snapshot: Snapshot | None = None) -> dict[str, Path]:
    """The requested formats of a loaded Book, rendered and written: the second half of
    build(), and all that samizdat serve does behind its page. With the snapshot of the
    inputs taken before they were read, files written from text changed since are dated
    as out of date."""
    timings = timings if timings is not None else {}
    plan, stages, page_layout = stages or plan_stages(own.root, formats, paper)
    renderers = {**import_renderers((plan, stages, page_layout)), **(renderers or {})}
    book = own
    if paper:
        book = dataclasses.replace(book, metadata=dataclasses.replace(book.metadata, paper=paper))
    options = {"timeout": timeout} if timeout else {}
    rendered, record = {}, None
    pages = (plan.recorded, plan.targets) if plan and plan.current else None
    order = [f.name for f in FORMATS]
    ordered = sorted(stages, key=order.index)  # the PDF first: its pages go into the EPUB
    printed = functools.partial(render_printed, own, book, formats, renderers, options)
    for at, fmt in enumerate(ordered):
        if fmt == "epub" and page_layout:  # the book's own pages, laid out for the record only
            _, laid = renderers["pdf"](own, report, timings, **options)
            pages, record = (laid.page_breaks, laid.target_pages), plan
        if fmt in ("epub", "html"):  # both print the own-paper PDF's page numbers
            rendered.update(printed((fmt,), pages, report, timings))
            continue
        rest = tuple(ordered[at + 1:])
        if fmt == "pdf" and not paper and rest and set(rest) <= {"epub", "html"} \
                and renderers[fmt] is import_module(BY_NAME[fmt].renderer).render:
            pages, both = pdf_with_printed(book, printed, rest, report, timings, options)
            rendered.update(both)
            record = plan
            break
        rendered[fmt], laid = renderers[fmt](book, report, timings, **options)
        if fmt == "pdf" and not paper:
            pages, record = (laid.page_breaks, laid.target_pages), plan
    check_edition(own, rendered, record and encode_record(record, *pages), report, timings)
    report.settle(strict)
    clock = Clock(timings)
    written = {}
    for fmt, data in rendered.items():
        path = output_path(book, fmt)
        write_atomic(path, data)
        written[fmt] = path
        log.info("wrote %s (%.0f KiB)", path, len(data) / 1024)
    write_page_record(own.root, record, pages)
    date_outputs_if_changed(snapshot, list(written.values()), report)
    clock.lap("write files")
    return written


def pdf_with_printed(book: Book, printed: Callable, fmts, report: Report, timings: dict,
                     options: dict) -> tuple[tuple, dict[str, bytes]]:
    """The PDF's pages and the files of the PDF and of fmts (the EPUB, the web page): these
    made beside the PDF's writing, on the second core, once its layout gives the pages."""
    layout = import_module(BY_NAME["pdf"].renderer)
    document, laid = layout.lay_out(book, report, timings, **options)
    pages = (laid.page_breaks, laid.target_pages)
    beside = Beside(functools.partial(printed, fmts, pages))
    try:
        pdf = layout.write(document, book, timings)
    except BaseException:
        beside.cancel()
        raise
    return pages, {"pdf": pdf, **beside.result(report, timings)}


def render_printed(own: Book, book: Book, formats, renderers: dict[str, Callable],
                   options: dict, fmts, pages, report: Report,
                   timings: dict) -> dict[str, bytes]:
    """The EPUB and the web page (those of fmts), each with the own-paper PDF's page numbers
    (the EPUB its page list too)."""
    rendered = {}
    breaks, targets = pages or ((), ())
    for fmt in fmts:
        printed = dataclasses.replace(own, page_breaks=breaks if fmt == "epub" else (),
                                      target_pages=targets)
        extra = {"editions": editions_beside(book, formats)} if fmt == "html" else {}
        rendered[fmt], _ = renderers[fmt](printed, report, timings, **options, **extra)
    return rendered


def check_edition(book: Book, rendered: dict[str, bytes], record: bytes | None,
                  report: Report, timings: dict) -> None:
    """Nothing withheld in the students' files (the page record too); everything withheld
    in the teacher's."""
    if not book.withheld:
        return
    from ..source.withheld import students_text
    from .leak_check import check_leaks

    clock = Clock(timings)
    # large print and the booklet are PDFs of the students' edition too
    files = {(fmt, BY_NAME[fmt].suffix.rsplit(".", 1)[-1]): data
             for fmt, data in rendered.items()}
    if record is not None:
        files[("record", "record")] = record
    texts = [text for _, text in book.content.manuscript]
    visible = {False: students_text(texts, book.withheld),
               True: students_text(texts, [w for w in book.withheld if not w.teacher])}
    check_leaks(book.withheld, visible, files, book.edition, report)
    log.info("checked the %s edition for leaks (%.2f s)", book.edition, clock.lap("leak check"))


def plan_stages(root, formats, paper) -> tuple[PagePlan | None, tuple[str, ...], bool]:
    """The page record's state, the formats to render, and whether the EPUB needs a layout
    of the book's own pages that this build's PDFs (another paper, or none) do not give."""
    own_pdf = "pdf" in formats and not paper
    # the EPUB and the web page print the PDF's page numbers, from its record
    plan = plan_pages(root) if {"epub", "html"} & set(formats) or own_pdf else None
    stages, page_layout = list(formats), False
    if "epub" in formats and not own_pdf and not plan.current:
        if "pdf" in formats:
            page_layout = True
        else:
            stages.append("pdf")
            log.info("the EPUB's page list needs the PDF's pages: building the PDF first")
    return plan, tuple(stages), page_layout


def write_page_record(root, plan: PagePlan | None, pages) -> None:
    """The record, unless a source changed while the book was built (then it stays stale)."""
    if plan is None or plan.path is None or pages is None:
        return
    if plan_pages(root).digest == plan.digest:
        write_atomic(plan.path, encode_record(plan, *pages))
