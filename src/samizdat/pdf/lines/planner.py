"""The book's plans: one probe and one plan per paragraph, and the HTML with the plans
imposed."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os

import lxml.html

from .paragraph_plan import plan_paragraph, track
from .paragraphs import Para, candidates, collect
from .probe import styles_from_probe
from .rewriting import impose
from .settings import Settings

# paragraphs from which the first plans are shared with a second process: a fork and the
# plans' way back cost about 0.1 s, and planning takes about 3 ms a paragraph
PARALLEL_FROM = 150


class Planner:
    """One probe and one plan per paragraph, reused when only some paragraphs' looseness
    changes."""

    def __init__(self, html: str, probe, settings: Settings = Settings()):
        self.html, self.settings, self.plans = html, settings, {}
        root, self.paras = self._parse()
        if self.paras:
            styles_from_probe(root, self.paras, probe)
        self.measured = [_measured(para) for para in self.paras]
        self.keys = {para.element.get("data-b"): i for i, para in enumerate(self.paras)}
        self._first_plans()
        self.base = {key: len(self.plan(i, 0) or ()) for key, i in self.keys.items()}

    def _first_plans(self) -> list:
        """Every paragraph's plan at its best; for a long book on a machine with two cores,
        every other paragraph's in a second process, forked with the measured paragraphs."""
        count = len(self.paras)
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
        if count < PARALLEL_FROM or cores < 2:
            return [self.plan(i, 0) for i in range(count)]
        theirs = range(0, count, 2)
        global _forked_planner
        _forked_planner = self
        try:
            with multiprocessing.get_context("fork").Pool(1) as pool:
                result = pool.apply_async(_plan_forked, (theirs,))
                for i in range(1, count, 2):
                    self.plan(i, 0)
                for i, plan in zip(theirs, result.get(), strict=True):
                    self.plans[i, 0, 800] = plan
        finally:
            _forked_planner = None
        return [self.plan(i, 0) for i in range(count)]

    def _parse(self):
        root = lxml.html.document_fromstring(self.html)
        return root, [p for p in (collect(e) for e in candidates(root)) if p is not None]

    def plan(self, i: int, looseness: int, tolerance: float = 800):
        """Paragraph i's plan, a line looser or tighter if it can be (cached), its emergency
        lines letter-spaced."""
        key = (i, looseness, tolerance)
        if key not in self.plans:
            para = self.paras[i]
            settings = dataclasses.replace(self.settings, loose_tolerance=tolerance,
                                           looseness={para.element.get("data-b"): looseness})
            base = self.plans.get((i, 0, 800)) if looseness else None
            plan = plan_paragraph(para, settings, len(base) + 1 if base is not None else None)
            track(plan, para, self.settings)
            self.plans[key] = plan
        return self.plans[key]

    def spaced(self) -> list[str]:
        """The paragraphs (data-b) with a line letter-spaced: no breaks set it within the
        tolerance."""
        return [para.element.get("data-b") for i, para in enumerate(self.paras)
                if (plan := self.plans.get((i, 0, 800))) is not None and plan.tracking]

    def can_change(self, key: str, looseness: int, tolerance: float) -> bool:
        """Whether paragraph key (its data-b) can be set a line looser (+1) or tighter (-1),
        every line within the tolerance (0: none loose)."""
        i = self.keys.get(key)
        if i is None or self.plan(i, 0) is None:
            return False
        return len(self.plan(i, looseness, tolerance)) == self.base[key] + looseness

    def planned(self, moves: dict[str, tuple[int, float]] | None = None,
                styles: dict[str, str] | None = None) -> str:
        """The HTML with the plans imposed, some paragraphs (data-b) a line looser or tighter
        within a tolerance: moves[key] = (+1 or -1, tolerance); styles[key] is added to the
        paragraph's own."""
        moves, styles = moves or {}, styles or {}
        root, paras = self._parse()
        if not paras and not styles:
            return self.html
        for i, (para, measured) in enumerate(zip(paras, self.measured, strict=True)):
            _restore(para, measured)
            plan = self.plan(i, *moves.get(para.element.get("data-b"), (0, 800)))
            if plan is not None:
                impose(para, plan, self.settings)
        for p in root.iter("p"):
            if (style := styles.get(p.get("data-b"))) is not None:
                p.set("style", f"{p.get('style')}; {style}" if p.get("style") else style)
        return lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


_forked_planner: Planner | None = None  # the planner a forked process plans for


def _plan_forked(indices) -> list:
    return [_forked_planner.plan(i, 0) for i in indices]


def _measured(para: Para) -> tuple:
    return (para.width, para.indent, para.lang, para.justified, para.call_style,
            para.image_widths, [run.style for run in para.runs])


def _restore(para: Para, measured: tuple) -> None:
    (para.width, para.indent, para.lang, para.justified, para.call_style, para.image_widths,
     styles) = measured
    for run, style in zip(para.runs, styles, strict=True):
        run.style = style
