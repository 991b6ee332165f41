"""One paragraph's plan: the total-fit breaks (Knuth and Plass) chosen from its items, with
each line's word space, and the letter-spacing of an emergency plan's lines that would
stand out."""

from __future__ import annotations

import dataclasses
import statistics

from .knuthplass import Box, Glue, Measure, Params, Penalty, break_points
from .measuring import break_candidates, line_start, make_items, measure
from .paragraphs import ATOM, LIGATURE, Para
from .settings import Settings

# a word space as the PDF's reader measures it, from ink to ink, is narrower than the advances
# by the letters' side bearings: about 0.09 em in the book fonts (measured on two books)
BEARINGS = 0.09
SAFETY = 0.75  # px a planned line stays under the measure, for shaping across box boundaries


class Plan(list):
    """The chosen breaks, with the mean word space (px, ink to ink) of each line but the last."""
    gaps: list[float]
    shrunk: set[int]  # lines whose spaces are narrower than the font's
    x: list[float]  # the paragraph's measured positions
    natural: float  # the paragraph's word space (px, an advance), unstretched
    bearings: float  # px by which a space from ink to ink is narrower than its advance
    emergency: bool = False  # set by the emergency pass: no plan within the tolerance

    def __init__(self, *args):
        super().__init__(*args)
        self.tracking: dict[int, float] = {}  # line index -> letter-spacing (px)
        self.counts: dict[int, tuple[int, int]] = {}  # tracked line -> letters, spaces

    def tracked_gaps(self) -> list[float]:
        """Each line's mean word space once its letter-spacing takes its share."""
        gaps = list(getattr(self, "gaps", []))
        for j, spacing in self.tracking.items():
            letters, spaces = self.counts[j]
            gaps[j] -= spacing * (letters - spaces) / spaces
        return gaps


def plan_paragraph(para: Para, settings: Settings, lines: int | None = None) -> Plan | None:
    """The chosen breaks, or None to leave the paragraph to WeasyPrint. lines is the plan's
    line count without looseness, when known."""
    if not para.width or any(r.style is None for r in para.runs):
        return None
    if para.atoms and para.call_style is None or len(para.image_widths) < len(para.images):
        return None
    if settings.justify and not para.justified:
        return None
    em = para.runs[0].style["font_size"]
    params = Params(looseness=settings.looseness.get(para.element.get("data-b"), 0),
                    loose_tolerance=settings.loose_tolerance,
                    line_stretch=0.0 if settings.justify else settings.rag * em,
                    merge_slack=2 * SAFETY)
    full = para.width - SAFETY
    length = Measure(full, full - para.indent)
    chosen, emergency = _breaks(para, settings, params, length, lines)
    x, _, items, where = _prepared(para, settings, chosen.hyphenated)
    plan = Plan(where[i] for i in chosen[:-1])
    plan.x = x
    plan.emergency = emergency
    gaps, plan.shrunk = _gaps(items, chosen, length)
    plan.natural = statistics.median(
        [item.width for item in items if isinstance(item, Glue) and item.width] or [0.0])
    plan.bearings = BEARINGS * em
    plan.gaps = [None if gap is None else gap - plan.bearings for gap in gaps]
    return plan


def _breaks(para: Para, settings: Settings, params: Params, length: Measure,
            lines: int | None):
    """TeX's passes: the spaces alone within the pretolerance; with hyphens within the
    tolerance; then the emergency pass. Returns the breaks (marked hyphenated if planned
    with the hyphens) and whether the emergency pass set them."""
    justified = settings.justify
    first = settings.pretolerance if justified else params.tolerance
    if not params.looseness:
        _, _, items, _ = _prepared(para, settings, hyphenate=False)
        chosen = break_points(items, length, dataclasses.replace(params, tolerance=first),
                              fallback=False)
        # ragged right: a plan with a hyphen costs at least the hyphen's penalty squared,
        # so a cheaper plan without one is the best of all
        if chosen and (justified or chosen.demerits <= settings.ragged_penalty ** 2):
            chosen.hyphenated = False
            return chosen, False
    _, _, items, _ = _prepared(para, settings, hyphenate=settings.hyphenate)
    if justified:
        # the emergency: the least tolerance that sets the paragraph, so that its loosest
        # line is as tight as it can be, not the plan with the fewest demerits at any looseness
        for tolerance in (settings.tolerance, *settings.emergency_tolerances):
            within = dataclasses.replace(params, tolerance=tolerance)
            chosen = break_points(items, length, within, lines, fallback=False)
            if chosen is not None:
                chosen.hyphenated = settings.hyphenate
                return chosen, tolerance != settings.tolerance
    chosen = break_points(items, length, params, lines)
    chosen.hyphenated = settings.hyphenate
    return chosen, justified


def _prepared(para: Para, settings: Settings, hyphenate: bool):
    """Positions, candidates and items of the paragraph, the same for every looseness:
    made once, with or without the hyphenation points."""
    key = (settings.justify, hyphenate, settings.hyphen_penalty)
    if key not in para.prepared:
        if "x" not in para.prepared:
            para.prepared["x"] = measure(para)
        x, hyphen = para.prepared["x"]
        breaks = break_candidates(para, settings, hyphenate)
        para.prepared[key] = (x, breaks, *make_items(para, breaks, x, hyphen, settings))
    return para.prepared[key]


def _gaps(items: list, chosen: list[int], length: Measure) -> tuple[list[float], set[int]]:
    """Each line's mean word space once justified (None for a line without one), the last
    line's left out; and the lines whose spaces are narrower than the font's."""
    gaps, shrunk, start = [], set(), 0
    for n, end in enumerate(chosen[:-1]):
        while start < end and not isinstance(items[start], Box):
            start += 1  # glue and penalties after a break vanish
        line = items[start:end]
        spaces = [item for item in line if isinstance(item, Glue)]
        ink = sum(item.width for item in line if isinstance(item, Box))
        ink += items[end].width if isinstance(items[end], Penalty) else 0
        gaps.append((length.of(n) - ink) / len(spaces) if spaces else None)
        if spaces and length.of(n) - ink < sum(space.width for space in spaces):
            shrunk.add(n)
        start = end + 1
    return gaps, shrunk


def hyphen_share(plans: list) -> float:
    """The share of the planned lines that end in a hyphen."""
    lines = sum(len(plan) + 1 for plan in plans if plan)
    hyphens = sum(b.kind in ("hyphen", "explicit") for plan in plans if plan for b in plan)
    return hyphens / lines if lines else 0.0


def track(plan, para: Para, settings: Settings) -> None:
    """Letter-spacing (px) for the lines of an emergency plan whose word spaces would pass
    settings.loose times the font's: enough to bring them back to it, at most
    settings.tracking em. A letter-spaced space widens by twice the spacing (its own and the
    letter's before it), and every character of the line takes its share of the room, but
    the letters of words set with a ligature."""
    plan_lines = getattr(plan, "gaps", None)
    if not plan_lines or not getattr(plan, "emergency", False):
        return
    # a hair under loose: the letters' own spacing widens the gaps a reader sees a little
    gap = (settings.loose - 0.05) * plan.natural - plan.bearings
    # of the smallest text: a line's letter-spacing is the same px in all its runs
    most = settings.tracking * min(run.style["font_size"] for run in para.runs)
    starts = [0, *(line_start(b) for b in plan)]
    for j, (mean, start, end) in enumerate(zip(plan_lines, starts, starts[1:], strict=False)):
        if mean is None or mean <= gap:
            continue
        text = para.text[start:end].rstrip(" ").replace(ATOM, "")
        spaces = text.count(" ")
        letters = len(text) - spaces - sum(len(w) for w in LIGATURE.findall(text))
        if spaces and letters > spaces:
            plan.tracking[j] = min(most, (mean - gap) * spaces / (letters - spaces))
            plan.counts[j] = letters, spaces
