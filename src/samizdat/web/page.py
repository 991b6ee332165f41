"""Book -> one self-contained web page: fonts, images and styles inside, notes in the margin.

The page is plain HTML and CSS. Each note is a span right after its call: on wide screens it
floats into the margin beside the line that calls it (as in Tufte's books); on narrow ones it
is hidden until its call, a link to it, is followed, and then opens in place under the line
(CSS :target). The note's number links back to the call. No script is needed for any of it.
"""

from __future__ import annotations

import logging
import re
from html import escape
from pathlib import Path

import lxml.html
from lxml import etree

from ..core.language import dir_attribute, language
from ..core.model import Book, Chapter, Note, image_path, note_number
from ..core.output_date import iso_timestamp
from ..core.stage_timer import Clock
from ..render.folios import fill_page_references
from ..render.formula_breaks import box_display_formulas, keep_punctuation_with_formulas
from ..render.generated_blocks import (
    contents_list,
    fill_reading_list,
    fill_timeline,
    keep_last_words,
    repeats,
    title_block,
)
from ..render.urls import make_breakable
from ..source.inputs import MANUSCRIPT_DIR
from ..source.stylesheet import stylesheet
from .inline import font_face_css, image_data, math_font_face_css

WORD_JOINER = "\u2060"  # keeps a note call on the line of the word it follows
NOTE_BLOCKS = {"p", "div", "ul", "ol", "li", "blockquote", "pre", "table"}
STYLESHEET = "web.css"
log = logging.getLogger(__name__)

# The other editions a page links to when they are built beside it, in this order.
EDITIONS = (("pdf", "PDF"), ("epub", "EPUB"), ("large-print", "Large print PDF"))


def render(book: Book, report, timings: dict, **options) -> tuple[bytes, Book]:
    """The page's bytes. options["editions"]: {format: file name} of the editions beside the
    page, written or being built in the same run (build.pipeline.editions_beside)."""
    clock = Clock(timings)
    page = render_page(book, editions=edition_links(options.get("editions", {})))
    log.info("made the web page (%.2f s)", clock.lap("web page"))
    return page.encode("utf-8"), book


def edition_links(files: dict[str, str]) -> list[tuple[str, str]]:
    """(label, relative href) of the editions beside the page, from {format: file name}."""
    return [(label, files[fmt]) for fmt, label in EDITIONS if fmt in files]


def render_page(book: Book, editions=(), compress_fonts: bool = True) -> str:
    """The whole page. compress_fonts=False: TrueType fonts, larger but made in a few
    milliseconds, for the live server."""
    meta = book.metadata
    chapters = "".join(render_chapter(book, chapter) for chapter in book.chapters)
    body = (f'<a class="skip-link" href="#main">{escape(words_of(book).skip)}</a>'
            f"{render_header(book, editions)}"
            f'<main id="main" tabindex="-1">{chapters}</main>'
            # after the text, so a phone's first screen shows the opening lines; a wide
            # screen sets it beside the title (web.css)
            f"{render_contents(book)}{render_footer(book, editions)}")
    css = stylesheet(Path(book.root), STYLESHEET).read_text(encoding="utf-8")
    fonts = font_face_css(font_characters(body, meta.title), compress_fonts)
    if "<math" in body:
        fonts += "\n" + math_font_face_css(math_characters(body), compress_fonts)
    return (f'<!DOCTYPE html>\n<html lang="{escape(meta.lang)}"{dir_attribute(meta.lang)}>'
            '<head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="color-scheme" content="light dark">'
            f'<meta http-equiv="Content-Security-Policy" content="{content_policy()}">'
            f"<title>{escape(page_title(book))}</title>{render_meta(book)}"
            f"<style>{fonts}</style><style>{css}</style></head>"
            f"<body>{body}</body></html>\n")


def words_of(book: Book):
    """The words the page prints of its own, in the book's language."""
    return language(book.metadata.lang).words


def content_policy(scripts: tuple[str, ...] = (), connect: bool = False) -> str:
    """The page's Content-Security-Policy: no script runs and nothing is fetched from
    anywhere; the fonts and images are inside the page. scripts: the texts of samizdat's
    own scripts a page needs (the live server's reload), each allowed by its SHA-256 hash;
    connect: the page may talk to the server it came from (the reload's events)."""
    hashes = " ".join(f"'sha256-{script_hash(text)}'" for text in scripts)
    policy = ["default-src 'none'", f"script-src {hashes or chr(39) + 'none' + chr(39)}",
              "style-src 'unsafe-inline'", "img-src data:", "font-src data:",
              "base-uri 'none'", "form-action 'none'", "object-src 'none'"]
    if connect:
        policy.append("connect-src 'self'")
    return "; ".join(policy)


def script_hash(text: str) -> str:
    """The base64 SHA-256 of a script's text, as a CSP hash source names it."""
    import base64
    import hashlib

    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def page_title(book: Book) -> str:
    """The page's title: the book's title and subtitle."""
    meta = book.metadata
    return meta.title + (f": {meta.subtitle}" if meta.subtitle else "")


def render_meta(book: Book) -> str:
    """The page's meta tags: author, description, keywords, dates."""
    meta = book.metadata
    tags = [("author", ", ".join(meta.author) or meta.publisher or ""),
            ("description", meta.description or ""),
            ("keywords", ", ".join(meta.keywords)), ("generator", "samizdat"),
            ("dcterms.created", iso_timestamp(meta)), ("dcterms.identifier", meta.uid)]
    return "".join(f'<meta name="{n}" content="{escape(v)}">' for n, v in tags if v)


def render_header(book: Book, editions) -> str:
    """The page's header: title block and links to the other editions."""
    # balanced by the browser (web.css), and never a word alone where it cannot balance
    lines = [f'<h1 class="book-title">{escape(keep_last_words(text))}</h1>' if part == "title"
             else f'<p class="{part}">{escape(keep_last_words(text))}</p>'
             for part, text in title_block(book.metadata)]
    return (f'<header class="title-block">{"".join(lines)}'
            f'{render_editions(editions, words_of(book))}</header>')


def render_editions(editions, words) -> str:
    """Links to the PDF and EPUB built beside the page."""
    if not editions:
        return ""
    names = {"Large print PDF": words.large_print}
    links = " · ".join(f'<a href="{escape(href)}">{escape(names.get(label, label))}</a>'
                       for label, href in editions)
    return f'<p class="editions">{escape(words.also_as)} {links}</p>'


def render_contents(book: Book) -> str:
    """The contents as a nested list of links."""
    entries = [(h.level, f"#{h.id}", h.title) for h in book.headings]
    if len(entries) < 2:
        return ""
    return (f'<nav class="contents" aria-labelledby="contents-title">'
            f'<h2 id="contents-title">{escape(language(book.metadata.lang).contents)}</h2>'
            f'{contents_list(entries)}</nav>')


def render_footer(book: Book, editions) -> str:
    """The page's footer: rights, publisher and the other editions; the publisher only
    where the title block does not already name it (or the institution it belongs to)."""
    meta = book.metadata
    named = [text for part, text in title_block(meta) if part == "imprint"]
    publisher = None if any(repeats(line, meta.publisher) or repeats(meta.publisher, line)
                            for line in named) else meta.publisher
    imprint = [x for x in (publisher, meta.date and meta.date[:4], meta.rights) if x]
    parts = [f"<p>{escape(' · '.join(imprint))}</p>"] if imprint else []
    words = words_of(book)
    parts.append(render_editions(editions, words))
    parts.append(f'<p class="made-with">{escape(words.set_with)} '
                 f'<a href="#main">{escape(words.back_to_top)}</a></p>')
    return f'<footer class="colophon">{"".join(parts)}</footer>'


def render_chapter(book: Book, chapter: Chapter) -> str:
    """One chapter as a section, notes beside their calls."""
    section = lxml.html.fragment_fromstring(chapter.html or "", create_parent="section")
    section.set("class", "chapter")
    section.set("id", chapter.id)
    keep_punctuation_with_formulas(section)
    box_display_formulas(section)
    demote_headings(section)
    if chapter.opening:  # named in the contents only: the title block above names it
        section.set("aria-label", chapter.title)
        section.set("class", "chapter opening")
    else:
        section.set("aria-labelledby", f"{chapter.id}-title")
        heading = etree.Element("h2", {"id": f"{chapter.id}-title"})
        heading.text = chapter.title
        heading.tail, section.text = section.text, None
        section.insert(0, heading)
    add_notes(section, book)
    fill_timeline(section, book)
    fill_page_references(section, words_of(book), dict(book.target_pages))
    fill_reading_list(section, book, chapter, demote=1)
    embed_images(section, book)
    for element in section.iter():
        element.attrib.pop("data-b", None)  # the print edition's block numbers
    return etree.tostring(section, encoding="unicode", method="html")


def demote_headings(section) -> None:
    """The book's title is the one h1; the headings of sections sit one level below it."""
    for h in section.xpath(".//h1|.//h2|.//h3|.//h4|.//h5"):
        h.tag = f"h{int(h.tag[1]) + 1}"


def add_notes(section, book: Book) -> None:
    """Each call becomes a link to its note, and the note follows right after it."""
    for ref in section.xpath('.//a[@class="footnote-ref"]'):
        note = book.note(note_number(ref))
        call = note_call(note, words_of(book))
        side = side_note(note, words_of(book))
        call.tail, side.tail = None, ref.tail
        previous = ref.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "").rstrip() + WORD_JOINER
        else:
            parent = ref.getparent()
            parent.text = (parent.text or "").rstrip() + WORD_JOINER
        ref.addnext(side)
        ref.getparent().replace(ref, call)
        before_table(side)


def before_table(side) -> None:
    """A note called in a table (its caption or a cell) stands right before the table: a
    table is a box of its own, which would hold the note inside it and push its rows down."""
    table = next(side.iterancestors("table"), None)
    if table is None:
        return
    previous = side.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + (side.tail or "")
    else:
        side.getparent().text = (side.getparent().text or "") + (side.tail or "")
    side.tail = None
    table.addprevious(side)


def note_call(note: Note, words):
    """A note's call: a link to the note that follows it."""
    call = lxml.html.fragment_fromstring(
        f'<a class="noteref" href="#{note.id}" id="fnref{note.number}" role="doc-noteref">'
        f'<span class="visually-hidden">{escape(words.note)} </span>{note.number}</a>')
    return call


def side_note(note: Note, words):
    """A note as a span: block elements inside a <p> would be moved out by the HTML parser."""
    holder = lxml.html.fragment_fromstring(note.html or "", create_parent="span")
    keep_punctuation_with_formulas(holder)
    box_display_formulas(holder)
    for element in holder.iter():
        if element is not holder and element.tag in NOTE_BLOCKS:
            element.tag = "span"
            element.set("class", "note-p")
    for link in holder.iter("a"):
        make_breakable(link)
    holder.set("class", "sidenote")
    holder.set("id", note.id)
    holder.set("role", "doc-footnote")
    back = lxml.html.fragment_fromstring(
        f'<a class="note-back" href="#fnref{note.number}" role="doc-backlink">'
        f'<span class="visually-hidden">{escape(words.note)} </span>{note.number}'
        f'<span class="visually-hidden">, {escape(words.back_to_text)}</span></a>')
    back.tail = " "
    first = holder[0] if len(holder) and holder[0].get("class") == "note-p" else holder
    if first is holder:
        back.tail += holder.text or ""
        holder.text = None
    else:
        back.tail += first.text or ""
        first.text = None
    first.insert(0, back)
    return holder


def embed_images(section, book: Book) -> None:
    """Every image as a data: URL, scaled to its largest display size."""
    folder = Path(book.root) / MANUSCRIPT_DIR
    for img in section.iter("img"):
        url, width, height = image_data(folder / image_path(img.get("src", "")))
        img.set("src", url)
        img.attrib.pop("style", None)
        if width and height:
            img.set("width", str(width))
            img.set("height", str(height))
        img.set("decoding", "async")
        if img.get("alt") is None:
            img.set("alt", "")


# ---- The characters each face shows --------------------------------------------------------

ITALIC = ("em", "i", "cite", "var", "dfn", "figcaption", "h4", "blockquote")
SEMIBOLD = ("h1", "h2", "h3", "h5", "h6", "dt")
BOLD = ("strong", "b", "th")
CLASS_FACES = {"subtitle": "italic", "book-title": "semibold", "timeline-when": "semibold"}


def math_characters(body: str) -> str:
    """The characters the page's formulas are written with."""
    tree = lxml.html.fragment_fromstring(body, create_parent="div")
    return "".join(sorted(set("".join(tree.xpath("//math//text()")))))


def font_characters(body: str, title: str) -> dict[tuple[int, str], str]:
    """The characters of the page, for the faces it uses: every face that shows anything gets
    every character (the stylesheet may set any text in it); unused faces are left out."""
    tree = lxml.html.fragment_fromstring(body, create_parent="div")
    characters = set(plain_page_text(tree) + title) | set("0123456789.,:;–—·’“”()[]")
    characters -= {"\u2060", "\u00ad", "\u200b"}
    text = "".join(sorted(characters))
    uses = {"italic": False, "semibold": False, "bold": False}
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        classes = (element.get("class") or "").split()
        kinds = {CLASS_FACES[c] for c in classes if c in CLASS_FACES}
        if element.tag in ITALIC:
            kinds.add("italic")
        if element.tag in SEMIBOLD:
            kinds.add("semibold")
        if element.tag in BOLD:
            kinds.add("bold")
        for kind in kinds:
            uses[kind] = True
    faces = {(400, "normal"): text}
    if uses["italic"]:
        faces[(400, "italic")] = text
    if uses["semibold"]:
        faces[(600, "normal")] = text
        if uses["italic"]:
            faces[(600, "italic")] = text  # an <em> in a heading
    if uses["bold"]:
        faces[(700, "normal")] = text
        if uses["italic"]:
            faces[(700, "italic")] = text
    return faces


def plain_page_text(tree) -> str:
    """The page's text, for choosing which font characters to keep."""
    text = "".join(tree.itertext())
    return re.sub(r"\s+", " ", text)

