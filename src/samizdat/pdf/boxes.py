"""Where the layout put things: every note against its call, and pages holding a scrap.

Read from WeasyPrint's laid-out boxes before the PDF is written, so a defect can still be
avoided (pdf.search_layout) or reported with the note's place in the manuscript.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from weasyprint.formatting_structure import boxes

from ..core.diagnostics import Report
from ..core.manuscript_blocks import NOT_TEXT
from ..core.model import Book, PageBreak, squash
from .engine import page_box
from .geometry import MAX_GAP, figure_gaps, holes, outside_text_area, overprinted

# set by the line planner on a paragraph with lines letter-spaced: no breaks set them within
# the word-spacing limit (lines/rewriting.py)
SPACED = "data-spaced"

MIN_LINES = 3  # a page with fewer lines than this (its notes included) holds a scrap


@dataclass
class NoteLayout:
    """Where the layout put one note: the page of its call, of its text, and the text set."""

    call: int | None = None
    body: int | None = None
    printed: list[str] = field(default_factory=list)
    overflows: bool = False  # taller than the note area can be: cut off or run off the page
    apart: bool = False  # set after the block that calls it, not at the foot (may run over)


def note_layout(document) -> dict[str, NoteLayout]:
    """For each note: the page of its call, the page of its text, what was printed."""
    notes: dict[str, NoteLayout] = {}
    for number, page in enumerate(document.pages, 1):
        for box in page_box(page).descendants():
            if (getattr(box, "element_tag", "") or "").endswith("::footnote-call"):
                layout = notes.setdefault(box.element.get("id"), NoteLayout())
                layout.call = layout.call or number
            elif _set_apart(box):
                _note_apart(notes.setdefault(box.element.get("id"), NoteLayout()), box, number)
            elif _apart_call(box):
                layout = notes.setdefault(box.element.get("data-note"), NoteLayout())
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
                    layout.printed += [b.text for b in note.descendants()
                                       if isinstance(b, boxes.TextBox) and not
                                       (b.element_tag or "").endswith("::footnote-marker")]
    return notes


def _set_apart(box) -> bool:
    """A note set after its block (html.set_note_apart): its box on a page, not its lines."""
    return (isinstance(box, boxes.BlockBox) and box.element_tag == "div"
            and "fn-apart" in (box.element.get("class") or ""))


def _apart_call(box) -> bool:
    return (isinstance(box, boxes.InlineBox) and box.element_tag == "sup"
            and box.element.get("class") == "fn-call")


def _note_apart(layout: NoteLayout, box, number: int) -> None:
    """A note set apart may run on to the next page: its call's page counts as its own."""
    layout.body = layout.body or number
    layout.apart = True
    layout.printed += [b.text for b in box.descendants() if isinstance(b, boxes.TextBox)
                       and not (b.element_tag or "").endswith("::before")]


def check_note_placement(document, book: Book, report: Report) -> None:
    """Every note printed whole, on the page of its call."""
    layouts = note_layout(document)
    for note in book.notes:
        layout = layouts.get(note.id, NoteLayout())
        name = f"note {note.number} (“{_start(note.text)}”)"
        printed = squash("".join(layout.printed))
        if layout.body is None:
            call = (f": its call is on page {layout.call}" if layout.call is not None
                    else ", and so is its call")
            report.error("SZ401", f"{name} is missing from the PDF{call}", note.location)
        elif layout.overflows or len(printed) < len(squash(note.text)):
            report.error("SZ402", f"{name} is too long to fit on a page ({len(note.text.split())} "
                         "words): shorten it or move part of it into the text", note.location)
        elif layout.call is not None and layout.call != layout.body and not layout.apart:
            report.warning("SZ403", f"{name} is printed on page {layout.body}, its call on page "
                           f"{layout.call}", note.location)


def _start(text: str, words: int = 5) -> str:
    head = text.split()
    return " ".join(head[:words]) + ("…" if len(head) > words else "")


def text_lines(page) -> int:
    """Lines of text on a page, its notes included; the running heads and folio are not."""
    def count(box) -> int:
        if isinstance(box, boxes.MarginBox):
            return 0
        if isinstance(box, boxes.LineBox):
            return 1
        return sum(count(child) for child in getattr(box, "children", None) or ())
    return count(page_box(page))


def scrap_pages(document) -> list[tuple[int, int]]:
    """Pages that hold fewer than MIN_LINES lines, as (page, lines)."""
    if len(document.pages) < 2:
        return []
    lines = [(number, text_lines(page)) for number, page in enumerate(document.pages, 1)]
    return [(number, n) for number, n in lines if n < MIN_LINES]


def layout_score(document, book: Book) -> tuple[int, int, int]:
    """Lost notes, notes off their page, scrap pages: lower is better, zeros are perfect."""
    layouts = note_layout(document)
    lost = sum(1 for note in book.notes if layouts.get(note.id, NoteLayout()).body is None)
    moved = sum(1 for note in book.notes
                if (layout := layouts.get(note.id)) and layout.body and layout.call
                and layout.body != layout.call and not layout.apart)
    return (lost, moved, len(scrap_pages(document)))


def check_layout(document, book: Book, report: Report) -> None:
    """The layout checks run after every build: notes, scraps, overprinting, gaps."""
    errors = report.count("error")
    check_note_placement(document, book, report)
    if report.count("error") > errors:
        return  # a note too long for any page also leaves scraps; one message is enough
    for number, lines in scrap_pages(document):
        report.warning(
            "SZ404", f"page {number} holds only {lines} line{'s' if lines != 1 else ''} of "
            "text: shorten or lengthen the text before it, or change the page design")
    check_geometry(document, report)


def report_letter_spaced(document, report: Report) -> None:
    """The paragraphs the line planner had to letter-space, named in `samizdat check`'s
    layout report: a note on every build would bury the messages a writer must act on."""
    for number, lines, text in letter_spaced(document):
        report.note("SZ415", f"page {number}: {lines} line{'s' if lines != 1 else ''} of "
                    f"“{_start(text)}” letter-spaced: no breaks set "
                    f"{'them' if lines != 1 else 'it'} within the word-spacing limit")


def letter_spaced(document) -> list[tuple[int, int, str]]:
    """Paragraphs the line planner had to letter-space (page, lines, text), each once."""
    found, seen = [], set()
    for number, page in enumerate(document.pages, 1):
        for box in walk(page_box(page)):
            element = getattr(box, "element", None)
            if element is None or not isinstance(element.tag, str) or id(element) in seen:
                continue
            if (lines := element.get(SPACED)) is not None:
                seen.add(id(element))
                text = "".join(element.itertext()).replace("\u2060", "").replace("\u00ad", "")
                found.append((number, int(lines), text))
    return found


def check_geometry(document, report: Report) -> None:
    """Text over text, anything outside the text area, a page left empty before a figure."""
    for number, line, other in overprinted(document):
        report.warning("SZ411", f"page {number}: “{_start(line, 6)}” is printed over "
                       f"“{_start(other, 6)}”")
    for number, what in outside_text_area(document):
        report.warning("SZ411", f"page {number}: “{_start(what, 6)}” runs outside the "
                       "page's text area")
    for gap in reported_gaps(document):
        report.warning("SZ412", f"page {gap.page} is {gap.share:.0%} empty: the figure that "
                       f"begins page {gap.page + 1} did not fit below its text; make it "
                       "smaller ({width=60%}) or move it")


def reported_gaps(document):
    """The holes before floats that every build warns of (SZ412): a quarter of a page or
    more; a smaller one is named in the layout report with the other short pages."""
    return [gap for gap in figure_gaps(document) if gap.share > MAX_GAP]


def report_short_pages(document, report: Report) -> None:
    """For the layout report (samizdat check): every page but those the build warned of
    (SZ412) that ends with more than two empty lines, and what held the text back
    (geometry.holes)."""
    reported = {gap.page for gap in reported_gaps(document)}
    for foot in holes(document):
        if foot.page in reported:
            continue
        report.note("SZ319", f"page {foot.page} ends {foot.lines:.0f} lines short: "
                    f"{_held_back(document.pages[foot.page], foot)} begins page {foot.page + 1}")


def _held_back(page, foot) -> str:
    """What the next page opens with that could not start at the foot of this one."""
    lines = [line for line, _ in _flow_lines(page_box(page))][:3]
    if any((getattr(box, "element_tag", "") or "").endswith("::footnote-call")
           for line in lines for box in walk(line)):
        return "a note kept on its call's page"
    if foot.next_block == "timeline":
        return "the timeline, kept whole"
    return "text kept together (a heading with its first lines, a block kept whole)"


def overflowing_lines(document, tolerance: float = 1.0) -> list[tuple[int, str]]:
    """Lines of text wider than the box that holds them (a long URL, a word too long)."""
    found = []
    for number, page in enumerate(document.pages, 1):
        for box in page_box(page).descendants():
            if isinstance(box, boxes.LineBox) and box.children:
                right = max(child.position_x + child.margin_width() for child in box.children)
                container = box.position_x + box.width
                if right > container + tolerance:
                    text = " ".join(b.text for b in box.descendants()
                                    if isinstance(b, boxes.TextBox))
                    found.append((number, text[:60]))
    return found


def stranded_headings(document) -> list[tuple[int, str]]:
    """A heading whose lines end a page (not the last one): it belongs with what follows."""
    found = []
    for number, page in enumerate(document.pages[:-1], 1):
        lines = list(_flow_lines(page_box(page)))
        if lines and lines[-1][1] is not None:
            heading = lines[-1][1]
            found.append((number, " ".join(b.text for b in heading.descendants()
                                           if isinstance(b, boxes.TextBox))))
    return found


def _flow_lines(box, heading=None):
    """The page's lines of running text in order, each with the heading box it is part of."""
    if isinstance(box, boxes.MarginBox | boxes.FootnoteAreaBox):
        return
    if getattr(box, "element_tag", None) in ("h2", "h3", "h4"):
        heading = box
    if isinstance(box, boxes.LineBox):
        yield box, heading
        return
    for child in getattr(box, "children", None) or ():
        yield from _flow_lines(child, heading)


def shown_text(document) -> dict[str, str]:
    """The text each data-b block shows on the pages, in page order; note calls, list
    markers and generated content aside. Notes are checked by check_note_placement."""
    shown: dict[str, list[str]] = {}

    def walk(box, block):
        if isinstance(box, boxes.MarginBox | boxes.FootnoteAreaBox):
            return
        tag = getattr(box, "element_tag", "") or ""
        if "::" in tag:
            return
        element = getattr(box, "element", None)
        if element is not None:
            if element.get("class") in NOT_TEXT:  # a page reference: each edition its own
                return
            block = element.get("data-b") or block
        if isinstance(box, boxes.TextBox):
            if block:
                shown.setdefault(block, []).append(box.text)
            return
        for child in getattr(box, "children", None) or ():
            walk(child, block)

    for page in document.pages:
        walk(page_box(page), None)
    return {block: " ".join(texts) for block, texts in shown.items()}


def page_breaks(document) -> tuple[PageBreak, ...]:
    """Where each printed page begins, as a block and a count of letters and digits into it.

    Letters and digits only: the hyphens WeasyPrint adds at line ends and the spaces it
    collapses are not in the EPUB's text, and the note calls are counted on neither side.
    """
    counted: dict[str, int] = {}
    breaks = []
    for number, page in enumerate(document.pages, 1):
        first = None
        for box, block in _flow_boxes(page_box(page)):
            if first is None:
                first = PageBreak(number, block, counted.get(block, 0))
            if isinstance(box, boxes.TextBox):
                counted[block] = counted.get(block, 0) + sum(c.isalnum() for c in box.text)
        if first is not None:
            breaks.append(first)
    return tuple(breaks)


def _flow_boxes(box, block=None):
    """Boxes of the page's running text, in order, each with the data-b block it belongs to.

    A box only opens a page if it holds text or is a block itself (a figure, a heading)."""
    if isinstance(box, boxes.MarginBox | boxes.FootnoteAreaBox):
        return
    tag = getattr(box, "element_tag", "") or ""
    if tag.endswith(("::footnote-call", "::marker", "::before", "::after")):
        return
    element = getattr(box, "element", None)
    if element is not None and element.get("class") in NOT_TEXT:  # a page reference
        return
    own = element.get("data-b") if element is not None and not tag.startswith("::") else None
    if own and own != block:
        block = own
        if not isinstance(box, boxes.InlineBox | boxes.TextBox):
            yield box, block
    if isinstance(box, boxes.TextBox) and block and any(c.isalnum() for c in box.text):
        yield box, block
    for child in getattr(box, "children", None) or ():
        yield from _flow_boxes(child, block)


def walk(box):
    """The box and every box inside it, in document order."""
    yield box
    for child in getattr(box, "children", None) or ():
        yield from walk(child)
