"""Even grey: every test book with prose, at A4, Letter and A5, measured on its PDF
(samizdat.pdf.evenness) against a compositor's targets. Each book is laid out once per paper
for this module and test_linebreak.py (conftest.laid_out).

The planner before TeX's penalties (a hyphen penalty of 3000, looseness judged against the
book's median, short paragraphs set ragged) missed these: the Helsinki handout at A4 had
its median word space at 1.41x the font's natural space, 62 of 201 lines over 1.6x natural,
48 tight lines, 42 jumps between neighbours and 11 letter-spaced lines no report named;
Prague Spring at A4 had 30 of 108 lines loose and 2 ragged lines in a justified paragraph.
"""

from __future__ import annotations

import pytest

from samizdat.pdf import boxes
from samizdat.pdf.evenness import (
    FEWEST_HYPHENATED_LINES,
    MOST_HYPHENATED_LINES,
    MOST_LOOSE,
    MOST_MEDIAN,
    TYPST_JUMPS,
    TYPST_LINES,
    TYPST_TIGHT,
)

from .conftest import BOOKS

PAPERS = ("a4", "letter", "a5")
# books with almost no running prose: a measure of a handful of lines says nothing
SKIPPED = {
    "classroom": "its prose is in course boxes (questions, key terms), which the planner "
                 "leaves to WeasyPrint: 40 lines, most of them in boxes",
    "tables": "its text is table cells, whose columns the measure would read as word spaces",
    **{name: "fewer than 15 lines of justified prose" for name in
       ("crossref", "crossref-cs", "crossref-de", "kinematics", "lists", "pandoc-testsuite",
        "rtl", "tiny", "valid")},
}
MEASURED = [name for name in BOOKS if name not in SKIPPED]
CASES = [(name, paper) for name in MEASURED for paper in PAPERS]
# the targets the planner does not reach yet, as measured (median word space x natural,
# lines over 1.6x natural, hyphenated share): the measure of a page at this measure, with
# names never hyphenated, leaves too few breaks for all three at once
SHORT_OF_TARGETS = {(name, paper) for name in ("helsinki", "prague-spring", "mauerfall")
                    for paper in PAPERS} | {("transicion", "a5")}


def test_every_book_is_measured_or_skipped_with_a_reason():
    assert set(SKIPPED) < set(BOOKS) and {"helsinki", "prague-spring", "mauerfall",
                                          "transicion"} <= set(MEASURED)


@pytest.mark.parametrize("name,paper", CASES)
def test_one_alignment_and_the_rules(laid_out, name, paper):
    """No ragged line inside a justified paragraph (last lines excepted), no run of three
    hyphens, and a line letter-spaced only where the build's report names its paragraph
    (SZ415): the emergency pass found no breaks that set it within 1.6x natural."""
    _, figures, report = laid_out(name, paper)
    assert figures.lines >= 15, str(figures)
    assert figures.ragged == 0, [p for p in figures.problems if "ragged" in p]
    assert figures.runs_of_three == 0 and figures.longest_hyphen_run < 3, str(figures)
    noted = sum(lines for _, lines, _ in boxes.letter_spaced(laid_out(name, paper)[0]))
    assert len(report.with_code("SZ415")) == len(boxes.letter_spaced(laid_out(name, paper)[0]))
    assert figures.letter_spaced <= noted, [p for p in figures.problems if "spaced" in p]


@pytest.mark.parametrize("name,paper", [
    pytest.param(name, paper, marks=pytest.mark.xfail(
        (name, paper) in SHORT_OF_TARGETS, strict=True, reason="short of the targets"))
    for name, paper in CASES])
def test_even_grey_targets(laid_out, name, paper):
    """The median word space at most 1.15x the font's natural space, at most 1 % of lines
    over 1.6x natural, 3-8 % of lines hyphenated, fewer tight lines and fewer neighbouring
    lines whose spaces differ by more than 1.6x than Typst sets on the Helsinki handout
    (23 and 25 of 163 lines), as shares of the lines."""
    figures = laid_out(name, paper)[1]
    assert figures.median_ratio <= MOST_MEDIAN, str(figures)
    assert figures.loose_share <= MOST_LOOSE, str(figures)
    assert FEWEST_HYPHENATED_LINES <= figures.hyphen_share <= MOST_HYPHENATED_LINES \
        or figures.lines < 50, str(figures)  # a short text's share is a matter of one line
    assert figures.tight / figures.lines < TYPST_TIGHT / TYPST_LINES, str(figures)
    assert figures.jumps / figures.lines < TYPST_JUMPS / TYPST_LINES, str(figures)
