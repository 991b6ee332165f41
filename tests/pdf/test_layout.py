"""The printed handout, checked from the PDF itself with pypdf."""

from __future__ import annotations

import shutil

import pypdf
import pytest

from samizdat import Report, build

from ..conftest import BOOKS, build_book, copy_book, squash


def page_of(pages: list[str], needle: str) -> list[int]:
    target = squash(needle)
    return [i for i, text in enumerate(pages, 1) if target in squash(text)]


def call_page_of(pages: list[str], needle: str) -> list[int]:
    """Pages where the needle ends: its sentence may begin on the page before."""
    target, found = squash(needle), []
    for i, text in enumerate(pages, 1):
        before, here = squash(pages[i - 2]) if i > 1 else "", squash(text)
        if target in here or any(target[:k] in before and target[k:] in here
                                 for k in range(1, len(target) - 8)):
            found.append(i)
    return found


def test_every_note_is_printed_on_the_page_of_its_call(helsinki):
    pages = helsinki.pdf_pages()
    assert len(helsinki.book.notes) == 14
    for note in helsinki.book.notes:
        note_pages = page_of(pages, f"{note.number}. {note.text}")
        call_pages = call_page_of(pages, f"{note.context}{note.number}")
        assert len(note_pages) == 1, f"note {note.number} printed on pages {note_pages}"
        assert note_pages == call_pages, f"note {note.number}: call on {call_pages}"


def test_build_reports_no_warning(helsinki):
    assert helsinki.report.count("warning") == 0
    assert helsinki.report.count("error") == 0


def test_running_head_and_folio_on_every_page_after_the_first(helsinki):
    pages = helsinki.pdf_pages()
    title = helsinki.book.metadata.title
    assert 6 <= len(pages) <= 10
    assert pages[0].count(title) == 1  # the title block, no running head
    assert pages[0].rstrip().endswith("1")
    sections = [c.title for c in helsinki.book.chapters]
    for number, text in enumerate(pages[1:], 2):
        lines = [line.strip() for line in text.strip().splitlines()]
        assert lines[-1] == str(number)
        head = lines[-2]
        section = head[len(title):].strip()
        # the section current at the top of the page, a page where one begins too
        assert head.startswith(title) and section in sections


def test_timeline_events_appear_in_order(helsinki):
    text = squash(" ".join(helsinki.pdf_pages()))
    positions = [text.find(squash(f"{e.when_display} {e.text}")) for e in helsinki.book.timeline]
    assert len(positions) == 10 and -1 not in positions
    assert positions == sorted(positions)


def test_timeline_is_on_one_page(helsinki):
    pages = helsinki.pdf_pages()
    found = {p for e in helsinki.book.timeline for p in page_of(pages, e.text[:60])}
    assert len(found) == 1


def test_bookmarks_match_the_headings(helsinki):
    from samizdat.commands.facts import read_pdf

    expected = [(h.level, h.title) for h in helsinki.book.headings]
    assert read_pdf(helsinki.pdf).headings == expected


def test_fonts_are_the_packaged_serif_embedded_and_subset(helsinki):
    reader = pypdf.PdfReader(helsinki.pdf)
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = descriptor
    assert fonts
    for name, descriptor in fonts.items():
        assert "samizdat-serif" in name, name  # the packaged face, no system fallback
        assert name[7] == "+", f"{name} is not a subset"  # /ABCDEF+Name
        assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), name


def test_pdf_is_tagged_with_language_and_title(helsinki):
    reader = pypdf.PdfReader(helsinki.pdf)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-US"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert reader.metadata.title == "The Helsinki Process"
    assert reader.metadata.subject.startswith("How the human rights provisions")
    assert "CSCE" in reader.metadata["/Keywords"]


def test_links_in_the_reading_list_are_clickable(helsinki):
    reader = pypdf.PdfReader(helsinki.pdf)
    uris = {a.get_object()["/A"].get("/URI") for page in reader.pages
            for a in page.get("/Annots", []) if a.get_object().get("/A")}
    assert "http://www.osce.org/helsinki-final-act" in uris
    assert "https://www.youtube.com/watch?v=qBZ2i2m3ai0" in uris


@pytest.mark.parametrize("paper, size", [("a4", (595, 842)), ("letter", (612, 792)),
                                         ("a5", (420, 595))])
def test_paper_sizes_build(tmp_path, paper, size):
    built = build_book(copy_book(BOOKS / "tiny", tmp_path / "book"), paper=paper)
    box = pypdf.PdfReader(built.pdf).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size


def test_placement_check_reports_a_note_pushed_to_the_next_page(tmp_path):
    book = copy_book(BOOKS / "tiny", tmp_path / "book")
    (book / "styles").mkdir()
    # a note area of two lines cannot hold six notes, and with footnote-policy: auto the
    # text does not move with them: some notes must be printed a page after their call
    shutil.copy(BOOKS.parent.parent / "styles" / "print.css", book / "styles" / "print.css")
    with open(book / "styles" / "print.css", "a") as css:
        css.write("\n@page { @footnote { max-height: 24pt } } .fn { footnote-policy: auto }\n")
    text = "\n\n".join(f"Paragraph {i} carries a note.[^n{i}]" for i in range(6))
    notes = "\n\n".join(f"[^n{i}]: A short note, one line." for i in range(6))
    (book / "manuscript" / "03-crowded.md").write_text(f"# Crowded\n\n{text}\n\n{notes}\n")
    report = Report()
    build(book, ("pdf",), report)
    moved = [d for d in report.diagnostics if "is printed on page" in d.message]
    assert moved, report.format()
    assert all(d.severity == "warning" for d in moved)
    assert "its call on page" in moved[0].message
