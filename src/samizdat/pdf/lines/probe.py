"""Styles and widths from a probe layout: the print HTML laid out once with each paragraph's
text replaced by numbered markers, and each run's style read from the box that holds its
marker."""

from __future__ import annotations

import copy

import lxml.html
from weasyprint.formatting_structure import boxes

from ..boxes import walk
from ..engine import page_box
from .paragraphs import Para


def styles_from_probe(root, paras: list[Para], probe) -> None:
    """Lay out a copy whose paragraphs hold numbered markers; read each run's style and width."""
    runs = _mark_probe_copy(root, paras)
    document = probe(lxml.html.tostring(runs.pop("root"), encoding="unicode"))
    for page in document.pages:
        for box in walk(page_box(page)):
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
