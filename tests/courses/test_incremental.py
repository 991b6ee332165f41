"""A reader build lays out only what changed: a second build reuses every handout, an edit
lays out that handout alone, and a handout whose first page moved is laid out again only if
it prints page references. make reader with nothing changed does nothing."""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

import pytest

from samizdat.core.diagnostics import BookError, Report
from samizdat.course.reader import build_reader

from ..conftest import BOOKS, REPO, copy_book


def two_week_course(root: Path) -> Path:
    root.mkdir(parents=True)
    for week in ("week-1", "week-2"):
        book = copy_book(BOOKS / "tiny", root / week)
        meta = book / "metadata.yaml"
        meta.write_text(meta.read_text().replace("output: tiny", f"output: {week}"))
    (root / "course.yaml").write_text("title: Two Weeks\npaper: a5\nhandouts: [week-1, week-2]\n")
    return root


def laid_out(caplog) -> list[str]:
    return [r.getMessage().split(":")[0].removeprefix("laid out ") for r in caplog.records
            if r.getMessage().startswith("laid out ")]


@pytest.fixture
def course(tmp_path):
    return two_week_course(tmp_path / "course")


def test_only_what_changed_is_laid_out_again(course, caplog):
    caplog.set_level(logging.INFO, logger="samizdat")
    paths = build_reader(course, Report())
    assert sorted(laid_out(caplog)) == ["week-1", "week-2"]
    pdf = paths["pdf"].read_bytes()
    caplog.clear()
    build_reader(course, Report())
    assert laid_out(caplog) == [] and paths["pdf"].read_bytes() == pdf
    caplog.clear()
    chapter = course / "week-2" / "manuscript" / "02-closing.md"
    chapter.write_text(chapter.read_text() + "\nA sentence added in the second week.\n")
    build_reader(course, Report())
    assert laid_out(caplog) == ["week-2"]
    caplog.clear()
    # week-1 grows by pages: week-2 moves, but prints no page reference: not laid out again
    opening = course / "week-1" / "manuscript" / "01-opening.md"
    opening.write_text(opening.read_text() + "\n" + "\n\n".join(
        f"Paragraph {i} of a longer first week, to fill a page or two." * 6 for i in range(20)))
    build_reader(course, Report())
    assert laid_out(caplog) == ["week-1"]
    assert b"A sentence added in the second week" not in pdf  # the new reader is written
    import pypdf

    reader = pypdf.PdfReader(paths["pdf"])
    assert any("A sentence added" in page.extract_text() for page in reader.pages)


def test_two_handouts_with_one_output_name_are_an_error(course):
    meta = course / "week-2" / "metadata.yaml"
    meta.write_text(meta.read_text().replace("output: week-2", "output: week-1"))
    with pytest.raises(BookError) as raised:
        build_reader(course, Report())
    assert [d.code for d in raised.value.report.diagnostics] == ["SZ126"]
    assert str(raised.value.report.diagnostics[0].location) == "week-2/metadata.yaml"
    assert not (course / "build").exists()


def make(*goals, course: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-s", "-C", str(REPO), *goals, f"COURSE={course}"],
                          capture_output=True, text=True)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_a_second_make_reader_does_nothing(course):
    assert make("reader", course=course).returncode == 0
    assert (course / "build" / ".reader.deps").is_file()
    assert make("-q", "reader", course=course).returncode == 0  # up to date
    (course / "week-1" / "manuscript" / "03-new.md").write_text("# New\n\nA new chapter.\n")
    assert make("-q", "reader", course=course).returncode == 1  # a file added: out of date
