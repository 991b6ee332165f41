"""samizdat serve: a live page that follows each save and shows a broken one's problems, files built
as `samizdat all` and `samizdat html` build them, to the byte, and --timeout kept (the PDF is laid
out on the main thread, where the alarm works)."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from samizdat.cli import main

from ..conftest import BOOKS, copy_book, interruptible

DONE = ("PDF and EPUB rebuilt in", "the PDF and the EPUB were not rebuilt")


def serve_once(book, *options) -> str:
    """Run samizdat serve until the editions behind its first page are done; its stderr."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    server = subprocess.Popen([sys.executable, "-m", "samizdat", "serve", str(book), *options],
                              stderr=subprocess.PIPE, text=True, env=env,
                              preexec_fn=interruptible)
    seen, deadline = [], time.monotonic() + 120
    try:
        while time.monotonic() < deadline and server.poll() is None:
            seen.append(server.stderr.readline())
            if any(done in seen[-1] for done in DONE):
                break
    finally:
        server.send_signal(signal.SIGINT)
        seen.append(server.communicate(timeout=60)[1])
    assert server.returncode == 0, "".join(seen)
    return "".join(seen)


def digests(book) -> dict[str, str]:
    return {p.name: hashlib.md5(p.read_bytes()).hexdigest()
            for p in sorted((book / "build").iterdir()) if p.is_file() and p.name != ".deps"}


@pytest.mark.parametrize("paper", [None, "letter"])
def test_serve_writes_the_same_bytes_as_all_and_html(tmp_path, monkeypatch, paper):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    options = ["--paper", paper] if paper else []
    served = copy_book(BOOKS / "tiny", tmp_path / "served" / "tiny")
    built = copy_book(BOOKS / "tiny", tmp_path / "built" / "tiny")
    log = serve_once(served, *options)
    assert "PDF and EPUB rebuilt in" in log, log
    assert main(["-q", "all", str(built), *options]) == 0
    assert main(["-q", "html", str(built)]) == 0  # the page has no paper
    expected = digests(built)
    assert {"tiny.pdf", "tiny.epub", "tiny.html"} <= set(expected)
    assert digests(served) == expected


def test_serve_stops_a_layout_that_runs_past_its_timeout(tmp_path):
    book = copy_book(BOOKS / "tiny", tmp_path / "tiny")
    log = serve_once(book, "--timeout", "0.001")
    assert "error[SZ406]: layout took longer than 0.001 s and was stopped" in log, log
    assert not (book / "build" / "tiny.pdf").exists()


def test_serve_shows_each_save_and_the_problems_of_a_broken_one(tmp_path):
    book = copy_book(BOOKS / "valid", tmp_path / "book")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen([sys.executable, "-m", "samizdat", "serve", str(book)],
                              stderr=subprocess.PIPE, text=True, env=env,
                              preexec_fn=interruptible)
    try:
        url = None
        deadline = time.monotonic() + 60
        while url is None and time.monotonic() < deadline:
            line = server.stderr.readline()
            found = re.search(r"serving (http://127\.0\.0\.1:\d+/)", line)
            url = found.group(1) if found else None
        assert url, "samizdat serve did not say where it serves"
        page = fetch(url)
        assert "This handout makes a claim" in page and "EventSource" in page
        chapter = book / "manuscript" / "01-intro.md"
        chapter.write_text(chapter.read_text().replace("makes a claim", "makes a bold claim"))
        assert wait_for(url, "makes a bold claim"), "the edit never reached the page"
        chapter.write_text(chapter.read_text() + "\nA new claim.[@nobody1999]\n")
        assert wait_for(url, "citation &#x27;nobody1999&#x27; is not in the bibliography")
        assert "makes a bold claim" in fetch(url)  # the last good text stays
        deadline = time.monotonic() + 60  # the PDF is built behind the page
        while not (book / "build" / "valid.pdf").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert fetch(url + "valid.pdf", text=False).startswith(b"%PDF")
        with pytest.raises(urllib.error.HTTPError):
            fetch(url + "metadata.yaml")
        assert "EventSource" not in (book / "build" / "valid.html").read_text()
    finally:
        server.send_signal(signal.SIGINT)
        rest = server.communicate(timeout=30)[1]
    assert server.returncode == 0
    assert "stopped serving" in rest


def fetch(url: str, text: bool = True):
    with urllib.request.urlopen(url, timeout=10) as response:
        data = response.read()
    return data.decode() if text else data


def wait_for(url: str, text: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.1)
    return False
