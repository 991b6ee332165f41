"""Total-fit line breaking: the algorithm on known items, and the evenness of built PDFs."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import SimpleNamespace

import pytest

from samizdat.build import load_book
from samizdat.diagnostics import Report
from samizdat.pdf import evenness, linebreak, notepages
from samizdat.pdf.boxes import scrap_pages
from samizdat.pdf.geometry import figure_gaps
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

def render(root: Path, tmp_path: Path, paper: str | None = None, large: bool = False,
           justify: bool = True):
    from samizdat.pdf.layout import render_pdf, write_pdf_bytes
    from samizdat.source.stylesheet import stylesheet

    book = load_book(root, Report())
    book = dataclasses.replace(book, metadata=dataclasses.replace(
        book.metadata, paper=paper or book.metadata.paper, justify=justify))
    extra = [stylesheet(root, "large-print.css")] if large else []
    document = render_pdf(book, Report(), extra_stylesheets=extra)
    out = tmp_path / f"{root.name}-{paper or 'book'}{'-large' if large else ''}{justify}.pdf"
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


@pytest.mark.xfail(reason="loose lines 1.4-2.0 % (target 1 %), A5 9.5 % hyphenated (target 8 %); "
                   "the loose-line pass (Settings.loose) trades each line saved for hyphens")
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


PRAGUE = ROOT / "tests" / "books" / "prague-spring"


@pytest.fixture(scope="module")
def prague(tmp_path_factory):
    """The Prague Spring handout at each paper size: short paragraphs, many names."""
    folder = tmp_path_factory.mktemp("prague")
    return {paper: render(PRAGUE, folder, paper) for paper in ("a5", "a4", "letter")}


@pytest.mark.parametrize("paper", ["a5", "a4", "letter"])
def test_prague_laid_out_as_planned_and_hyphenated_by_the_rules(prague, paper):
    document, figures = prague[paper]
    assert linebreak.plan_mismatches(document) == []
    assert [f for f in figures.failures() if any(r in f for r in RULES)] == [], str(figures)


@pytest.mark.xfail(reason="loose lines 2.6 % (A5), 7.1-7.3 % (A4, Letter): short paragraphs "
                   "full of names and numbers, and one with an inline image, left to WeasyPrint")
@pytest.mark.parametrize("paper", ["a5", "a4", "letter"])
def test_prague_shares(prague, paper):
    assert prague[paper][1].failures() == [], str(prague[paper][1])


@pytest.mark.xfail(reason="with the new page design a few ragged lines measure up to 1.43x the "
                          "median space (inline image and small-caps lines); not yet traced")
def test_ragged_book_is_left_aligned_with_a_shallow_rag(tmp_path):
    """justify: false sets every planned line at its natural spacing, flush left, and the
    lines inside a paragraph end within a few ems of the measure."""
    _, pdf = render(PRAGUE, tmp_path, "a5", justify=False), tmp_path / "prague-spring-a5False.pdf"
    lines = evenness.body_lines(evenness.read_chars(pdf))
    size = lines[0].chars[0].size
    left = min(round(line.x0) for line in lines)
    right = max(line.x1 for line in lines)
    body = [line for line in lines if left - 1 <= line.x0 <= left + 2 * size
            and len(line.spaces()) > 3 and max(line.spaces()) < size]  # not a table's row
    means = sorted(sum(line.spaces()) / len(line.spaces()) for line in body)
    # no line is stretched: every line's word spaces stay near the font's own
    assert means[-1] < 1.3 * means[len(means) // 2], means[-5:]
    inner = _inner_lines(body, size)
    rag = sorted((right - line.x1) / size for line in inner)
    assert len(inner) > 60
    assert sum(r > 0.5 for r in rag) > len(rag) / 3  # ragged indeed: not justified
    assert rag[len(rag) // 2] < 1.5 and rag[int(0.9 * len(rag))] < 3.5, rag


def _inner_lines(lines, size: float) -> list:
    """Lines followed, on the same page and at the usual leading, by one starting flush left:
    lines inside a paragraph, not its last."""
    pairs = [(a, b) for a, b in zip(lines, lines[1:], strict=False) if a.page == b.page]
    steps = [a.chars[0].y - b.chars[0].y for a, b in pairs]
    leading = max(set(steps), key=steps.count)
    left = min(line.x0 for line in lines)
    return [a for a, b in zip(lines, lines[1:], strict=False) if a.page == b.page
            and abs(a.chars[0].y - b.chars[0].y - leading) < 0.1 and b.x0 < left + 0.2 * size]


# ---- Notes on their calls' pages in a long book --------------------------------------------

@pytest.fixture(scope="module")
def long_book(tmp_path_factory):
    """A generated course reader of about 70 pages, too long for the stylesheet search:
    its layouts counted (the probe for the paragraphs' styles, the first layout, and one
    more only if notes are late), and the notes the first layout set a page late."""
    import sys

    from weasyprint import HTML

    from samizdat.pdf.boxes import layout_score
    from samizdat.pdf.layout import render_pdf

    sys.path.insert(0, str(ROOT / "bench"))
    from generate import generate

    book = load_book(generate(86, tmp_path_factory.mktemp("long") / "book"), Report())
    seen = {"layouts": 0, "late": None}
    render, moves = HTML.render, linebreak.note_moves

    def counted(self, *args, **kwargs):
        seen["layouts"] += 1
        return render(self, *args, **kwargs)

    def recorded(document, planner):
        seen["late"] = len(linebreak._late_calls(document))
        return moves(document, planner)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(HTML, "render", counted)
        patch.setattr(linebreak, "note_moves", recorded)
        document = render_pdf(book, Report())
    return document, book, seen, layout_score(document, book)


@pytest.mark.slow
def test_long_book_costs_one_layout_more_at_most(long_book):
    document, _, seen, score = long_book
    assert len(document.pages) > 60
    assert seen["late"]  # the first layout sets some notes late: the case under test
    # the probe, the first layout, and one more only because notes were late
    assert seen["layouts"] <= 3
    assert score[1] < seen["late"]


@pytest.mark.slow
def test_long_book_sets_every_note_on_its_page(long_book):
    document, _, seen, score = long_book
    assert seen["late"] and score == (0, 0, 0)
    assert linebreak.plan_mismatches(document) == []
    assert scrap_pages(document) == [] and figure_gaps(document) == []


def test_foot_paragraph_orphans_keep_notes_from_being_deferred():
    """WeasyPrint defers a page's notes when the foot paragraph's first overflowing line is
    its orphans-th: the styles chosen never make it so."""
    lines = [SimpleNamespace(height=20.0, style={"orphans": 2, "widows": 2},
                             descendants=lambda: []) for _ in range(6)]
    # one line fits: the paragraph goes over whole (orphans 3), or keeps it (orphans 1)
    assert notepages._breaks(lines, [], 30.0) == [("orphans: 3", 0), ("orphans: 1", 1)]
    # two fit: both stay as the stylesheet's orphans allow, or over whole
    assert notepages._breaks(lines, [], 45.0) == [("orphans: 2", 2), ("orphans: 4", 0)]
    # five fit, but one line alone would be left for the next page: the widows go together
    # (no page ends more than two lines short: the paragraph cannot go over whole)
    assert notepages._breaks(lines, [], 105.0) == [("orphans: 2", 4)]
    for room in (5.0, 30.0, 45.0, 70.0):
        fits = int(room // 20)
        for style, stay in notepages._breaks(lines, [], room):
            orphans = int(style.split()[1])
            assert orphans != fits + 1  # the line that overflows is never the orphans-th
            assert stay == (min(fits, 4) if orphans <= fits else 0)
            assert fits - stay <= notepages.GAP_LINES
