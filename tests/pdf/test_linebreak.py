"""Total-fit line breaking: the algorithm on known items, and the evenness of built PDFs."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from samizdat.build import load_book
from samizdat.diagnostics import Report
from samizdat.pdf import evenness, linebreak
from samizdat.pdf.knuthplass import INFINITY, Box, Glue, Params, Penalty, break_points

ROOT = Path(__file__).resolve().parents[2]
END = [Penalty(0, INFINITY), Glue(0, 1e9), Penalty(0, -INFINITY)]


def words(widths, space=5.0) -> list:
    items = []
    for w in widths:
        items += [Box(w), Glue(space, space / 2, space / 3)]
    return items[:-1] + END


def test_known_paragraph_breaks_where_lines_fill():
    # six words of 20 with spaces of 5 fill a 45-wide line exactly, two words a line
    assert break_points(words([20] * 6), lambda n: 45) == [3, 7, 13]


def test_first_line_length_is_its_own():
    # an indented first line holds one word, the others two
    assert break_points(words([20] * 5), lambda n: 30 if n == 0 else 45) == [1, 5, 11]


def test_looseness_changes_the_line_count():
    widths = [12, 10, 14, 20, 8, 8, 24, 17, 8, 12, 17, 8, 17, 10, 8, 8, 14, 14, 8, 10, 8, 17, 14,
              8, 24, 17, 8, 10, 20, 20, 17, 8, 17, 17, 14, 8, 10, 8, 17, 24, 10, 12, 14, 10, 17,
              8, 17, 12, 17, 24, 20, 10, 8, 17, 17, 20, 10, 12, 8, 17]
    items = words(widths)
    assert len(break_points(items, lambda n: 150)) == 8
    easy = {"loose_tolerance": 10 ** 6}
    assert len(break_points(items, lambda n: 150, Params(looseness=1, **easy))) == 9
    assert len(break_points(items, lambda n: 150, Params(looseness=-1, **easy))) == 7
    assert len(break_points(items, lambda n: 150, Params(looseness=1, loose_tolerance=1))) == 8


def test_no_hyphen_before_the_last_line():
    # breaking "abcdef" after "abc" would fill line one exactly; the plan must not
    items = [Box(40), Glue(5, 2.5, 1.7), Box(10), Penalty(3, 0, True), Box(10), *END]
    breaks = break_points(items, lambda n: 58)
    assert all(not isinstance(items[b], Penalty) for b in breaks[:-1])


def test_never_three_hyphens_in_a_row():
    # every line can only end at a hyphen or stay badly loose
    items = []
    for _ in range(6):
        items += [Box(30), Penalty(2, 0, True), Box(16), Glue(4, 2, 1)]
    items = items[:-1] + END
    breaks = break_points(items, lambda n: 32, Params(double_hyphen_demerits=0))
    flags = [isinstance(items[b], Penalty) for b in breaks[:-1]]
    assert not any(all(flags[i:i + 3]) for i in range(len(flags) - 2))


def test_candidates_skip_names_numbers_and_short_fragments():
    para = linebreak.Para(element=None, text="Helsinki representatives 1980–83 co-operation "
                                             "post-industrial")
    para.runs = [linebreak.Run(None, "text", 0, len(para.text), style={"x": 1})]
    para.lang = "en_US"
    found = {b.position: b.kind for b in linebreak.break_candidates(para, linebreak.Settings())}
    text = para.text
    assert not any(p < 8 for p, k in found.items() if k != "space")  # Helsinki
    assert not any(text.index("1980") < p < text.index(" co") for p in found)
    assert text.index("co-") + 3 not in found  # "co-" is two letters
    assert found.get(text.index("post-") + 5) == "explicit"
    assert all(k != "hyphen" or p - text.rfind(" ", 0, p) - 1 >= 3 for p, k in found.items())


# ---- Built PDFs ----------------------------------------------------------------------------

def render(root: Path, tmp_path: Path, paper: str | None = None, large: bool = False):
    from samizdat.pdf.layout import render_pdf, write_pdf_bytes
    from samizdat.source.stylesheet import stylesheet

    book = load_book(root, Report())
    if paper:
        book = dataclasses.replace(book, metadata=dataclasses.replace(book.metadata,
                                                                      paper=paper))
    extra = [stylesheet(root, "large-print.css")] if large else []
    document = render_pdf(book, Report(), extra_stylesheets=extra)
    out = tmp_path / f"{paper or 'book'}{'-large' if large else ''}.pdf"
    out.write_bytes(write_pdf_bytes(document, book))
    return document, evenness.measure(out)


RULES = ("in a row", "last line", "fragments", "ranges", "capitalised")


@pytest.fixture(scope="module")
def helsinki(tmp_path_factory):
    """Helsinki at each paper size, laid out once for all the tests below."""
    folder = tmp_path_factory.mktemp("helsinki")
    return {paper: render(ROOT, folder, paper) for paper in ("a4", "letter", "a5")}


@pytest.mark.parametrize("paper", ["a4", "letter", "a5"])
def test_helsinki_laid_out_as_planned_and_hyphenated_by_the_rules(helsinki, paper):
    document, figures = helsinki[paper]
    assert linebreak.plan_mismatches(document) == []
    assert [f for f in figures.failures() if any(r in f for r in RULES)] == [], str(figures)


@pytest.mark.xfail(reason="loose lines 1.0-2 % (target 1 %), A5 9.6 % hyphenated (target 8 %)")
@pytest.mark.parametrize("paper", ["a4", "letter", "a5"])
def test_helsinki_shares(helsinki, paper):
    assert helsinki[paper][1].failures() == [], str(helsinki[paper][1])


def test_large_print_no_worse(tmp_path):
    """Greedy large print: 30/261 loose, 57 hyphenated, runs of 3, 13 names broken."""
    document, figures = render(ROOT, tmp_path, large=True)
    assert linebreak.plan_mismatches(document) == []
    assert figures.loose_share < 30 / 261 and figures.hyphenated < 57
    assert figures.longest_hyphen_run < 3 and figures.name_breaks == 0


def test_valid_book_meets_targets(tmp_path):
    document, figures = render(ROOT / "tests" / "books" / "valid", tmp_path)
    assert linebreak.plan_mismatches(document) == []
    assert figures.failures() == []
