"""Pandoc's HTML made ready for both outputs: citations inside notes, inline
images and small caps. Run by assemble, so the PDF and the EPUB get the same text."""

from __future__ import annotations

import re

from ..core.diagnostics import Report
from ..core.model import image_path

SENTENCE_END = re.compile(r"[.?!][\"'”’)\]]*$")
CLOSING = tuple(".,;:?!)")


def set_note_citations(note) -> None:
    """Citeproc sets a citation inside a footnote in parentheses, glued to the sentence before
    it: "time.(Jaromír Navrátil, ed., ..., 178)". A notes style sets it as a sentence of the
    note: "time. Jaromír Navrátil, ed., ..., 178." and "Protocol. Ibid., 130." A citation in
    the middle of a sentence keeps its parentheses."""
    for citation in note.xpath('.//span[@class="citation"]'):
        before = _text_before(note, citation)
        if before.strip() and not SENTENCE_END.search(before.rstrip()):
            continue
        slots = _text_slots(citation)
        if not slots:
            continue
        first, last = slots[0], slots[-1]
        _set(first, _get(first).lstrip().removeprefix("("))
        _set(last, _get(last).rstrip().removesuffix(")"))
        text = _get(first)
        if text[:1].islower():
            _set(first, text[0].upper() + text[1:])
        if not _get(last).endswith(".") and not (citation.tail or "").lstrip().startswith(CLOSING):
            _set(last, _get(last) + ".")
        if before and not before[-1].isspace():
            append_before(citation, " ")


def _text_before(note, target) -> str:
    """The note's text up to target, as the reader sees it."""
    parts = []
    for node, slot in _walk(note):
        if node is target and slot == "text":
            break
        parts.append(getattr(node, slot) or "")
    return "".join(parts)


def _walk(element):
    yield element, "text"
    for child in element:
        yield from _walk(child)
        yield child, "tail"


def _text_slots(element) -> list[tuple]:
    """The element's own text slots with text in them, in reading order (not its tail)."""
    slots = [(node, slot) for node, slot in _walk(element) if getattr(node, slot)]
    return slots


def _get(slot) -> str:
    return getattr(slot[0], slot[1]) or ""


def _set(slot, value: str) -> None:
    setattr(slot[0], slot[1], value)


def append_before(element, text: str) -> None:
    """Add text right before an element: to its previous sibling's tail, or its parent's text."""
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent = element.getparent()
        parent.text = (parent.text or "") + text


def mark_inline_images(root, report: Report, locations: dict) -> None:
    """An image inside a sentence is set at the height of the text in both outputs; a size
    the author gave it cannot be honoured in a line, and is reported."""
    for img in root.iter("img"):
        if next(img.iterancestors("figure"), None) is not None:
            continue
        img.set("class", (img.get("class", "") + " inline-image").strip())
        if img.get("style") or img.get("width") or img.get("height"):
            for name in ("style", "width", "height"):
                img.attrib.pop(name, None)
            report.warning("SZ223", f"the inline image {img.get('src')} is set at the height of "
                           "the text, not at the size given: put it on a line of its own to "
                           "make it a figure", locations.get(img.get("src")))


def mark_smallcaps(root) -> None:
    """[KSČ]{.smallcaps}: capitals typed as capitals are set as small capitals too
    (all-small-caps), as acronyms are; mixed case keeps its capitals."""
    for span in root.xpath('.//span[contains(concat(" ", @class, " "), " smallcaps ")]'):
        text = "".join(span.itertext())
        if any(c.isalpha() for c in text) and not any(c.islower() for c in text):
            span.set("class", span.get("class") + " all-caps")


def decode_image_paths(*trees) -> None:
    """Pandoc percent-encodes a path's non-ASCII letters (fotka-Václav.png becomes
    fotka-V%C3%A1clav.png): each image's src is made the file's name again, once, so every
    edition finds the file the author named."""
    for tree in trees:
        for img in tree.iter("img"):
            if "%" in img.get("src", ""):
                img.set("src", image_path(img.get("src")))
