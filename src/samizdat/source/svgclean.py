"""SVG images through an allow-list: a drawing keeps its shapes, text, gradients and
filters, and loses what could run or fetch (scripts, foreignObject, event handlers,
animations of a link, references outside the file).

The EPUB packs the cleaned file and the web page embeds it as an image; the manuscript check
says, at the figure's line, what was removed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "textPath", "title", "desc", "metadata",
    "linearGradient", "radialGradient", "stop", "clipPath", "mask", "pattern", "marker",
    "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite",
    "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap", "feDistantLight",
    "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur",
    "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight",
    "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence", "image", "switch", "style",
    "animate", "animateTransform", "animateMotion", "set", "mpath",
})
ANIMATIONS = frozenset({"animate", "set", "animateTransform", "animateMotion"})
LINK_ATTRIBUTES = ("href", f"{{{XLINK}}}href")
OUTSIDE = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)|@import|javascript:|expression\s*\(", re.I)
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                         huge_tree=False, remove_comments=True, remove_pis=True)


def local(name: str) -> str:
    """An element's or attribute's name without its namespace (or prefix: xlink:href)."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


@lru_cache(maxsize=64)
def clean_svg(data: bytes) -> tuple[bytes, tuple[str, ...]]:
    """The SVG with only what the allow-list keeps, and what was removed, described."""
    try:
        root = etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError as error:
        return b"", (f"the file is not well-formed XML ({error.msg})",)
    removed: list[str] = []
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or not _attached(element, root):
            continue
        if element.getparent() is None and local(element.tag) != "svg":
            return b"", ("the file is not an SVG drawing",)
        if element.tag == f"{{{SVG}}}a":  # a link: its drawing stays, the link goes
            removed.append("a link (<a>)")
            _unwrap(element)
            continue
        reason = element_problem(element)
        if reason:
            removed.append(reason)
            element.getparent().remove(element)
            continue
        removed += clean_attributes(element)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8"), tuple(removed)


def _attached(element, root) -> bool:
    """Whether an element is still in the drawing (not inside one removed before it)."""
    top = element
    while top.getparent() is not None:
        top = top.getparent()
    return top is root


def _unwrap(element) -> None:
    """Put an element's children in its place."""
    parent, index = element.getparent(), element.getparent().index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    parent.remove(element)


def element_problem(element) -> str | None:
    """Why an element goes, or None."""
    name = local(element.tag)
    if element.getparent() is None:
        return None
    if name not in ELEMENTS or not element.tag.startswith(f"{{{SVG}}}"):
        return f"<{name}>"
    if name in ANIMATIONS and local(element.get("attributeName", "")) == "href":
        return f"<{name}> of a link"
    if name == "style" and OUTSIDE.search(element.text or ""):
        return "a <style> that fetches from outside"
    if name == "image" and not _inside(element):
        return "an <image> from outside the file"
    return None


def _inside(element) -> bool:
    """Whether an element's link stays inside the file (#id) or is a data: image."""
    target = next((element.get(a) for a in LINK_ATTRIBUTES if element.get(a)), "")
    return target.strip().startswith(("#", "data:image/png", "data:image/jpeg",
                                      "data:image/gif", "data:image/webp"))


def clean_attributes(element) -> list[str]:
    """Event handlers, links out and outside references taken off one element."""
    removed = []
    for name, value in list(element.attrib.items()):
        short = local(name).lower()
        if short.startswith("on"):
            removed.append(f"the event handler {local(name)}=")
        elif name in LINK_ATTRIBUTES and not _inside(element):
            removed.append(f"a link to '{value[:40]}'")
        elif OUTSIDE.search(value) or (short == "values" and "javascript" in value.lower()):
            removed.append(f"{local(name)}='{value[:40]}'")
        else:
            continue
        del element.attrib[name]
    return removed
