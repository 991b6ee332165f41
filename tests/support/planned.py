"""The line planner checked from outside: paragraphs planned alone, the laid-out lines counted
against the plans, pages left empty, and a build with WeasyPrint's own greedy lines to compare.

A build never needs these: the planner promises each paragraph's line count on its element
(data-lines); only the tests and the benchmarks check the layout keeps that promise.
"""

from __future__ import annotations

from contextlib import contextmanager

from weasyprint.formatting_structure import boxes

from samizdat.pdf.boxes import walk
from samizdat.pdf.engine import page_box
from samizdat.pdf.engine.pango import MEASURING
from samizdat.pdf.geometry import MAX_GAP, content_rect, flow_bottom
from samizdat.pdf.lines.paragraphs import PLANNED
from samizdat.pdf.lines.planner import Planner
from samizdat.pdf.lines.settings import Settings


def break_paragraphs(html: str, probe, settings: Settings = Settings()) -> str:
    """The HTML with every running-text paragraph's line breaks planned; probe(html) lays out.
    Call it, and lay out what it returns, inside engine.patched(), as a build does."""
    return Planner(html, probe, settings).planned(settings.looseness)


def plan_mismatches(document) -> list[str]:
    """Planned paragraphs whose laid-out line count differs from the plan, or that overflow."""
    laid, planned, problems = {}, {}, []
    for page in document.pages:
        for box in walk(page_box(page)):
            element = getattr(box, "element", None)
            if getattr(box, "element_tag", None) != "p" or element is None:
                continue
            if element.get(PLANNED) is None or not hasattr(box, "children"):
                continue
            key = element.get("data-b") or str(id(element))
            planned[key] = int(element.get(PLANNED))
            lines = [c for c in box.children if type(c).__name__ == "LineBox"]
            laid[key] = laid.get(key, 0) + len(lines)
            right = box.content_box_x() + box.width + 0.01
            problems += [f"{key}: a line overflows by {_right(line) - right + 0.01:.2f} px"
                         for line in lines if _right(line) > right]
    problems += [f"{k}: planned {planned[k]} lines, laid out {laid[k]}"
                 for k in planned if laid[k] != planned[k]]
    return problems


def _right(line) -> float:
    edges = [c.position_x + c.margin_width() for c in line.children
             if not getattr(c, "is_footnote", False)]
    return max(edges, default=line.position_x)


def page_gaps(document) -> list[tuple[int, float]]:
    """(page, share of its text area left empty) for every page whose running text ends
    more than MAX_GAP above the notes or the foot of the text area; the last page aside."""
    found = []
    for number, page in enumerate(document.pages[:-1], 1):
        area = content_rect(page)
        notes = next((b for b in page_box(page).descendants()
                      if isinstance(b, boxes.FootnoteAreaBox) and b.children), None)
        limit = notes.position_y if notes is not None else area.bottom
        share = (limit - flow_bottom(page_box(page))) / (area.bottom - area.top)
        if share > MAX_GAP:
            found.append((number, share))
    return found


@contextmanager
def greedy_lines():
    """Builds inside the block leave every paragraph's lines to WeasyPrint's own greedy
    breaking, as on a WeasyPrint whose text layout the planner was not written for."""
    verdicts = dict(MEASURING._verdicts)
    MEASURING._verdicts[MEASURING.fingerprint] = False
    try:
        yield
    finally:
        MEASURING._verdicts.clear()
        MEASURING._verdicts.update(verdicts)


__all__ = ["break_paragraphs", "greedy_lines", "page_gaps", "plan_mismatches"]
