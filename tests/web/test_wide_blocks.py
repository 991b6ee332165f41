"""On a wide screen the notes stand in their own column: a table, figure, block quotation or
timeline is never pushed down by them (nor by a note called in a table's caption), a block
quotation's first line is not indented, and a table's caption is set as in print."""

from __future__ import annotations

from pathlib import Path

import pytest

from samizdat import Report, build

from ..conftest import BOOKS, copy_book
from ..support.chromium import headless_chromium

GAPS = (Path(__file__).parent / "wide_block_gaps.js").read_text()
# books whose wide blocks follow notes: Prague (a note in a table's caption), La Transición
# (a table and the timeline after paragraphs with notes), the Danube (a figure)
WIDE_BOOKS = ["prague-spring", "transicion", "crossref"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = headless_chromium(tmp_path_factory.mktemp("chromium"))
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False})
    yield driver
    driver.quit()


@pytest.fixture(scope="module", params=WIDE_BOOKS)
def page(request, tmp_path_factory) -> Path:
    root = copy_book(BOOKS / request.param, tmp_path_factory.mktemp(request.param) / "book")
    return build(root, ("html",), Report())["html"]


def opened(browser, page: Path):
    browser.get(page.as_uri())
    browser.execute_script("return document.fonts.ready")
    assert browser.execute_script("return innerWidth") == 1280
    return browser


def test_no_wide_block_waits_for_the_notes(browser, page):
    gaps = opened(browser, page).execute_script(GAPS)
    assert gaps  # each book has such blocks
    assert [gap for gap in gaps if gap[1] > 4] == []


def test_block_quotation_and_caption_set_as_in_print(browser, page):
    styles = opened(browser, page).execute_script("""
        const first = [...document.querySelectorAll('blockquote > p:first-child')];
        const captions = [...document.querySelectorAll('caption')];
        return [first.map(p => getComputedStyle(p).textIndent),
                captions.map(c => [getComputedStyle(c).textAlign,
                                   getComputedStyle(c).fontStyle,
                                   getComputedStyle(c).captionSide])];""")
    indents, captions = styles
    assert set(indents) <= {"0px"}
    assert all(c == ["start", "italic", "top"] for c in captions)


def test_a_note_called_in_a_caption_stands_in_the_notes_column(browser, page):
    found = opened(browser, page).execute_script("""
        return [...document.querySelectorAll('table .sidenote')].length""")
    assert found == 0
