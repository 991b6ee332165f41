"""samizdat serve builds its files as `samizdat all` and `samizdat html` do, to the byte,
and keeps to --timeout (the PDF is laid out on the main thread, where the alarm works)."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time

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
