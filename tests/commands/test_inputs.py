"""One definition of a book's inputs: a bibliography kept outside manuscript/ is seen by make
(through build/.deps), by watch and by check alike."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from samizdat.cli import main
from samizdat.source.inputs import book_inputs, watched_folders

from ..conftest import BOOKS, REPO, copy_book
from .test_commands import start_watch, wait_for


@pytest.fixture
def moved(tmp_path) -> Path:
    """The valid book with its bibliography moved to refs/sources.yaml."""
    book = copy_book(BOOKS / "valid", tmp_path / "book")
    (book / "refs").mkdir()
    (book / "manuscript" / "bibliography.yaml").rename(book / "refs" / "sources.yaml")
    metadata = book / "metadata.yaml"
    metadata.write_text(metadata.read_text().replace("manuscript/bibliography.yaml",
                                                     "refs/sources.yaml"))
    return book


def touch_later(path: Path) -> None:
    """Change a file's content and make its time clearly newer than the outputs'."""
    path.write_text(path.read_text() + "\n# edited\n")
    later = time.time() + 5
    os.utime(path, (later, later))


def test_the_inputs_include_a_bibliography_outside_the_manuscript(moved):
    assert moved / "refs" / "sources.yaml" in book_inputs(moved)
    assert moved / "refs" in watched_folders(moved)
    assert moved not in watched_folders(moved)  # the book folder also holds build/


def test_make_rebuilds_when_the_moved_bibliography_changes(moved):
    def make(*goals) -> subprocess.CompletedProcess:
        return subprocess.run(["make", "-s", "-C", str(REPO), *goals, f"BOOK={moved}"],
                              capture_output=True, text=True)

    assert make("pdf").returncode == 0
    deps = (moved / "build" / ".deps").read_text()
    assert "$(BOOK)/refs/sources.yaml" in deps
    assert make("-q", "pdf").returncode == 0  # up to date
    touch_later(moved / "refs" / "sources.yaml")
    assert make("-q", "pdf").returncode == 1  # make sees the change


def test_check_warns_when_the_moved_bibliography_is_newer(moved, capsys):
    assert main(["-q", "all", str(moved)]) == 0
    touch_later(moved / "refs" / "sources.yaml")
    main(["-q", "check", str(moved)])
    assert "warning[SZ503]: build/valid.pdf is older than its sources" in capsys.readouterr().err


def test_watch_rebuilds_when_the_moved_bibliography_changes(moved):
    process, lines, seen = start_watch(moved)
    try:
        wait_for(lines, "watching for changes", seen)
        (moved / "refs" / "sources.yaml").write_text(
            (moved / "refs" / "sources.yaml").read_text() + "\n# edited\n")
        wait_for(lines, "changed: sources.yaml", seen)
        wait_for(lines, "rebuilt in", seen)
    finally:
        process.kill()
        process.wait(timeout=30)
