"""Book -> XHTML pages for the EPUB: one page per chapter, notes as pop-up asides at its end."""

from __future__ import annotations

import re
from html import escape
from itertools import islice
from urllib.parse import quote

import lxml.html
from lxml import etree

from ..core.language import language
from ..core.manuscript_blocks import own_text
from ..core.model import Book, Chapter, Note, image_file, note_number
from ..render.folios import fill_page_references
from ..render.formula_breaks import box_display_formulas, keep_punctuation_with_formulas
from ..render.generated_blocks import (
    contents_list,
    fill_reading_list,
    fill_timeline,
    keep_last_words,
    title_block,
)
from ..render.teacher_marks import edition_mark


def render_chapter_page(book: Book, chapter: Chapter, targets: dict[str, str]) -> str:
    """The body of one chapter page; targets maps ids to the file that holds them."""
    section = lxml.html.fragment_fromstring(chapter.html or "", create_parent="section")
    keep_punctuation_with_formulas(section)
    box_display_formulas(section)
    link_noterefs(section)
    fill_timeline(section, book)
    fill_reading_list(section, book, chapter)
    point_images(section)
    wrap_tables(section)
    if not chapter.opening:  # the opening is named in the navigation only
        heading = lxml.html.fragment_fromstring(
            f'<h1 id="{chapter.id}-title" data-b="{chapter.id}-title">'
            f'{escape(chapter.title)}</h1>')
        section.insert(0, heading)
        heading.tail, section.text = section.text, None
    insert_page_markers(section, book)
    words = language(book.metadata.lang)
    notes = render_notes([book.note(n) for n in chapter.notes], words.notes)
    if notes:  # their references are filled and retargeted as the text's are
        section.append(lxml.html.fragment_fromstring(notes))
    fill_page_references(section, words.words, dict(book.target_pages))
    retarget_links(section, targets, targets.get(chapter.id, ""))
    body = "".join(etree.tostring(child, encoding="unicode", method="xml")
                   for child in section)
    if chapter.opening:
        return (f'{edition_mark(book)}<section epub:type="preamble" id="{chapter.id}" '
                f'aria-label="{escape(chapter.title)}">{escape(section.text or "")}{body}'
                '</section>')
    return (f'{edition_mark(book)}<section epub:type="chapter" role="doc-chapter" '
            f'id="{chapter.id}" aria-labelledby="{chapter.id}-title">{body}</section>')


def link_noterefs(section) -> None:
    """A plain link, no <sup> inside: markup in the link stops some readers' pop-ups."""
    for ref in section.xpath('.//a[@class="footnote-ref"]'):
        number = str(note_number(ref))
        for child in list(ref):
            ref.remove(child)
        ref.attrib.clear()
        ref.set("href", f"#fn{number}")
        ref.set("id", f"fnref{number}")
        ref.set("class", "noteref")
        ref.set("epub:type", "noteref")
        ref.set("role", "doc-noteref")
        ref.text = number


def render_notes(notes: list[Note], label: str = "Notes") -> str:
    """A chapter's notes as footnote asides at its end: one model, footnotes (pop-ups where the
    reader has them), not also a list of endnotes; the plain div only draws the short rule."""
    if not notes:
        return ""
    asides = "".join(render_note(note) for note in notes)
    return f'<div class="notes" title="{escape(label)}">{asides}</div>'


def render_note(note: Note) -> str:
    """The back-link comes first: Kindle runs notes together when it is last."""
    holder = lxml.html.fragment_fromstring(note.html, create_parent="div")
    keep_punctuation_with_formulas(holder)
    box_display_formulas(holder)
    back = etree.Element("a", {"class": "note-back", "href": f"#fnref{note.number}",
                               "role": "doc-backlink"})
    back.text, back.tail = f"{note.number}.", " "
    if len(holder) and holder[0].tag == "p":
        first = holder[0]
        back.tail += first.text or ""
        first.text = None
    else:
        first = etree.Element("p")
        back.tail += holder.text or ""
        holder.insert(0, first)
    first.insert(0, back)
    # lxml refuses a prefixed attribute in Element(): a parsed element takes it
    aside = lxml.html.fragment_fromstring("<aside></aside>")
    for name, value in (("class", "note"), ("epub:type", "footnote"),
                        ("role", "doc-footnote"), ("id", note.id)):
        aside.set(name, value)
    aside.extend(list(holder))
    return etree.tostring(aside, encoding="unicode", method="xml")


def shown_text(pages: list[str]) -> dict[str, str]:
    """The text each data-b block and each note shows in the chapter pages as written."""
    shown: dict[str, str] = {}
    for page in pages:
        root = lxml.html.document_fromstring(page)
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            key = element.get("data-b") or (element.get("id") if element.tag == "aside" else None)
            if key:
                shown[key] = shown.get(key, "") + own_text(element)
    return shown


def point_images(section) -> None:
    """Images live in images/ beside text/ in the package. An author's width or height
    ({width=50%}) is kept, as a share of the screen; nothing else from a style attribute."""
    for img in section.iter("img"):
        img.set("src", "../" + quote(image_file(img.get("src", ""))))  # a URL: V%C3%A1clav
        size = image_size(img.attrib.pop("style", ""))
        if size:
            img.set("style", size)
        if img.get("alt") is None:
            img.set("alt", "")


SIZE = re.compile(r"\b(width|height)\s*:\s*([\d.]+)\s*(%|em|px|pt|mm|cm|in)")
EMS = {"px": 1 / 16, "pt": 1 / 12, "mm": 72 / 25.4 / 12, "cm": 72 / 2.54 / 12, "in": 6}


def image_size(style: str) -> str:
    """The width and height of a style attribute in % or em, sizes that follow the reader's
    text (absolute units become em of a 12 pt text), capped at the screen's width."""
    sizes = []
    for name, number, unit in SIZE.findall(style or ""):
        value = f"{number}{unit}" if unit in ("%", "em") else f"{float(number) * EMS[unit]:.2f}em"
        sizes.append(f"{name}: {value}")
    return "; ".join(sizes)


def wrap_tables(section) -> None:
    """A wide table scrolls sideways in its own box on a small screen, not the whole page."""
    for table in section.iter("table"):
        wrapper = etree.Element("div", {"class": "table-wrap"})
        table.addprevious(wrapper)
        wrapper.append(table)


def retarget_links(section, targets: dict[str, str], here: str) -> None:
    """Links to an id in another chapter point at that chapter's file."""
    for link in section.iter("a"):
        href = link.get("href", "")
        if href.startswith("#") and targets.get(href[1:], here) != here:
            link.set("href", f"{_relative(targets[href[1:]], here)}{href}")


def _relative(target: str, here: str) -> str:
    return target.rsplit("/", 1)[-1] if target.split("/")[0] == here.split("/")[0] else target


def render_toc(book: Book, files: list[str]) -> str:
    """The table of contents: every heading at the level the model shows it at (the PDF's
    bookmarks use the same), without note numbers."""
    headings = iter(book.headings)
    entries = []
    for chapter, name in zip(book.chapters, files, strict=True):
        entries.append((next(headings).level, name, chapter.title))
        entries += [(h.level, f"{name}#{h.id}", h.title)
                    for h in islice(headings, len(chapter.subheadings))]
    return contents_list(entries)


def render_title_page(book: Book) -> str:
    """The title page: title, subtitle, authors, course, institution, date, rights."""
    meta = book.metadata
    classes = {"byline": "author"}  # epub.css's names
    # balanced by the reader where it can (epub.css), and never a word alone where it cannot
    lines = [f'<h1 class="title">{escape(keep_last_words(text))}</h1>' if part == "title" else
             f'<p class="{classes.get(part, part)}">{escape(keep_last_words(text))}</p>'
             for part, text in title_block(meta)]
    if meta.rights:
        lines.append(f'<p class="rights">{escape(meta.rights)}</p>')
    marker = next((page_marker(b.page) for b in book.page_breaks if b.block == "title"), "")
    return (f'<section epub:type="titlepage" class="titlepage" data-b="title">{marker}'
            f'{"".join(lines)}</section>')


def render_cover_page(book: Book, image: str) -> str:
    """The cover page: the cover image with the title as its alt text."""
    meta = book.metadata
    alt = meta.title + (f": {meta.subtitle}" if meta.subtitle else "")
    return (f'<section epub:type="cover" class="cover">'
            f'<img src="{image}" alt="{escape(alt)}"/></section>')


def page_marker(page: int) -> str:
    """An empty marker where a printed page begins, for the page list."""
    return (f'<span epub:type="pagebreak" role="doc-pagebreak" id="page-{page}" '
            f'aria-label="{page}"></span>')


def insert_page_markers(section, book: Book) -> None:
    """Put a page-break marker where each printed page of the PDF begins."""
    wanted: dict[str, list] = {}
    for brk in book.page_breaks:
        wanted.setdefault(brk.block, []).append(brk)
    for block in section.xpath(".//*[@data-b]"):
        for brk in reversed(wanted.get(block.get("data-b"), [])):  # later first: offsets hold
            _insert_at(block, brk.offset, lxml.html.fragment_fromstring(page_marker(brk.page)))


def _text_slots(element):
    """(node, 'text' | 'tail') in reading order, not inside note calls, nested blocks or
    formulas (no text in the PDF, whose letters the offset counts; no HTML inside MathML)."""
    yield element, "text"
    for child in element:
        if (child.get("class") not in ("noteref", "pages") and child.get("data-b") is None
                and child.tag != "math"):
            yield from _text_slots(child)
        yield child, "tail"


def _insert_at(block, offset: int, marker) -> None:
    """Insert marker before the (offset+1)-th letter or digit of the block's own text."""
    seen = 0
    for node, slot in _text_slots(block):
        text = getattr(node, slot) or ""
        for index, char in enumerate(text):
            if char.isalnum():
                if seen == offset:
                    _split(node, slot, index, marker)
                    return
                seen += 1
    block.append(marker)  # the page begins at the block's end (it holds no more text)


def _split(node, slot: str, index: int, marker) -> None:
    text = getattr(node, slot)
    setattr(node, slot, text[:index])
    marker.tail = text[index:]
    if slot == "text":
        node.insert(0, marker)
    else:
        node.addnext(marker)
