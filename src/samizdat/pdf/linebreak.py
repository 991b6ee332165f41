"""Total-fit line breaks for the print HTML's running text, planned here and imposed on WeasyPrint.

Each body paragraph's text is measured with WeasyPrint's own Pango layouts (the styles come from a
probe layout of the same document with the paragraphs' text replaced by markers), broken by
Knuth and Plass's algorithm, and rewritten so that WeasyPrint can break only where planned:
a space and U+2060 inside lines, a space or U+00AD at each planned break, U+2060 at every
other opportunity.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from dataclasses import dataclass, field

import lxml.html
import pyphen
from weasyprint.formatting_structure import boxes
from weasyprint.text.ffi import ffi, pango
from weasyprint.text.line_break import Layout, get_log_attrs

from .knuthplass import INFINITY, Box, Glue, Params, Penalty, break_points

SHY, WJ, ATOM = "\u00ad", "\u2060", "\ufffc"
PLANNED = "data-lines"  # planned line count, checked after layout
SKIP_ANCESTORS = {"table", "figure", "header", "nav", "li", "dl", "aside", "footer"}
INLINE = {"em", "i", "strong", "b", "a", "span", "cite", "code", "sup", "sub", "small", "abbr",
          "q", "mark", "s", "u", "dfn", "kbd", "samp", "var", "bdi", "time", "wbr"}
SAFETY = 0.75  # px a planned line stays under the measure, for shaping across box boundaries
TRACKING = re.compile(r"\s+")
WORD = re.compile(r"[^\W\d_]+")
TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class Settings:
    """How paragraphs are set: justified (TeX's spacing) or ragged right with a shallow rag."""
    justify: bool = True
    # far above TeX's 50: a hyphen only where it saves a loose line keeps them under 1 in 12
    hyphen_penalty: float = 3000
    explicit_penalty: float = 3000
    stretch: float = 0.5  # of the space, as TeX's fonts
    # WeasyPrint cannot shrink a space: a negative word-spacing makes the shrunk space the
    # natural one, and justification stretches it back; the last line gets its full space.
    # A fifth (TeX: a third) keeps the median space near the font's, so few lines stand out.
    shrink: float = 1 / 5
    rag: float = 1.5  # ems a ragged line may fall short with badness 100: a shallow rag
    min_fragment: int = 3
    looseness: dict[str, int] = field(default_factory=dict)  # data-b id -> -1, 0 or +1
    loose_tolerance: float = 800  # the worst badness a line may take for a looseness


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
    element: object
    text: str = ""
    runs: list[Run] = field(default_factory=list)
    atoms: dict[int, object] = field(default_factory=dict)  # text index -> note span
    wbr: list[int] = field(default_factory=list)
    width: float = 0.0
    indent: float = 0.0
    lang: str | None = None
    justified: bool = False
    call_style: object = None  # of the notes' calls, which show their data-number


def break_paragraphs(html: str, probe, settings: Settings = Settings()) -> str:
    """The HTML with every running-text paragraph's line breaks planned; probe(html) lays out."""
    return Planner(html, probe, settings).planned(settings.looseness)


class Planner:
    """One probe and one plan per paragraph, reused when only some paragraphs' looseness
    changes."""

    def __init__(self, html: str, probe, settings: Settings = Settings()):
        self.html, self.settings, self.plans = html, settings, {}
        root, paras = self._parse()
        if paras:
            styles_from_probe(root, paras, probe)
        self.measured = [_measured(para) for para in paras]

    def _parse(self):
        root = lxml.html.document_fromstring(self.html)
        return root, [p for p in (collect(e) for e in candidates(root)) if p is not None]

    def planned(self, looseness: dict[str, int] | None = None, tolerance: float = 800) -> str:
        """The HTML with the plans imposed, some paragraphs a line looser or tighter."""
        looseness = looseness or {}
        root, paras = self._parse()
        if not paras:
            return self.html
        for i, (para, measured) in enumerate(zip(paras, self.measured, strict=True)):
            _restore(para, measured)
            key = (i, looseness.get(para.element.get("data-b"), 0), tolerance)
            if key not in self.plans:
                settings = dataclasses.replace(self.settings, loose_tolerance=tolerance,
                                               looseness={para.element.get("data-b"): key[1]})
                self.plans[key] = plan_paragraph(para, settings)
            if self.plans[key] is not None:
                impose(para, self.plans[key], self.settings)
        return lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")


def _measured(para: Para) -> tuple:
    return (para.width, para.indent, para.lang, para.justified, para.call_style,
            [run.style for run in para.runs])


def _restore(para: Para, measured: tuple) -> None:
    para.width, para.indent, para.lang, para.justified, para.call_style, styles = measured
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
        elif child.tag == "wbr":
            para.wbr.append(len(para.text))
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
    probe_root = copy.deepcopy(root)
    for run, text in saved:
        setattr(run.element, run.attr, text)
    for para in paras:
        del para.element.attrib["data-lb"]
        for span in para.atoms.values():
            del span.attrib["data-lb-call"]
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
    per_byte = [0.0] * (len(encoded) + 1)
    run = line.runs
    while run != ffi.NULL:
        item, glyphs = run.data.item, run.data.glyphs
        for g in range(glyphs.num_glyphs):
            index = item.offset + glyphs.log_clusters[g]
            per_byte[index] += glyphs.glyphs[g].geometry.width / 1024
        run = run.next
    positions, x, byte = [], 0.0, 0
    for char in text:
        positions.append(x)
        size = len(char.encode())
        x += sum(per_byte[byte:byte + size])
        byte += size
    positions.append(x)
    return positions


def measure(para: Para) -> tuple[list[float], dict[int, float]]:
    """Cumulative x before each character of the paragraph, and the hyphen's width per run."""
    x = [0.0] * (len(para.text) + 1)
    hyphen = {}
    widths = {at: advances(span.get("data-number", "0"), para.call_style)[-1]
              for at, span in para.atoms.items()} if para.atoms else {}
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

@dataclass(frozen=True)
class Break:
    position: int  # a space's index, or the index a line starts at after a hyphen or dash
    kind: str  # "space", "hyphen" (a U+00AD goes here), "explicit" (after "-"), "dash", "wbr"


def break_candidates(para: Para, settings: Settings) -> list[Break]:
    """Where a line may end: spaces, dictionary hyphens, after compound hyphens and em dashes."""
    owner = run_owner(para)
    found = [Break(i, "space") for i, c in enumerate(para.text)
             if c == " " and _wraps(para, owner, i)]
    found += [Break(i, "wbr") for i in para.wbr]
    dictionary = _dictionary(para, settings)
    for token in TOKEN.finditer(para.text):
        found += _token_breaks(para, owner, token, dictionary, settings)
    unique = {b.position: b for b in sorted(found, key=lambda b: b.kind != "space")}
    # Pango has the last word: no break where Unicode forbids one, as in '” (' or '1980–83'
    attrs = get_log_attrs(para.text.replace(ATOM, "1"), para.lang)
    return [b for k, b in sorted(unique.items()) if 0 < k < len(para.text)
            and (b.kind in ("hyphen", "wbr") or attrs[k + (b.kind == "space")].is_line_break)]


def run_owner(para: Para) -> list[int]:
    """The index of the run each character belongs to (-1 for a note call)."""
    owner = [-1] * len(para.text)
    for n, run in enumerate(para.runs):
        owner[run.start:run.end] = [n] * (run.end - run.start)
    return owner


def _wraps(para: Para, owner: list[int], i: int) -> bool:
    n = owner[i]
    return n >= 0 and para.runs[n].wrap and para.runs[n].style is not None


def _dictionary(para: Para, settings: Settings):
    lang = para.lang and pyphen.language_fallback(para.lang.replace("-", "_"))
    if not lang:
        return None
    return pyphen.Pyphen(lang=lang, left=settings.min_fragment, right=settings.min_fragment)


def _token_breaks(para: Para, owner, token, dictionary, settings: Settings) -> list[Break]:
    """No breaks in numbers, URLs or capitalised words; fragments of at least min_fragment."""
    text, start = token.group(), token.start()
    if any(c.isdigit() for c in text) or "/" in text or "@" in text or text[0].isupper():
        return []
    found = []
    for word in WORD.finditer(text):
        at = start + word.start()
        if owner[at] != owner[at + len(word.group()) - 1] or not _wraps(para, owner, at):
            continue  # a word split between elements stays whole
        if dictionary and not word.group()[0].isupper():
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
    for b in breaks:
        items.append(Box(x[b.position] - x[previous]))
        if b.kind == "space":
            space = x[b.position + 1] - x[b.position]
            stretch = space * settings.stretch if settings.justify else 0.0
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


def plan_paragraph(para: Para, settings: Settings) -> list[Break] | None:
    """The chosen breaks, or None to leave the paragraph to WeasyPrint."""
    if not para.width or any(r.style is None for r in para.runs):
        return None
    if para.atoms and para.call_style is None:
        return None
    if settings.justify and not para.justified:
        return None
    x, hyphen = measure(para)
    breaks = break_candidates(para, settings)
    items, where = make_items(para, breaks, x, hyphen, settings)
    em = para.runs[0].style["font_size"]
    params = Params(looseness=settings.looseness.get(para.element.get("data-b"), 0),
                    loose_tolerance=settings.loose_tolerance,
                    line_stretch=0.0 if settings.justify else settings.rag * em,
                    merge_slack=2 * SAFETY)
    full = para.width - SAFETY
    chosen = break_points(items, lambda n: full - para.indent if n == 0 else full, params)
    return [where[i] for i in chosen[:-1]]


# ---- Imposing the plan on the HTML ----------------------------------------------------------

def impose(para: Para, plan: list[Break], settings: Settings) -> None:
    """Rewrite the runs so WeasyPrint's only break opportunities are the planned ones."""
    owner = run_owner(para)
    chars, ends = _planned_text(para, plan, owner)
    chars = _glue_other_breaks(para, chars, ends)
    texts, splits = [[] for _ in para.runs], [0] * len(para.runs)
    last_line = _line_start(plan[-1]) if plan else 0
    last = 0
    for char, n, i in chars:
        last = n if n >= 0 else last
        if char != ATOM:
            texts[last].append(char)
            splits[last] += i < last_line
    for run, text in zip(para.runs, texts, strict=True):
        setattr(run.element, run.attr, "".join(text))
    shrink = settings.shrink if settings.justify else 0
    if shrink:
        for run, split in reversed(list(zip(para.runs, splits, strict=True))):
            _natural_spaces(run, split)
    kept = {b.position for b in plan if b.kind == "wbr"}
    for at, wbr in zip(para.wbr, list(para.element.iter("wbr")), strict=False):
        if at not in kept:
            wbr.drop_tree()
    style = "hyphens: manual" + ("" if settings.justify else "; text-align: left")
    if shrink:
        style += f"; word-spacing: {-shrink * _space_em(para):.4f}em"
        for span in para.atoms.values():  # notes would inherit the paragraph's tighter spaces
            span.set("style", "word-spacing: 0")
    old = para.element.get("style")
    para.element.set("style", f"{old}; {style}" if old else style)
    para.element.set(PLANNED, str(len(plan) + 1))


def _line_start(b: Break) -> int:
    return b.position + 1 if b.kind == "space" else b.position


def _space_em(para: Para) -> float:
    style = para.runs[0].style
    return advances(" ", style)[-1] / style["font_size"]


def _natural_spaces(run: Run, split: int) -> None:
    """The last line's part of a run goes into a span that restores the full word space."""
    text = getattr(run.element, run.attr)
    if split >= len(text):
        return
    span = lxml.html.Element("span", {"style": "word-spacing: 0"})
    span.text = text[split:]
    setattr(run.element, run.attr, text[:split])
    if run.attr == "text":
        run.element.insert(0, span)
    else:
        parent = run.element.getparent()
        parent.insert(parent.index(run.element) + 1, span)


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
    attrs = get_log_attrs(text, para.lang)
    out = []
    for k, (char, n, i) in enumerate(chars):
        if k and k not in ends and attrs[k].is_line_break and text[k - 1] != WJ:
            out.append((WJ, n if n >= 0 else chars[k - 1][1], i))
        out.append((char, n, i))
    return out


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

def lay_out_planned(html: str, lay_out, score, settings: Settings = Settings(),
                    tries: int = 3):
    """The planned HTML and its layout; a note set off its call's page is brought back, when
    it can be, by setting a paragraph near the call one line longer or shorter (TeX's
    \\looseness), which is cheaper than the stylesheet variants tried after it."""
    planner = Planner(html, lay_out, settings)
    planned = planner.planned()
    best = lay_out(planned)
    best_score = score(best)
    seen = {planned}
    for looseness, tolerance in _looseness_variants(planned, best):
        if not any(best_score) or len(seen) > tries:
            break
        candidate = planner.planned(looseness, tolerance)
        if candidate in seen:
            continue  # no such paragraph within the tolerance: nothing to lay out
        seen.add(candidate)
        document = lay_out(candidate)
        if (new := score(document)) < best_score:
            planned, best, best_score = candidate, document, new
    return planned, best


def _looseness_variants(planned: str, document) -> list[tuple[dict[str, int], float]]:
    """For each note set a page late: a line more in its call's paragraph or one of the three
    before it pushes the call over with its note; a line less in the call's makes room. Even
    lines first; then looser ones, which still cost less than eight more layouts."""
    root = lxml.html.document_fromstring(planned)
    order = [p.get("data-b") for p in root.iter("p") if p.get(PLANNED)]
    variants = []
    for note in _moved_notes(document):
        paragraphs = root.xpath(f'//span[@id="{note}"]/ancestor::p[@{PLANNED}]')
        if paragraphs:
            at = order.index(paragraphs[0].get("data-b"))
            near = order[max(at - 3, 0):at + 1][::-1]
            variants += [({key: 1}, 800) for key in near] + [({order[at]: -1}, 800)]
            variants += [({key: 1}, 3000) for key in near]
    return variants


def _moved_notes(document) -> list[str]:
    call, body = {}, {}
    for n, page in enumerate(document.pages):
        for box in _walk(page._page_box):
            tag = getattr(box, "element_tag", "") or ""
            if tag.endswith("::footnote-call"):
                call.setdefault(box.element.get("id"), n)
            elif isinstance(box, boxes.FootnoteAreaBox):
                for note in box.children:
                    body.setdefault(note.element.get("id"), n)
    return [k for k in call if k in body and body[k] != call[k]]
