"""The test course: tests/courses/europe/course.yaml with three of the test books copied in
beside it as its handouts, built once for the module that asks."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from samizdat.core.diagnostics import Report
from samizdat.course.reader import build_reader

from ..conftest import BOOKS, copy_book

COURSES = Path(__file__).resolve().parent
HANDOUTS = {"danube": "crossref", "transicion": "transicion", "prague-spring": "prague-spring"}


def make_course(target: Path) -> Path:
    """The europe course folder with its handouts, fresh."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    shutil.copy(COURSES / "europe" / "course.yaml", target / "course.yaml")
    for folder, book in HANDOUTS.items():
        copy_book(BOOKS / book, target / folder)
    from PIL import Image

    Image.new("RGB", (600, 900), (40, 70, 110)).save(target / "cover.png")
    return target


@dataclass
class Course:
    root: Path
    report: Report
    paths: dict[str, Path]

    @property
    def site(self) -> Path:
        return self.paths["site"].parent


@pytest.fixture(scope="session")
def europe(tmp_path_factory) -> Course:
    root = make_course(tmp_path_factory.mktemp("course") / "europe")
    report = Report()
    return Course(root, report, build_reader(root, report))
