"""Book -> one HTML document laid out by WeasyPrint: notes inline as floats, placeholders filled."""

from __future__ import annotations

import re
from copy import deepcopy as copy_element
from html import escape

import lxml.html
from lxml import etree
from lxml.builder import E

from ..assemble.frozen_book import plain_text
from ..assemble.typeset import append_before
from ..core.classroom_words import words
from ..core.language import dir_attribute, language
from ..core.model import Book, Chapter, Note, note_number
from ..core.output_date import iso_timestamp
from ..render.folios import fill_page_references
from ..render.generated_blocks import fill_reading_list, fill_timeline, title_block
from ..render.list_numbers import number_lists_for_print
from ..render.teacher_marks import edition_attributes, prepare_print_blocks
from ..render.urls import make_breakable
from .engine import continued_headers
from .formulas import Formulas, place_formulas
from .geometry import PASSABLE

WORD_JOINER = "\u2060"  # keeps a note call on the line of the word it follows
# A no-break space between words (assemble/no_break.py) is set as a space held by a word
# joiner: the line planner reads every white space as a place it may break, but never breaks
# before a word joiner, and a justified line stretches the space as its others.
BOUND_SPACE = re.compile("(?<=\\S)\u00a0(?=\\S)")
NOTE_BLOCKS = {"p", "div", "ul", "ol", "li", "blockquote", "pre", "table"}


def render_print_html(book: Book, stylesheets: list[str], deferred=frozenset(),
                      kept=frozenset(), formulas: Formulas | None = None,
                      apart=frozenset(), title_widths: dict[int, int] | None = None) -> str:
    """The print HTML; the figures and tables named in deferred (their float_key) follow the
    blocks of text after them (defer_figures); the tables named in kept are never broken
    (each fits on a page); formulas (drawn for print) replace the MathML, which WeasyPrint
    cannot set; the notes named in apart (their ids) are set after the block that calls
    them, not at the foot; title_widths balance the title block's lines (title_balance.py)."""
    meta = book.metadata
    links = "".join(f'<link rel="stylesheet" href="{escape(s)}">' for s in stylesheets)
    body = [render_title_block(book, title_widths or {})]
    levels = {h.block or h.id: h.level for h in book.headings}
    body += [render_chapter(book, chapter, levels, deferred, kept, formulas, apart)
             for chapter in book.chapters]
    return (f'<!DOCTYPE html>\n<html lang="{escape(meta.lang)}"{dir_attribute(meta.lang)}>'
            '<head><meta charset="utf-8">'
            f"<title>{escape(meta.title)}</title>{render_meta(book)}{links}</head>"
            f'<body class="paper-{meta.paper}{edition_class(book)}"{edition_attributes(book)}>'
            f'{"".join(body)}</body></html>')


def edition_class(book: Book) -> str:
    """The body's class that the teacher's edition's page rules select."""
    return " teacher-edition" if book.edition == "teacher" else ""


def render_meta(book: Book) -> str:
    """The document's metadata as meta tags, for the PDF's info and XMP."""
    meta = book.metadata
    tags = [("author", ", ".join(meta.author) or meta.publisher or ""),
            ("description", meta.description or ""),
            ("keywords", ", ".join(meta.keywords)), ("generator", "samizdat")]
    stamp = iso_timestamp(meta)
    tags += [("dcterms.created", stamp), ("dcterms.modified", stamp)]
    return "".join(f'<meta name="{n}" content="{escape(v)}">' for n, v in tags if v)


def render_title_block(book: Book, widths: dict[int, int] | None = None) -> str:
    """The title block on the first page: title, subtitle, authors, then course, institution
    and date. The publisher is not a byline (it names who issues the file, not who wrote it).
    widths: per line of the block, the share of the measure (per cent) that balances it."""
    block = E.header({"class": "title-block", "data-b": "title"})
    for n, (part, text) in enumerate(title_block(book.metadata)):
        line = (E.h1({"class": "book-title"}, text) if part == "title"
                else E.p({"class": part}, text))
        if n in (widths or {}):
            line.set("style", f"max-width: {widths[n]}%")
        block.append(line)
    return etree.tostring(block, encoding="unicode", method="html")


def render_chapter(book: Book, chapter: Chapter, levels: dict[str, int],
                   deferred=frozenset(), kept=frozenset(),
                   formulas: Formulas | None = None, apart=frozenset()) -> str:
    """One chapter as a section, with notes inlined as floats and placeholders filled."""
    section = lxml.html.fragment_fromstring(chapter.html or "", create_parent="section")
    section.set("class", "chapter")
    section.set("id", chapter.id)
    demote_headings(section)
    if chapter.opening:  # no heading printed: a bookmark named after the book
        level = levels.get(f"{chapter.id}-title", 1)
        section.set("style", f"bookmark-level: {level}; bookmark-label: "
                    f"{css_string(chapter.title)}")
    else:
        heading = etree.SubElement(section, "h2", {"data-title": chapter.title,
                                                   "data-b": f"{chapter.id}-title"})
        heading.text = chapter.title
        section.insert(0, heading)
    prepare_print_blocks(section, book)
    number_lists_for_print(section)
    inline_notes(section, book, apart)
    for timeline in fill_timeline(section, book):
        keep_with_heading(timeline)
    fill_page_references(section, language(book.metadata.lang).words, None)
    fill_reading_list(section, book, chapter, demote=1)
    point_images(section)
    if formulas is not None:
        place_formulas(section, formulas)
    set_bookmark_levels(section, levels)
    prepare_tables(section, chapter, book, kept)
    defer_figures(section, deferred)
    hold_bound_spaces(section)
    return etree.tostring(section, encoding="unicode", method="html")


def hold_bound_spaces(section) -> None:
    """Each no-break space between two words made a space and a word joiner (not in code,
    which keeps what the author typed)."""
    code = {id(e) for c in section.iter("pre", "code") for e in c.iter()}
    for element in section.iter():
        if not isinstance(element.tag, str):
            continue
        if element.text and id(element) not in code:
            element.text = BOUND_SPACE.sub(" " + WORD_JOINER, element.text)
        if element.tail and id(element.getparent()) not in code:
            element.tail = BOUND_SPACE.sub(" " + WORD_JOINER, element.tail)


def float_key(element) -> str:
    """What names a figure or a table that may be moved: its data-b, or its data-float."""
    return element.get("data-b") or element.get("data-float") or ""


def prepare_tables(section, chapter: Chapter, book: Book, kept) -> None:
    """Each table named for the layout's passes (data-float), kept whole where kept says,
    and given the header its pages after the first repeat (engine/continued_headers.py)."""
    continued = words(book.metadata.lang).continued
    for n, table in enumerate(section.iter("table"), 1):
        table.set("data-float", f"{chapter.id}-table-{n}")
        if float_key(table) in kept:
            table.set("style", "; ".join(filter(None, (table.get("style"),
                                                       "break-inside: avoid"))))
        if continued_headers.CHANGE.matches():
            add_continued_header(table, continued)


def add_continued_header(table, continued: str) -> None:
    """A second thead, its first row "Table 2 (continued)" across every column, then the
    header's rows again, without the ids and block keys that belong to the first."""
    head = table.find("thead")
    if head is None:
        return
    number = table.find("caption/span[@class='table-number']")
    name = " ".join("".join(number.itertext()).split()).rstrip(".:") if number is not None \
        else ""
    columns = max((len(row.findall("th")) + len(row.findall("td")) for row in head), default=1)
    copy = copy_element(head)
    copy.set("class", continued_headers.CONTINUED)
    copy.set("aria-hidden", "true")
    for element in copy.iter():
        for attribute in ("id", "data-b"):
            element.attrib.pop(attribute, None)
    cell = E.th({"colspan": str(columns), "class": "table-continued"},
                f"{name} ({continued})" if name else f"({continued})")
    copy.insert(0, E.tr(cell))
    head.addnext(copy)


def css_string(text: str) -> str:
    """Text as a CSS string literal."""
    escaped = "".join(c if c.isalnum() or c in " .,:;!?-–—'’" else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


def set_bookmark_levels(section, levels: dict[str, int]) -> None:
    """Each heading's bookmark at the level the model shows it at, the EPUB contents' level,
    so the two cannot differ; a heading the model does not list gets no bookmark."""
    for heading in section.iter("h2", "h3", "h4", "h5", "h6"):
        key = heading.get("data-b") or heading.getparent().get("id", "")
        level = levels.get(key)
        style = (f"bookmark-level: {level}; bookmark-label: attr(data-title)" if level
                 else "bookmark-level: none")
        heading.set("style", "; ".join(filter(None, (heading.get("style"), style))))


def defer_figures(section, deferred) -> None:
    """Move each deferred figure or table below the blocks of running text after it, as LaTeX
    floats one that does not fit: the text fills the page, the float heads the next one.
    deferred names each (float_key) with how many blocks it passes (a set: one each)."""
    counts = deferred if isinstance(deferred, dict) else dict.fromkeys(deferred, 1)
    # the last first: a float moved with the one before it has left the way clear for it
    for figure in reversed(section.xpath(".//figure[@data-b]|.//table[@data-float]")):
        for _ in range(counts.get(float_key(figure), 0)):
            passed = next_in_flow(figure, section)
            if passed is not None and passed.tag.startswith("h"):
                # a heading is passed with the block after it: never left above a float
                passed = next_in_flow(passed, section) if passable(passed) else None
            if passed is None or not passable(passed) or passed.tag.startswith("h"):
                break
            tail, figure.tail = figure.tail, passed.tail
            passed.tail = tail
            passed.addnext(figure)


def passable(element) -> bool:
    """Running text or a subsection's heading, which a float may be moved past; never the
    chapter's heading (a float stays in its chapter) nor another float (floats keep their
    order), nor the timeline."""
    return element.tag in PASSABLE and "timeline" not in (element.get("class") or "")


def next_in_flow(element, top):
    """The block that follows element in reading order inside top: its next sibling, else
    the first block of the subsection after its own (which the float may enter)."""
    while element is not top:
        following = element.getnext()
        if following is not None:
            while following.tag == "section" and len(following) \
                    and "classroom" not in (following.get("class") or ""):
                following = following[0]
            return following
        element = element.getparent()
        if element is None:
            return None
    return None


def demote_headings(section) -> None:
    """The handout's title is the one h1; section headings sit one level below it."""
    for h in section.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6"):
        h.tag = f"h{min(int(h.tag[1]) + 1, 6)}"
        h.set("data-title", plain_text(h))  # running heads and bookmarks without note calls


def inline_notes(section, book: Book, apart=frozenset()) -> None:
    """Each note call replaced by the note itself, a footnote float; a note named in apart
    keeps a printed call and is set after the block of the section that calls it."""
    for ref in section.xpath('.//a[@class="footnote-ref"]'):
        note = book.note(note_number(ref))
        if note.id in apart:
            set_note_apart(section, ref, note)
            continue
        span = note_span(note)
        span.tail = ref.tail
        append_before(ref, WORD_JOINER)
        ref.getparent().replace(ref, span)


def set_note_apart(section, ref, note: Note) -> None:
    """A note too long for the foot of any page (in large print), set as a block of its
    own after the block that calls it, as large-print transcribers set notes (UKAAF): the
    call a superscript number, the note its number and text, at the notes' size."""
    call = E.sup({"class": "fn-call", "data-note": note.id}, str(note.number))
    call.tail = ref.tail
    append_before(ref, WORD_JOINER)
    ref.getparent().replace(ref, call)
    block = call  # the paragraph, list or table in the section's flow that holds the call
    while block.getparent() is not None and block.getparent() is not section \
            and block.getparent().tag not in ("section", "div"):
        block = block.getparent()
    body = note_span(note)
    body.tag = "div"
    body.set("class", "fn-apart")
    body.tail, block.tail = block.tail, None
    block.addnext(body)


def note_span(note: Note):
    """A note as a span: block elements inside a <p> would be moved out by the HTML parser."""
    holder = lxml.html.fragment_fromstring(note.html, create_parent="span")
    for element in holder.iter():
        if element is not holder and element.tag in NOTE_BLOCKS:
            element.tag = "span"
            element.set("class", "fn-p")
            if element.getparent() is holder and not (element.tail or "").strip():
                element.tail = None  # a newline between paragraphs would set a blank line
    holder.set("class", "fn")
    holder.set("id", note.id)
    holder.set("data-number", str(note.number))
    for link in holder.iter("a"):
        make_breakable(link)
    return holder


def keep_with_heading(element) -> None:
    """A timeline's heading stays with its first two events, no more (the stylesheet keeps the
    heading with the first row, and the first row with the second). Wrapping the heading with
    the whole timeline moved a timeline taller than the rest of its page to the next page and
    left a page half empty. DESIGN.md: the timeline whole on one page when it fits, otherwise
    broken between events, never inside one. A timeline that fits the rest of its page stays
    whole; one that does not is broken between events (two on each side), since a page ending
    more than a quarter empty is the worse fault on a handout of a few pages."""
    previous = element.getprevious()
    if previous is None or previous.tag not in ("h2", "h3", "h4"):
        return
    previous.set("class", " ".join(filter(None, (previous.get("class"), "timeline-heading"))))


def point_images(section) -> None:
    """Mark figure images for the stylesheet."""
    for img in section.xpath(".//figure//img"):
        img.set("class", (img.get("class", "") + " figure-image").strip())
