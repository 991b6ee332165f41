"""The web page's Content-Security-Policy: the built page allows no script and no request at
all; the served page allows exactly samizdat's reload script, by its hash, and its events
from the server it came from, and that script still runs under the policy."""

from __future__ import annotations

import urllib.request

import lxml.html

from samizdat import Report, build
from samizdat.commands.serve import LIVE_SCRIPT, Server
from samizdat.web.page import content_policy, script_hash

from ..conftest import BOOKS, copy_book
from ..support.live import edit_and_see_it
from .test_xss import run_page, watched  # noqa: F401 (the fixture)


def policy_of(page: str) -> dict[str, str]:
    metas = lxml.html.fromstring(page).xpath(
        '//head/meta[@http-equiv="Content-Security-Policy"]')
    assert len(metas) == 1
    return dict(d.strip().split(" ", 1) for d in metas[0].get("content").split(";"))


def test_the_built_page_allows_no_script_and_no_request(tmp_path):
    book = copy_book(BOOKS / "valid", tmp_path / "book")
    page = build(book, ("html",), Report())["html"].read_text()
    policy = policy_of(page)
    assert policy["default-src"] == "'none'" and policy["script-src"] == "'none'"
    assert policy["img-src"] == "data:" and policy["font-src"] == "data:"
    assert policy["base-uri"] == "'none'" and policy["form-action"] == "'none'"
    assert "connect-src" not in policy
    assert "<script" not in page
    # the policy comes first in <head>, before anything it governs
    assert page.index("Content-Security-Policy") < page.index("<style")


def test_the_served_page_allows_only_its_reload_script_by_hash(tmp_path, watched):  # noqa: F811
    book = copy_book(BOOKS / "valid", tmp_path / "book")
    server = Server(book)
    server.warm_up()
    assert server.build_page()
    url = server.start()
    try:
        served = urllib.request.urlopen(url, timeout=10).read().decode()
        policy = policy_of(served)
        assert policy["script-src"] == f"'sha256-{script_hash(LIVE_SCRIPT)}'"
        assert policy["connect-src"] == "'self'"
        scripts = lxml.html.fromstring(served).xpath("//script[not(@type)]")
        assert [s.text for s in scripts] == [LIVE_SCRIPT]
        assert content_policy() not in served
        watched.get(url)
        assert edit_and_see_it(watched, server, book / "manuscript" / "01-intro.md",
                               "makes a claim", "makes a bold claim")
        ran = watched.execute_script("return window.__ran")
        assert not [r for r in ran if r.startswith("csp:")], ran
    finally:
        server.close()


def test_check_refuses_a_page_that_would_run_a_script(tmp_path, capsys):
    from samizdat.cli import main

    book = copy_book(BOOKS / "tiny", tmp_path / "book")
    assert main(["-q", "all", str(book)]) == 0 and main(["-q", "html", str(book)]) == 0
    capsys.readouterr()
    assert main(["-q", "check", str(book)]) == 0
    page = book / "build" / "tiny.html"
    text = page.read_text()
    page.write_text(text.replace("<main", '<main onclick="alert(1)"', 1).replace(
        content_policy(), "default-src *"))
    assert main(["-q", "check", str(book)]) == 1
    output = capsys.readouterr().err
    assert 'error[SZ514]: tiny.html would run a script: <main onclick="alert(1)">' in output
    assert "error[SZ514]: tiny.html has no Content-Security-Policy" in output
