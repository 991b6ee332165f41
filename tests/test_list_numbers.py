"""Lists as the author wrote them in every edition: a list that starts at 2, lettered and
roman lists, a nested list, their numbers read back from the PDF (its tagged labels, through
pikepdf and pdfium), the EPUB and the web page; a loose list's items start right after their
numbers, as a tight list's do."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from samizdat import Report, build, load_book
from samizdat.commands.facts import read_epub, read_pdf, read_web
from samizdat.commands.list_parity import check_list_numbers, written_numbers

from .conftest import BOOKS, copy_book
from .web.test_page import browser, open_page  # noqa: F401 - the fixture, shared

AS_WRITTEN = ["2.", "3.", "4.", "A.", "B.", "C.", "i.", "ii.", "iii.",
              "1.", "a.", "b.", "2.", "i.", "ii.", "3.", "IV.", "V.",
              "1.", "2.", "3.", "1.", "2.", "3."]
LONG_ITEM = "The first point is long enough"


@pytest.fixture(scope="module")
def lists(tmp_path_factory) -> dict[str, Path]:
    root = copy_book(BOOKS / "lists", tmp_path_factory.mktemp("lists") / "book")
    report = Report()
    outputs = build(root, ("pdf", "epub", "html"), report)
    assert report.format() == ""
    return {"root": root, **outputs}


def test_the_manuscript_numbers_are_read_as_written():
    book = load_book(BOOKS / "lists", Report())
    assert [number for number, _, _ in written_numbers(book)] == AS_WRITTEN


def test_every_edition_shows_the_numbers_as_written(lists):
    pdf, epub, web = read_pdf(lists["pdf"]), read_epub(lists["epub"]), read_web(lists["html"])
    assert pdf.list_numbers == AS_WRITTEN
    assert epub.list_numbers == AS_WRITTEN
    assert web.list_numbers == AS_WRITTEN
    report = Report()
    check_list_numbers(load_book(lists["root"], Report()), pdf, epub, web, report)
    assert report.format() == ""


def test_a_pdf_numbered_one_two_three_is_a_finding_at_the_item(lists, tmp_path, monkeypatch):
    import samizdat.pdf.html as html

    monkeypatch.setattr(html, "number_lists_for_print", lambda section: None)  # as WeasyPrint
    root = copy_book(lists["root"], tmp_path / "book")
    pdf = read_pdf(build(root, ("pdf",), Report())["pdf"])
    assert pdf.list_numbers[:4] == ["1.", "2.", "3.", "1."]
    report = Report()
    check_list_numbers(load_book(root, Report()), pdf, read_epub(lists["epub"]),
                       read_web(lists["html"]), report)
    assert report.format() == (
        "manuscript/01-lists.md:7:4: error[SZ414]: the PDF numbers the list item “Second, "
        "gather the sources that survive…” “1.”, the manuscript “2.”\n1 error")


def line_starts(pdf: Path, words: str) -> list[float]:
    """The x of the first letter of every line of the PDF that begins with words."""
    found = []
    for page in pdfium.PdfDocument(str(pdf)):
        text = page.get_textpage()
        whole = text.get_text_range()
        at = whole.find(words)
        while at >= 0:
            found.append(text.get_charbox(at)[0])
            at = whole.find(words, at + 1)
    return found


def test_a_loose_item_starts_where_a_tight_one_does_in_the_pdf(lists):
    loose, tight = line_starts(lists["pdf"], LONG_ITEM)
    assert abs(loose - tight) < 0.5, (loose, tight)


INDENTS = """return [...document.querySelectorAll('li > p')].map(p => [p.textContent.slice(0, 24),
  getComputedStyle(p).textIndent, p.getBoundingClientRect().left])"""


def test_a_loose_item_has_no_indent_on_the_web_page_and_in_the_epub(lists, browser, tmp_path):  # noqa: F811
    open_page(browser, lists["html"], "desktop")
    shown = browser.execute_script(INDENTS)
    firsts = [indent for text, indent, _ in shown if text.startswith(("The first", "The second",
                                                                      "The third", "A loose"))]
    assert firsts and set(firsts) == {"0px"}, shown
    assert any(text.startswith("It carries") and indent != "0px" for text, indent, _ in shown)
    with zipfile.ZipFile(lists["epub"]) as package:
        package.extractall(tmp_path / "epub")
    chapter = next((tmp_path / "epub").rglob("ch01.xhtml"))
    open_page(browser, chapter, "desktop")
    shown = browser.execute_script(INDENTS)
    firsts = [indent for text, indent, _ in shown if not text.startswith("It carries")]
    assert firsts and set(firsts) == {"0px"}, shown
