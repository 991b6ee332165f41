"""Running heads on every page but the first: the handout's title on one side, on the other
the section current at the top of the page, even on a page where a section begins; mirrored
in a right-to-left handout."""

from __future__ import annotations

import pytest

from samizdat import Report, build, load_book

from ..conftest import BOOKS, copy_book
from ..support.running_heads import pages

BOOKS_WITH_SECTIONS = ["prague-spring", "mauerfall", "transicion", "tables", "crossref"]


def built(root):
    report = Report()
    pdf = build(root, ("pdf",), report)["pdf"]
    return load_book(root, Report()), pages(pdf)


def expected_sections(book, found) -> list[str | None]:
    """Per page, the section current at its top: the one whose heading opens the page, else
    the last one whose heading stood on an earlier page (None before the first)."""
    titles = [c.title for c in book.chapters if not c.opening]
    current, expected = None, []
    for page in found:
        body = page.body
        if body and body[0] in titles:
            current = body[0]
        expected.append(current)
        for line in body:
            if line in titles:
                current = line
    return expected


@pytest.fixture(scope="module", params=BOOKS_WITH_SECTIONS)
def book_pages(request, tmp_path_factory):
    root = copy_book(BOOKS / request.param, tmp_path_factory.mktemp(request.param) / "book")
    return built(root)


def test_every_page_but_the_first_has_its_heads(book_pages):
    book, found = book_pages
    assert len(found) >= 2
    assert found[0].left == found[0].right == ""
    for number, page in enumerate(found[1:], 2):
        assert page.left == book.metadata.title, number


def test_right_head_names_the_section_current_at_the_top(book_pages):
    book, found = book_pages
    expected = expected_sections(book, found)
    titles = {c.title for c in book.chapters}
    begins = 0
    for number, (page, section) in enumerate(zip(found, expected, strict=True), 1):
        if number == 1:
            continue
        assert page.right == (section or ""), number
        begins += bool(page.right) and any(line in titles for line in page.body)
    assert begins >= 1  # a page where a section begins keeps its head


def test_helsinki_has_a_section_head_on_every_page_after_the_first(helsinki):
    found = pages(helsinki.pdf)
    sections = [c.title for c in helsinki.book.chapters]
    assert all(page.right in sections for page in found[1:])


def test_right_to_left_handout_mirrors_its_heads(tmp_path):
    root = copy_book(BOOKS / "rtl", tmp_path / "book")
    opening = root / "manuscript" / "01-opening.md"
    sentence = "هذا هو الفصل الأول من الكتاب. وهو يقول شيئا ويشرحه. "
    opening.write_text(opening.read_text(encoding="utf-8").replace(
        sentence.strip(), "\n\n".join([sentence * 12] * 10), 1), encoding="utf-8")
    book, found = built(root)
    assert len(found) >= 2
    for page in found[1:]:
        assert page.right == book.metadata.title  # the title at the right
        assert page.left in [c.title for c in book.chapters]  # the section at the left


def test_booklet_pages_carry_one_head_at_the_outer_corner(tmp_path):
    """Printed on both sides: the title on the left pages, the section on the right ones."""
    import dataclasses

    from samizdat.pdf.layout import render_pdf
    from samizdat.source.stylesheet import packaged_stylesheet

    root = copy_book(BOOKS / "prague-spring", tmp_path / "book")
    book = load_book(root, Report())
    book = dataclasses.replace(book, metadata=dataclasses.replace(book.metadata, paper="a5"))
    pdf = tmp_path / "pages.pdf"
    render_pdf(book, Report(), extra_stylesheets=[packaged_stylesheet("booklet.css")]
               ).write_pdf(pdf)
    found = pages(pdf)
    sections = {c.title for c in book.chapters}
    assert len(found) >= 4
    for number, page in enumerate(found[1:], 2):
        if number % 2 == 0:  # a left page
            assert (page.left, page.right) == (book.metadata.title, ""), number
        else:
            assert page.left == "" and page.right in sections, number
