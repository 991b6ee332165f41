"""Tables at their natural width: one whose columns need less than the measure is as wide as
they are, flush left with the text, its rules as wide as it; one whose author gave its columns
shares of the whole (pandoc's relative widths) takes the full measure."""

from __future__ import annotations

import pytest
from weasyprint.formatting_structure import boxes

from samizdat import Report, load_book
from samizdat.pdf.engine import page_box
from samizdat.pdf.layout import render_pdf

from ..conftest import BOOKS, copy_book


def laid_out_tables(document):
    """(table's left, its width, the measure's left, the measure) of every table, in pt."""
    found = []
    for page in document.pages:
        root = page_box(page)
        left, measure = root.content_box_x(), root.width
        for box in root.descendants():
            if isinstance(box, boxes.TableBox):
                found.append((box.border_box_x(), box.border_width(), left, measure,
                              box.element.find("colgroup") is not None))
    return found


@pytest.fixture(scope="module", params=["tables", "prague-spring", "crossref", "mauerfall"])
def tables(request, tmp_path_factory):
    root = copy_book(BOOKS / request.param, tmp_path_factory.mktemp(request.param) / "book")
    return laid_out_tables(render_pdf(load_book(root, Report()), Report()))


def test_tables_are_flush_left_and_as_wide_as_their_columns(tables):
    assert tables
    for x, width, left, measure, widths_given in tables:
        assert abs(x - left) < 0.5  # flush left with the text
        assert width <= measure + 0.5
        if widths_given:
            assert width > measure - 0.5  # the author's shares of the whole
    # each of these books has at least one table narrower than the measure
    assert any(width < 0.9 * measure for _, width, _, measure, given in tables if not given)
