"""Known ways to smuggle a script into a page (tests/data/xss), each written into a chapter:
what the allow-list removes builds to a page that runs nothing and fetches nothing in
Chromium, with its Content-Security-Policy and without it (the sanitiser alone); what would
run a script as a link target is an error at its line, with nothing written."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from samizdat import BookError, Report, build
from samizdat.cli import main

from ..conftest import BOOKS, copy_book
from ..support.chromium import headless_chromium

CORPUS = Path(__file__).resolve().parent.parent / "data" / "xss"


def vectors(name: str) -> list[str]:
    """The vectors of one file of the corpus: paragraphs apart by two blank lines."""
    return (CORPUS / name).read_text(encoding="utf-8").rstrip("\n").split("\n\n\n")


REMOVED, REFUSED = vectors("removed.md"), vectors("refused.md")


def test_the_corpus_holds_at_least_30_vectors_that_build():
    assert len(REMOVED) >= 30 and len(REFUSED) >= 15


def book_with(vector: str, target: Path) -> Path:
    book = copy_book(BOOKS / "valid", target)
    (book / "manuscript" / "03-vector.md").write_text(f"# Vector\n\n{vector}\n\nAfter it.\n")
    return book


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> list[tuple[Path, Report]]:
    """One web page per removed vector, and what the build said."""
    built = []
    for index, vector in enumerate(REMOVED):
        report = Report()
        book = book_with(vector, tmp_path_factory.mktemp("xss") / f"book-{index}")
        built.append((build(book, ("html",), report)["html"], report))
    return built


URL_NAMES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster",
             "background", "srcset", "ping", "cite"}


@pytest.mark.parametrize("index", range(len(REMOVED)))
def test_the_page_keeps_no_script_handler_or_outside_reference(pages, index):
    page, report = pages[index]
    tree = lxml.html.fromstring(page.read_bytes())
    assert not report.has_errors
    assert report.count("warning") >= 1, REMOVED[index]  # each removal said at its line
    scripts = tree.xpath("//script|//iframe|//object|//embed|//svg|//math|//style[not("
                         "ancestor::head)]|//base|//form|//link|//meta[@http-equiv and "
                         "@http-equiv!='Content-Security-Policy']")
    assert scripts == []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            if name.lower() in URL_NAMES:
                assert re.match(r"(data:image/|#|https?://example\.org|[\w.-]+\.(pdf|epub)$)",
                                value.strip()), (element.tag, name, value[:60])
    assert "xss.example" not in page.read_text()
    assert "After it." in page.read_text()  # nothing after a vector is swallowed


@pytest.fixture(scope="module")
def watched(tmp_path_factory):
    """Chromium with alert, confirm, prompt, print, console and script policy violations
    recorded before any page script could run, and its network log on."""
    driver = headless_chromium(tmp_path_factory.mktemp("chromium-xss"),
                               logs=("performance", "browser"))
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOKS})
    yield driver
    driver.quit()


HOOKS = """
window.__ran = [];
for (const name of ["alert", "confirm", "prompt", "print", "open"]) {
  window[name] = (...args) => { window.__ran.push(name + ":" + args.join(",")); };
}
for (const name of ["log", "info", "warn", "error", "debug"]) {
  console[name] = (...args) => { window.__ran.push("console." + name + ":" + args.join(",")); };
}
document.addEventListener("securitypolicyviolation", (event) => {
  window.__ran.push("csp:" + event.violatedDirective + ":" + event.blockedURI);
});
"""


def outside_requests(driver, page: Path) -> list[str]:
    """Every request the page made for anything but itself and its data: URLs."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if not url.startswith("data:") and url != page.as_uri():
                urls.append(url)
    return urls


def run_page(driver, page: Path) -> tuple[list[str], list[str]]:
    """What the page ran and what it fetched, after every element was hovered, focused and
    clicked (what an event handler waits for)."""
    driver.get_log("performance")  # the earlier pages' entries
    driver.get(page.as_uri())
    driver.execute_script("""
      for (const e of document.querySelectorAll("main *")) {
        for (const type of ["mouseover", "pointerover", "focus", "toggle", "load", "error"])
          e.dispatchEvent(new Event(type));
        if (!e.closest("a")) e.click();
      }""")
    ran = driver.execute_script("return window.__ran")
    return ran, outside_requests(driver, page)


@pytest.mark.parametrize("index", range(len(REMOVED)))
def test_the_page_runs_and_fetches_nothing_in_chromium(watched, pages, index, tmp_path):
    page, _ = pages[index]
    assert run_page(watched, page) == ([], []), REMOVED[index]
    # without its policy, the sanitiser alone keeps the page from running anything
    bare = tmp_path / page.name
    bare.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "",
                           page.read_text()))
    assert "Content-Security-Policy" not in bare.read_text()
    assert run_page(watched, bare) == ([], []), REMOVED[index]


def test_a_script_the_sanitiser_missed_would_be_stopped_by_the_policy(watched, pages, tmp_path):
    """The policy itself works: a script put into a built page afterwards is refused."""
    page, _ = pages[0]
    tampered = tmp_path / "tampered.html"
    tampered.write_text(page.read_text().replace(
        "</main>", '<script>alert(1)</script><img src="https://xss.example/x.png"></main>'))
    ran, _ = run_page(watched, tampered)
    assert "alert:1" not in ran and any(r.startswith("csp:script-src") for r in ran)
    assert any(r.startswith("csp:img-src") and "xss.example" in r for r in ran)


def test_the_whole_corpus_builds_in_every_edition_and_passes_check(tmp_path, capsys):
    book = copy_book(BOOKS / "valid", tmp_path / "corpus")
    for index, vector in enumerate(REMOVED):
        (book / "manuscript" / f"03-v{index:02d}.md").write_text(
            f"# Vector {index}\n\n{vector}\n\nAfter vector {index}.\n")
    assert main(["-q", "all", str(book)]) == 0
    assert main(["-q", "html", str(book)]) == 0
    capsys.readouterr()
    assert main(["-q", "check", str(book)]) == 0, capsys.readouterr().err
    assert ": error[" not in capsys.readouterr().err


@pytest.mark.parametrize("index", range(len(REFUSED)))
def test_a_script_link_is_an_error_at_its_line_and_nothing_is_written(index, tmp_path):
    book = book_with(REFUSED[index], tmp_path / "book")
    report = Report()
    with pytest.raises(BookError):
        build(book, ("html", "epub"), report)
    errors = [d for d in report.diagnostics if d.severity == "error"]
    assert errors and all(d.code in ("SZ212", "SZ230", "SZ235") for d in errors), errors
    assert all(d.location and d.location.path == "manuscript/03-vector.md" and
               d.location.line >= 3 for d in errors)
    assert not (book / "build").exists()


def test_a_scripted_svg_figure_keeps_only_its_drawing_in_every_edition(watched, tmp_path):
    import base64
    import zipfile

    book = copy_book(BOOKS / "valid", tmp_path / "book")
    shutil.copytree(Path(__file__).resolve().parent.parent / "cases" / "svg-scripted",
                    book, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt"))
    report = Report()
    written = build(book, ("pdf", "epub", "html"), report)
    assert [d.code for d in report.diagnostics] == ["SZ233"]
    with zipfile.ZipFile(written["epub"]) as epub:
        packed = epub.read("EPUB/images/chart.svg").decode()
    page = written["html"].read_text()
    embedded = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert embedded, "the SVG is embedded as an image"
    for drawing in (packed, base64.b64decode(embedded.group(1)).decode()):
        assert "<rect" in drawing and "A bar chart" in drawing
        for gone in ("<script", "foreignObject", "onload", "onclick", "javascript:",
                     "xss.example", "<animate", "@import"):
            assert gone not in drawing, gone
    assert run_page(watched, written["html"]) == ([], [])


def test_vectors_in_the_timeline_bibliography_and_metadata_run_nothing(watched, tmp_path):
    """The same allow-list over every text that reaches a page, not only the chapters."""
    book = copy_book(BOOKS / "valid", tmp_path / "book")
    timeline = book / "manuscript" / "timeline.yaml"
    timeline.write_text(timeline.read_text().replace(
        "text: A decade of change.",
        "text: 'A decade <img src=\"images/figure.png\" alt=\"x\" onerror=\"alert(1)\"> of "
        "change.<script>alert(2)</script>'"))
    bibliography = book / "manuscript" / "bibliography.yaml"
    bibliography.write_text(bibliography.read_text().replace(
        "title: A History of Things",
        "title: 'A History <script>alert(3)</script>of <b onmouseover=\"alert(4)\">Things</b>'"))
    metadata = book / "metadata.yaml"
    metadata.write_text(metadata.read_text().replace(
        "subtitle: Every feature, no mistakes",
        "subtitle: '<script>alert(5)</script><img src=x onerror=alert(6)>'"))
    report = Report()
    written = build(book, ("epub", "html"), report)
    timeline_warnings = [d for d in report.diagnostics if d.location and
                         d.location.path == "manuscript/timeline.yaml"]
    assert {d.code for d in timeline_warnings} == {"SZ213", "SZ214"}
    assert all(d.location.line == 4 for d in timeline_warnings)  # the event's line
    entry = [d for d in report.diagnostics if d.location and
             d.location.path == "manuscript/bibliography.yaml"]
    assert {(d.code, d.location.line) for d in entry} == {("SZ213", 1), ("SZ214", 1)}
    page = written["html"].read_text()
    assert "A decade" in page and "of change" in page and "A History" in page
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in page  # metadata is text, escaped
    tree = lxml.html.fromstring(page)
    assert tree.xpath("//script") == []
    assert not [a for e in tree.iter() if isinstance(e.tag, str) for a in e.attrib
                if a.lower().startswith("on")]
    assert run_page(watched, written["html"]) == ([], [])
    import zipfile

    with zipfile.ZipFile(written["epub"]) as epub:
        for name in epub.namelist():
            if name.endswith(".xhtml"):  # metadata may be in an alt text, as text
                tree = etree.fromstring(epub.read(name))
                assert tree.xpath("//*[local-name()='script']") == [], name
                assert not [a for e in tree.iter() if isinstance(e.tag, str)
                            for a in e.attrib if a.lower().startswith("on")], name
