"""Large print as readers with low vision need it (RNIB and UKAAF's, APH's guidance): ragged
right with a shallow rag and no word hyphenated, whatever the book's justify says; measured
on the built PDF's lines (pdfium's character boxes, tests/support/evenness.py)."""

from __future__ import annotations

import statistics
from collections import Counter
from pathlib import Path

import pytest

from samizdat import Report, build

from ..conftest import BOOKS, copy_book
from ..support.evenness import HYPHENS, body_lines, read_chars


def lines_of(pdf: Path):
    """The PDF's body lines; the text block's left edge and measure's right edge; the body
    size; and how far short of the measure each line inside a paragraph ends, in ems (a
    line followed on its page by one that starts at the left edge, not a paragraph's last)."""
    lines = body_lines(read_chars(pdf))
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
    right = max(line.x1 for line in lines)
    size = Counter(c.size for line in lines for c in line.chars).most_common(1)[0][0]
    inner = [line for line, after in zip(lines, lines[1:], strict=False)
             if after.page == line.page and abs(line.x0 - left) < 1 and abs(after.x0 - left) < 1]
    return lines, sorted((right - line.x1) / size for line in inner)


@pytest.fixture(scope="module")
def prague(tmp_path_factory):
    """The Prague Spring handout (justify: true, hyphenated at its normal size), in print and
    in large print."""
    root = copy_book(BOOKS / "prague-spring", tmp_path_factory.mktemp("large") / "book")
    report = Report()
    outputs = build(root, ("pdf", "large-print"), report)
    assert "error" not in report.format()
    return outputs


def test_large_print_hyphenates_no_word(prague):
    lines, _ = lines_of(prague["large-print"])
    assert len(lines) > 150
    assert [line.text for line in lines if line.text.rstrip()[-1:] in HYPHENS] == []


def test_large_print_is_ragged_with_a_shallow_rag(prague):
    _, short = lines_of(prague["large-print"])
    flush = sum(s < 0.1 for s in short)
    assert len(short) > 100 and flush < 0.15 * len(short), (flush, len(short))
    assert 0.3 < statistics.median(short) < 2.5, statistics.median(short)
    assert short[int(0.9 * len(short))] < 4, short  # a shallow rag: few lines much shorter


def test_the_measure_sees_the_justified_print_edition(prague):
    """The same measure on the justified print edition: most lines end flush, some
    in a hyphen."""
    lines, short = lines_of(prague["pdf"])
    assert sum(s < 0.1 for s in short) > 0.6 * len(short)  # lists and notes are ragged
    assert any(line.text.rstrip()[-1:] in HYPHENS for line in lines)
