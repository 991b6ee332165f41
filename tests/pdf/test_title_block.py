"""The title block: each of its lines balanced (no word alone on its last line), the
subtitle a step below the title, no imprint line repeating another; in all three editions."""

from __future__ import annotations

import lxml.html
import pytest
from weasyprint.formatting_structure import boxes

from samizdat import Report, build, load_book
from samizdat.core.metadata import Metadata
from samizdat.pdf.engine import page_box
from samizdat.pdf.layout import render_pdf
from samizdat.pdf.title_balance import balanced_widths
from samizdat.render.generated_blocks import keep_last_words, title_block

from ..conftest import BOOKS, copy_book

LONG = {"prague-spring": ("subtitle", "Czechoslovakia, the Action Programme and the "
                                    "Warsaw Pact Invasion of August 1968"),
        "transicion": ("title", "La Transición española y el fin de la dictadura de Franco"),
        "mauerfall": ("publisher", "Humboldt-Gymnasium, Fachschaft Geschichte und "
                                   "Politische Bildung, Ashcombe Park School")}


def block_lines(document) -> list[tuple[str, list[str]]]:
    """Each line of the first page's title block: its class, and the lines it was set in."""
    found = []
    for box in page_box(document.pages[0]).descendants():
        cls = box.element.get("class") if getattr(box, "element", None) is not None else None
        if isinstance(box, boxes.BlockBox) and box.element_tag in ("h1", "p") and cls in (
                "book-title", "subtitle", "byline", "imprint"):
            found.append((cls, [" ".join(t.text for t in line.descendants()
                                         if isinstance(t, boxes.TextBox)).strip()
                                for line in box.children if isinstance(line, boxes.LineBox)]))
    return found


@pytest.fixture(scope="module", params=sorted(LONG))
def long_title(request, tmp_path_factory):
    root = copy_book(BOOKS / request.param, tmp_path_factory.mktemp(request.param) / "book")
    key, value = LONG[request.param]
    meta = root / "metadata.yaml"
    lines = [line for line in meta.read_text(encoding="utf-8").splitlines()
             if not line.startswith(f"{key}:")]
    meta.write_text("\n".join([*lines, f"{key}: {value}"]) + "\n", encoding="utf-8")
    book = load_book(root, Report())
    return root, book, render_pdf(book, Report())


def test_no_word_stands_alone_on_a_title_line(long_title):
    _, book, document = long_title
    lines = block_lines(document)
    assert any(len(set_lines) >= 2 for _, set_lines in lines)
    for cls, set_lines in lines:
        if len(set_lines) >= 2:
            assert len(set_lines[-1].split()) >= 2, (cls, set_lines)
            lengths = [len(line) for line in set_lines]
            assert min(lengths) >= 0.5 * max(lengths), (cls, set_lines)


def test_subtitle_a_step_below_the_title(long_title):
    _, _, document = long_title
    sizes = {}
    for box in page_box(document.pages[0]).descendants():
        if isinstance(box, boxes.TextBox):
            cls = box.element.get("class") if box.element is not None else None
            sizes.setdefault(cls, box.style["font_size"])
    assert sizes["subtitle"] < sizes["book-title"]
    assert sizes["subtitle"] >= sizes.get("byline", sizes["imprint"])


def test_web_and_epub_never_leave_a_word_alone(long_title):
    root, book, _ = long_title
    outputs = build(root, ("html",), Report())
    page = lxml.html.parse(str(outputs["html"])).getroot()
    block = page.find_class("title-block")[0]
    shown = [e.text_content() for e in block if e.get("class") != "editions"]
    assert shown == [keep_last_words(text) for _, text in title_block(book.metadata)]
    assert any("\u00a0" in line for line in shown)
    title = page.find_class("book-title")[0].text_content()
    assert title.replace("\u00a0", " ") == book.metadata.title
    assert "text-wrap: balance" in outputs["html"].read_text(encoding="utf-8")
    # the colophon names no publisher the title block already names
    footer = page.find(".//footer").text_content()
    for line in page.find_class("imprint"):
        assert line.text_content().replace("\u00a0", " ") not in footer


def test_balanced_width_keeps_the_line_count():
    counts = {(0, 100): 2, (0, 98): 2, (0, 96): 2, (0, 94): 3, (0, 92): 2,
              (1, 100): 1, (1, 98): 1, (2, 100): 2, (2, 98): 3}
    # the narrowest width before the count first changes; one line needs no balancing
    assert balanced_widths(counts) == {0: 96}


def test_keep_last_words_binds_two_short_words_only():
    assert keep_last_words("Ashcombe Park School") == "Ashcombe Park\u00a0School"
    assert keep_last_words("The Danube") == "The Danube"
    assert keep_last_words("Fachschaft Geschichteunterricht") == "Fachschaft Geschichteunterricht"


@pytest.mark.parametrize("course, institution, publisher, shown", [
    ("History, Ashcombe Park School", "Ashcombe Park School", None,
     ["History, Ashcombe Park School"]),
    ("HIST 214", "Thornbury College", "Thornbury College", ["HIST 214", "Thornbury College"]),
    (None, None, "Thornbury Park School", ["Thornbury Park School"]),
])
def test_no_imprint_line_repeats_another(course, institution, publisher, shown):
    meta = Metadata(title="T", course=course, institution=institution, publisher=publisher,
                    lang="en-GB")
    assert [text for part, text in title_block(meta) if part == "imprint"] == shown
