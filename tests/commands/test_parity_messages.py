"""make check's parity findings are sentences that point into the manuscript."""

from __future__ import annotations

import shutil

import pytest

from samizdat import Report, load_book
from samizdat.commands.check import check_parity
from samizdat.commands.facts import EpubFacts, PdfFacts

from ..conftest import BOOKS


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    root = shutil.copytree(BOOKS / "valid", tmp_path_factory.mktemp("parity") / "book",
                           ignore=shutil.ignore_patterns("build"))
    return load_book(root)


def findings(book, codes, *, pdf_headings=None, epub_headings=None, pdf_alt=None,
             epub_alt=None, timeline=None) -> list[str]:
    """What check_parity says, for outputs that are right except where given."""
    headings = [(h.level, h.title) for h in book.headings]
    alts = [f.alt for f in book.figures]
    rows = [(e.when_display, e.text) for e in book.timeline]
    pdf = PdfFacts(pages=[" ".join(f"{w} {t}" for w, t in rows)],
                   headings=headings if pdf_headings is None else pdf_headings,
                   figures_alt=alts if pdf_alt is None else pdf_alt, tagged=True, lang="en-GB",
                   title="t", shows_title=True)
    epub = EpubFacts(headings=headings if epub_headings is None else epub_headings, notes={},
                     note_files={}, timeline=rows if timeline is None else timeline,
                     images_alt=alts if epub_alt is None else epub_alt)
    report = Report()
    check_parity(book, pdf, epub, report)
    return [str(d) for d in report.diagnostics if d.code in codes]


def test_a_heading_missing_from_the_contents(book):
    headings = [(h.level, h.title) for h in book.headings if h.title != "Learn More"]
    assert findings(book, {"SZ506"}, epub_headings=headings) == [
        "manuscript/02-more.md:6:1: error[SZ506]: the EPUB contents lack the heading "
        "'Learn More'"]


def test_a_heading_at_another_level(book):
    headings = [(3 if t == "Learn More" else n, t) for n, t in
                ((h.level, h.title) for h in book.headings)]
    assert findings(book, {"SZ506"}, pdf_headings=headings) == [
        "manuscript/02-more.md:6:1: error[SZ506]: the PDF bookmarks put the heading "
        "'Learn More' at level 3, not 2"]


def test_a_heading_the_manuscript_does_not_have(book):
    headings = [(h.level, h.title) for h in book.headings] + [(1, "Appendix")]
    assert findings(book, {"SZ506"}, pdf_headings=headings) == [
        "error[SZ506]: the PDF bookmarks have a heading the manuscript does not: 'Appendix'"]


def test_a_figure_missing_or_with_another_alt_text(book):
    assert findings(book, {"SZ508"}, pdf_alt=[], epub_alt=["A photo"]) == [
        "manuscript/01-intro.md:7:1: error[SZ508]: the PDF lacks the figure “A small figure "
        "with its caption”",
        "manuscript/01-intro.md:7:1: error[SZ508]: the EPUB gives the figure “A small figure "
        "with its caption” the alt text “A photo”"]


def test_a_timeline_event_missing_from_the_epub(book):
    rows = [(e.when_display, e.text) for e in book.timeline][1:]
    assert findings(book, {"SZ509"}, timeline=rows) == [
        "manuscript/timeline.yaml:1: error[SZ509]: the EPUB's timeline lacks the event 1975, "
        "“The first event.”"]
