"""A compositor's pages: no page but the last ends with more than two empty lines of its text
area, save those the layout report names (a note kept with its call, a block or the timeline
kept whole); a figure or table that does not fit floats to the next page while the text after
it fills this one; a broken timeline keeps three events on each side; and large print keeps
pace, every size on its pages enlarged with the body's, at every paper."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest

from samizdat import Report, build
from samizdat.build.pipeline import load_book
from samizdat.pdf.boxes import report_short_pages
from samizdat.pdf.engine import page_box
from samizdat.pdf.geometry import figure_gaps, holes
from samizdat.pdf.layout import render_pdf

from ..conftest import BOOKS, copy_book
from ..support.evenness import read_chars

ROOT = BOOKS.parent.parent
# Books whose floats left pages 10 and 11 lines short before this rule: none may now.
FLOAT_BOOKS = ("crossref", "tables")
# Pages still short for a reason the layout report gives (SZ319): how many each book has at
# most, at A4. A book not named has none.
NAMED_SHORT_PAGES = {"classroom": 3, "crossref-cs": 1, "crossref-de": 1, "helsinki": 1,
                     "kinematics": 1, "mauerfall": 1, "pandoc-testsuite": 2, "prague-spring": 4}
PT = 4 / 3  # pdfium gives sizes in CSS px
BODY = 18  # pt: large print's text
LARGE_PRINT_FLOOR = 14  # pt: nothing on a large-print page is smaller
STEP = 0.75  # nor more than a step below the body


def source(name: str):
    return ROOT if name == "helsinki" else BOOKS / name


def laid_out(name: str, tmp_path_factory, paper: str = "a4"):
    root = copy_book(source(name), tmp_path_factory.mktemp("holes") / name)
    report = Report()
    book = load_book(root, report)
    book = dataclasses.replace(book, metadata=dataclasses.replace(book.metadata, paper=paper))
    return render_pdf(book, report), report


@pytest.fixture(scope="module")
def a4(tmp_path_factory):
    """name -> (document, build report) for every test book and the Helsinki handout."""
    names = ["helsinki", *sorted(p.parent.name for p in BOOKS.glob("*/metadata.yaml"))]
    return {name: laid_out(name, tmp_path_factory) for name in names}


def test_no_page_but_the_last_ends_more_than_two_lines_short_unless_named(a4):
    too_many = {}
    for name, (document, _) in a4.items():
        short = holes(document)
        if len(short) > NAMED_SHORT_PAGES.get(name, 0):
            too_many[name] = [(f.page, round(f.lines, 1), f.next_block) for f in short]
    assert too_many == {}


def test_every_short_page_is_named_in_the_layout_report(a4):
    for name, (document, build_report) in a4.items():
        layout = Report()
        report_short_pages(document, layout)
        named = {d.message.split()[1] for d in layout.diagnostics if d.code == "SZ319"}
        named |= {d.message.split()[1] for d in build_report.diagnostics if d.code == "SZ412"}
        assert {str(f.page) for f in holes(document)} == named, name


def test_a_float_that_does_not_fit_lets_the_text_after_it_fill_the_page(a4):
    for name in FLOAT_BOOKS:
        document, report = a4[name]
        assert figure_gaps(document) == [], name
        assert [d.code for d in report.diagnostics if d.code == "SZ412"] == []


def test_a_broken_timeline_keeps_three_events_on_each_side(a4):
    document, _ = a4["prague-spring"]
    pieces = []
    for page in document.pages:
        events = [box for box in page_box(page).descendants()
                  if getattr(box, "element", None) is not None
                  and box.element.get("class") == "timeline-event"
                  and type(box).__name__ == "TableRowBox"]
        if events:
            pieces.append(len(events))
    assert len(pieces) > 1, "the handout's timeline no longer breaks: pick a longer one"
    assert min(pieces) >= 3, pieces


@pytest.fixture(scope="module")
def large_print(tmp_path_factory):
    """(name, paper) -> (character sizes in pt, build report) of the large-print PDF."""
    out = {}
    for name in ("helsinki", "prague-spring", "tables"):
        for paper in ("a4", "a5"):
            root = copy_book(source(name), tmp_path_factory.mktemp("large") / name)
            report = Report()
            pdf = build(root, ("large-print",), report, paper=paper)["large-print"]
            sizes = Counter(round(c.size / PT, 1) for chars in read_chars(pdf) for c in chars
                            if c.char.strip())
            out[name, paper] = sizes, report
    return out


def test_large_print_sets_nothing_below_its_floor_or_a_step_below_the_body(large_print):
    for (name, paper), (sizes, _) in large_print.items():
        assert sizes[BODY] > 1000, (name, paper, sizes)  # the tables book: mostly tables
        assert min(sizes) >= max(LARGE_PRINT_FLOOR, STEP * BODY) - 0.05, (name, paper, sizes)


def test_large_print_sets_notes_tables_and_the_timeline_larger_than_print(large_print):
    """The sizes print.css gives notes, tables, captions and the timeline (8-8.5 pt) are
    gone from every large-print page, and the notes' own size is there."""
    for (name, paper), (sizes, _) in large_print.items():
        assert not [s for s in sizes if s < 13], (name, paper, sizes)
        assert sizes[14] > 100, (name, paper)  # notes and superscripts


def test_a_note_too_long_for_a_large_print_page_is_set_after_its_paragraph(large_print):
    """Prague Spring's note 23 (165 words) cannot sit at the foot of an A5 page at 14 pt:
    large print sets it after the paragraph that calls it, and the build succeeds."""
    _, report = large_print["prague-spring", "a5"]
    assert [d.message.split()[1] for d in report.diagnostics if d.code == "SZ318"] == ["23"]
    assert not [d for d in report.diagnostics if d.code in ("SZ401", "SZ402")]
