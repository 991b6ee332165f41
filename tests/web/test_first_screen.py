"""The web page's first screen shows the title and the opening lines, not the contents: at a
desktop's 1280x800 the contents sit beside the title (a long one scrolls in its own box), on
a phone's 390x844 they follow the text; measured in Chromium, with axe-core still clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from samizdat import Report, build
from samizdat.commands.facts import read_web

from ..conftest import BOOKS, copy_book
from .test_page import SIZES, axe_violations, browser, open_page  # noqa: F401 - the fixture

# books with a long contents: mauerfall's nests sections, the pandoc test suite's has dozens
NAMES = ("lists", "mauerfall", "pandoc-testsuite")
FIRST = """const box = e => e.getBoundingClientRect();
const title = document.querySelector('.book-title');
const text = document.querySelector('main h2, main h3, main p');
const opening = document.querySelector('main p');
return [box(title).top, box(text).top, box(opening).top];"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("first-screen")
    return {name: build(copy_book(BOOKS / name, folder / name), ("html",), Report())["html"]
            for name in NAMES}


@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize("name", NAMES)
def test_the_first_screen_shows_the_title_and_the_opening_lines(browser, pages, name, size):  # noqa: F811
    open_page(browser, pages[name], size)
    height = SIZES[size][1]
    title, first, opening = browser.execute_script(FIRST)
    assert 0 <= title < height / 3, title
    assert first < height - 60, (first, height)  # the first heading, and a line below it
    assert opening < height - 30, (opening, height)  # the opening's first line


def test_the_contents_are_all_there_and_reachable(browser, pages):  # noqa: F811
    page = pages["mauerfall"]
    assert len(read_web(page).headings) >= 6  # every heading still listed
    for size in ("desktop", "phone"):
        open_page(browser, page, size)
        assert axe_violations(browser) == []
        links = browser.execute_script(
            "return [...document.querySelectorAll('.contents a')].map(a => a.offsetHeight)")
        assert links and all(links)  # shown, not hidden
