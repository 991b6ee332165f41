"""The print HTML's running-text paragraphs as the planner sees them: their text nodes (runs),
note calls and inline images, in one string each."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..boxes import SPACED  # noqa: F401  (set on a paragraph here, reported there)

SHY, WJ, ATOM = "\u00ad", "\u2060", "\ufffc"
# a planned paragraph's line count, on its element: what the planner promised WeasyPrint (the
# tests check the laid-out lines against it) and how the note mover finds planned paragraphs
PLANNED = "data-lines"
SKIP_ANCESTORS = {"table", "figure", "header", "nav", "li", "dl", "aside", "footer"}
INLINE = {"em", "i", "strong", "b", "a", "span", "cite", "code", "sup", "sub", "small", "abbr",
          "q", "mark", "s", "u", "dfn", "kbd", "samp", "var", "bdi", "time", "wbr"}
TRACKING = re.compile(r"\s+")
# a word the font sets with a ligature (ff, fi, fl, ffi, ffl): Pango drops ligatures in
# letter-spaced text, so such a word keeps its letters unspaced in a letter-spaced line
LIGATURE = re.compile(r"[^\W\d_]*f[fil][^\W\d_]*")


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


def run_owner(para: Para) -> list[int]:
    """The index of the run each character belongs to (-1 for a note call or an image)."""
    if "owner" not in para.prepared:
        owner = [-1] * len(para.text)
        for n, run in enumerate(para.runs):
            owner[run.start:run.end] = [n] * (run.end - run.start)
        para.prepared["owner"] = owner
    return para.prepared["owner"]
