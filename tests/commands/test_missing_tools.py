"""The tools samizdat can do without, hidden one at a time (PATH holding only the virtual
environment's programs, or the library made unloadable): each gives its documented message,
never a traceback."""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import shutil
import sys
from pathlib import Path

import pytest

from samizdat.cli import main
from samizdat.web import inline

from ..conftest import BOOKS, copy_book

VENV_BIN = str(Path(sys.executable).parent)


@pytest.fixture
def book(tmp_path) -> Path:
    return copy_book(BOOKS / "tiny", tmp_path / "book")


@pytest.fixture
def no_system_tools(monkeypatch):
    """A PATH without Chromium and Java: only the virtual environment's programs."""
    monkeypatch.setenv("PATH", VENV_BIN)
    assert shutil.which("chromium") is None and shutil.which("java") is None


def test_preview_without_chromium_warns_and_still_makes_the_page_images(
        book, no_system_tools, capsys):
    assert main(["-q", "preview", str(book)]) == 0
    output = capsys.readouterr().err
    assert output.splitlines()[0] == (
        "warning[SZ513]: no web page previews: Chromium is not installed; apt-get install "
        "chromium (make browser does it)")
    assert "SZ411" not in output  # the missing browser is said once
    assert output.endswith("1 warning\n") and "Traceback" not in output
    assert (book / "build" / "preview" / "page-01.png").is_file()
    assert not (book / "build" / "preview" / "web-phone.png").exists()


def test_check_without_java_says_epubcheck_needs_it(book, no_system_tools, capsys):
    assert main(["-q", "all", str(book)]) == 0
    capsys.readouterr()
    assert main(["-q", "check", str(book)]) == 1
    output = capsys.readouterr().err
    assert ("error[SZ504]: EPUBCheck needs Java, which is not installed (on Debian: apt-get "
            "install default-jre-headless)") in output
    assert "Traceback" not in output


def test_the_page_without_harfbuzz_gets_its_fonts_from_fonttools(book, monkeypatch, caplog):
    real_cdll = ctypes.CDLL

    def cdll(name, *args, **kwargs):
        if "harfbuzz-subset" in str(name):
            raise OSError(f"{name}: cannot open shared object file")
        return real_cdll(name, *args, **kwargs)

    monkeypatch.setattr(ctypes, "CDLL", cdll)
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    inline.harfbuzz.cache_clear()
    inline.subset_font.cache_clear()
    try:
        with caplog.at_level(logging.INFO, logger="samizdat"):
            assert main(["html", str(book)]) == 0
        assert inline.harfbuzz() is None
        assert "HarfBuzz's font subsetter is not installed" in caplog.text
        page = (book / "build" / "tiny.html").read_text()
        assert page.count("@font-face") >= 1 and "font/woff2" in page
    finally:
        inline.harfbuzz.cache_clear()
        inline.subset_font.cache_clear()
