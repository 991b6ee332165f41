"""Work beside the main process: the same result, diagnostics and messages as done in it."""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import threading

import pytest

from samizdat import BookError, Report, build
from samizdat.core.diagnostics import Location

from .conftest import BOOKS, copy_book

beside = importlib.import_module("samizdat.build.beside")
PARENT = os.getpid()
two_cores = pytest.mark.skipif(not beside.can_fork(), reason="one core, or no fork")


def work(report: Report, timings: dict) -> dict[str, bytes]:
    report.warning("SZ603", "a warning from the work", Location("a.md", 3, 1))
    logging.getLogger("samizdat.test").warning("a message from the work")
    timings["epub"] = timings.get("epub", 0.0) + 1.0
    return {"epub": str(os.getpid()).encode()}


@two_cores
def test_the_work_runs_in_another_process_and_reports_here(caplog):
    report, timings = Report(), {"epub": 0.5}
    logging.getLogger("samizdat").propagate = True  # for caplog
    try:
        with caplog.at_level(logging.WARNING, logger="samizdat"):
            result = beside.Beside(work).result(report, timings)
    finally:
        logging.getLogger("samizdat").propagate = False
    assert int(result["epub"]) != PARENT
    assert [d.message for d in report.diagnostics] == ["a warning from the work"]
    assert report.diagnostics[0].location == Location("a.md", 3, 1)
    assert "a message from the work" in caplog.messages
    assert timings == {"epub": 1.5}


@two_cores
def test_an_error_in_the_work_is_raised_here_with_its_diagnostics():
    def failing(report, timings):
        report.error("SZ602", "the EPUB cannot be made")
        raise BookError(report)

    report = Report()
    report.warning("SZ603", "found before")
    with pytest.raises(BookError):
        beside.Beside(failing).result(report, {})
    assert [d.message for d in report.diagnostics] == ["found before",
                                                        "the EPUB cannot be made"]


@two_cores
def test_a_child_that_breaks_leaves_the_work_to_the_parent():
    def breaks_beside(report, timings):
        if os.getpid() != PARENT:
            raise RuntimeError("not the book's fault")
        return {"epub": b"made here"}

    assert beside.Beside(breaks_beside).result(Report(), {}) == {"epub": b"made here"}


def test_with_a_thread_running_the_work_is_done_here():
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not beside.can_fork()
        assert int(beside.Beside(work).result(Report(), {})["epub"]) == PARENT
    finally:
        stop.set()
        other.join()


@two_cores
def test_three_formats_beside_give_the_bytes_of_one_process(tmp_path, monkeypatch):
    formats = ("pdf", "epub", "html")
    forked = build(copy_book(BOOKS / "crossref", tmp_path / "one"), formats, Report())
    monkeypatch.setattr(beside, "can_fork", lambda: False)
    alone = build(copy_book(BOOKS / "crossref", tmp_path / "two"), formats, Report())
    for fmt in formats:
        assert hashlib.sha256(forked[fmt].read_bytes()).digest() == \
            hashlib.sha256(alone[fmt].read_bytes()).digest(), fmt
