"""One change to WeasyPrint's drawing of SVG images: a formula's drawing (pdf/formulas.py
marks it) written once per document as a form XObject, each distinct glyph outline in it a
form XObject of its own, and copyable text inside it.

WeasyPrint 70 draws an SVG image into the page's content stream element by element
(svg.SVG.draw): every placement of every glyph outline again, as numbers pydyf formats one by
one, then compressed with the page. A formula here is one `Do` on the page; the formula's
form places its glyphs (`q a b c d e f cm /zgN Do Q`), each outline written once for the whole
document, and the fraction bars. The forms go in as WeasyPrint's own images do (a `None`
resource filled in by pdf._use_references from the document's images), so a drawing used on
many pages, or inside a group, is one object.

Copying: after the form, the formula's TeX (its <desc>) is invisible text (render mode 3)
across the formula's box on its baseline, in an embedded font whose printable ASCII codes
are all one blank glyph (with a ToUnicode), inside a /Span whose /ActualText is the TeX as
written: poppler, pdfium and MuPDF give the TeX where a reader copies the formula. The font
is added to the document's fonts (pdf.build_fonts_dictionary) where a formula used it.

A drawing with anything else in it (another element, a colour, a path of other commands) is
drawn by WeasyPrint, as is every SVG that is not a formula's. CHANGE declares it with the
fingerprint of the functions it stands in for and reads.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from functools import lru_cache

import pydyf
import weasyprint.images
import weasyprint.pdf
from weasyprint.pdf import _use_references, fonts

from .change import Change, swap

MARK = "samizdat-formula"       # the class of a formula drawing's <svg>
FONT = "SZFormulaText"          # the copy text's font, in the document's fonts
CHARS = range(32, 127)          # the codes the font has: printable ASCII, mapped to itself
WIDTH = 500                     # each code's width, in the font's thousandths of an em
BLACK = {"black", "#000", "#000000"}
# the copy font's TrueType program: .notdef and one blank glyph that every code of CHARS maps
# to, WIDTH wide (tests/math/test_kinematics.py makes it with fontTools and compares): kept
# made, as building it costs a build a seventh of a second
COPY_FONT = base64.b64decode(
    "AAEAAAAKAIAAAwAgT1MvMkUARA4AAAEoAAAAYGNtYXAAXwG+AAABkAAAAPJnbHlmAAAAAAAAAowAAAABaGVhZF8W"
    "QOAAAACsAAAANmhoZWEDIgEuAAAA5AAAACRobXR4AfQAAAAAAYgAAAAGbG9jYQAAAAAAAAKEAAAABm1heHAAAwAC"
    "AAABCAAAACBuYW1l7MAdKAAAApAAAABycG9zdG1nc80AAAMEAAAALAABAAAAAQAAnixnll8PPPUAAwPoAAAAAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAwACAAAAAAAAAAEAAAMg/zgAAAH0AAAAAAAAAAEAAAAAAAAAAAAAAAAAAAAB"
    "AAEAAAACAAAAAAAAAAAAAgAAAAAAAAAAAAAAAAAAAAAAAwH0AZAABQAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAPz8/PwAAACAAfgMg/zgAAAMgAMgAAAAAAAAAAAAAAAAAAAAgAAAB9AAA"
    "AAAAAAAAAAIAAAADAAAAFAADAAEAAAAUAAQA3gAAAAQABAABAAAAfv//AAAAIP//AAAAAQAEAAAAAQABAAEAAQAB"
    "AAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQAB"
    "AAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQAB"
    "AAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAEAAQABAAAAAAAAAAAAAAAAAAAAAAAE"
    "ADYAAQAAAAAAAQANAAAAAQAAAAAAAgAHAA0AAwABBAkAAQAaABQAAwABBAkAAgAOAC5TWkZvcm11bGFUZXh0UmVn"
    "dWxhcgBTAFoARgBvAHIAbQB1AGwAYQBUAGUAeAB0AFIAZQBnAHUAbABhAHIAAAACAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAAAAAIAAAECBWJsYW5r")

PLAIN = re.compile(r"[MLQZ0-9.,\s-]*")
COMMAND = re.compile(r"([MLQZ])([^MLQZ]*)")
ARITY = {"M": 2, "L": 2, "Q": 4, "Z": 0}


@dataclass(frozen=True)
class Formula:
    """A formula's drawing as read from its SVG, in the SVG's units (y down, 0 the
    baseline): glyphs placed (outline, a, e, f for `a 0 0 a e f cm`), bars (x, y, w, h)."""

    viewbox: tuple[float, float, float, float]
    glyphs: tuple[tuple[str, float, float, float], ...]
    bars: tuple[tuple[float, float, float, float], ...]
    text: str
    em: float


@dataclass
class _Document:
    """What one PDF has of formulas: its images (WeasyPrint's), the names given."""

    images: dict
    glyphs: dict[str, str] = field(default_factory=dict)    # outline -> resource name
    formulas: dict[int, tuple] = field(default_factory=dict)  # id(image) -> (name, image)
    fonts: dict | None = None  # held, so that its id() stays this document's
    has_text: bool = False  # copy text was set, so the copy font is wanted


_documents: dict[int, _Document] = {}   # by id() of the document's fonts (kept alive here)


def read_formula(root) -> Formula | None:
    """The formula an <svg> element (ElementTree) draws, or None where it is not a formula's
    drawing of only glyphs and bars in black."""
    if MARK not in (root.get("class") or "").split():
        return None
    viewbox = _numbers(root.get("viewBox"), 4)
    if viewbox is None or viewbox[2] <= 0 or viewbox[3] <= 0:
        return None
    symbols, glyphs, bars, text = {}, [], [], ""
    for child in root:
        tag = child.tag.rpartition("}")[2]
        if tag == "desc":
            text = child.text or ""
        elif tag == "symbol":
            d, box = _outlines(child), _numbers(child.get("viewBox"), 4)
            if d is None or box is None:
                return None
            symbols[child.get("id")] = (d, box)
        elif tag == "use" and child.get("fill", "black") in BLACK:
            placed = _placed(child, symbols)
            if placed is None:
                return None
            if placed[0]:
                glyphs.append(placed)
        elif tag == "rect" and child.get("fill", "black") in BLACK:
            bar = tuple(_number(child.get(n)) for n in ("x", "y", "width", "height"))
            if None in bar:
                return None
            bars.append(bar)
        else:
            return None
    em = _number(root.get("font-size")) or viewbox[3]
    return Formula(viewbox, tuple(glyphs), tuple(bars), text, em)


def _outlines(symbol) -> str | None:
    """A glyph's outlines, one a line: its path, or the paths of its one plain <g> (a glyph
    ziamath assembles of parts); None for anything else."""
    children = list(symbol)
    if len(children) == 1 and children[0].tag.rpartition("}")[2] == "g" \
            and not children[0].attrib:
        children = list(children[0])
    outlines = []
    for path in children:
        d = path.get("d", "")
        if path.tag.rpartition("}")[2] != "path" or set(path.attrib) - {"d"} \
                or "\n" in d or outline(d) is None:
            return None
        outlines.append(d)
    return "\n".join(outlines)


def _placed(use, symbols) -> tuple[str, float, float, float] | None:
    """A <use> of a symbol as (outline, scale, dx, dy): the symbol's viewBox fitted into the
    use's box as SVG does by default (xMidYMid meet)."""
    href = use.get("href") or use.get("{http://www.w3.org/1999/xlink}href") or ""
    if not href.startswith("#") or href[1:] not in symbols:
        return None
    d, (vx, vy, vw, vh) = symbols[href[1:]]
    x, y, w, h = (_number(use.get(n, "0")) for n in ("x", "y", "width", "height"))
    if None in (x, y, w, h):
        return None
    if not d or vw <= 0 or vh <= 0:
        return ("", 0.0, 0.0, 0.0)
    scale = min(w / vw, h / vh)
    return (d, scale, x + (w - vw * scale) / 2 - vx * scale, y + (h - vh * scale) / 2 - vy * scale)


def _number(text) -> float | None:
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _numbers(text, count: int) -> tuple[float, ...] | None:
    values = [_number(v) for v in (text or "").replace(",", " ").split()]
    return tuple(values) if len(values) == count and None not in values else None


def _commands(d: str) -> list[tuple[str, list[float]]] | None:
    """The path's commands with their numbers, or None where it is not of ziamath's plain
    kind (absolute M, L, Q, Z and plain numbers)."""
    if not PLAIN.fullmatch(d):
        return None
    commands = []
    try:
        for letter, numbers in COMMAND.findall(d):
            values = [float(n) for n in numbers.replace(",", " ").split()]
            arity = ARITY[letter]
            if (arity == 0 and values) or (arity and (not values or len(values) % arity)):
                return None
            if arity == 0:
                commands.append((letter, values))
            for i in range(0, len(values), arity or 1):
                commands.append((letter if i == 0 or letter != "M" else "L",
                                 values[i:i + arity]))
    except ValueError:
        return None
    return commands


def _num(value: float) -> str:
    """A number as PDF writes it, to a thousandth of the drawing's unit."""
    value = round(value, 3)
    return str(int(value)) if value.is_integer() else f"{value:f}".rstrip("0")


@lru_cache(maxsize=4096)  # a glyph recurs in formula after formula, build after build
def outline(outlines: str) -> tuple[bytes, tuple[float, float, float, float]] | None:
    """A glyph's paths (one a line) as PDF operators, each filled as SVG fills it (quadratic
    curves as the same cubics), and the box of their points; None where a path is not of
    ziamath's plain kind."""
    ops, xs, ys = [], [], []
    for d in outlines.split("\n"):
        commands = _commands(d)
        if commands is None:
            return None
        _path(commands, ops, xs, ys)
    return "\n".join(ops).encode(), (min(xs, default=0), min(ys, default=0),
                                     max(xs, default=0), max(ys, default=0))


def _path(commands, ops: list[str], xs: list[float], ys: list[float]) -> None:
    x = y = 0.0
    start, drawn = (0.0, 0.0), False
    for letter, v in commands:
        if letter in "ML":
            x, y = v
            ops.append(f"{_num(x)} {_num(y)} {letter.lower()}")
            if letter == "M":
                start, drawn = (x, y), False
            else:
                drawn = True
        elif letter == "Q":
            x2, y2, x3, y3 = v
            ops.append(" ".join(map(_num, (
                x2 * 2 / 3 + x / 3, y2 * 2 / 3 + y / 3,
                x2 * 2 / 3 + x3 / 3, y2 * 2 / 3 + y3 / 3, x3, y3))) + " c")
            xs.append(x2)
            ys.append(y2)
            x, y, drawn = x3, y3, True
        elif drawn:  # Z after something drawn, as WeasyPrint closes a path
            ops.append("h")
            x, y = start
            drawn = False
        xs.append(x)
        ys.append(y)
    ops.append("f")


class _Ready:
    """A form made here, handed to pdf._use_references as WeasyPrint's images are."""

    def __init__(self, form: pydyf.Stream):
        self.form = form

    def get_x_object(self, interpolate, dpi_ratio):
        return self.form


def _register(document: _Document, name: str, form: pydyf.Stream) -> None:
    """The form among the document's images: pdf._use_references writes it once and gives
    every resource of its name the one reference."""
    if name not in document.images:
        document.images[name] = {"image": _Ready(form), "interpolate": False,
                                 "dpi_ratios": {1}, "x_object": None}


def _document(stream) -> _Document:
    kept = _documents.get(id(stream._fonts))
    if kept is None or kept.images is not stream._images:
        kept = _documents[id(stream._fonts)] = _Document(stream._images, fonts=stream._fonts)
    return kept


def _glyph(document: _Document, stream, d: str) -> str:
    """The name of the glyph's form, made on its first use in the document."""
    name = document.glyphs.get(d)
    if name is None:
        name = document.glyphs[d] = f"zg{len(document.glyphs)}"
        ops, (x0, y0, x1, y1) = outline(d)
        form = pydyf.Stream([ops], pydyf.Dictionary({
            "Type": "/XObject", "Subtype": "/Form",
            "BBox": pydyf.Array((x0, y0, x1, y1))}), compress=stream.compress)
        _register(document, name, form)
    return name


def _formula_form(document: _Document, stream, formula: Formula) -> pydyf.Stream:
    """The formula's form: its glyphs placed, its bars, its copy text."""
    vx, vy, vw, vh = formula.viewbox
    boxes = [(vx, vy, vx + vw, vy + vh)]
    names = pydyf.Dictionary()
    ops = ["0 0 0 rg"]
    for d, scale, dx, dy in formula.glyphs:
        name = _glyph(document, stream, d)
        names[name] = None
        ops.append(f"q {_num(scale)} 0 0 {_num(scale)} {_num(dx)} {_num(dy)} cm /{name} Do Q")
        x0, y0, x1, y1 = document.images[name]["image"].form.extra["BBox"]
        boxes.append((dx + x0 * scale, dy + y0 * scale, dx + x1 * scale, dy + y1 * scale))
    for x, y, w, h in formula.bars:
        ops.append(f"{_num(x)} {_num(y)} {_num(w)} {_num(h)} re f")
    resources = pydyf.Dictionary({"XObject": names})
    box = (min(b[0] for b in boxes), min(b[1] for b in boxes),
           max(b[2] for b in boxes), max(b[3] for b in boxes))
    return pydyf.Stream(["\n".join(ops).encode("latin-1")], pydyf.Dictionary({
        "Type": "/XObject", "Subtype": "/Form", "BBox": pydyf.Array(box),
        "Resources": resources}), compress=stream.compress)


def copy_text(formula: Formula) -> bytes:
    """The formula's TeX as invisible text across its box on its baseline (each code of
    the copy font as wide), in a /Span whose /ActualText is the TeX as written."""
    text = " ".join(formula.text.split())
    if not text:
        return b""
    vx, _, vw, _ = formula.viewbox
    shown = "".join(c if ord(c) in CHARS else "?" for c in text)
    actual = pydyf.Dictionary({"ActualText": pydyf.String(text)}).data
    return b" ".join((
        b"/Span", actual, b"BDC BT", f"/{FONT} {_num(formula.em)} Tf 3 Tr".encode(),
        f"{_num(vw * 1000 * 100 / WIDTH / len(shown) / formula.em)} Tz 1 0 0 -1 {_num(vx)} 0 Tm"
        .encode(), pydyf.String(shown).data, b"Tj ET EMC"))


def _drawing_once(draw):
    def wrapper(self, stream, concrete_width, concrete_height, style):
        formula = getattr(self, "_samizdat_formula", False)
        if formula is False:
            formula = self._samizdat_formula = read_formula(self._svg.tree._etree_node)
        if formula is None or not concrete_width or not concrete_height:
            return draw(self, stream, concrete_width, concrete_height, style)
        document = _document(stream)
        kept = document.formulas.get(id(self))
        if kept is None:
            kept = document.formulas[id(self)] = (
                f"zf{len(document.formulas)}", self,
                _formula_form(document, stream, formula), copy_text(formula))
        name, _, form, text = kept
        _register(document, name, form)
        stream._resources["XObject"][name] = None  # filled in from the images, as theirs
        vx, vy, vw, vh = formula.viewbox
        scale = min(concrete_width / vw, concrete_height / vh)
        stream.transform(a=scale, d=scale,
                         e=(concrete_width - vw * scale) / 2 - vx * scale,
                         f=(concrete_height - vh * scale) / 2 - vy * scale)
        stream.draw_x_object(name)
        if text:  # in the page's stream, where a reader looks for a line's text
            document.has_text = True
            stream.stream.append(text)
    return wrapper


def _with_copy_font(build_fonts_dictionary):
    def wrapper(pdf, document_fonts, compress, subset, options):
        pdf_fonts = build_fonts_dictionary(pdf, document_fonts, compress, subset, options)
        document = _documents.pop(id(document_fonts), None)
        if document is not None and document.has_text:
            pdf_fonts[FONT] = copy_font(pdf, compress)
        return pdf_fonts
    return wrapper


def copy_font(pdf, compress: bool):
    """A TrueType font of one blank glyph for every printable ASCII code (what invisible
    copy text is set in), embedded, with its ToUnicode: each code its own character."""
    def added(item):
        pdf.add_object(item)
        return item.reference

    first, last = CHARS[0], CHARS[-1]
    program = COPY_FONT
    cmap = ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            f"/CMapName /{FONT}-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
            f"1 beginbfrange\n<{first:02X}> <{last:02X}> <{first:04X}>\nendbfrange\n"
            "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
    descriptor = added(pydyf.Dictionary({
        "Type": "/FontDescriptor", "FontName": f"/{FONT}", "Flags": 32,
        "FontBBox": pydyf.Array((0, -200, WIDTH, 800)), "ItalicAngle": 0, "Ascent": 800,
        "Descent": -200, "CapHeight": 700, "StemV": 0,
        "FontFile2": added(pydyf.Stream([program], pydyf.Dictionary(
            {"Length1": len(program)}), compress=compress))}))
    return added(pydyf.Dictionary({
        "Type": "/Font", "Subtype": "/TrueType", "BaseFont": f"/{FONT}",
        "FirstChar": first, "LastChar": last, "Widths": pydyf.Array([WIDTH] * len(CHARS)),
        "Encoding": "/WinAnsiEncoding", "FontDescriptor": descriptor,
        "ToUnicode": added(pydyf.Stream([cmap.encode()], compress=compress))}))


def _apply():
    undo_image = swap(weasyprint.images.SVGImage, {
        "draw": _drawing_once(weasyprint.images.SVGImage.draw)})
    undo_fonts = swap(weasyprint.pdf, {
        "build_fonts_dictionary": _with_copy_font(weasyprint.pdf.build_fonts_dictionary)})

    def undo() -> None:
        undo_fonts(), undo_image()
        _documents.clear()
    return undo


CHANGE = Change(
    "formula-forms", "SVG image drawing (images.SVGImage.draw) and the fonts dictionary "
    "(pdf.build_fonts_dictionary)",
    "every glyph of every formula is written into the page as numbers, a second for 100 "
    "formulas, and a formula copies as nothing",
    "speed and copyable formulas: WeasyPrint draws each formula's glyphs on the page",
    "e4307ccd826e410b",
    lambda: [weasyprint.images.SVGImage.__init__, weasyprint.images.SVGImage.draw,
             fonts.build_fonts_dictionary, _use_references],
    _apply)
