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
from ..support.live import edit_and_see_it
from ..web.test_xss import watched  # noqa: F401 (the fixture)

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


# ---- one failed rebuild, of any kind, is shown and the loop goes on ----------------------------

def test_a_fault_in_one_rebuild_is_shown_over_the_last_good_page(tmp_path, monkeypatch):
    from samizdat.commands import serve

    book = copy_book(BOOKS / "tiny", tmp_path / "tiny")
    server = serve.Server(book)
    assert server.build_page()
    good = server.state.page
    real = serve.load_book
    for fault in (FileNotFoundError(2, "No such file or directory"), RecursionError(
            "maximum recursion depth exceeded"), ValueError()):
        def broken(*args, fault=fault, **kwargs):
            raise fault
        monkeypatch.setattr(serve, "load_book", broken)
        assert server.build_page() is False
        assert server.state.page == good  # the last good page stays
        assert f"error[SZ004]: the page could not be rebuilt: {type(fault).__name__}: " in (
            server.state.problem)
        assert "Traceback" not in server.state.problem
    assert server.state.problem.endswith("ValueError: no reason given (the last good files "
                                         "stay; the next save tries again)\n1 error")
    monkeypatch.setattr(serve, "load_book", real)
    assert server.build_page() and server.state.problem == ""  # and the next save builds


def test_a_fault_in_building_the_editions_leaves_the_editions_loop_running(tmp_path,
                                                                         monkeypatch, capsys):
    import threading

    from samizdat.commands import serve

    book = copy_book(BOOKS / "tiny", tmp_path / "tiny")
    server = serve.Server(book)
    calls = []

    def render(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise RecursionError("maximum recursion depth exceeded")
    monkeypatch.setattr(serve, "render_book", render)
    assert server.build_page()
    loop = threading.Thread(target=server.build_editions, daemon=True)
    loop.start()
    deadline = time.monotonic() + 30
    while "not rebuilt" not in server.state.editions and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.state.editions == "the PDF and the EPUB were not rebuilt: see the terminal"
    assert server.build_page()  # the next save: the loop is still there to build it
    while server.state.built == 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    server.close()
    loop.join(10)
    assert server.state.built == 1 and len(calls) == 2 and not loop.is_alive()
    assert ("error[SZ004]: the PDF and the EPUB could not be rebuilt: RecursionError: maximum "
            "recursion depth exceeded") in capsys.readouterr().err


def test_watch_prints_a_fault_of_one_build_and_goes_on(tmp_path, monkeypatch, capsys):
    from samizdat.commands import watch

    faults = [FileNotFoundError(2, "No such file or directory"), RecursionError("too deep")]

    def build(*args, **kwargs):
        raise faults.pop(0)
    monkeypatch.setattr(watch, "build", build)
    assert watch.rebuild(tmp_path) is False
    assert watch.rebuild(tmp_path) is False
    err = capsys.readouterr().err
    assert ("error[SZ004]: the PDF and the EPUB could not be rebuilt: FileNotFoundError: "
            "[Errno 2] No such file or directory") in err
    assert "RecursionError: too deep" in err and "Traceback" not in err


# ---- what the server answers, and to whom ----------------------------------------------------

def request(url: str, host: str) -> tuple[int, bytes]:
    import http.client
    import urllib.parse

    address = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        connection.request("GET", "/", headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_serve_answers_only_the_names_of_this_machine(tmp_path):
    from samizdat.commands.serve import Server

    server = Server(copy_book(BOOKS / "tiny", tmp_path / "tiny"))
    url = server.start()
    port = url.rstrip("/").rsplit(":", 1)[1]
    try:
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", "LOCALHOST:80"):
            assert request(url, host)[0] == 200, host
        for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}",
                     f"localhost.evil.example:{port}", "", f"127.0.0.1:{port}@evil.example"):
            status, body = request(url, host)
            assert status == 421, host
            assert b"No page yet" not in body
    finally:
        server.close()


def test_a_problem_holding_script_tags_cannot_end_the_live_script(tmp_path):
    import json

    import lxml.html

    from samizdat.commands.serve import LIVE_SCRIPT, Server

    server = Server(copy_book(BOOKS / "tiny", tmp_path / "tiny"))
    assert server.build_page()
    problem = ("manuscript/01-opening.md:3:1: error[SZ201]: citation '<!--<script>' and "
               "'</script><script>alert(1)</script>' are not in the bibliography\n1 error")
    server.publish(problem=problem)
    page = server.served_page().decode()
    block = page.split('<script type="application/json" id="samizdat-state">', 1)[1]
    block = block.split("</script>", 1)[0]
    assert "<" not in block and json.loads(block)["problem"] == problem
    tree = lxml.html.fromstring(page)
    assert [s.text for s in tree.xpath("//script[not(@type)]")] == [LIVE_SCRIPT]
    assert tree.get_element_by_id("samizdat-live").xpath("string(pre)") == problem


def test_the_page_still_reloads_after_showing_a_problem_with_script_tags(tmp_path,
                                                                         watched):  # noqa: F811
    from samizdat.commands.serve import Server

    book = copy_book(BOOKS / "tiny", tmp_path / "tiny")
    server = Server(book)
    assert server.build_page()
    server.publish(problem="error: '<!--<script>' in a message")
    url = server.start()
    try:
        watched.get(url)
        shown = watched.execute_script(
            "return document.querySelector('#samizdat-live pre').textContent")
        assert shown == "error: '<!--<script>' in a message"
        assert edit_and_see_it(watched, server, book / "manuscript" / "01-opening.md",
                               "makes a claim", "makes a bold claim")
    finally:
        server.close()
