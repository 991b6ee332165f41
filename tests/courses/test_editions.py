"""A course reader in either edition: the students' shows no teacher's block of any handout,
in its PDF, its EPUB or on the site; the teacher's holds them, marked, in files of its own."""

from __future__ import annotations

import zipfile

import pypdf
import pytest

from samizdat.core.diagnostics import Report
from samizdat.course.reader import build_reader

from ..conftest import BOOKS, copy_book

TEACHERS = "Allow twelve minutes for the march map exercise"


@pytest.fixture(scope="module")
def classroom(tmp_path_factory):
    root = tmp_path_factory.mktemp("classroom-course")
    copy_book(BOOKS / "classroom", root / "velvet")
    copy_book(BOOKS / "tiny", root / "tiny")
    (root / "course.yaml").write_text("title: A Classroom Course\npaper: a4\n"
                                      "handouts: [velvet, tiny]\n")
    return root, build_reader(root, Report()), build_reader(root, Report(), edition="teacher")


def pdf_text(path) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(path).pages)


def epub_text(path) -> str:
    with zipfile.ZipFile(path) as epub:
        return " ".join(" ".join(epub.read(n).decode().split()) for n in epub.namelist()
                        if n.endswith(".xhtml"))


def test_the_students_reader_and_site_show_no_teachers_block(classroom):
    root, students, _ = classroom
    assert TEACHERS not in pdf_text(students["pdf"])
    assert TEACHERS not in epub_text(students["epub"])
    for page in (root / "build" / "site").glob("*.html"):
        assert TEACHERS not in " ".join(page.read_text().split()), page.name


def test_the_teachers_reader_holds_them_in_files_of_its_own(classroom):
    _, students, teachers = classroom
    assert teachers["pdf"].name == "a-classroom-course-teacher.pdf"
    assert "site" not in teachers and students["pdf"].is_file()
    text = pdf_text(teachers["pdf"])
    assert TEACHERS in text and "Teacher" in text
    assert TEACHERS in epub_text(teachers["epub"])
