"""Footnotes in WeasyPrint 70's PDF structure tree, as PDF/UA-1 wants them.

WeasyPrint 70 tags a footnote's text like any other span (a `Span` at the end of its page) and
its call as a `NonStruct`, with no link between them (Kozea/WeasyPrint#1545). PDF/UA-1 (ISO
14289-1, 7.9) requires footnotes tagged `Note`, each with an `/ID` unique in the document, and
ISO 32000-1 (14.7.2) requires structure elements with an `/ID` to be listed in the structure
tree root's `/IDTree`. This module makes WeasyPrint write:

- each footnote body (a child of the page's `@footnote` area) as a `/Note` element with a
  unique `/ID` (the note element's `id`, or `footnote-N`), its `::footnote-marker` as `/Lbl`;
- each `::footnote-call` as a `/Reference` holding a `/Link` whose link annotation (OBJR) goes
  to the note, so the call is also clickable (in PDF 2.0 the `/Reference` also gets `/Ref`);
- an `/IDTree` in the StructTreeRoot for every element with an `/ID` (table headers included);
- each formula (an `<img class="formula">`, which WeasyPrint tags `/Figure` with its alt as
  `/Alt`) as a `/Formula`, which PDF/UA-1 (7.7) wants for mathematics.

It wraps four WeasyPrint functions and changes nothing else; notes stay where WeasyPrint puts
them in the tree (after the page's text). CHANGE declares it, with the fingerprint of the four
functions it wraps: it is in force only while samizdat renders (engine.patched()). Written so
that the same changes could go into `weasyprint/pdf/tags.py` and
`formatting_structure/build.py` upstream.
"""

from __future__ import annotations

import contextvars
import functools
from dataclasses import dataclass, field

import pydyf
import weasyprint.pdf
from weasyprint.formatting_structure import boxes, build
from weasyprint.pdf import tags

from .change import Change, swap

_state: contextvars.ContextVar[_Tagging | None] = contextvars.ContextVar(
    "samizdat_pdf_tags", default=None)


@dataclass
class _Tagging:
    """What one add_tags() call has seen: the note boxes, the IDs given, the calls."""

    pdf_version: str
    note_boxes: set = field(default_factory=set)
    ids: set = field(default_factory=set)
    notes: dict = field(default_factory=dict)       # note anchor -> first /Note element
    references: list = field(default_factory=list)  # (/Reference element, note anchor)


def _originals() -> list:
    return [build.element_to_box, tags._get_pdf_tag, tags._build_box_tree, tags.add_tags]


def _apply():
    undo_build = swap(build, {"element_to_box": _linking_calls(build.element_to_box)})
    undo_tags = swap(tags, {"_get_pdf_tag": _note_tags(tags._get_pdf_tag),
                            "_build_box_tree": _tagging_notes(tags._build_box_tree),
                            "add_tags": _with_id_tree(tags.add_tags)})
    undo_pdf = swap(weasyprint.pdf, {"add_tags": tags.add_tags})

    def undo() -> None:
        undo_pdf(), undo_tags(), undo_build()
    return undo


# --- box tree: every footnote call links to its note ---------------------------------------

def _linking_calls(element_to_box):
    """The call box gets a link to its note, as WeasyPrint 70 already does for CSS notes."""
    @functools.wraps(element_to_box)
    def wrapper(element, style_for, get_image_from_uri, base_url, target_collector,
                counter_style, footnotes, *args, **kwargs):
        result = element_to_box(element, style_for, get_image_from_uri, base_url,
                                target_collector, counter_style, footnotes, *args, **kwargs)
        for box in result:
            for child in getattr(box, "children", None) or ():
                note = getattr(child, "footnote", None)
                if note is None or child.link is not None:
                    continue
                anchor = note.style["anchor"]
                if anchor is None:  # a note without an id gets an anchor of its own
                    anchor = f"footnote-{footnotes.index(note) + 1}"
                    note.style["anchor"] = anchor
                child.link = ("url", ("internal", anchor))
        return result
    return wrapper


# --- structure tree: Note, Lbl, Reference > Link -------------------------------------------

def _note_tags(get_pdf_tag):
    @functools.wraps(get_pdf_tag)
    def wrapper(tag):
        if tag is not None and tag.endswith("::footnote-call"):
            return "Link"
        if tag is not None and tag.endswith("::footnote-marker"):
            return "Lbl"
        return get_pdf_tag(tag)
    return wrapper


def _tagging_notes(build_box_tree):
    @functools.wraps(build_box_tree)
    def wrapper(box, parent, pdf, page_number, nums, annotations, tags):
        state = _state.get()
        if state is None:
            yield from build_box_tree(box, parent, pdf, page_number, nums, annotations, tags)
            return
        if isinstance(box, boxes.FootnoteAreaBox):
            state.note_boxes.update(_note_bodies(box, boxes))
        for element in build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
            if element.get("S") == "/Figure" and _is_formula(box):
                element["S"] = "/Formula"
            if box in state.note_boxes:
                _make_note(element, box, state)
            elif (box.element is not None and box.element_tag.endswith("::footnote-call")
                  and element.get("S") == "/Link"):
                element = _wrap_in_reference(element, box, parent, pdf, state)
            yield element
    return wrapper


def _is_formula(box) -> bool:
    element = box.element
    return element is not None and "formula" in (element.get("class") or "").split()


def _note_bodies(area, boxes):
    """The boxes of the notes in a footnote area (inside line boxes for inline display)."""
    for child in area.children:
        kids = child.children if isinstance(child, boxes.LineBox) else [child]
        for kid in kids:
            if kid.element is not None and "::" not in kid.element_tag:
                yield kid


def _make_note(element, box, state: _Tagging) -> None:
    anchor = box.style["anchor"] or box.element.get("id") or f"footnote-{len(state.notes) + 1}"
    note_id, n = anchor, 1
    while note_id in state.ids:  # a note split over two pages: the second part
        n += 1
        note_id = f"{anchor}-{n}"
    state.ids.add(note_id)
    element["S"] = "/Note"
    element["ID"] = pydyf.String(note_id)
    state.notes.setdefault(anchor, element)


def _wrap_in_reference(link, box, parent, pdf, state: _Tagging):
    reference = pydyf.Dictionary({
        "Type": "/StructElem",
        "S": "/Reference",
        "K": pydyf.Array([link.reference]),
        "Pg": link["Pg"],
        "P": parent.reference,
    })
    pdf.add_object(reference)
    link["P"] = reference.reference
    target = box.link[1][1] if box.link else None
    state.references.append((reference, target))
    return reference


# --- the document: IDTree, and Ref in PDF 2.0 ----------------------------------------------

def _with_id_tree(add_tags):
    @functools.wraps(add_tags)
    def wrapper(pdf, document, pdf_version, page_streams, *args, **kwargs):
        state = _Tagging(str(pdf_version))
        token = _state.set(state)
        try:
            add_tags(pdf, document, pdf_version, page_streams, *args, **kwargs)
        finally:
            _state.reset(token)
        if state.pdf_version >= "2.0":
            for reference, target in state.references:
                if target in state.notes:
                    reference["Ref"] = pydyf.Array([state.notes[target].reference])
        _add_id_tree(pdf)
    return wrapper


def _string_bytes(text: str) -> bytes:
    """A text string's bytes as PDF stores them (PDFDocEncoding or UTF-16BE): name tree order."""
    try:
        return text.encode("latin-1")
    except UnicodeEncodeError:
        return b"\xfe\xff" + text.encode("utf-16-be")


def _add_id_tree(pdf) -> None:
    """A name tree of every structure element's /ID, in the structure tree root."""
    root, named = None, {}
    for obj in pdf.objects:
        if not isinstance(obj, pydyf.Dictionary):
            continue
        if obj.get("Type") == "/StructTreeRoot":
            root = obj
        elif obj.get("Type") == "/StructElem" and "ID" in obj:
            key = obj["ID"].string if isinstance(obj["ID"], pydyf.String) else str(obj["ID"])
            named.setdefault(key, obj)
    if root is None or not named:
        return
    names = pydyf.Array()
    for key in sorted(named, key=_string_bytes):
        names.extend([pydyf.String(key), named[key].reference])
    tree = pydyf.Dictionary({"Names": names})
    pdf.add_object(tree)
    root["IDTree"] = tree.reference


CHANGE = Change(
    "note-tags", "footnote tagging (build.element_to_box, pdf.tags._get_pdf_tag, "
    "_build_box_tree, add_tags)",
    "PDF/UA-1 7.9 wants footnotes tagged Note with an /ID, their calls linked to them "
    "(Kozea/WeasyPrint#1545)",
    "footnotes are tagged as plain text and their calls are not linked to them",
    "bfd5c3993f875367", _originals, _apply)
