"""Total-fit line breaks for the print HTML's running text, planned here and imposed on WeasyPrint.

Each body paragraph's text is measured with WeasyPrint's own Pango layouts (the styles come from a
probe layout of the same document with the paragraphs' text replaced by markers), broken by
Knuth and Plass's algorithm, and rewritten so that WeasyPrint can break only where planned:
a space and U+2060 inside lines, a space or U+00AD at each planned break, U+2060 at every
other opportunity. planned_lines.py then has WeasyPrint end each line at its first
opportunity, without its search for the longest line that fits, and give a line that needs
them its own word- and letter-spacing.
"""

from __future__ import annotations

import bisect
import copy
import dataclasses
import itertools
import multiprocessing
import os
import re
import statistics
from dataclasses import dataclass, field
from typing import NamedTuple

import lxml.html
import pyphen
from weasyprint.formatting_structure import boxes
from weasyprint.text.ffi import ffi, pango
from weasyprint.text.line_break import Layout, get_log_attrs

from ..core.language import capitalises_nouns
from . import planned_lines
from .knuthplass import INFINITY, Box, Glue, Measure, Params, Penalty, break_points

SHY, WJ, ATOM = "\u00ad", "\u2060", "\ufffc"
PLANNED = "data-lines"  # planned line count, checked after layout
# paragraphs from which the first plans are shared with a second process: a fork and the
# plans' way back cost about 0.1 s, and planning takes about 3 ms a paragraph
PARALLEL_FROM = 150
HYPHEN_SAMPLE = 100  # paragraphs whose plans tell whether a book hyphenates too often
SKIP_ANCESTORS = {"table", "figure", "header", "nav", "li", "dl", "aside", "footer"}
INLINE = {"em", "i", "strong", "b", "a", "span", "cite", "code", "sup", "sub", "small", "abbr",
          "q", "mark", "s", "u", "dfn", "kbd", "samp", "var", "bdi", "time", "wbr"}
# a word space as the PDF's reader measures it, from ink to ink, is narrower than the advances
# by the letters' side bearings: about 0.09 em in the book fonts (measured on two books)
BEARINGS = 0.09
SAFETY = 0.75  # px a planned line stays under the measure, for shaping across box boundaries
# WeasyPrint's own search (where planned_lines.py is not installed) lays out a text node's
# whole rest to find where each line ends when the text allows no break in its first lines,
# as planned text does: there a node of a few lines keeps that cost in bounds
NODE_LINES = 4
TRACKING = re.compile(r"\s+")
LETTERS = re.compile(r"[^\W\d_]")
WORD = re.compile(r"[^\W\d_]+")
TOKEN = re.compile(r"\S+")
SPACE = re.compile(" ")
# a word the font sets with a ligature (ff, fi, fl, ffi, ffl): Pango drops ligatures in
# letter-spaced text, so such a word keeps its letters unspaced in a letter-spaced line
LIGATURE = re.compile(r"[^\W\d_]*f[fil][^\W\d_]*")
# PangoGlyphInfo: glyph, then the geometry's width, x and y offsets, then the attributes
GLYPH_INFO, GLYPH_FIELDS, GLYPH_WIDTH = ffi.sizeof("PangoGlyphInfo"), 5, 1


@dataclass(frozen=True)
class Settings:
    """How paragraphs are set: justified (TeX's spacing) or ragged right with a shallow rag."""
    justify: bool = True
    # far above TeX's 50: a hyphen only where it saves a loose line keeps them under 1 in 12
    hyphen_penalty: float = 3000
    explicit_penalty: float = 3000
    stretch: float = 0.5  # of the space, as TeX's fonts
    # of the space, as TeX's. WeasyPrint cannot shrink a space: on a line set tighter than
    # the font's spaces, a negative word-spacing makes the shrunk space the natural one, and
    # justification stretches it back to fill the line (_pieces).
    shrink: float = 1 / 3
    rag: float = 1.5  # ems a ragged line may fall short with badness 100: a shallow rag
    min_fragment: int = 3
    looseness: dict[str, int] = field(default_factory=dict)  # data-b id -> -1, 0 or +1
    loose_tolerance: float = 800  # the worst badness a line may take for a looseness
    # a line whose mean word space passes this multiple of the book's median stands out (the
    # measure of evenness); a paragraph of at most short_lines lines that keeps one even
    # letter-spaced, its words too long to share out the room (names, titles), is set ragged:
    # a short ragged paragraph reads better than one with holes
    stands_out: float = 1.6
    short_lines: int = 3
    # a line whose word spaces would pass this multiple of the book's median takes the rest
    # in its letters (as a press's letter-spacing limits allow), up to tracking em a letter:
    # a line no breaks can fill, such as a first line before a long unbreakable word
    track_from: float = 1.55
    tracking: float = 0.015
    # where the first plans would hyphenate more than most_hyphenated of a book's lines (long
    # words at a narrow measure, as German at A5), each space may also stretch by
    # letter_stretch em a letter of the word before it: the room a loose line then leaves
    # goes to its letters (tracking above), not to a hyphen
    most_hyphenated: float = 0.075
    letter_stretch: float = 0.0
    hyphen_letter_stretch: float = 0.005


@dataclass
class Run:
    """A text node of a paragraph: where it lives in the tree and its share of the text."""
    element: object
    attr: str  # "text" or "tail"
    start: int
    end: int
    style: object = None
    wrap: bool = True


@dataclass
class Para:
    """A running-text paragraph: its text, its runs, and what the probe measured."""
    element: object
    text: str = ""
    runs: list[Run] = field(default_factory=list)
    atoms: dict[int, object] = field(default_factory=dict)  # text index -> note span
    images: dict[int, object] = field(default_factory=dict)  # text index -> inline <img>
    image_widths: dict[int, float] = field(default_factory=dict)  # as the probe laid them out
    wbr: list[int] = field(default_factory=list)
    width: float = 0.0
    indent: float = 0.0
    lang: str | None = None
    justified: bool = False
    call_style: object = None  # of the notes' calls, which show their data-number
    prepared: dict = field(default_factory=dict)  # measures, candidates and items, made once


def break_paragraphs(html: str, probe, settings: Settings = Settings()) -> str:
    """The HTML with every running-text paragraph's line breaks planned; probe(html) lays out."""
    return Planner(html, probe, settings).planned(settings.looseness)


class Planner:
    """One probe and one plan per paragraph, reused when only some paragraphs' looseness
    changes. Plans are made twice where needed: first each at its best, which gives the
    book's median word space; then again, against that, the paragraphs with a loose line."""

    def __init__(self, html: str, probe, settings: Settings = Settings()):
        self.html, self.settings, self.plans = html, settings, {}
        root, self.paras = self._parse()
        if self.paras:
            styles_from_probe(root, self.paras, probe)
        self.measured = [_measured(para) for para in self.paras]
        self.keys = {para.element.get("data-b"): i for i, para in enumerate(self.paras)}
        if settings.justify and self._hyphenates_too_often():
            self.settings = settings = dataclasses.replace(
                settings, letter_stretch=settings.hyphen_letter_stretch)
            self.plans.clear()
        plans = self._first_plans()
        median = _median_gap(plans) if settings.justify else None
        self.track_gap = settings.track_from * median if median else None
        self.median = median
        for key, plan in self.plans.items():
            self.plans[key] = self._finish(plan, self.paras[key[0]])
        self.base = {key: len(self.plan(i, 0) or ()) for key, i in self.keys.items()}

    def _hyphenates_too_often(self) -> bool:
        """Whether planned at the spaces and hyphens alone, more than most_hyphenated of the
        book's lines would end in a hyphen: judged on HYPHEN_SAMPLE paragraphs spread over
        the book (a long book's language, measure and words are alike throughout)."""
        step = max(1, len(self.paras) // HYPHEN_SAMPLE)
        plans = [self.plan(i, 0) for i in range(0, len(self.paras), step)]
        return _hyphen_share(plans) > self.settings.most_hyphenated

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
        """Paragraph i's plan, a line looser or tighter if it can be (cached)."""
        key = (i, looseness, tolerance)
        if key not in self.plans:
            para = self.paras[i]
            settings = dataclasses.replace(self.settings, loose_tolerance=tolerance,
                                           looseness={para.element.get("data-b"): looseness})
            base = self.plans.get((i, 0, 800)) if looseness else None
            self.plans[key] = plan_paragraph(para, settings,
                                             len(base) + 1 if base is not None else None)
            if getattr(self, "median", None):
                self.plans[key] = self._finish(self.plans[key], para)
        return self.plans[key]

    def _finish(self, plan, para: Para):
        """The plan with its loose lines letter-spaced, or, for a short paragraph that keeps
        a line standing out even so, a ragged plan."""
        _track(plan, para, self.track_gap, self.settings)
        if not self.median or plan is None or plan.ragged \
                or len(plan) + 1 > self.settings.short_lines:
            return plan
        if any(gap is not None and gap > self.settings.stands_out * self.median
               for gap in plan.tracked_gaps()):
            ragged = plan_paragraph(para, dataclasses.replace(self.settings, justify=False))
            ragged.ragged = True
            return ragged
        return plan

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


def candidates(root):
    """Paragraphs of running text: not notes, tables, lists, figures or the title block."""
    for p in root.iter("p"):
        if p.get("class") or any(a.tag in SKIP_ANCESTORS or "fn" in (a.get("class") or "")
                                 for a in p.iterancestors()):
            continue
        yield p


def collect(p) -> Para | None:
    """The paragraph's text nodes in order, or None when it holds more than inline text."""
    para = Para(p)
    try:
        _collect(p, para, wrap=True)
    except ValueError:
        return None
    first = para.runs[0] if para.runs else None
    if first is None or not para.text.strip():
        return None
    return para


def _collect(element, para: Para, wrap: bool) -> None:
    _add_run(para, element, "text", wrap)
    for child in element:
        if not isinstance(child.tag, str):
            raise ValueError("comment or processing instruction")
        if "fn" in (child.get("class") or "").split():
            para.atoms[len(para.text)] = child
            para.text += ATOM
        elif child.get("class") == "pageref":
            # its page number is generated at layout (target-counter), so the plan cannot
            # measure it: WeasyPrint breaks this paragraph's lines itself
            raise ValueError("page reference")
        elif child.tag == "wbr":
            para.wbr.append(len(para.text))
        elif child.tag == "img":  # an icon in the text: a box as wide as the probe sets it
            para.images[len(para.text)] = child
            para.text += ATOM
        elif child.tag in INLINE:
            _collect(child, para, wrap and "nobreak" not in (child.get("class") or ""))
        else:
            raise ValueError(child.tag)
        _add_run(para, child, "tail", wrap)


def _add_run(para: Para, element, attr: str, wrap: bool) -> None:
    text = getattr(element, attr) or ""
    # whitespace collapses as WeasyPrint will collapse it; a soft hyphen is the plan's to place
    text = TRACKING.sub(" ", text).replace(SHY, "")
    if para.text.endswith(" ") or not para.text:
        text = text.lstrip(" ")
    setattr(element, attr, text)
    if text:
        para.runs.append(Run(element, attr, len(para.text), len(para.text) + len(text), wrap=wrap))
        para.text += text


# ---- Styles and widths from a probe layout --------------------------------------------------

def styles_from_probe(root, paras: list[Para], probe) -> None:
    """Lay out a copy whose paragraphs hold numbered markers; read each run's style and width."""
    runs = _mark_probe_copy(root, paras)
    document = probe(lxml.html.tostring(runs.pop("root"), encoding="unicode"))
    for page in document.pages:
        for box in _walk(page._page_box):
            _read_box(box, paras, runs)


def _mark_probe_copy(root, paras: list[Para]):
    """Marker texts replace each run, in place, then the tree is copied and restored."""
    saved, runs = [], {}
    for i, para in enumerate(paras):
        para.element.set("data-lb", str(i))
        for j, run in enumerate(para.runs):
            saved.append((run, getattr(run.element, run.attr)))
            setattr(run.element, run.attr, f" {i}.{j} ")
            runs[f"{i}.{j}"] = run
        for k, span in enumerate(para.atoms.values()):
            span.set("data-lb-call", f"{i}.{k}")
        for at, img in para.images.items():
            img.set("data-lb-img", f"{i}.{at}")
    probe_root = copy.deepcopy(root)
    for run, text in saved:
        setattr(run.element, run.attr, text)
    for para in paras:
        del para.element.attrib["data-lb"]
        for span in para.atoms.values():
            del span.attrib["data-lb-call"]
        for img in para.images.values():
            del img.attrib["data-lb-img"]
    for n, span in enumerate(probe_root.xpath('//span[@data-lb-call]')):
        if n:  # one call gives the style of all: laying out notes is what makes a probe slow
            span.drop_tree()
            continue
        span.text = ""
        for child in list(span):
            span.remove(child)
    _prune(probe_root.find("body"))
    runs["root"] = probe_root
    return runs


def _prune(element) -> None:
    """Empty everything around the marked paragraphs: the probe only needs their boxes."""
    for child in element:
        if child.get("data-lb") is not None:
            continue
        if child.xpath(".//*[@data-lb]"):
            _prune(child)
        else:
            child.text = None
            for grandchild in list(child):
                child.remove(grandchild)


def _read_box(box, paras: list[Para], runs: dict) -> None:
    element = getattr(box, "element", None)
    tag = getattr(box, "element_tag", "") or ""
    if isinstance(box, boxes.TextBox):
        for key in box.text.split():
            if key in runs and runs[key].style is None:
                runs[key].style = box.style
    elif isinstance(box, boxes.BlockBox) and tag == "p" and element.get("data-lb"):
        para = paras[int(element.get("data-lb"))]
        if not para.width:
            para.width, para.lang = box.width, box.style["lang"]
            indent = box.style["text_indent"]
            para.indent = indent.value * (box.width / 100 if indent.unit == "%" else 1)
            para.justified = box.style["text_align_all"] == "justify"
    elif isinstance(box, boxes.InlineReplacedBox) and element.get("data-lb-img"):
        i, at = map(int, element.get("data-lb-img").split("."))
        # an image wider than a third of the line is left unmeasured, and its paragraph to
        # WeasyPrint, which can still break around it however wide it turns out
        if box.margin_width() <= paras[i].width / 3:
            paras[i].image_widths.setdefault(at, box.margin_width())
    elif tag.endswith("::footnote-call") and element.get("data-lb-call"):
        for para in paras:
            para.call_style = para.call_style or box.children[0].style


def _walk(box):
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _walk(child)


# ---- Measuring with Pango -------------------------------------------------------------------

def advances(text: str, style) -> list[float]:
    """x position (px) before each character and after the last, as Pango shapes the text."""
    layout = Layout(style)
    layout.set_text(text)
    line = pango.pango_layout_get_line_readonly(layout.layout, 0)
    encoded = text.encode()
    per_byte = [0] * (len(encoded) + 1)
    run = line.runs
    while run != ffi.NULL:
        item, glyphs = run.data.item, run.data.glyphs
        count = glyphs.num_glyphs
        # the glyph records read in one go: in Python, one field at a time is slow
        records = memoryview(ffi.buffer(glyphs.glyphs, count * GLYPH_INFO)).cast("i")
        clusters = ffi.unpack(glyphs.log_clusters, count)
        for width, cluster in zip(records[GLYPH_WIDTH::GLYPH_FIELDS], clusters, strict=True):
            per_byte[item.offset + cluster] += width
        run = run.next
    # a cluster's width sits on its first byte, which starts a character: the other bytes
    # of a character (0b10xxxxxx in UTF-8) carry none
    per_char = per_byte[:-1] if len(encoded) == len(text) else [
        width for width, byte in zip(per_byte[:-1], encoded, strict=True) if byte & 0xC0 != 0x80]
    return [x / 1024 for x in itertools.accumulate(per_char, initial=0)]


def measure(para: Para) -> tuple[list[float], dict[int, float]]:
    """Cumulative x before each character of the paragraph, and the hyphen's width per run."""
    x = [0.0] * (len(para.text) + 1)
    hyphen = {}
    widths = {at: advances(span.get("data-number", "0"), para.call_style)[-1]
              for at, span in para.atoms.items()} if para.atoms else {}
    widths.update(para.image_widths)
    offset, position = 0.0, 0
    for run in para.runs:
        for index in range(position, run.start):  # note calls between runs
            offset += widths.get(index, 0.0)
            x[index + 1] = offset
        xs = advances(para.text[run.start:run.end], run.style)
        for k in range(1, len(xs)):
            x[run.start + k] = offset + xs[k]
        offset += xs[-1]
        position = run.end
        hyphen[run.start] = advances(run.style["hyphenate_character"], run.style)[-1]
    for index in range(position, len(para.text)):
        offset += widths.get(index, 0.0)
        x[index + 1] = offset
    return x, hyphen


# ---- Break candidates and the Knuth-Plass items ---------------------------------------------

class Break(NamedTuple):
    """A place a line may end in the paragraph's text."""
    position: int  # a space's index, or the index a line starts at after a hyphen or dash
    kind: str  # "space", "hyphen" (a U+00AD goes here), "explicit" (after "-"), "dash", "wbr"


def break_candidates(para: Para, settings: Settings, hyphenate: bool = True) -> list[Break]:
    """Where a line may end: spaces, dictionary hyphens, after compound hyphens and em dashes;
    without hyphenate, at spaces (and <wbr>) only."""
    owner = run_owner(para)
    found = [Break(m.start(), "space") for m in SPACE.finditer(para.text)
             if _wraps(para, owner, m.start())]
    found += [Break(i, "wbr") for i in para.wbr]
    if hyphenate:
        dictionary = _dictionary(para, settings)
        for token in TOKEN.finditer(para.text):
            found += _token_breaks(para, owner, token, dictionary, settings)
    unique = {b.position: b for b in sorted(found, key=lambda b: b.kind != "space")}
    # Pango has the last word: no break where Unicode forbids one, as in '” (' or '1980–83'
    attrs = _log_attrs(para)
    return [b for k, b in sorted(unique.items()) if 0 < k < len(para.text)
            and (b.kind in ("hyphen", "wbr") or attrs[k + (b.kind == "space")].is_line_break)]


def _log_attrs(para: Para):
    if "log_attrs" not in para.prepared:
        para.prepared["log_attrs"] = get_log_attrs(para.text.replace(ATOM, "1"), para.lang)
    return para.prepared["log_attrs"]


def run_owner(para: Para) -> list[int]:
    """The index of the run each character belongs to (-1 for a note call or an image)."""
    if "owner" not in para.prepared:
        owner = [-1] * len(para.text)
        for n, run in enumerate(para.runs):
            owner[run.start:run.end] = [n] * (run.end - run.start)
        para.prepared["owner"] = owner
    return para.prepared["owner"]


def _wraps(para: Para, owner: list[int], i: int) -> bool:
    n = owner[i]
    return n >= 0 and para.runs[n].wrap and para.runs[n].style is not None


def _dictionary(para: Para, settings: Settings):
    lang = para.lang and pyphen.language_fallback(para.lang.replace("-", "_"))
    if not lang:
        return None
    return pyphen.Pyphen(lang=lang, left=settings.min_fragment, right=settings.min_fragment)


def _token_breaks(para: Para, owner, token, dictionary, settings: Settings) -> list[Break]:
    """No breaks in numbers, URLs or capitalised words (names, in most languages: not where
    every noun is capitalised); fragments of at least min_fragment."""
    text, start = token.group(), token.start()
    names = not capitalises_nouns(para.lang)
    if any(c.isdigit() for c in text) or "/" in text or "@" in text or \
            names and text[0].isupper():
        return []
    found = []
    for word in WORD.finditer(text):
        at = start + word.start()
        if owner[at] != owner[at + len(word.group()) - 1] or not _wraps(para, owner, at):
            continue  # a word split between elements stays whole
        if dictionary and len(word.group()) >= 2 * settings.min_fragment \
                and not (names and word.group()[0].isupper()):
            found += [Break(at + k, "hyphen") for k in dictionary.positions(word.group())]
        end = start + word.end()
        shortest = min(len(word.group()), _letters_after(para.text, end + 1))
        if end < token.end() and para.text[end] in "-\u2010" and shortest >= settings.min_fragment:
            found.append(Break(end + 1, "explicit"))
        elif end < token.end() - 1 and para.text[end] == "\u2014":
            found.append(Break(end + 1, "dash"))
    return found


def _letters_after(text: str, i: int) -> int:
    match = WORD.match(text, i)
    return len(match.group()) if match else 0


def make_items(para: Para, breaks: list[Break], x: list[float], hyphen: dict[int, float],
               settings: Settings) -> tuple[list, dict[int, Break]]:
    """Boxes, glue and penalties for the paragraph, and which item is which candidate."""
    items, where, previous = [], {}, 0
    owner = run_owner(para)
    letter = settings.letter_stretch * para.runs[0].style["font_size"] if settings.justify else 0
    for b in breaks:
        items.append(Box(x[b.position] - x[previous]))
        if b.kind == "space":
            space = x[b.position + 1] - x[b.position]
            stretch = space * settings.stretch if settings.justify else 0.0
            if letter:
                stretch += letter * len(LETTERS.findall(para.text, previous, b.position))
            where[len(items)] = b
            items.append(Glue(space, stretch, space * settings.shrink if settings.justify else 0))
            previous = b.position + 1
            continue
        width = hyphen[para.runs[owner[b.position]].start] if b.kind == "hyphen" else 0.0
        penalty = {"hyphen": settings.hyphen_penalty, "explicit": settings.explicit_penalty,
                   "dash": settings.explicit_penalty, "wbr": 100}[b.kind]
        where[len(items)] = b
        items.append(Penalty(width, penalty, b.kind in ("hyphen", "explicit")))
        previous = b.position
    # TeX's \parfillskip, with no break before it
    items += [Box(x[len(para.text)] - x[previous]), Penalty(0, INFINITY), Glue(0, 1e9),
              Penalty(0, -INFINITY)]
    return items, where


class Plan(list):
    """The chosen breaks, with the mean word space (px, ink to ink) of each line but the last."""
    gaps: list[float]
    shrunk: set[int]  # lines whose spaces are narrower than the font's
    x: list[float]  # the paragraph's measured positions
    ragged: bool = False

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
    x, _, items, where = _prepared(para, settings, hyphenate=False)
    em = para.runs[0].style["font_size"]
    params = Params(looseness=settings.looseness.get(para.element.get("data-b"), 0),
                    loose_tolerance=settings.loose_tolerance,
                    line_stretch=0.0 if settings.justify else settings.rag * em,
                    merge_slack=2 * SAFETY)
    full = para.width - SAFETY
    length = Measure(full, full - para.indent)
    bearings = BEARINGS * em
    chosen = None
    if not params.looseness:
        # a first pass at the spaces alone, as TeX's: a plan with a hyphen costs at least
        # the hyphen's penalty squared, so a cheaper plan without one, within the tolerance,
        # is the best of all
        chosen = break_points(items, length, params, fallback=False)
        if chosen and chosen.demerits > min(settings.hyphen_penalty,
                                            settings.explicit_penalty) ** 2:
            chosen = None
    if chosen is None:
        x, _, items, where = _prepared(para, settings, hyphenate=True)
        chosen = break_points(items, length, params, lines)
    plan = Plan(where[i] for i in chosen[:-1])
    plan.x = x
    gaps, plan.shrunk = _gaps(items, chosen, length)
    plan.gaps = [None if gap is None else gap - bearings for gap in gaps]
    return plan


def _prepared(para: Para, settings: Settings, hyphenate: bool):
    """Positions, candidates and items of the paragraph, the same for every looseness:
    made once, with or without the hyphenation points."""
    key = (settings.justify, hyphenate, settings.letter_stretch)
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


def _hyphen_share(plans: list) -> float:
    """The share of the planned lines that end in a hyphen."""
    lines = sum(len(plan) + 1 for plan in plans if plan)
    hyphens = sum(b.kind in ("hyphen", "explicit") for plan in plans if plan for b in plan)
    return hyphens / lines if lines else 0.0


def _median_gap(plans: list) -> float | None:
    """The book's median word space (px, ink to ink) over its planned justified lines."""
    gaps = [g for plan in plans if plan and not plan.ragged for g in plan.gaps
            if g is not None]
    return statistics.median(gaps) if gaps else None


def _track(plan, para: Para, gap: float | None, settings: Settings) -> None:
    """Letter-spacing (px) for the plan's lines whose word spaces would pass gap: enough to
    bring them back to it, at most settings.tracking em. A letter-spaced space widens by
    twice the spacing (its own and the letter's before it), and every character of the
    line takes its share of the room, but the letters of words set with a ligature."""
    plan_lines = getattr(plan, "gaps", None)
    if not gap or not plan_lines or plan.ragged:
        return
    most = settings.tracking * para.runs[0].style["font_size"]
    starts = [0, *(_line_start(b) for b in plan)]
    for j, (mean, start, end) in enumerate(zip(plan_lines, starts, starts[1:], strict=False)):
        if mean is None or mean <= gap:
            continue
        text = para.text[start:end].rstrip(" ").replace(ATOM, "")
        spaces = text.count(" ")
        letters = len(text) - spaces - sum(len(w) for w in LIGATURE.findall(text))
        if spaces and letters > spaces:
            plan.tracking[j] = min(most, (mean - gap) * spaces / (letters - spaces))
            plan.counts[j] = letters, spaces


def impose(para: Para, plan: list[Break], settings: Settings) -> None:
    """Rewrite the runs so WeasyPrint's only break opportunities are the planned ones."""
    if getattr(plan, "ragged", False):  # a short paragraph no spacing could justify
        settings = dataclasses.replace(settings, justify=False)
    owner = run_owner(para)
    chars, ends = _planned_text(para, plan, owner)
    chars = _glue_other_breaks(para, chars, ends)
    shrink = settings.shrink * advances(" ", para.runs[0].style)[-1] if settings.justify else 0
    told = planned_lines.installed()
    pieces = _pieces(para, plan, shrink, told)
    nodes = _nodes(para, chars, pieces)
    spacing = _spacing(nodes, pieces) if told else {}
    if spacing is None:  # two text nodes alike, spaced unlike: spans tell them apart
        pieces = _pieces(para, plan, shrink, told=False)
        nodes = _nodes(para, chars, pieces)
    for n in reversed(range(len(para.runs))):
        text, cuts, _ = nodes[n]
        _split_run(para.runs[n], text, cuts)
    kept = {b.position for b in plan if b.kind == "wbr"}
    for at, wbr in zip(para.wbr, list(para.element.iter("wbr")), strict=False):
        if at not in kept:
            wbr.drop_tree()
    _add_style(para.element, f"{planned_lines.PLANNED}; hyphens: manual"
               + ("" if settings.justify else "; text-align: left")
               + (f"; {planned_lines.spacing(spacing)}" if spacing else ""))
    for note in para.atoms.values():  # laid out in the note area, by WeasyPrint's own search
        _add_style(note, planned_lines.FREE)
    para.element.set(PLANNED, str(len(plan) + 1))


def _nodes(para: Para, chars, pieces: Pieces) -> list[tuple[str, dict[int, str], list[int]]]:
    """Each run's new text, where it is cut into nodes (offset -> the node's style), and the
    text index of each of its characters (a soft hyphen's that of the letter before it: it
    ends that letter's line)."""
    texts = [[] for _ in para.runs]
    cuts: list[dict[int, str]] = [{} for _ in para.runs]
    where: list[list[int]] = [[] for _ in para.runs]
    last, previous, pending = 0, None, None
    for char, n, i in chars:
        last = n if n >= 0 else last
        if i != previous and i in pieces:
            pending = pieces[i]
        previous = i
        if char == ATOM:
            continue
        if pending is not None or not texts[last]:
            cuts[last][len(texts[last])] = pending if pending is not None else \
                pieces.style(i)
        pending = None
        texts[last].append(char)
        where[last].append(i - 1 if char == SHY else i)
    return [("".join(text), cut, at) for text, cut, at in zip(texts, cuts, where, strict=True)]


def _spacing(nodes, pieces: Pieces) -> dict[str, list] | None:
    """For planned_lines.spacing(): each text node's lines' own spacing, or None if two
    nodes with the same text need different spacing (one of them none: WeasyPrint names a
    node by its text). A node of word joiners alone, which the plan does not measure, keeps
    its own."""
    spacing = {}
    for text, cuts, where in nodes:
        bounds = sorted({0, len(text), *(c for c in cuts if 0 < c < len(text))})
        for a, b in itertools.pairwise(bounds):
            if not text[a:b].strip(WJ):
                continue
            lines = pieces.node_lines(text[a:b], where[a:b])
            if spacing.setdefault(text[a:b], lines) != lines:
                return None
    return {text: lines for text, lines in spacing.items() if lines}


def _add_style(element, style: str) -> None:
    old = element.get("style")
    element.set("style", f"{old}; {style}" if old else style)


def _line_start(b: Break) -> int:
    return b.position + 1 if b.kind == "space" else b.position


class Pieces(dict):
    """Where the paragraph's text is cut into nodes (text index -> the node's style), and the
    spacing of its lines: a shrunk line's narrower spaces, a tracked line's letter-spacing.
    Told (planned_lines.py installed), WeasyPrint takes the lines' spacing from
    --samizdat-spacing, and only a word that keeps a ligature in a tracked line is a node
    of its own; else each style is a span's."""

    def __init__(self, starts: list[int], tracking: dict[int, float], spaces: dict[int, float],
                 break_spaces: set[int], told: bool):
        super().__init__()
        self.starts, self.tracking, self.spaces = starts, tracking, spaces
        self.break_spaces, self.told = break_spaces, told
        self.shared: dict[int, float] = {}

    def style(self, i: int) -> str:
        """The style of a node that starts at text index i (a space a line ends at is the
        next line's: it is never shown)."""
        if self.told:
            return ""
        line = bisect.bisect_right(self.starts, i + (i in self.break_spaces)) - 1
        return self.line_style(line, self.shared.get(i))

    def spacing(self, line: int, shared: float | None = None) -> tuple:
        """The line's (word-spacing, letter-spacing) in px, None where it keeps its own."""
        letter = self.tracking.get(line, 0.0) if shared is None else shared
        return self.spaces.get(line), letter or None

    def line_style(self, line: int, spacing: float | None = None) -> str:
        word, letter = self.spacing(line, spacing)
        parts = [f"word-spacing: {word:.3f}px"] if word is not None else []
        if letter:
            parts.append(f"letter-spacing: {letter:.3f}px")
        return "; ".join(parts)

    def node_lines(self, text: str, where: list[int]) -> list[tuple]:
        """A node's (byte offset, word-spacing, letter-spacing) from each offset where its
        line's spacing changes; nothing where it keeps its own throughout."""
        first, last = (bisect.bisect_right(self.starts, i) - 1 for i in (where[0], where[-1]))
        shared = self.shared.get(where[0])
        lines, current = [], None
        for line in range(first, last + 1):
            spacing = self.spacing(line, shared)
            if spacing != current:
                k = bisect.bisect_left(where, self.starts[line]) if line > first else 0
                lines.append((len(text[:k].encode()), *spacing))
                current = spacing
        return lines if any(word is not None or letter for _, word, letter in lines) else []


def _pieces(para: Para, plan: list[Break], shrink: float, told: bool) -> Pieces:
    """The lines' spacing and where the text is cut into nodes. A line whose spaces are
    narrower than the font's has them narrowed by its word-spacing, so that it fits
    (WeasyPrint cannot shrink a space; justification stretches them back to fill the line);
    no other line has, as word-spacing slows WeasyPrint's text layout. In a letter-spaced
    line, a word set with a ligature is a node of its own, unspaced. Told, that is all:
    each line's box takes its own spacing; else the spans carry it (_span_cuts)."""
    starts = [0, *(_line_start(b) for b in plan)]
    tracking = getattr(plan, "tracking", {})
    narrow = set(getattr(plan, "shrunk", ())) if shrink else set()
    break_spaces = {b.position for b in plan if b.kind == "space"}
    pieces = Pieces(starts, tracking, {j: -shrink for j in narrow}, break_spaces, told)
    cut = set() if told else _span_cuts(pieces, plan, para)
    for j in tracking:  # words with a ligature keep it: unspaced
        end = starts[j + 1] if j + 1 < len(starts) else len(para.text)
        for word in LIGATURE.finditer(para.text, starts[j], end):
            cut |= {word.start(), word.end()}
            pieces.shared[word.start()] = 0.0
    owner = run_owner(para)
    for i in cut:
        # a node that starts a line starts at the space before it: WeasyPrint ends the line
        # inside that node, at once; a line that ends where its node ends would have it lay
        # out the next node's first line too, find it overflows, and lay out the line again
        at = i - 1 if not told and i - 1 in break_spaces and owner[i - 1] == owner[i] else i
        pieces[at] = pieces.style(i)
    return pieces


def _span_cuts(pieces: Pieces, plan: list[Break], para: Para) -> set[int]:
    """Where spans start when they carry the lines' spacing: where a line's style changes,
    and every NODE_LINES lines, but never after a soft hyphen (WeasyPrint shows a soft
    hyphen only inside a node). A shrunk line's hyphenated line before it, in its node, is
    shrunk too; a word hyphenated between lines of different letter-spacing is a node of its
    own, at the smaller of the two, so that neither line outgrows its plan."""
    starts, tracking, narrow = pieces.starts, pieces.tracking, pieces.spaces
    for j in reversed(range(1, len(starts))):  # a node runs on over a hyphenated line end
        if j in narrow and plan[j - 1].kind == "hyphen":
            narrow[j - 1] = narrow[j]
    cut, node = set(), 0  # node: the line the current node starts at
    for j in range(1, len(starts)):
        if plan[j - 1].kind != "hyphen" and (j - node >= NODE_LINES
                                            or pieces.line_style(j) != pieces.line_style(node)):
            cut.add(starts[j])
            node = j
    for j, b in enumerate(plan):
        if b.kind == "hyphen" and (tracking.get(j) or tracking.get(j + 1)):
            word = para.text.rfind(" ", 0, b.position) + 1
            end = para.text.find(" ", b.position)
            cut |= {word, end if end >= 0 else len(para.text)}
            pieces.shared[word] = min(tracking.get(j, 0.0), tracking.get(j + 1, 0.0))
    return cut


def _split_run(run: Run, text: str, cuts: dict[int, str]) -> None:
    """The run's text cut at the given offsets into pieces, each with its style, that follow
    the run's own text node: the first piece stays in that node when it needs no style, and
    a piece with no style after one with a style is that span's tail."""
    edges = sorted(c for c in cuts if 0 < c < len(text))
    first = cuts.get(0, "")
    starts = ([0] if first else []) + edges
    setattr(run.element, run.attr, "" if first else text[:starts[0] if starts else len(text)])
    spans = []
    for start, end in zip(starts, [*starts[1:], len(text)][:len(starts)], strict=True):
        style = cuts.get(start, "")
        if not style and spans and spans[-1].get("style") and spans[-1].tail is None:
            spans[-1].tail = text[start:end]
            continue
        span = lxml.html.Element("span", {"style": style} if style else {})
        span.text = text[start:end]
        spans.append(span)
    if run.attr == "text":
        for k, span in enumerate(spans):
            run.element.insert(k, span)
    else:
        parent = run.element.getparent()
        at = parent.index(run.element) + 1
        for k, span in enumerate(spans):
            parent.insert(at + k, span)


def _planned_text(para: Para, plan: list[Break], owner: list[int]):
    """Characters with their run (-1 for a note call), and the indices after which lines end."""
    planned = {b.position: b.kind for b in plan}
    chars, ends = [], set()
    for i, char in enumerate(para.text):
        kind = planned.get(i)
        n = owner[i] if owner[i] >= 0 else -1
        if kind in ("hyphen", "explicit", "dash", "wbr"):
            if kind == "hyphen":
                chars.append((SHY, n, i))
            ends.add(len(chars))
        if char == " " and owner[i] >= 0 and para.runs[owner[i]].wrap:
            if kind == "space":
                chars.append((" ", n, i))
                ends.add(len(chars))
                continue
            # a space held by a word joiner: U+00A0 would do, but the PDF's text would then
            # carry no-break spaces everywhere, as the font maps both to one glyph
            chars += [(" ", n, i), (WJ, n, i)]
            continue
        chars.append((char, n, i))
    return chars, ends


def _glue_other_breaks(para: Para, chars, ends: set[int]):
    """A word joiner before every break opportunity Pango would find that the plan did not."""
    text = "".join("1" if c[0] == ATOM else c[0] for c in chars)
    out, last = [], 0
    for k in planned_lines.line_breaks(text, para.lang):
        if 0 < k < len(chars) and k not in ends and text[k - 1] != WJ:
            _, n, i = chars[k]
            out += chars[last:k]
            out.append((WJ, n if n >= 0 else chars[k - 1][1], i))
            last = k
    return out + chars[last:]


# ---- Checking the layout against the plan ---------------------------------------------------

def plan_mismatches(document) -> list[str]:
    """Planned paragraphs whose laid-out line count differs from the plan, or that overflow."""
    laid, planned, problems = {}, {}, []
    for page in document.pages:
        for box in _walk(page._page_box):
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


# ---- Moving page breaks with looseness ------------------------------------------------------

def lay_out_planned(html: str, lay_out, score, settings: Settings = Settings()):
    """The planned HTML and its layout. Notes set a page after their calls (too long for the
    room left, notes_with_calls.py keeping the rest) are brought back all at once, with one
    more layout at most however long the book, all computed from the first: the call's line
    is carried over to its note's page by setting a paragraph before it a line longer (TeX's
    \\looseness), and one on the next page a line shorter where it can be. The new layout
    is kept only if it scores better."""
    planner = Planner(html, lay_out, settings)
    planned = planner.planned()
    for para in planner.paras:  # made again for the few a note may move: room for the layout
        para.prepared.clear()
    first = lay_out(planned)
    moves = note_moves(first, planner)
    if not moves:
        return planned, first
    candidate = planner.planned(moves)
    if candidate == planned:
        return planned, first
    second = lay_out(candidate)
    if score(second) < score(first):
        return candidate, second
    return planned, first


LOOSENESS_TOLERANCES = (800, 3000)  # a fair line first; a note on its page comes first


def note_moves(document, planner: Planner) -> dict[str, tuple[int, float]]:
    """Paragraphs (data-b) to set a line longer (+1) or shorter (-1), each with the tolerance
    that allows it: for every note set a page late, one paragraph on the call's page, computed
    from this one layout. A line more before the call pushes the call's line over to its
    note's page; failing that, a line less in the call's paragraph makes room for the note.
    A line less on the next page keeps the pages after as they were."""
    pages = [_body_lines(page._page_box) for page in document.pages]
    moves: dict[str, tuple[int, float]] = {}
    for note, page in _late_calls(document).items():
        lines = pages[page]
        at = next((k for k, (_, line) in enumerate(lines) if _calls(line, note)), None)
        if at is None:
            continue
        own = lines[at][0]
        before = [*dict.fromkeys(key for key, _ in reversed(lines[:at]) if key != own), own]
        found = _pick(planner, before, moves, +1) or _pick(planner, [own], moves, -1)
        moves.update(found)
        following = pages[page + 1] if page + 1 < len(pages) else []
        if found and next(iter(found.values()))[0] > 0 and following:
            after = [key for key, _ in following if key not in (own, following[0][0])]
            moves.update(_pick(planner, list(dict.fromkeys(after)), moves, -1))
    return moves


def _pick(planner: Planner, keys: list, taken: dict, looseness: int) -> dict:
    """The first paragraph that can take the looseness, at the lowest tolerance that allows
    it."""
    for tolerance in LOOSENESS_TOLERANCES:
        for key in keys:
            if key is not None and key not in taken \
                    and planner.can_change(key, looseness, tolerance):
                return {key: (looseness, tolerance)}
    return {}


def _body_lines(box, para=None) -> list[tuple[str | None, object]]:
    """The page's line boxes outside the notes, each with its planned paragraph's data-b."""
    if isinstance(box, (boxes.FootnoteAreaBox, boxes.MarginBox)):
        return []
    element = getattr(box, "element", None)
    if isinstance(box, boxes.BlockBox) and getattr(box, "element_tag", None) == "p":
        para = element.get("data-b") if element.get(PLANNED) else None
    if isinstance(box, boxes.LineBox):
        return [(para, box)]
    return [line for child in getattr(box, "children", None) or ()
            for line in _body_lines(child, para)]


def _calls(line, note: str) -> bool:
    return any((getattr(box, "element_tag", "") or "").endswith("::footnote-call")
               and box.element.get("id") == note for box in _walk(line))


def _late_calls(document) -> dict[str, int]:
    """Notes set on a later page than their calls, with the call's page index."""
    call, body = {}, {}
    for n, page in enumerate(document.pages):
        for box in _walk(page._page_box):
            tag = getattr(box, "element_tag", "") or ""
            if tag.endswith("::footnote-call"):
                call.setdefault(box.element.get("id"), n)
            elif isinstance(box, boxes.FootnoteAreaBox):
                for note in box.children:
                    body.setdefault(note.element.get("id"), n)
    return {k: n for k, n in call.items() if k in body and body[k] > n}
