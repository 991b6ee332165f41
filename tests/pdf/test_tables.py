"""Tables over pages, as Chicago sets them: a table that fits on a page is never split (it
moves whole to the next page, as a figure does); a longer one breaks, and on each page it
runs on to its header says "Table 2 (continued)"; its rows' pitch follows its own type size."""

from __future__ import annotations

from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest

from samizdat import Report, build

from ..conftest import BOOKS, copy_book

SHORT = [f"Review meeting {n}" for n in range(1, 17)]
LONG = [f"Session {n}" for n in range(1, 91)]


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> dict[str, Path]:
    root = copy_book(BOOKS / "tables", tmp_path_factory.mktemp("tables") / "book")
    report = Report()
    outputs = build(root, ("pdf", "large-print"), report)
    assert report.format() == ""
    return outputs


def pages_holding(pdf: Path, rows: list[str]) -> list[int]:
    """The page each row is printed on."""
    texts = [page.extract_text().splitlines() for page in pypdf.PdfReader(pdf).pages]
    return [next(n for n, lines in enumerate(texts, 1) if any(line.split(" ", 2)[-1].endswith(
        row) or f" {row} " in f" {line} " for line in lines)) for row in rows]


def test_a_table_that_fits_on_a_page_is_not_split(tables):
    assert len(set(pages_holding(tables["pdf"], SHORT))) == 1


def test_the_same_table_is_split_without_the_rule(tables, tmp_path, monkeypatch):
    """Without keeping it whole, WeasyPrint splits it 7 + 9 (the test book is made so)."""
    from samizdat.pdf import layout

    monkeypatch.setattr(layout, "split_tables", lambda document: [])
    root = copy_book(BOOKS / "tables", tmp_path / "book")
    pdf = build(root, ("pdf",), Report())["pdf"]
    assert len(set(pages_holding(pdf, SHORT))) == 2


def test_a_long_table_breaks_with_its_header_continued(tables):
    pages = sorted(set(pages_holding(tables["pdf"], LONG)))
    assert len(pages) >= 3
    texts = [page.extract_text() for page in pypdf.PdfReader(tables["pdf"]).pages]
    assert "Table 2 (continued)" not in texts[pages[0] - 1]
    assert "Table 2. Sessions, year by year" in texts[pages[0] - 1]
    for number in pages[1:]:
        lines = texts[number - 1].splitlines()
        at = lines.index("Table 2 (continued)")
        assert lines[at + 1] == "Year City Meeting Delegations", lines[at:at + 2]
    assert all("Table 1 (continued)" not in text for text in texts)


def baseline(pdf: Path, text: str) -> tuple[int, float]:
    """The page and the top of the first place text is printed."""
    for number, page in enumerate(pdfium.PdfDocument(str(pdf))):
        textpage = page.get_textpage()
        found = textpage.get_text_range().find(text)
        if found >= 0:
            return number, textpage.get_charbox(found)[3]
    raise AssertionError(text)


@pytest.mark.parametrize("edition,size", [("pdf", 8.5), ("large-print", 15)])
def test_the_rows_pitch_follows_the_tables_size(tables, edition, size):
    (page, first), (same, second) = (baseline(tables[edition], "Session 2 "),
                                     baseline(tables[edition], "Session 3 "))
    assert page == same
    pitch = first - second
    padding = 2 * 72 / 25.4  # 1 mm above and below each row's text
    assert abs(pitch - padding - 1.3 * size) < 0.6, pitch
