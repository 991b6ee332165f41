"""The page of a university press: few type sizes, a title block from the metadata, full
pages, URLs broken as Chicago says (running heads: test_running_heads.py)."""

from __future__ import annotations

import collections

import lxml.html
import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest

from samizdat import Report, load_book
from samizdat.epub.documents import render_chapter_page, render_title_page
from samizdat.pdf.geometry import figure_gaps
from samizdat.pdf.html import render_title_block
from samizdat.pdf.layout import render_pdf
from samizdat.render.urls import make_breakable, url_pieces

from ..conftest import BOOKS, copy_book
from ..support.planned import page_gaps


def type_sizes(pdf) -> collections.Counter:
    """Characters per font size (CSS px, rounded) over the whole PDF, spaces aside."""
    sizes = collections.Counter()
    for page in pdfium.PdfDocument(pdf):
        text = page.get_textpage()
        for i in range(text.count_chars()):
            if not chr(raw.FPDFText_GetUnicode(text, i)).isspace():
                sizes[round(raw.FPDFText_GetFontSize(text, i), 1)] += 1
    return sizes


@pytest.fixture(scope="module")
def prague(tmp_path_factory):
    root = copy_book(BOOKS / "prague-spring", tmp_path_factory.mktemp("prague") / "book")
    report = Report()
    book = load_book(root, report)
    return book, render_pdf(book, report)


def test_helsinki_uses_four_type_sizes(helsinki):
    sizes = type_sizes(helsinki.pdf)
    # 20, 13, 11 and 8.5 pt: title, headings, body, notes and their calls
    assert sorted(sizes) == [11.3, 14.7, 17.3, 26.7]


def test_a5_uses_four_type_sizes(prague, tmp_path):
    book, document = prague
    path = tmp_path / "p.pdf"
    document.write_pdf(path)
    assert len(type_sizes(path)) <= 4


def test_title_block_shows_course_institution_and_date(helsinki):
    meta = helsinki.book.metadata.__class__(
        title="T", subtitle="S", author=("Ann Author",), course="HIST 214: Europe since 1945",
        institution="Thornbury College", publisher="samizdat", date="2026-11-26", lang="en-GB")
    book = helsinki.book.__class__(**{**helsinki.book.__dict__, "metadata": meta})
    for html in (render_title_block(book), render_title_page(book)):
        # the EPUB binds a line's last two short words (no word alone without balancing)
        text = lxml.html.fragment_fromstring(html).text_content().replace("\u00a0", " ")
        assert "HIST 214: Europe since 1945" in text and "Thornbury College" in text
        assert "26 November 2026" in text and "Ann Author" in text
        assert "samizdat" not in text  # the institution stands, not the publisher


def test_no_tool_name_under_the_title(helsinki):
    first = helsinki.pdf_pages()[0]
    assert "samizdat" not in first.lower()
    assert "November 26, 2026" in first


def test_timeline_page_is_not_left_half_empty(prague):
    book, document = prague
    gaps = page_gaps(document)
    before_figures = {gap.page for gap in figure_gaps(document)}
    # a page may end early only before a figure too tall for it (reported as SZ412)
    assert [page for page, _ in gaps if page not in before_figures] == []


@pytest.mark.parametrize("url, first", [
    ("http://www.parallelarchive.org/document/123", "http://www.parallelarchive.org"),
    ("https://example.com/a-b/c_d?x=1", "https://example.com"),
    ("https://www.an-extremely-long-institution-name.example.ac.uk/x", "https://www"),
])
def test_url_breaks_after_the_host_and_never_after_the_scheme(url, first):
    pieces = url_pieces(url)
    assert "".join(pieces) == url
    assert pieces[0] == first
    assert not any(p.endswith("//") for p in pieces)
    # Chicago: a break before / . - _ ? # (and the like), or after = and &
    assert all(p[0] in "/.-_?#=&%~," or pieces[i - 1][-1] in "=&"
               for i, p in enumerate(pieces) if i)


def test_breakable_link_keeps_its_text():
    link = lxml.html.fragment_fromstring('<a href="x">https://www.osce.org/helsinki-final-act</a>')
    make_breakable(link)
    assert link.text_content() == "https://www.osce.org/helsinki-final-act"
    assert link[0].text == "https://www.osce.org"


def test_epub_notes_are_footnote_asides_not_endnotes(helsinki):
    chapter = next(c for c in helsinki.book.chapters if c.notes)
    page = render_chapter_page(helsinki.book, chapter, {})
    root = lxml.html.fragment_fromstring(page)
    asides = root.xpath('.//aside[@role="doc-footnote"]')
    assert len(asides) == len(chapter.notes)
    assert not root.xpath('.//*[@role="doc-endnotes"]')
    assert all(a.get("epub:type") == "footnote" for a in asides)
