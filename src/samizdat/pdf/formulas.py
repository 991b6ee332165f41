"""Formulas drawn for print: WeasyPrint has no MathML, so each distinct formula (pandoc's
MathML) is drawn once by ziamath as SVG in STIX Two Math, kept in the book's build/.formulas/
for the next build, and set as an image: inline ones on the text's baseline, display ones
centred, a labelled one with its number at the right. The SVG defines each glyph once and
places it (<symbol>, <use>), marked as a formula's with its TeX as <desc>: the PDF writes
each glyph once and the TeX as copyable text (engine/formula_forms.py)."""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import re
import tempfile
from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from ..core.diagnostics import Report

FONT = "STIXTwoMath-Regular"  # ziamath's own math font (ziamath/fonts/)
SIZE = 20.0                   # px per em the drawings are made at; the page scales them
CACHE_DIR = Path("build") / ".formulas"
DRAWING = 3  # how the SVG is made here; part of the cache key
MARK = "samizdat-formula"  # the class engine/formula_forms.py knows a formula's drawing by
VIEWBOX = re.compile(r'viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"')


@dataclass(frozen=True)
class Drawing:
    """One formula as drawn: the SVG, and its box in ems of the surrounding text."""

    svg: str
    width: float
    height: float
    depth: float         # below the baseline


class Formulas:
    """The drawings of one book's formulas: from memory, from build/.formulas/, or drawn."""

    def __init__(self, root: str | Path):
        self.cache = Path(root) / CACHE_DIR
        self.drawn: dict[str, Drawing] = {}
        self.failed: dict[str, str] = {}     # MathML -> why ziamath could not draw it
        self.rendered = 0                    # drawn by ziamath in this build

    def drawing(self, mathml: str) -> Drawing | None:
        """The formula's drawing; None where ziamath could not draw it (see failed)."""
        if mathml in self.drawn or mathml in self.failed:
            return self.drawn.get(mathml)
        path = self.cache / f"{cache_key(mathml)}.svg"
        svg = path.read_text("utf-8") if path.is_file() else None
        if svg is None:
            svg, why = draw_svg(mathml)
            if svg is None:
                self.failed[mathml] = why
                return None
            self.rendered += 1
            keep(path, svg)
        self.drawn[mathml] = measure(svg)
        return self.drawn[mathml]


def cache_key(mathml: str) -> str:
    """What a drawing depends on: the MathML, the font, the size and ziamath's version."""
    return hashlib.sha256(f"{_ziamath_version()}|{DRAWING}|{FONT}|{SIZE}|{mathml}".encode()
                          ).hexdigest()[:32]


@lru_cache(maxsize=1)
def _ziamath_version() -> str:
    """From the package's metadata: importing ziamath loads its font, which a build whose
    drawings are all kept need not do."""
    from importlib.metadata import version

    return version("ziamath")


def draw_svg(mathml: str) -> tuple[str | None, str]:
    """ziamath's SVG of the MathML (each glyph a symbol placed, no margin), or None and why
    not: an element it does not know is reported, never drawn as a blank."""
    import ziamath

    ziamath.config.svg2 = True  # each glyph a <symbol> placed by <use>: drawn once in the PDF
    warnings = _Collect()
    root = logging.getLogger()
    root.addHandler(warnings)
    try:
        svg = ziamath.Math(mathml, size=SIZE, margin=0).svg()
    except Exception as error:  # ziamath's own errors have no common type
        return None, f"{type(error).__name__}: {error}"
    finally:
        root.removeHandler(warnings)
    if warnings.messages:
        return None, warnings.messages[0]
    return marked(svg), ""


def marked(svg: str) -> str:
    """The drawing's <svg> marked as a formula's, with the size of its em (in its units)."""
    return svg.replace("<svg ", f'<svg class="{MARK}" font-size="{SIZE:g}" ', 1)


def with_tex(svg: str, tex: str) -> str:
    """The drawing with its TeX as the first thing in it: what copying it gives."""
    end = svg.index(">") + 1
    return f"{svg[:end]}<desc>{escape(tex)}</desc>{svg[end:]}" if tex else svg


class _Collect(logging.Handler):
    """ziamath says what it cannot draw through the root logger, then draws nothing there."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record) -> None:
        if "ziamath" in record.pathname or "ziafont" in record.pathname:
            self.messages.append(record.getMessage())


def keep(path: Path, svg: str) -> None:
    """The drawing into build/.formulas/, whole or not at all; a cache that cannot be
    written (a read-only folder) only costs the next build the drawing."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent,
                                         delete=False, suffix=".tmp") as out:
            out.write(svg)
        os.replace(out.name, path)
    except OSError:
        pass


def measure(svg: str) -> Drawing:
    """The drawing's box from its viewBox, whose y = 0 is the formula's baseline."""
    x, y, width, height = (float(v) for v in VIEWBOX.search(svg).groups())
    return Drawing(svg, width / SIZE, height / SIZE, (y + height) / SIZE)


def mathml_of(math) -> str:
    """A <math> element of the print HTML as the MathML ziamath reads."""
    copy = deepcopy(math)
    copy.tail = None
    for name in ("alttext", "xmlns"):  # what ziamath does not read, so no key differs by it
        copy.attrib.pop(name, None)
    return etree.tostring(copy, method="xml", encoding="unicode")


def draw_book_formulas(book, formulas: Formulas, report: Report) -> None:
    """Every formula of the book drawn before layout; one ziamath cannot draw is an error
    at the line it was written at."""
    import lxml.html

    sources = [c.html for c in book.chapters] + [n.html for n in book.notes]
    where = {f.tex: f.location for f in book.formulas}
    for html in sources:
        if "<math" not in (html or ""):
            continue
        for math in lxml.html.fragment_fromstring(html, create_parent="div").iter("math"):
            mathml = mathml_of(math)
            if formulas.drawing(mathml) is None:
                tex = math.get("alttext", "")
                report.error("SZ226", f"formula '{tex}' cannot be drawn for the PDF: "
                             f"{formulas.failed[mathml]}", where.get(tex))


def place_formulas(section, formulas: Formulas) -> None:
    """Each <math> replaced by its drawing: an image whose alt is the TeX (tagged /Formula
    by engine/tags.py), inline on the baseline, display on a line of its own."""
    for math in list(section.iter("math")):
        drawing = formulas.drawing(mathml_of(math))
        if drawing is None:  # reported by draw_book_formulas
            continue
        display = math.get("display") == "block"
        svg = with_tex(drawing.svg, math.get("alttext", ""))
        data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
        img = math.makeelement("img", {
            "class": "formula formula-display" if display else "formula",
            "alt": math.get("alttext", ""),
            "src": f"data:image/svg+xml;base64,{data}",
            "style": f"width: {drawing.width:.3f}em; height: {drawing.height:.3f}em; "
                     f"vertical-align: {-drawing.depth:.3f}em",
        })
        img.tail = math.tail
        math.getparent().replace(math, img)
