"""Planned lines are split where planned, without WeasyPrint's search
(pdf/engine/planned_lines.py, in force inside engine.patched(), as in every build)."""

from __future__ import annotations

import pytest
from weasyprint import HTML
from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline

from samizdat.pdf.engine import page_box, pango, patched, planned_lines
from samizdat.pdf.lines import planner, rewriting
from samizdat.pdf.lines.paragraphs import PLANNED, SHY, WJ
from samizdat.pdf.lines.settings import Settings

from ..support.planned import break_paragraphs, plan_mismatches

CSS = """@page { size: 340px 500px; margin: 10px }
p { width: 220px; font: 12px serif; text-align: justify; hyphens: manual }
.fn { float: footnote }"""


@pytest.fixture(autouse=True)
def _patched():
    """Every test here lays out as a build does: with samizdat's patches in force."""
    with patched():
        yield

# the fourth line is short, and the fifth would fit after it on one line
LINES = ["alpha beta gamma delta", "epsilon zeta eta theta", f"iota kappa lamb{SHY}",
         "da mu", "nu xi omicron"]


def _glued(lines: list[str]) -> str:
    """The lines' text with no break opportunity but at the lines' ends, as planned text."""
    return " ".join(line.replace(" ", " " + WJ) for line in lines)


def _lines(document, tag: str = "p") -> list[str]:
    """The text of every line of the first block with this tag."""
    return ["".join(t.text for t in _texts(line)).replace(WJ, "").replace(SHY, "").strip()
            for line in _block(document, tag).children]


def _block(document, tag: str = "p"):
    """The first block with this tag on the first page."""
    def find(box):
        if getattr(box, "element_tag", None) == tag and isinstance(box, boxes.BlockBox):
            return box
        for child in getattr(box, "children", ()):
            if (found := find(child)) is not None:
                return found
        return None

    return find(page_box(document.pages[0]))


def test_lines_end_where_planned_even_where_two_would_fit_together():
    """A short planned line stays short: WeasyPrint's own search, given the same text, fills
    it with the next line's words. A soft hyphen at a line's end shows a hyphen."""
    html = (f"<style>{CSS}</style>"
            f'<p style="{planned_lines.PLANNED}">{_glued(LINES[:2])} '
            f"<em>{_glued(LINES[2:3])}{_glued(LINES[3:4])}</em> {_glued(LINES[4:])}</p>")
    assert planned_lines.installed()
    shown = [line.replace(SHY, "") for line in LINES]
    shown[2] = "iota kappa lamb\u2010"
    assert _lines(HTML(string=html).render()) == shown
    searched = _lines(HTML(string=html.replace(planned_lines.PLANNED, "")).render())
    assert searched[:2] == shown[:2] and len(searched) < len(shown)  # lines joined


def test_notes_of_a_planned_paragraph_are_set_as_any_note():
    """The note area is not planned: a note's lines are filled there as usual, not cut at
    every opportunity (a word a line)."""
    note = "A note long enough to need two or three lines in the note area of the page. " * 2
    text = "the quick brown fox jumps over the lazy dog and runs away from it " * 4
    html = (f'<html lang="en"><head><style>{CSS}</style></head><body>'
            f"<p>{text}<span class=fn>{note}</span> {text}</p></body></html>")
    planned = break_paragraphs(html, lambda s: HTML(string=s).render(),
                                Settings(justify=False))
    assert planned_lines.PLANNED in planned and planned_lines.FREE in planned
    document = HTML(string=planned).render()
    assert plan_mismatches(document) == []
    note_lines = _note_lines(document)
    assert 2 <= len(note_lines) <= 5, note_lines
    assert " ".join(note_lines).split()[1:] == note.split()  # after its marker


def _note_lines(document) -> list[str]:
    def walk(box):
        yield box
        for child in getattr(box, "children", ()):
            yield from walk(child)

    areas = [b for page in document.pages for b in walk(page_box(page))
             if isinstance(b, boxes.FootnoteAreaBox)]
    lines = [b for area in areas for b in walk(area) if isinstance(b, boxes.LineBox)]
    return [" ".join(t.text for t in walk(line) if isinstance(t, boxes.TextBox)).strip()
            for line in lines]


def test_first_break_reads_a_window_and_checks_near_its_end():
    """The first line's end is found in the text's first characters, the same for any
    window; a text with no opportunity has none."""
    text = _glued(["one two three", "four five six", "seven eight nine"])
    assert planned_lines.first_break(text, "en", 10 ** 6) == len("one two three ") + 2
    for window in range(8, len(text) + 1):
        assert planned_lines.first_break(text, "en", window) == len("one two three ") + 2
    assert planned_lines.first_break(_glued(["one two three"]), "en", 12) is None


@pytest.mark.parametrize("spans", [False, True])
def test_each_line_takes_its_planned_spacing(monkeypatch, spans):
    """Every other line letter-spaced, over an emphasis that runs across lines and words
    whose letters take two bytes: told, each line's box takes its spacing from the
    paragraph's --samizdat-spacing, and no span is written. Where two nodes alike would
    need unlike spacing, spans carry it instead, each starting at the space before its line:
    a line that ended where its node ends would have WeasyPrint lay out the next node's
    first line as well, find it overflows, and lay the line out again (two calls more a
    line)."""
    def every_other_line_spaced(plan, *_):
        plan.tracking.update({j: 0.2 for j in range(1, len(plan) + 1, 2)})

    monkeypatch.setattr(planner, "track", every_other_line_spaced)
    if spans:
        monkeypatch.setattr(rewriting, "_spacing", lambda *_: None)
    assert planned_lines.installed()
    text = "the quick brown fox jumps over the lazy dog at the café in Zürich " * 4
    html = (f'<html lang="en"><head><style>{CSS}</style></head><body><p>{text}'
            f"<em>{text}</em> {text}</p></body></html>")
    planned = break_paragraphs(html, lambda s: HTML(string=s).render())
    assert ("<span" in planned) is spans and (planned_lines.SPACING in planned) is not spans
    calls = []

    def counted(*args, **kwargs):
        calls.append(args[0])
        return planned_lines.split_first_line(*args, **kwargs)

    monkeypatch.setattr(inline, "split_first_line", counted)
    document = HTML(string=planned).render()
    lines = int(planned.split(f'{PLANNED}="')[1].split('"')[0])
    assert plan_mismatches(document) == []
    assert len(calls) <= 2 * lines + 4, (len(calls), lines)  # 4: the emphasis's two ends
    spacing = [{t.style["letter_spacing"] for t in _texts(line) if t.text.strip()}
               for line in _block(document).children]
    assert spacing == [{0.2} if j % 2 else {"normal"} for j in range(lines)]


def _texts(box):
    if isinstance(box, boxes.TextBox):
        yield box
    for child in getattr(box, "children", ()):
        yield from _texts(child)


def test_spacing_read_back_as_written():
    """--samizdat-spacing names each node by its text's CRC-32 and gives byte offsets: read
    back, each offset has its spacing, None where the paragraph's own is kept."""
    nodes = {"café au lait": [(0, -1.5, None), (6, None, 0.25)], "x": [(0, None, 1.0)]}
    declaration = planned_lines.spacing(nodes)
    value = declaration.split(": ", 1)[1].strip('"')
    table = planned_lines._spacings(value)
    assert table[planned_lines._crc("café au lait")] == ([0, 6], [(-1.5, None), (None, 0.25)])
    assert table[planned_lines._crc("x")] == ([0], [(None, 1.0)])


def test_line_breaks_read_at_once_are_pangos(monkeypatch):
    """Pango's break opportunities, read in one go from its attributes, are the ones read a
    field at a time (the slow way, kept for a platform where the flags are laid out
    otherwise)."""
    from weasyprint.text.line_break import get_log_attrs

    text = f"Ein „Test“ – 1980–83, e-mail{SHY}adresse (und mehr){WJ} hier. " * 3
    attrs = get_log_attrs(text, "de")
    expected = [i for i in range(len(text) + 1) if attrs[i].is_line_break]
    assert pango.BREAK_FLAGS.matches()
    assert pango.line_breaks(text, "de") == expected
    monkeypatch.setattr(pango.BREAK_FLAGS, "fingerprint", "another layout")
    assert not pango.BREAK_FLAGS.matches()
    assert pango.line_breaks(text, "de") == expected
    assert len(expected) > 10
