"""course.yaml: its keys declared once, checked as metadata.yaml's are; its handout folders
checked to stay inside the course folder and to be books."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.diagnostics import BookError, Location, Report
from ..core.metadata import PAPERS, check_output_name, key, read_keys, slugify
from ..source.load import load_yaml
from ..source.paths import inside, inside_lexically, outside_reason

COURSE_FILE = "course.yaml"


@dataclass(frozen=True)
class Course:
    """The keys of course.yaml, each declared once with its meaning."""

    title: str = key("The reader's title, on its title page, cover and in its metadata.",
                     required=True)
    subtitle: str | None = key("A line under the title.")
    author: tuple[str, ...] = key("The teacher, or a list of names.", (), kind=(str, list))
    course: str | None = key("The course the reader is for ('HIST 214: Europe since 1945').")
    institution: str | None = key("The school or university.")
    term: str | None = key("The term ('Spring 2026'), on the title page under the course.")
    date: str | None = key("The reader's date (YYYY-MM-DD or written out in its language).",
                           kind=(str, dt.date))
    lang: str = key("Language tag of the reader's own pages (title page, contents, site).",
                    "en-US")
    paper: str = key("Paper size of the reader: a4, letter or a5; every handout is laid out "
                     "on it.", "a4", choices=PAPERS)
    output: str | None = key("Base name of the reader's files (build/<output>.pdf); derived "
                             "from the title when absent.")
    cover: str | None = key("A cover image for the reader's EPUB (.jpg or .png) in the course "
                            "folder; a generated cover when absent.")
    bibliography: str | None = key("The title of one combined bibliography at the end of the "
                                   "reader ('Works Cited'): every work the handouts cite or "
                                   "list, each once, in the first handout's citation style; "
                                   "none when absent.")
    handouts: tuple[str, ...] = key("The handout folders in reading order, relative to the "
                                    "course folder; each is a samizdat book.", (), kind=list,
                                    required=True)

    @property
    def basename(self) -> str:
        return self.output or slugify(self.title) or "reader"


@dataclass(frozen=True)
class Handout:
    """A handout of the course: its folder, and its name as written in course.yaml."""

    folder: Path         # resolved, inside the course folder
    written: str         # as in course.yaml, the prefix of its messages' paths
    number: int          # its place in the reader, from 1

    @property
    def prefix(self) -> str:
        """What its ids and files are prefixed with in the reader: 'h2'."""
        return f"h{self.number}"


def load_course(root: Path, report: Report) -> tuple[Course, tuple[Handout, ...]]:
    """course.yaml read and checked, and its handouts; raises BookError on any error."""
    root = Path(root)
    if not (root / COURSE_FILE).is_file():
        report.error("SZ003", f"{root}/{COURSE_FILE} not found: is {root} a course folder?",
                     Location(COURSE_FILE))
        raise BookError(report)
    source = load_yaml(root / COURSE_FILE, root, report)
    if source is None:
        raise BookError(report)
    course = parse_course(source.data, source.lines, report)
    handouts = () if course is None else check_handouts(root, course, source.columns, report)
    if course is not None and course.cover:
        where = Location(COURSE_FILE, *source.columns.get(("cover",), (1, 1)))
        check_cover(root, course.cover, where, report)
    if report.has_errors:
        raise BookError(report)
    return course, handouts


def parse_course(data: Any, lines: dict, report: Report) -> Course | None:
    """The keys checked by metadata.yaml's rules: unknown keys with a suggestion, types,
    choices, the date and the output name."""
    def where(name: str) -> Location:
        return Location(COURSE_FILE, lines.get((name,), 1), 1)

    if not isinstance(data, dict):
        report.error("SZ101", "course.yaml must be a mapping of keys to values",
                     Location(COURSE_FILE, 1, 1))
        return None
    values = read_keys(Course, data, COURSE_FILE, where, report)
    if "output" in values:
        check_output_name(values["output"], where("output"), report)
    if report.has_errors:
        return None
    return Course(**values)


def check_handouts(root: Path, course: Course, columns: dict,
                   report: Report) -> tuple[Handout, ...]:
    """Every handout folder inside the course folder (links followed), a book, listed once."""
    if not course.handouts:
        report.error("SZ124", "'handouts' lists no handout folder",
                     Location(COURSE_FILE, *columns.get(("handouts",), (1, 1))))
    found, seen = [], {}
    for index, written in enumerate(course.handouts):
        where = Location(COURSE_FILE, *columns.get(("handouts", index), (1, 1)))
        folder = check_handout(root, written, where, report)
        if folder is None:
            continue
        if folder in seen:
            report.error("SZ125", f"handout '{written}' is listed twice (first as "
                         f"'{seen[folder]}')", where)
            continue
        seen[folder] = written
        found.append(Handout(folder, written.strip("/"), len(found) + 1))
    return tuple(found)


COVER_TYPES = (".jpg", ".jpeg", ".png")


def check_cover(root: Path, written: str, where: Location, report: Report) -> Path | None:
    """The cover image: a JPEG or PNG file inside the course folder."""
    reason = outside_reason(written)
    real = None if reason else inside(root / written, root)
    if real is None:
        report.error("SZ122", f"cover '{written}' {reason or 'leads outside the course folder'}"
                     .replace("book folder", "course folder"), where)
    elif not real.is_file():
        report.error("SZ107", f"cover image '{written}' does not exist", where)
    elif real.suffix.lower() not in COVER_TYPES:
        report.error("SZ114", f"cover '{written}' is not a JPEG or PNG image", where)
    else:
        return real
    return None


def check_handout(root: Path, written: str, where: Location, report: Report) -> Path | None:
    """One handout folder as written in course.yaml, or None with the error reported."""
    reason = outside_reason(written)
    if reason:
        report.error("SZ122", f"handout '{written}' {reason.replace('book', 'course')}", where)
        return None
    path = root / written
    real = inside(path, root)
    if real is None or real == Path(root).resolve():
        via = " through a symbolic link" if real is None and inside_lexically(path, root) else ""
        report.error("SZ122", f"handout '{written}' leads outside the course folder{via}: "
                     "a course reads only the handout folders inside it (move or copy the "
                     "handout into the course folder)", where)
        return None
    if not (real / "metadata.yaml").is_file():
        what = "does not exist" if not real.exists() else "has no metadata.yaml"
        report.error("SZ123", f"handout '{written}' {what}: each handout is a book folder "
                     "(samizdat new FOLDER starts one)", where)
        return None
    return real
