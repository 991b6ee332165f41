"""No two text boxes of any block print over each other on the web page (timeline dates and
their events, table cells, figures, notes in the margin), at a small and a common phone's,
a tablet's and a desktop's width, for every test book and for the longest dates of each
language; and samizdat check says so when a page's own stylesheet makes them overlap."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from samizdat import Report, build, load_book
from samizdat.commands.overlaps import WIDTHS, measurement, page_overlaps
from samizdat.commands.screen_layout import check_web_layout

from ..conftest import BOOKS, REPO, copy_book
from .test_page import browser, open_page  # noqa: F401 - the fixture, shared

# The longest dates each language writes: its longest month names, a day of two digits, and
# a range across two months, as a teacher would write them in the timeline.
LONGEST = {
    "en-US": ["September 30, 1989", "September 29 – November 30, 1989", "1989"],
    "en-GB": ["30 September 1989", "29 September – 30 November 1989", "1989"],
    "de": ["30. September 1989", "29. September – 30. November 1989", "1989"],
    "fr": ["30 septembre 1989", "29 septembre – 30 novembre 1989", "1989"],
    "cs": ["30. listopadu 1989", "29. září – 30. listopadu 1989", "1989"],
    "pl": ["30 października 1989", "29 września – 30 października 1989", "1989"],
    "es": ["29 de septiembre de 1977", "29 de septiembre – 30 de noviembre de 1977", "1977"],
}
# The timeline's date column as it was: 6.2em, never wrapping, above a phone's width.
OLD_COLUMN = ("@media (min-width: 30.01em) {\n"
              "  .timeline-event { grid-template-columns: 6.2em 1fr }\n"
              "  .timeline-when { white-space: nowrap }\n}\n")


def size(width: int) -> str:
    """open_page's name for a width: a desktop at 1280 px, a touch screen below."""
    return "desktop" if width == 1280 else str(width)


def page_of(root: Path) -> Path:
    return build(root, ("html",), Report())["html"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """Every test book's page, the handout's, and one page per language of longest dates."""
    made = {}
    for book in sorted(p for p in BOOKS.iterdir() if (p / "metadata.yaml").exists()):
        made[book.name] = page_of(copy_book(book, tmp_path_factory.mktemp(book.name) / "b"))
    made["helsinki"] = page_of(copy_book(REPO, tmp_path_factory.mktemp("helsinki") / "b"))
    for lang, dates in LONGEST.items():
        made[f"dates-{lang}"] = page_of(dated_book(tmp_path_factory.mktemp(lang) / "b", lang,
                                                   dates))
    return made


def dated_book(root: Path, lang: str, dates: list[str]) -> Path:
    """The valid book in another language, its timeline the language's longest dates."""
    copy_book(BOOKS / "valid", root)
    meta = root / "metadata.yaml"
    meta.write_text(meta.read_text().replace("lang: en-GB", f"lang: {lang}"))
    events = "".join(f"- when: \"{when}\"\n  start: {1975 + i}\n  text: Event {i}, whose text "
                     f"runs {'on ' * 3 * i}over more than one line of the column.\n"
                     for i, when in enumerate(dates))
    (root / "manuscript" / "timeline.yaml").write_text(events)
    return root


def test_the_measurement_sees_dates_printed_over_their_events(browser, tmp_path):  # noqa: F811
    """With the fixed 6.2em column the page once had, 12 of the Spanish handout's 14 rows
    overlap above a phone's width: the measurement finds each of them."""
    root = copy_book(BOOKS / "transicion", tmp_path / "b")
    (root / "styles").mkdir()
    (root / "styles" / "web.css").write_text(
        (REPO / "styles" / "web.css").read_text() + OLD_COLUMN)
    page = page_of(root)
    counts = {}
    for width in WIDTHS:
        open_page(browser, page, size(width))
        counts[width] = len(browser.execute_script("return " + measurement()))
    assert counts == {320: 0, 390: 0, 768: 12, 1280: 12}


@pytest.mark.parametrize("width", WIDTHS)
def test_no_text_prints_over_other_text(browser, pages, width):  # noqa: F811
    found = {}
    for name, page in pages.items():
        open_page(browser, page, size(width))
        overlaps = browser.execute_script("return " + measurement())
        if overlaps:
            found[name] = overlaps
    assert found == {}


def test_check_reports_the_web_pages_overlaps_at_their_event(tmp_path):
    root = copy_book(BOOKS / "transicion", tmp_path / "b")
    (root / "styles").mkdir()
    (root / "styles" / "web.css").write_text(
        (REPO / "styles" / "web.css").read_text() + OLD_COLUMN)
    page = page_of(root)
    report = Report()
    check_web_layout(load_book(root, Report()), page, report)
    lines = report.format().splitlines()
    assert lines[0] == ("manuscript/cronologia.yaml:1: warning[SZ411]: transicion.html at 768 "
                        "and 1280 px wide: “20 de noviembre de 1975” is printed over “Muere "
                        "Francisco Franco en Madrid.”")
    assert len(report.with_code("SZ411")) == 12
    assert page_overlaps(page_of(copy_book(BOOKS / "transicion", tmp_path / "c"))) == {
        320: [], 390: [], 768: [], 1280: []}


def test_check_says_when_it_cannot_measure_the_page(tmp_path, monkeypatch):
    root = copy_book(BOOKS / "tiny", tmp_path / "b")
    page = page_of(root)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    report = Report()
    check_web_layout(load_book(root, Report()), page, report)
    assert report.format().splitlines()[0] == (
        "note[SZ411]: the layout of tiny.html is not checked for text printed over text: "
        "Chromium is not installed (apt-get install chromium, or make browser)")


def test_preview_reports_the_overlaps_its_screenshots_would_hide(tmp_path, capsys):
    from samizdat.cli import main

    root = copy_book(BOOKS / "transicion", tmp_path / "b")
    (root / "styles").mkdir()
    (root / "styles" / "web.css").write_text(
        (REPO / "styles" / "web.css").read_text() + OLD_COLUMN)
    assert main(["-q", "html", str(root)]) == 0
    assert main(["-q", "preview", str(root)]) == 0
    warnings = [line for line in capsys.readouterr().err.splitlines() if "SZ411" in line]
    assert len(warnings) == 12
    assert warnings[-1] == ("manuscript/cronologia.yaml:40: warning[SZ411]: transicion.html at "
                            "768 and 1280 px wide: “29 de diciembre de 1978” is printed over “La "
                            "Constitución entra en vigor al publicarse en el BOE.”")
