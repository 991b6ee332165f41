"""A failed build leaves build/ exactly as it was: the same names, bytes and times, .deps
and the page record included, whether make or samizdat itself ran it; and samizdat writes
nowhere but the book's build/ folder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from samizdat.cli import main

from ..conftest import BOOKS, REPO, copy_book

BROKEN = {
    "malformed": "title: [never closed\n",
    "no-title": "author: Ada Author\noutput: tiny\n",
    "unknown-paper": "title: A Tiny Book\noutput: tiny\npaper: folio\n",
}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under the folder: its bytes and its modification time (ns)."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def make(book: Path, *goals) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-s", "-C", str(REPO), *goals, f"BOOK={book}"],
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The tiny book, built by make: build/ holds the PDF, its page record and .deps."""
    book = copy_book(BOOKS / "tiny", tmp_path_factory.mktemp("failed") / "book")
    assert make(book, "pdf").returncode == 0
    assert {".deps", "tiny.pdf"} <= set(os.listdir(book / "build"))
    return book


@pytest.mark.parametrize("broken", sorted(BROKEN))
@pytest.mark.parametrize("runner", ["make", "samizdat"])
def test_a_failed_build_leaves_build_exactly_as_it_was(built, broken, runner):
    metadata = built / "metadata.yaml"
    good = metadata.read_text()
    before = snapshot(built / "build")
    try:
        metadata.write_text(BROKEN[broken])
        os.utime(metadata, ns=(before["tiny.pdf"][1] + 10**9,) * 2)  # newer than the outputs
        if runner == "make":
            done = make(built, "pdf")
            status, output = done.returncode, done.stderr
        else:
            status, output = main(["-q", "all", str(built)]), ""
        assert status != 0
        assert snapshot(built / "build") == before
        if runner == "make":
            assert output.count(": error[SZ1") == 1, output  # said once, by the build
            assert "Traceback" not in output
    finally:
        metadata.write_text(good)


def test_broken_metadata_in_a_fresh_book_makes_no_build_folder(tmp_path):
    book = copy_book(BOOKS / "tiny", tmp_path / "book")
    (book / "metadata.yaml").write_text(BROKEN["no-title"])
    done = make(book, "pdf")
    assert done.returncode != 0 and "error[SZ103]" in done.stderr
    assert not (book / "build").exists()


def test_output_names_that_lead_out_write_nothing_anywhere(tmp_path):
    for value in ("../../escaped-output", "/tmp/samizdat-escaped/x", "sub/x", ".."):
        book = copy_book(BOOKS / "tiny", tmp_path / "book")
        metadata = book / "metadata.yaml"
        metadata.write_text(metadata.read_text().replace("output: tiny", f"output: {value}"))
        assert main(["-q", "html", str(book)]) == 1
        assert not (book / "build").exists()
    assert not (tmp_path.parent / "escaped-output.html").exists()
    assert not Path("/tmp/samizdat-escaped").exists()


def test_a_build_folder_linked_out_of_the_book_is_refused(tmp_path, capsys):
    book = copy_book(BOOKS / "tiny", tmp_path / "book")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (book / "build").symlink_to(outside)
    assert main(["-q", "html", str(book)]) == 1
    assert "error[SZ121]" in capsys.readouterr().err
    assert list(outside.iterdir()) == []


def test_a_build_folder_linked_inside_the_book_is_followed(tmp_path):
    book = copy_book(BOOKS / "tiny", tmp_path / "book")
    (book / "editions").mkdir()
    (book / "build").symlink_to(book / "editions")
    assert main(["-q", "html", str(book)]) == 0
    assert (book / "editions" / "tiny.html").is_file()


def test_a_preview_folder_linked_out_is_refused(tmp_path, capsys):
    book = copy_book(BOOKS / "tiny", tmp_path / "book")
    assert main(["-q", "pdf", str(book)]) == 0
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (book / "build" / "preview").symlink_to(outside)
    assert main(["-q", "preview", str(book)]) == 1
    assert "error[SZ121]" in capsys.readouterr().err
    assert list(outside.iterdir()) == []
