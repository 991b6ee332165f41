"""Nothing lost, nothing half-written, and the same bytes from the same sources."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pypdf
import pytest

from samizdat import BookError, Report, build
from samizdat.build import atomic as output_module
from samizdat.cli import main

from .conftest import BOOKS, copy_book, imports_weasyprint


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def valid(tmp_path) -> Path:
    return copy_book(BOOKS / "valid", tmp_path / "book")


def test_a_failed_build_leaves_the_last_good_files_untouched(valid):
    assert main(["-q", "all", str(valid)]) == 0
    before = {p.name: digest(p) for p in (valid / "build").iterdir()}
    chapter = valid / "manuscript" / "01-intro.md"
    chapter.write_text(chapter.read_text() + "\nA new claim.[@nobody1999]\n")
    assert main(["-q", "all", str(valid)]) == 1
    after = {p.name: digest(p) for p in (valid / "build").iterdir()}
    assert after == before  # same files, same bytes, no temporary file left


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(valid, monkeypatch):
    assert main(["-q", "pdf", str(valid)]) == 0
    pdf = valid / "build" / "valid.pdf"
    before = digest(pdf)

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(output_module.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(valid, ("pdf",), Report(), paper="letter")
    assert digest(pdf) == before
    assert sorted(p.name for p in (valid / "build").iterdir()) == [".valid.pages.json",
                                                                   "valid.pdf"]


def test_two_builds_at_once_both_write_whole_files(valid):
    command = [sys.executable, "-m", "samizdat", "-q", "all", str(valid)]
    runs = [subprocess.Popen(command, stderr=subprocess.PIPE) for _ in range(2)]
    assert [run.wait(timeout=120) for run in runs] == [0, 0]
    assert sorted(p.name for p in (valid / "build").iterdir()) == [
        ".valid.pages.json", "valid.epub", "valid.pdf"]
    assert len(pypdf.PdfReader(valid / "build" / "valid.pdf").pages) >= 1
    assert zipfile.ZipFile(valid / "build" / "valid.epub").testzip() is None


def test_building_twice_gives_the_same_bytes(tmp_path):
    first = copy_book(BOOKS / "valid", tmp_path / "one")
    second = copy_book(BOOKS / "valid", tmp_path / "two")
    # in separate processes, so no state is shared, with different hash seeds
    for book, seed in ((first, "1"), (second, "2")):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        env.pop("SOURCE_DATE_EPOCH", None)
        subprocess.run([sys.executable, "-m", "samizdat", "-q", "all", str(book)], env=env,
                       check=True)
    for name in ("valid.pdf", "valid.epub"):
        assert digest(first / "build" / name) == digest(second / "build" / name)


def test_dates_come_from_the_book_or_source_date_epoch(valid, monkeypatch):
    build(valid, ("epub", "pdf"), Report())
    opf = zipfile.ZipFile(valid / "build" / "valid.epub").read("EPUB/content.opf").decode()
    assert "<meta property=\"dcterms:modified\">2025-03-14T00:00:00Z</meta>" in opf
    assert pypdf.PdfReader(valid / "build" / "valid.pdf").metadata["/CreationDate"] == \
        "D:20250314000000Z"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(valid, ("epub",), Report())
    opf = zipfile.ZipFile(valid / "build" / "valid.epub").read("EPUB/content.opf").decode()
    assert "2023-11-14T22:13:20Z" in opf


def test_zip_entries_are_in_a_fixed_order_with_fixed_times(valid):
    build(valid, ("epub",), Report())
    entries = zipfile.ZipFile(valid / "build" / "valid.epub").infolist()
    assert entries[0].filename == "mimetype" and entries[0].compress_type == zipfile.ZIP_STORED
    assert [e.filename for e in entries[1:]] == sorted(e.filename for e in entries[1:])
    assert {e.date_time for e in entries} == {(2025, 3, 14, 0, 0, 0)}


def test_layout_that_takes_too_long_is_stopped(valid):
    report = Report()
    with pytest.raises(BookError):
        build(valid, ("pdf",), report, timeout=0.001)
    assert "layout took longer than 0.001 s and was stopped" in report.format()
    assert not (valid / "build").exists()


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_time_limit_holds_when_the_alarm_lands_in_a_finaliser():
    from samizdat.pdf.layout import time_limit

    class SlowToDelete:
        def __del__(self):
            time.sleep(0.3)  # the first alarm lands here, where Python swallows it

    report = Report()
    with pytest.raises(BookError), time_limit(0.05, report):
        SlowToDelete()
        end = time.monotonic() + 3
        while time.monotonic() < end:
            pass
    assert "layout took longer than 0.05 s" in report.format()


def test_wrong_usage_exits_with_2(tmp_path, capsys):
    assert main(["pdf", str(tmp_path)]) == 2
    assert "metadata.yaml not found" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        main(["typeset"])
    assert stop.value.code == 2


def test_building_only_the_epub_never_imports_weasyprint(valid):
    build(valid, ("pdf",), Report())  # the PDF's page record is current: no layout needed
    assert not imports_weasyprint(valid, "epub")


def test_progress_goes_to_stderr_as_it_is_when_each_message_comes(monkeypatch):
    # a handler holding the stderr of the first call wrote into a closed stream later
    import argparse
    import io
    import sys

    from samizdat.cli import configure_logging, log

    written = []
    for word in ("one", "two"):
        stream = io.StringIO()
        monkeypatch.setattr(sys, "stderr", stream)
        configure_logging(argparse.Namespace(quiet=False, verbose=False))
        log.info(word)
        written.append(stream.getvalue())
    assert written == ["samizdat: one\n", "samizdat: two\n"]
