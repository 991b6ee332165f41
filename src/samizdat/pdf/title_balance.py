"""The title block's lines balanced, as a compositor sets a display line: a title, subtitle
or imprint that takes two lines or more is set in the narrowest box that still holds it in as
many lines, so its lines come out near one length and no word stands alone on the last one
("…Ashcombe Park / School" becomes "…Ashcombe / Park School"). WeasyPrint has no
`text-wrap: balance`; it lays out one probe page instead, every line of the block at widths
from the full measure down to half of it, and the line counts it reads there choose each box's
width. Measured by WeasyPrint itself, with the book's stylesheets: its fonts, small capitals,
letter-spacing and paper, large print too."""

from __future__ import annotations

from html import escape

from weasyprint.formatting_structure import boxes

from ..core.model import Book
from ..render.generated_blocks import title_block
from .engine import page_box

STEPS = [100 - 2 * k for k in range(26)]  # per cent of the measure: 100, 98, ... 50
PROBE = "data-probe"


def probe_html(book: Book, wanted=None, steps=STEPS) -> str:
    """A document of the title block's lines (those in wanted, else all), each at every
    width of steps."""
    meta = book.metadata
    lines = []
    for n, (part, text) in enumerate(title_block(meta)):
        if wanted is not None and n not in wanted:
            continue
        tag, cls = ("h1", "book-title") if part == "title" else ("p", part)
        lines += [f'<{tag} class="{cls}" {PROBE}="{n}-{step}" style="max-width: {step}%">'
                  f"{escape(text)}</{tag}>" for step in steps]
    return (f'<!DOCTYPE html><html lang="{escape(meta.lang)}"><head><meta charset="utf-8">'
            f'</head><body class="paper-{meta.paper}"><header class="title-block">'
            f'{"".join(lines)}</header></body></html>')


def line_counts(document) -> dict[tuple[int, int], int]:
    """(line of the block, width step) -> the lines WeasyPrint set it in."""
    counts = {}
    for page in document.pages:
        for box in page_box(page).descendants():
            element = getattr(box, "element", None)
            probe = element.get(PROBE) if element is not None and box.element_tag in (
                "h1", "p") and isinstance(box, boxes.BlockBox) else None
            if probe:
                n, step = map(int, probe.split("-"))
                counts[(n, step)] = counts.get((n, step), 0) + sum(
                    isinstance(child, boxes.LineBox) for child in box.children)
    return counts


def balanced_widths(counts: dict[tuple[int, int], int]) -> dict[int, int]:
    """Per line of the block set in two lines or more, the narrowest width (per cent) at
    which it, and every width above it, still takes as many lines as at the full measure."""
    widths = {}
    for n in sorted({n for n, _ in counts}):
        full = counts.get((n, 100), 0)
        if full < 2:
            continue
        chosen = 100
        for step in STEPS[1:]:
            if counts.get((n, step)) != full:
                break
            chosen = step
        if chosen < 100:
            widths[n] = chosen
    return widths


def title_widths(book: Book, render) -> dict[int, int]:
    """render: the print HTML laid out with the book's stylesheets. The block is laid out
    once at the full measure; only the lines that wrap there are probed at every width."""
    full = line_counts(render(probe_html(book, steps=[100])))
    wrapping = {n for (n, _), count in full.items() if count >= 2}
    if not wrapping:
        return {}
    return balanced_widths(line_counts(render(probe_html(book, wrapping))))
