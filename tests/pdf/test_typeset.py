"""The Prague Spring handout set on A5, A4 and Letter: tables, figures, inline images, notes
with citations and the timeline, measured from WeasyPrint's boxes."""

from __future__ import annotations

import dataclasses
import json
import subprocess

import lxml.html
import pytest
import yaml
from weasyprint.formatting_structure import boxes

from samizdat import Report, load_book
from samizdat.pandoc.run import pandoc_path
from samizdat.pdf.geometry import content_rect, figure_gaps, outside_text_area, overprinted
from samizdat.pdf.html import defer_figures
from samizdat.pdf.layout import MIN_SCALE, render_pdf

from ..conftest import BOOKS, REPO, copy_book

PAPERS = ("a5", "a4", "letter")


def csl_copy(target):
    """The Prague Spring with its .bib converted to CSL YAML by pandoc, reading list emptied."""
    root = copy_book(BOOKS / "prague-spring", target)
    out = subprocess.run([pandoc_path(), "refs/sources.bib", "-f", "biblatex", "-t", "csljson"],
                         cwd=root, capture_output=True, check=True, text=True).stdout
    entries = json.loads(out)
    for entry in entries:
        entry["type"] = entry.get("type") or "broadcast"
    (root / "refs" / "sources.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True))
    (root / "refs" / "sources.bib").unlink()
    meta = root / "metadata.yaml"
    meta.write_text(meta.read_text().replace("refs/sources.bib", "refs/sources.yaml"))
    chapter = root / "manuscript" / "05-timeline.md"
    text = chapter.read_text()
    start = text.index("::: reading-list")
    chapter.write_text(text[:start] + "::: reading-list\n:::\n")
    return root


@pytest.fixture(scope="module")
def prague(tmp_path_factory):
    root = csl_copy(tmp_path_factory.mktemp("prague") / "prague-spring")
    return load_book(root, Report())


@pytest.fixture(scope="module")
def laid_out(prague):
    """paper -> (WeasyPrint document, report)."""
    out = {}
    for paper in PAPERS:
        book = dataclasses.replace(
            prague, metadata=dataclasses.replace(prague.metadata, paper=paper))
        report = Report()
        out[paper] = (render_pdf(book, report), report)
    return out


def _boxes(page, kind=object):
    return [b for b in page._page_box.descendants() if isinstance(b, kind)]


def _glossary_rows(page) -> tuple[int, int]:
    """(header rows, body rows) of the glossary table (the one with three columns) on a page."""
    header = body = 0
    for row in _boxes(page, boxes.TableRowBox):
        cells = [c for c in row.children if c.element is not None]
        if len(cells) != 3:
            continue
        if "".join(cells[0].element.itertext()) == "Czech or Slovak":
            header += 1
        else:
            body += 1
    return header, body


@pytest.mark.parametrize("paper", PAPERS)
def test_long_table_breaks_with_header_and_two_rows_each_side(laid_out, paper):
    document, _ = laid_out[paper]
    pages = [_glossary_rows(page) for page in document.pages]
    pages = [counts for counts in pages if counts[1]]
    assert len(pages) >= 2, f"the glossary fits one page on {paper}: no break to test"
    assert sum(body for _, body in pages) == 45  # every row printed once: none split
    for header, body in pages:
        assert header == 1
        assert body >= 2


@pytest.mark.parametrize("paper", PAPERS)
def test_images_within_the_text_block_and_inline_image_in_its_line(laid_out, paper):
    document, _ = laid_out[paper]
    inline = 0
    for page in document.pages:
        area = content_rect(page)
        for line in _boxes(page, boxes.LineBox):
            for image in [b for b in line.descendants() if isinstance(b, boxes.ReplacedBox)
                          and "inline-image" in b.element.get("class", "")]:
                assert image.height <= line.height
                assert image.height <= image.style["font_size"]
                inline += 1
        for image in _boxes(page, boxes.ReplacedBox):
            assert image.position_x >= area.left - 1
            assert image.position_x + image.margin_width() <= area.right + 1
    assert inline == 1


def test_sized_figure_is_half_the_text_block(laid_out):
    document, _ = laid_out["a5"]
    for page in document.pages:
        for image in _boxes(page, boxes.ReplacedBox):
            if image.element.get("src", "").endswith("neighbours-map.png"):
                width = content_rect(page).right - content_rect(page).left
                # half the text block, or a little less where it was scaled to fill a page
                assert MIN_SCALE * width / 2 - 1 <= image.width <= width / 2 + 1
                return
    pytest.fail("the map is not printed")


@pytest.mark.parametrize("paper", PAPERS)
def test_no_page_left_a_quarter_empty_before_a_figure_and_nothing_overprinted(laid_out, paper):
    document, report = laid_out[paper]
    assert figure_gaps(document) == []
    assert overprinted(document) == []
    assert outside_text_area(document) == []
    assert [d.code for d in report.diagnostics] == []


def test_a_deferred_figure_follows_the_next_paragraph():
    section = lxml.html.fragment_fromstring(
        '<section><figure data-b="f1"><img src="a.png"></figure><p>Text.</p><h3>H</h3>'
        '<figure data-b="f2"><img src="b.png"></figure><h3>I</h3></section>')
    defer_figures(section, {"f1", "f2"})
    assert [e.tag for e in section] == ["p", "figure", "h3", "figure", "h3"]


def test_citations_inside_notes_are_sentences_of_the_note(prague):
    notes = {n.number: n.text for n in prague.notes}
    assert notes[21] == "Its decisions were declared invalid under the Moscow Protocol. Ibid., 130."
    assert notes[26] == ("Palach’s letters and the reports of the investigation are published on "
                         "the Charles University Palach project’s website. Ibid. On how the "
                         "funeral became a demonstration, see Williams. Williams, The Prague "
                         "Spring and Its Aftermath, 187.")
    assert notes[28] == ("About a fifth of the party’s members were expelled or struck off in the "
                         "screenings of 1970. Ibid., 235; Mlynář, Nightfrost in Prague, 259.")
    assert ("would not allow them to be questioned. Mlynář, Nightfrost in Prague, 240. The "
            "doctrine was only abandoned") in notes[23]
    assert "(" not in notes[21] + notes[26] + notes[28]


def test_timeline_starts_dates_quotes(prague):
    events = prague.timeline
    assert [e.start for e in events[:3]] == ["1948-02", "1968-01-05", "1968-03-30"]
    assert events[-1].start == "1989"
    assert "‘socialism with a human face’" in events[3].text  # en-GB: single quotes first
    assert "‘Two Thousand Words’" in events[5].html


def test_timeline_dates_are_machine_readable_where_exact(prague):
    from samizdat.render.generated_blocks import render_when

    def attrs(when):
        element = render_when(when, when)
        return element.tag, element.get("datetime")

    assert attrs("February 1948") == ("time", "1948-02")
    assert attrs("5 January 1968") == ("time", "1968-01-05")
    assert attrs("1989") == ("time", "1989")
    assert attrs("20–21 August 1968") == ("span", None)
    assert attrs("1980s") == ("span", None)


OLD_TIMELINE = """
.timeline { display: block }
.timeline-event { display: block; padding-left: 6.2em }
.timeline-when { display: block; float: left; width: 5.2em; margin-left: -6.2em;
  white-space: nowrap; text-align: left; font-size: 11pt; padding: 0 }
.timeline-when span { white-space: nowrap }
.timeline-text { display: block }
"""
LONG_DATE = ("From the night of 20 to 21 August 1968 until the spring, the summer and the "
             "autumn of 1969")


def _long_date_book(target):
    root = copy_book(BOOKS / "valid", target)
    (root / "manuscript" / "timeline.yaml").write_text(yaml.safe_dump([
        {"when": "1975", "start": 1975, "text": "The first event."},
        {"when": LONG_DATE, "start": "1975-08", "text": "A date far too long for its column."},
        {"when": "1989", "start": 1989, "text": "The last event."}]))
    return root


def test_layout_checks_catch_a_timeline_date_printed_over_its_text(tmp_path):
    """A narrow fixed date column that never wraps (as the timeline was set before): the
    date runs over the event's text and out of the text area."""
    root = _long_date_book(tmp_path / "book")
    (root / "styles").mkdir()
    default = (REPO / "styles" / "print.css").read_text()
    (root / "styles" / "print.css").write_text(default + OLD_TIMELINE)
    report = Report()
    render_pdf(load_book(root, Report()), report)
    messages = [d.message for d in report.diagnostics if d.code == "SZ411"]
    assert any("printed over" in m and "A date far too long" in m for m in messages), messages
    assert any("runs outside the page's text area" in m for m in messages), messages


def test_long_timeline_date_wraps_in_its_column(tmp_path):
    report = Report()
    render_pdf(load_book(_long_date_book(tmp_path / "book"), Report()), report)
    assert [d.code for d in report.diagnostics] == []
