"""A chapter saved while the book is built: the build says so at the chapter, and the files it
wrote from the text as it was read are dated before the save, so make builds them again."""

from __future__ import annotations

import os

from samizdat.build import pipeline
from samizdat.cli import main

from .conftest import BOOKS, copy_book


def test_a_chapter_saved_during_the_build_leaves_the_outputs_out_of_date(tmp_path,
                                                                        monkeypatch, capsys):
    book = copy_book(BOOKS / "tiny", tmp_path / "tiny")
    chapter = book / "manuscript" / "02-closing.md"
    real = pipeline.load_book

    def load_then_save(*args, **kwargs):  # the author saves after the text was read
        loaded = real(*args, **kwargs)
        chapter.write_text(chapter.read_text() + "\nA sentence saved during the build.\n")
        return loaded
    monkeypatch.setattr(pipeline, "load_book", load_then_save)
    assert main(["-q", "pdf", str(book)]) == 0
    assert capsys.readouterr().err == (
        "manuscript/02-closing.md: warning[SZ133]: this file changed while the book was "
        "built: build/tiny.pdf was made from the text as it was read and is dated before the "
        "change, so the next build makes it anew\n1 warning\n")
    pdf = book / "build" / "tiny.pdf"
    assert pdf.stat().st_mtime_ns < chapter.stat().st_mtime_ns  # make sees it out of date
    # the next build reads the saved text, and its PDF is current again
    monkeypatch.setattr(pipeline, "load_book", real)
    assert main(["-q", "pdf", str(book)]) == 0
    assert capsys.readouterr().err == ""
    assert pdf.stat().st_mtime_ns > chapter.stat().st_mtime_ns


def test_a_save_with_an_old_time_stamp_still_leaves_the_outputs_out_of_date(tmp_path,
                                                                            monkeypatch):
    book = copy_book(BOOKS / "tiny", tmp_path / "tiny")
    chapter = book / "manuscript" / "01-opening.md"
    real = pipeline.load_book

    def load_then_restore(*args, **kwargs):  # a checkout that keeps the file's old time
        loaded = real(*args, **kwargs)
        chapter.write_text("# Opening\n\nAnother text entirely.\n")
        os.utime(chapter, ns=(10**18, 10**18))  # 2001, older than the build
        return loaded
    monkeypatch.setattr(pipeline, "load_book", load_then_restore)
    assert main(["-q", "pdf", str(book)]) == 0
    assert (book / "build" / "tiny.pdf").stat().st_mtime_ns < chapter.stat().st_mtime_ns


def test_a_build_without_a_save_during_it_says_nothing_and_keeps_its_time(tmp_path, capsys):
    book = copy_book(BOOKS / "tiny", tmp_path / "tiny")
    assert main(["-q", "pdf", str(book)]) == 0
    assert capsys.readouterr().err == ""
    newest = max(p.stat().st_mtime_ns for p in (book / "manuscript").iterdir())
    assert (book / "build" / "tiny.pdf").stat().st_mtime_ns > newest
