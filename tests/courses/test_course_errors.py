"""A course folder's mistakes: each case under tests/courses/cases/ holds a course.yaml (and
any handout of its own) and the exact report; the tiny test book is copied in as week-1.
Nothing is written while anything is wrong."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from samizdat.cli import main
from samizdat.core.diagnostics import BookError, Report
from samizdat.course.reader import build_reader

from ..conftest import BOOKS, copy_book

CASES = Path(__file__).resolve().parent / "cases"
EXPECTED = {
    "unknown-key": "course.yaml:1:1: error[SZ103]: missing required key 'handouts': The "
                   "handout folders in reading order, relative to the course folder; each is a "
                   "samizdat book.\n"
                   "course.yaml:2:1: warning[SZ102]: unknown key 'handout' (did you mean "
                   "'handouts'?)\n1 error, 1 warning",
    "handout-outside": "course.yaml:4:5: error[SZ122]: handout '../../books/tiny' leads "
                       "outside the course folder: a course reads only the handout folders "
                       "inside it (move or copy the handout into the course folder)\n1 error",
    "handout-missing": "course.yaml:4:5: error[SZ123]: handout 'week-2' does not exist: each "
                       "handout is a book folder (samizdat new FOLDER starts one)\n1 error",
    "handout-twice": "course.yaml:4:5: error[SZ125]: handout './week-1/' is listed twice "
                     "(first as 'week-1')\n1 error",
    "handout-error": "week-2/manuscript/01-week.md:3:57: error[SZ201]: citation 'nobody1999' "
                     "is not in the bibliography\n1 error",
}


def case_folder(name: str, tmp_path: Path) -> Path:
    folder = tmp_path / "cases" / name
    shutil.copytree(CASES / name, folder)
    copy_book(BOOKS / "tiny", folder / "week-1")
    return folder


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_mistake_is_reported_at_its_place_and_nothing_is_written(name, tmp_path):
    folder = case_folder(name, tmp_path)
    report = Report()
    with pytest.raises(BookError) as raised:
        build_reader(folder, report)
    assert raised.value.report.format() == EXPECTED[name]
    assert not (folder / "build").exists()


def test_a_symbolic_link_out_of_the_course_is_refused(tmp_path):
    folder = case_folder("handout-missing", tmp_path)
    copy_book(BOOKS / "tiny", tmp_path / "elsewhere")
    (folder / "week-2").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(BookError) as raised:
        build_reader(folder, Report())
    assert [d.code for d in raised.value.report.diagnostics] == ["SZ122"]
    assert "through a symbolic link" in raised.value.report.format()


def test_a_broken_handout_leaves_the_last_good_reader_untouched(tmp_path):
    folder = case_folder("handout-error", tmp_path)
    (folder / "course.yaml").write_text("title: A Course\npaper: a5\nhandouts: [week-1]\n")
    paths = build_reader(folder, Report())
    before = {p: p.read_bytes() for p in (folder / "build").rglob("*") if p.is_file()}
    (folder / "course.yaml").write_text("title: A Course\npaper: a5\nhandouts: [week-1, week-2]\n")
    with pytest.raises(BookError):
        build_reader(folder, Report())
    after = {p: p.read_bytes() for p in (folder / "build").rglob("*") if p.is_file()}
    assert after == before and paths["pdf"] in after


def test_the_command_says_a_folder_is_no_course(tmp_path, capsys):
    assert main(["reader", str(tmp_path)]) == 1
    assert "error[SZ003]" in capsys.readouterr().err


def test_a_cover_outside_the_course_is_refused(tmp_path):
    folder = case_folder("handout-missing", tmp_path)
    (folder / "course.yaml").write_text("title: A Course\ncover: ../cover.png\n"
                                        "handouts: [week-1]\n")
    with pytest.raises(BookError) as raised:
        build_reader(folder, Report())
    assert raised.value.report.format() == (
        "course.yaml:2:8: error[SZ122]: cover '../cover.png' leads outside the course folder"
        "\n1 error")
