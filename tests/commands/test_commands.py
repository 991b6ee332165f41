"""The teacher's toolkit through main(argv): new, check, watch and preview."""

from __future__ import annotations

import hashlib
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pypdf
import pytest

from samizdat.cli import main

from ..conftest import BOOKS, copy_book, interruptible


def test_new_book_builds_and_checks_with_no_diagnostic(tmp_path, capsys):
    book = tmp_path / "second-handout"
    assert main(["-q", "new", str(book)]) == 0
    assert main(["-q", "pdf", str(book)]) == 0
    assert main(["-q", "epub", str(book)]) == 0
    assert main(["-q", "check", str(book)]) == 0
    # the layout report may name a page that ends short because its reading list is kept
    # together (SZ319, a note); nothing else may be said of the starter book
    said = [line for line in capsys.readouterr().err.splitlines()
            if not line.startswith("note[SZ319]: ")]
    assert said == []
    metadata = (book / "metadata.yaml").read_text()
    for key in ("title", "paper", "csl", "chapters", "identifier", "timeline"):
        assert f"\n{key}:" in metadata or f"\n# {key}:" in metadata, key
    assert not (book / "styles").exists()


def test_every_commented_key_of_a_new_book_is_valid_once_uncommented(tmp_path, capsys):
    book = tmp_path / "b"
    assert main(["-q", "new", str(book)]) == 0
    lines = (book / "metadata.yaml").read_text().split("\n")
    keys = [line for line in lines if re.match(r"# [a-z-]+:", line)]
    assert "# justify: true" in keys and len(keys) >= 5
    opened = [line[2:] if re.match(r"# ([a-z-]+:|  *- )", line) else line for line in lines]
    (book / "metadata.yaml").write_text("\n".join(opened))
    assert main(["-q", "epub", str(book)]) == 0
    assert capsys.readouterr().err == ""


def test_new_with_styles_copies_them_for_editing(tmp_path):
    assert main(["-q", "new", "--styles", str(tmp_path / "b")]) == 0
    assert sorted(p.name for p in (tmp_path / "b" / "styles").iterdir()) == ["epub.css",
                                                                              "print.css"]


def test_new_refuses_a_folder_that_holds_a_book(tmp_path, capsys):
    book = copy_book(BOOKS / "tiny", tmp_path / "tiny")
    assert main(["-q", "new", str(book)]) == 1
    assert "already holds a book" in capsys.readouterr().err


@pytest.fixture
def built(tmp_path):
    book = copy_book(BOOKS / "valid", tmp_path / "book")
    assert main(["-q", "all", str(book)]) == 0
    return book


def test_check_passes_a_good_pair(built, capsys):
    assert main(["-q", "check", str(built)]) == 0
    assert capsys.readouterr().err == ""


def test_check_fails_on_a_broken_epub(built, capsys):
    epub = built / "build" / "valid.epub"
    with zipfile.ZipFile(epub) as source:
        entries = {n: source.read(n) for n in source.namelist()}
    entries["EPUB/text/ch01.xhtml"] = entries["EPUB/text/ch01.xhtml"].replace(
        b"</section>", b"</section><div>", 1)
    with zipfile.ZipFile(epub, "w") as target:
        for name, data in entries.items():
            target.writestr(name, data)
    assert main(["-q", "check", str(built)]) == 1
    err = capsys.readouterr().err
    assert "manuscript/01-intro.md: error[SZ505]: EPUBCheck" in err
    assert "text/ch01.xhtml" in err


def test_check_fails_when_pdf_and_epub_notes_differ(built, capsys):
    chapter = built / "manuscript" / "01-intro.md"
    pdf = built / "build" / "valid.pdf"
    old = pdf.read_bytes()
    chapter.write_text(chapter.read_text().replace("with its own words", "with new words"))
    assert main(["-q", "epub", str(built)]) == 0  # this builds the PDF again, too ...
    pdf.write_bytes(old)                             # ... which is put back as it was
    assert main(["-q", "check", str(built)]) == 1
    err = capsys.readouterr().err
    assert ("error[SZ507]: note 1 of the EPUB (“An explanatory note with new words.”) is not "
            "in the PDF") in err


def test_preview_writes_one_png_per_page(built):
    assert main(["-q", "preview", str(built)]) == 0
    pages = len(pypdf.PdfReader(built / "build" / "valid.pdf").pages)
    images = sorted((built / "build" / "preview").glob("page-*.png"))
    assert len(images) == pages
    assert images[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def wait_for(lines: queue.Queue, text: str, seen: list[str], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            break
        seen.append(line)
        if text in line:
            return
    raise AssertionError(f"never saw {text!r}; output was:\n{''.join(seen)}")


def start_watch(book: Path) -> tuple[subprocess.Popen, queue.Queue, list[str]]:
    """samizdat watch in a process of its own, its messages arriving in a queue."""
    command = [sys.executable, "-m", "samizdat", "watch", str(book)]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"},
                               preexec_fn=interruptible)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stderr],
                     daemon=True).start()
    return process, lines, []


def test_watch_rebuilds_after_a_change_and_survives_a_broken_edit(tmp_path):
    book = copy_book(BOOKS / "valid", tmp_path / "book")
    process, lines, seen = start_watch(book)
    try:
        wait_for(lines, "watching for changes", seen)
        pdf = book / "build" / "valid.pdf"
        first = digest(pdf)
        chapter = book / "manuscript" / "01-intro.md"
        chapter.write_text(chapter.read_text() + "\nOne more sentence.\n")
        wait_for(lines, "rebuilt in", seen)
        second = digest(pdf)
        assert second != first
        chapter.write_text(chapter.read_text() + "\nA bad key.[@nobody1999]\n")
        wait_for(lines, "build failed", seen)
        assert "citation 'nobody1999' is not in the bibliography" in "".join(seen)
        assert digest(pdf) == second
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
