"""Nothing in the web page or the EPUB fetches anything: a remote URL in a raw HTML style, in
a srcset's second candidate or in an inline SVG is removed at its line, and a book's web.css
or epub.css that names anything outside the page is an error (tests/cases/stylesheet-web-epub-
outside has the messages), for the web page as for the PDF and the EPUB."""

from __future__ import annotations

import zipfile

from samizdat import Report, build
from samizdat.cli import main

from ..conftest import BOOKS, copy_book
from ..source.test_cases import CASES, make_case_book

VECTORS = """# Remote

A <span style="color: red; background:url(http://evil.example/a.png)">styled</span> word.

<img src="images/figure.png" srcset="images/figure.png 1x, http://evil.example/b.png 2x" alt="x">

<svg width="10" height="10"><image href="http://evil.example/c.png"/></svg>
"""


def test_remote_urls_in_raw_html_reach_no_edition(tmp_path):
    book = copy_book(BOOKS / "valid", tmp_path / "book")
    (book / "manuscript" / "03-remote.md").write_text(VECTORS)
    report = Report()
    written = build(book, ("html", "epub"), report)
    assert [(d.code, d.location.line) for d in report.sorted()
            if d.location and d.location.path == "manuscript/03-remote.md"] == [
        ("SZ232", 3), ("SZ231", 5), ("SZ213", 7)]
    assert "evil.example" not in written["html"].read_text()
    with zipfile.ZipFile(written["epub"]) as epub:
        assert not [n for n in epub.namelist() if b"evil.example" in epub.read(n)]
    assert "color: red" in written["html"].read_text()  # what is harmless stays


def test_the_web_page_refuses_a_stylesheet_that_reaches_outside(tmp_path, capsys):
    case = CASES / "stylesheet-web-epub-outside"
    book = make_case_book(case, tmp_path / "book")
    assert main(["-q", "html", str(book)]) == 1
    assert capsys.readouterr().err == (case / "expected.txt").read_text()
    assert not (book / "build").exists()
