"""The web edition: one self-contained page with the book's text, notes, timeline and reading
list; tried in a real browser (Chromium through Selenium) at a phone's and a desktop's size,
checked with axe-core."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import pytest
from PIL import Image

from samizdat import Report, build
from samizdat.commands.check import check_web_page
from samizdat.commands.facts import read_web
from samizdat.web import inline

from ..conftest import BOOKS, REPO, copy_book, imports_weasyprint
from ..support.chromium import headless_chromium

AXE = REPO / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SETUP = "run 'make browser' (it installs them with apt-get and npm, as root)"


@pytest.fixture(scope="module")
def helsinki_page(helsinki) -> Path:
    """The handout's page, built beside its PDF and EPUB (so it links to them)."""
    return build(helsinki.root, ("html",), Report())["html"]


@pytest.fixture(scope="module")
def photo_book(tmp_path_factory) -> Path:
    """The valid book with two camera-sized photos (a JPEG and a PNG) added."""
    book = copy_book(BOOKS / "valid", tmp_path_factory.mktemp("photos") / "book")
    images = book / "manuscript" / "images"
    photo(4000, 3000, seed=1).save(images / "square.jpg", quality=95)
    photo(3000, 4000, seed=2).save(images / "tower.png")
    chapter = book / "manuscript" / "02-more.md"
    chapter.write_text(chapter.read_text() + "\n\n![A town square at noon](images/square.jpg)\n"
                       "\n![A tower, seen from below](images/tower.png)\n")
    return book


def photo(width: int, height: int, seed: int) -> Image.Image:
    """Noise over a gradient: as hard to compress as a photograph."""
    noise = Image.effect_noise((width, height), 40 + seed).convert("RGB")
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    return Image.blend(noise, gradient, 0.5)


# ---- The page as a file -------------------------------------------------------------------------

def test_the_page_is_one_small_file_with_everything_inside(helsinki_page):
    html = helsinki_page.read_text()
    assert helsinki_page.stat().st_size < 300 * 1024
    facts = read_web(helsinki_page)
    assert facts.external == []  # no stylesheet, font, image or script from elsewhere
    assert facts.scripts == 0  # all of it works with JavaScript off
    assert html.count("font/woff2") >= 3
    assert 'href="helsinki-process.pdf"' in html and 'href="helsinki-process.epub"' in html


def test_the_page_carries_the_same_book_as_the_pdf_and_the_epub(helsinki, helsinki_page):
    facts = read_web(helsinki_page)
    book = helsinki.book
    assert facts.headings == [(h.level, h.title) for h in book.headings]
    assert facts.notes == {n.number: n.text for n in book.notes}
    assert facts.calls == list(range(1, len(book.notes) + 1))
    assert facts.timeline == [(e.when_display, e.text) for e in book.timeline]
    assert facts.lang == "en-US"
    html = helsinki_page.read_text()
    for group in book.reading_list:
        assert group.title in html
        for reference in group.references:
            assert f'id="ref-{reference.key}"' in html
    report = Report()
    check_web_page(book, report)  # what samizdat check runs
    assert report.format() == ""


def test_the_fonts_hold_just_the_characters_the_page_shows(helsinki_page):
    from fontTools.ttLib import TTFont

    html = helsinki_page.read_text()
    text = re.sub(r"<[^>]+>", "", html.split("<body>", 1)[1])
    fonts = re.findall(r"data:font/woff2;base64,([A-Za-z0-9+/=]+)", html)
    for data in fonts:
        cmap = set(TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap())
        assert {ord(c) for c in "HelsinkiÅéčłŁ–“”" if c in text} <= cmap
        assert ord("ß") not in cmap and ord("Ω") not in cmap
        assert len(cmap) < 150


def test_fonttools_makes_the_fonts_where_harfbuzz_is_missing(monkeypatch):
    monkeypatch.setattr(inline, "harfbuzz", lambda: None)
    path = inline.font_files()[0][0]
    font = inline.subset_font.__wrapped__(path, "Helsinki 1975")
    from fontTools.ttLib import TTFont

    assert set(TTFont(io.BytesIO(font)).getBestCmap()) == {ord(c) for c in "Helsinki 1975"}


def test_photos_are_scaled_to_the_page_and_the_page_stays_small(photo_book):
    page = build(photo_book, ("html",), Report())["html"]
    assert page.stat().st_size < 2 * 1024 * 1024
    facts = read_web(page)
    assert facts.images_alt == ["A small figure with its caption", "A town square at noon",
                                "A tower, seen from below"]
    html = page.read_text()
    for data in re.findall(r'src="data:image/[a-z]+;base64,([^"]+)"', html):
        with Image.open(io.BytesIO(base64.b64decode(data))) as image:
            assert image.width <= inline.MAX_IMAGE_WIDTH
            assert image.height <= inline.MAX_IMAGE_HEIGHT
    assert 'width="1224" height="918"' in html  # the JPEG, 4000 x 3000 before


def test_links_to_the_other_editions_only_when_they_exist(tmp_path):
    book = copy_book(BOOKS / "tiny", tmp_path / "book")
    page = build(book, ("html",), Report())["html"]
    assert "Also as" not in page.read_text()
    build(book, ("epub",), Report())  # the PDF too: the EPUB's page list needs its layout
    (book / "build" / "tiny.pdf").unlink()
    page = build(book, ("html",), Report())["html"]
    assert '<a href="tiny.epub">EPUB</a>' in page.read_text()
    assert ".pdf" not in page.read_text()
    both = build(book, ("pdf", "html"), Report())  # built together: linked at once
    assert 'href="tiny.pdf"' in both["html"].read_text()


def test_building_the_page_never_imports_weasyprint(tmp_path):
    book = copy_book(BOOKS / "valid", tmp_path / "book")
    assert not imports_weasyprint(book, "html")


# ---- In the browser -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless Chromium. Missing, it is a failure with the way to install it, never a skip."""
    if not AXE.is_file():
        pytest.fail(f"axe-core not installed at {AXE}: {SETUP}", pytrace=False)
    driver = headless_chromium(tmp_path_factory.mktemp("chromium"), setup=SETUP)
    yield driver
    driver.quit()


SIZES = {"phone": (390, 844, True), "desktop": (1280, 800, False)}


def open_page(driver, page: Path, size: str, scheme: str = "light", media: str = ""):
    width, height, mobile = SIZES[size] if size in SIZES else (int(size), 700, True)
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "media": media, "features": [{"name": "prefers-color-scheme", "value": scheme}]})
    driver.get(page.as_uri())
    driver.execute_script("return document.fonts.ready")
    assert driver.execute_script("return window.innerWidth") == width


OVERFLOW = """
const width = document.documentElement.clientWidth, found = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode;
  if (!node.textContent.trim()) continue;
  const range = document.createRange();
  range.selectNodeContents(node);
  for (const rect of range.getClientRects()) {
    if (rect.width && (rect.right > width + 0.5 || rect.left < -0.5)) {
      const style = getComputedStyle(node.parentElement);
      if (style.visibility !== "hidden" && !node.parentElement.closest(".visually-hidden"))
        found.push(node.textContent.trim().slice(0, 40));
    }
  }
}
return [found, document.documentElement.scrollWidth, width];
"""


@pytest.mark.parametrize("size", ["phone", "desktop", "320"])
def test_no_text_runs_past_the_screen(browser, helsinki_page, photo_book, size):
    for page in (helsinki_page, build(photo_book, ("html",), Report())["html"]):
        open_page(browser, page, size)
        found, scroll_width, width = browser.execute_script(OVERFLOW)
        assert found == []
        assert scroll_width <= width


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_note_opens_from_its_call_and_leads_back(browser, helsinki_page, size):
    from selenium.webdriver.common.by import By

    open_page(browser, helsinki_page, size)
    note = browser.find_element(By.ID, "fn2")
    call = browser.find_element(By.ID, "fnref2")
    assert note.is_displayed() == (size == "desktop")  # in the margin, or hidden until asked
    call.click()
    assert browser.execute_script("return location.hash") == "#fn2"
    assert note.is_displayed()
    text = " ".join(note.get_attribute("textContent").split())
    assert text.startswith("Note 2, back to the text Daniel C. Thomas, The Helsinki Effect")
    if size == "desktop":  # beside its line, in the margin to the right of the text
        assert abs(note.rect["y"] - call.rect["y"]) < 40
        assert note.rect["x"] > call.rect["x"]
    else:  # opened in place, under the line that calls it
        assert 0 < note.rect["y"] - call.rect["y"] < 60
    note.find_element(By.CSS_SELECTOR, "a.note-back").click()
    assert browser.execute_script("return location.hash") == "#fnref2"
    top = browser.execute_script(
        "const r = document.getElementById('fnref2').getBoundingClientRect();"
        "return [r.top, window.innerHeight];")
    assert -2 <= top[0] <= top[1]  # the call is on the screen again
    if size == "phone":
        assert not note.is_displayed()  # and the note closed


def test_lines_hold_60_to_75_characters_on_a_wide_screen(browser, helsinki_page):
    open_page(browser, helsinki_page, "desktop")
    counts = browser.execute_script("""
      const counts = [];
      for (const p of document.querySelectorAll("main .chapter > p")) {
        const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        const lines = new Map();
        while (walker.nextNode()) {
          const node = walker.currentNode;
          if (node.parentElement.closest(".sidenote, .noteref")) continue;
          for (let i = 0; i < node.length; i++) {
            const range = document.createRange();
            range.setStart(node, i); range.setEnd(node, i + 1);
            const rect = range.getBoundingClientRect();
            if (!rect.height) continue;
            const key = Math.round(rect.top / 4);
            lines.set(key, (lines.get(key) || 0) + 1);
          }
        }
        const full = [...lines.values()].slice(0, -1);  // a paragraph's last line is short
        counts.push(...full);
      }
      return counts;""")
    assert len(counts) > 50
    average = sum(counts) / len(counts)
    assert 60 <= average <= 75, average


def axe_violations(driver) -> list:
    driver.execute_script(AXE.read_text())
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => [v.id, v.help, v.nodes.length,"
        " v.nodes.slice(0, 3).map(n => n.target.join(' '))])))"
        ".catch(e => done([['axe failed', String(e), 0, []]]));")
    return result


@pytest.mark.parametrize("size,scheme", [("phone", "light"), ("desktop", "light"),
                                         ("desktop", "dark"), ("phone", "dark")])
def test_axe_finds_no_violation(browser, helsinki_page, photo_book, size, scheme):
    for page in (helsinki_page, build(photo_book, ("html",), Report())["html"]):
        open_page(browser, page, size, scheme)
        assert axe_violations(browser) == []
    if scheme == "dark":
        background = browser.execute_script(
            "return getComputedStyle(document.documentElement).backgroundColor")
        red = int(re.findall(r"\d+", background)[0])
        assert red < 60  # the system's dark scheme is followed


def test_the_landmarks_and_the_skip_link(browser, helsinki_page):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    open_page(browser, helsinki_page, "phone")
    for selector in ("body > header", "body > nav", "body > main", "body > footer"):
        assert browser.find_elements(By.CSS_SELECTOR, selector), selector
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    skip = browser.switch_to.active_element
    assert skip.text == "Skip to the text" and skip.is_displayed()
    outline = skip.value_of_css_property("outline-style")
    assert outline != "none"  # the focus is seen
    skip.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "main"


def test_the_printout_has_the_notes_and_no_screen_parts(browser, helsinki_page):
    from selenium.webdriver.common.by import By

    open_page(browser, helsinki_page, "desktop", media="print")
    assert not browser.find_element(By.CSS_SELECTOR, "nav.contents").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, ".skip-link").is_displayed()
    notes = browser.find_elements(By.CSS_SELECTOR, ".sidenote")
    assert notes and all(note.is_displayed() for note in notes)
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {})["data"])
    assert pdf.startswith(b"%PDF")


def test_preview_takes_the_page_at_a_phones_and_a_desktops_size(tmp_path):
    from samizdat.cli import main

    book = copy_book(BOOKS / "tiny", tmp_path / "book")
    assert main(["-q", "html", str(book)]) == 0
    assert main(["-q", "preview", str(book)]) == 0
    for name, width in (("web-phone.png", 390), ("web-desktop.png", 1280)):
        with Image.open(book / "build" / "preview" / name) as image:
            assert image.width == width
            assert len(image.getcolors(1 << 16) or range(99)) > 8  # a page, not a blank


