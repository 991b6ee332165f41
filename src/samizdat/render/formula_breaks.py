"""An inline formula and the punctuation after it kept on one line in the EPUB and the web
page: a browser may break between an inline <math> and the colon or stop that follows it
(": a runner..." at the start of a line), which no compositor would."""

from __future__ import annotations

import re

from lxml import etree

PUNCTUATION = re.compile(r"^[.,;:!?)\]\u2019\u201d\u00bb\u2026]+")
MATH = ("math", "{http://www.w3.org/1998/Math/MathML}math")


def keep_punctuation_with_formulas(section) -> None:
    """Each inline formula followed by punctuation wrapped, with it, in a span.formula-run."""
    for math in [m for m in section.iter(*MATH) if m.get("display") != "block"]:
        found = PUNCTUATION.match(math.tail or "")
        if found is None or math.getparent() is None:
            continue
        parent, rest = math.getparent(), math.tail[found.end():]
        run = etree.Element("span", {"class": "formula-run"})
        parent.insert(parent.index(math), run)
        run.append(math)  # the formula moves into the run, its tail with it
        math.tail = found.group(0)
        run.tail = rest


def box_display_formulas(section) -> None:
    """Each display formula in a span.formula that scrolls a formula too wide for a phone
    sideways: focusable, so a keyboard reader can scroll it too, and named by its TeX. The
    box, not the <math>, takes the tabindex, which MathML does not allow."""
    for math in [m for m in section.iter(*MATH) if m.get("display") == "block"]:
        parent = math.getparent()
        if parent is None or parent.get("class") == "formula":
            continue
        box = etree.Element("span", {"class": "formula", "tabindex": "0", "role": "group",
                                     "aria-label": math.get("alttext") or "formula"})
        parent.insert(parent.index(math), box)
        box.append(math)  # the formula moves into the box, its tail with it
        box.tail, math.tail = math.tail, None
