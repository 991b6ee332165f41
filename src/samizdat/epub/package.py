"""The ebooklib boundary. Reads like the list of what goes into the package."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import zipfile
from html import escape
from pathlib import Path

from ebooklib import epub

from ..core.language import direction, language
from ..core.manuscript_blocks import check_shown
from ..core.model import IMAGE_TYPES, Book, chapter_file, image_file, image_path
from ..core.output_date import book_datetime
from ..core.stage_timer import Clock
from ..source.inputs import MANUSCRIPT_DIR
from ..source.stylesheet import stylesheet
from ..source.svgclean import clean_svg
from .cover import render_cover
from .documents import (
    render_chapter_page,
    render_cover_page,
    render_title_page,
    render_toc,
    shown_text,
)
from .opf import package_path, with_package_language

log = logging.getLogger(__name__)


def render(book: Book, report, timings: dict, **options) -> tuple[bytes, Book]:
    """The EPUB's bytes, and the book unchanged."""
    clock = Clock(timings)
    data = render_epub(book, report)
    pages = f", with the {len(book.page_breaks)} pages of the PDF" if book.page_breaks else ""
    log.info("packed the EPUB%s (%.2f s)", pages, clock.lap("epub writing"))
    return data, book


def render_epub(book: Book, report=None) -> bytes:
    """The package's bytes; with a report, every block of the manuscript is checked to be
    in the chapter pages (SZ221)."""
    package = new_package(book)
    css = add_stylesheet(package, book)
    pages = add_chapters(package, book, css)
    if report is not None:
        check_shown(book.content, shown_text([p.content for p in pages]), "EPUB", report)
    add_images(package, book)
    add_cover(package, book)
    title_page = add_title_page(package, book)
    add_navigation(package, book, pages, title_page)
    add_accessibility(package, book)
    return write_package(package, book)


def page_direction(book: Book) -> str | None:
    """The dir ebooklib sets on each page's <html> and <body>: only a right-to-left book's."""
    return "rtl" if direction(book.metadata.lang) == "rtl" else None


def new_package(book: Book) -> epub.EpubBook:
    """An ebooklib book with the metadata: identifier, title, language, creators."""
    meta = book.metadata
    package = epub.EpubBook()
    package.set_identifier(meta.uid)
    package.set_title(meta.title)
    package.set_language(meta.lang)
    if direction(meta.lang) == "rtl":  # the spine's page-progression-direction
        package.set_direction("rtl")
    for i, name in enumerate(meta.author):
        package.add_author(name, uid=f"creator{i}")
    for name, value in (("publisher", meta.publisher), ("rights", meta.rights),
                        ("description", meta.description), ("date", meta.date)):
        if value:
            package.add_metadata("DC", name, value)
    for word in meta.keywords:
        package.add_metadata("DC", "subject", word)
    return package


def add_stylesheet(package, book: Book) -> epub.EpubItem:
    """The book's own epub.css, or samizdat's."""
    css = stylesheet(Path(book.root), "epub.css").read_bytes()
    item = epub.EpubItem(uid="style", file_name="style/book.css", media_type="text/css",
                         content=css)
    package.add_item(item)
    return item


def add_chapters(package, book: Book, css) -> list[epub.EpubHtml]:
    """One XHTML page per chapter."""
    targets = chapter_targets(book)
    pages = []
    for index, chapter in enumerate(book.chapters, 1):
        page = epub.EpubHtml(uid=f"ch{index:02d}", title=chapter.title,
                             file_name=chapter_file(index), lang=book.metadata.lang,
                             direction=page_direction(book))
        page.add_link(href="../style/book.css", rel="stylesheet", type="text/css")
        page.content = ("<html><body>" + render_chapter_page(book, chapter, targets)
                        + "</body></html>")
        if "<math" in page.content:  # EPUB 3: a page with MathML says so in the manifest
            page.properties.append("mathml")
        package.add_item(page)
        pages.append(page)
    return pages


def chapter_targets(book: Book) -> dict[str, str]:
    """Every id a link may point at, and the chapter file that holds it."""
    import lxml.html

    targets = {}
    for index, chapter in enumerate(book.chapters, 1):
        name = chapter_file(index)
        targets[chapter.id] = name
        tree = lxml.html.fragment_fromstring(chapter.html or "<p></p>", create_parent="div")
        for element in tree.xpath("//*[@id]"):
            targets.setdefault(element.get("id"), name)
        for heading in chapter.subheadings:
            targets.setdefault(heading.id, name)
        # the blocks a printed page may begin with, the generated ones included
        blocks = [e.get("data-b") for e in tree.xpath("//*[@data-b]")]
        blocks.append(f"{chapter.id}-title")
        if tree.xpath('//div[@class="timeline"]'):
            blocks += [f"tl{i}" for i in range(1, len(book.timeline) + 1)]
            blocks += [event.id for event in book.timeline if event.id]
        if tree.xpath('//div[@class="reading-list"]'):
            blocks += [f"ref-{r.key}" for g in book.reading_list for r in g.references]
        for block in blocks:
            targets.setdefault(block, name)
    return targets


def add_images(package, book: Book) -> None:
    """Every figure's image file, and those the timeline's texts show, under images/."""
    root = Path(book.root) / MANUSCRIPT_DIR
    shown = {figure.src for figure in book.figures} | {
        image_path(src) for event in book.timeline for src in IMG_SRC.findall(event.html)}
    for i, src in enumerate(sorted(s for s in shown if (root / s).is_file())):
        media = IMAGE_TYPES[Path(src).suffix.lower()]
        content = (root / src).read_bytes()
        if media == "image/svg+xml":  # only the drawing: no script, no outside reference
            content = clean_svg(content)[0]
        package.add_item(epub.EpubItem(uid=f"img{i}", file_name=image_file(src),
                                       media_type=media, content=content))


IMG_SRC = re.compile(r'<img\b[^>]*?\bsrc="([^"]+)"')


def add_cover(package, book: Book) -> None:
    """The cover image, and a cover page of our own (ebooklib's has no stylesheet or alt)."""
    package.set_cover("images/cover.jpg", render_cover(book), create_page=False)
    page = epub.EpubHtml(uid="cover", file_name="cover.xhtml", title=words(book).cover,
                         lang=book.metadata.lang, direction=page_direction(book))
    page.add_link(href="style/book.css", rel="stylesheet", type="text/css")
    page.content = f"<html><body>{render_cover_page(book, 'images/cover.jpg')}</body></html>"
    package.add_item(page)


def add_title_page(package, book: Book) -> epub.EpubHtml:
    """The title page, first in reading order."""
    page = epub.EpubHtml(uid="titlepage", file_name="titlepage.xhtml", title=words(book).title_page,
                         lang=book.metadata.lang, direction=page_direction(book))
    page.add_link(href="style/book.css", rel="stylesheet", type="text/css")
    page.content = f"<html><body>{render_title_page(book)}</body></html>"
    package.add_item(page)
    return page


def add_navigation(package, book: Book, pages, title_page) -> None:
    """The contents, the NCX, and the spine in reading order."""
    package.toc = tuple(epub.Link(page.file_name, page.title, page.id) for page in pages)
    nav = epub.EpubHtml(uid="nav", file_name="nav.xhtml", title=words(book).contents,
                        lang=book.metadata.lang, direction=page_direction(book))
    nav.properties = ["nav"]
    nav.add_link(href="style/book.css", rel="stylesheet", type="text/css")
    nav.content = "<html><body>" + render_nav(book, pages) + "</body></html>"
    package.add_item(nav)
    package.add_item(epub.EpubNcx())
    package.spine = [("cover", "no"), title_page, nav, *pages]


def render_nav(book: Book, pages) -> str:
    """The navigation document: contents, page list and landmarks."""
    items = render_toc(book, [page.file_name for page in pages])
    first = pages[0].file_name if pages else "nav.xhtml"
    w = words(book)
    return (f'<nav epub:type="toc" id="toc" role="doc-toc"><h1>{escape(w.contents)}</h1>'
            f'{items}</nav>' + render_page_list(book, pages) +
            f'<nav epub:type="landmarks" id="landmarks" hidden=""><h2>{escape(w.landmarks)}'
            f'</h2><ol><li><a epub:type="cover" href="cover.xhtml">{escape(w.cover)}</a></li>'
            f'<li><a epub:type="titlepage" href="titlepage.xhtml">{escape(w.title_page)}</a>'
            f'</li><li><a epub:type="toc" href="nav.xhtml#toc">{escape(w.contents)}</a></li>'
            f'<li><a epub:type="bodymatter" href="{first}">{escape(book.metadata.title)}</a>'
            "</li></ol></nav>")


def render_page_list(book: Book, pages) -> str:
    """The printed edition's page numbers, each a link to its marker in the text."""
    if not book.page_breaks:
        return ""
    files = chapter_targets(book)
    links = "".join(f'<li><a href="{files.get(b.block, "titlepage.xhtml")}#page-{b.page}">'
                    f"{b.page}</a></li>" for b in book.page_breaks)
    return (f'<nav epub:type="page-list" id="page-list" role="doc-pagelist" hidden="">'
            f"<h2>{escape(words(book).print_pages)}</h2><ol>{links}</ol></nav>")


def words(book: Book):
    """The navigation words in the book's language."""
    return language(book.metadata.lang)


def add_accessibility(package, book: Book) -> None:
    """Claims derived from what the book holds, not a fixed list. The summary stays in
    English: it is written for accessibility checkers and catalogues, which expect it."""
    figures = book.figures
    all_alt = all(f.alt.strip() for f in figures)
    modes = ["textual"] + (["visual"] if figures else [])
    features = ["structuralNavigation", "tableOfContents", "readingOrder",
                "displayTransformability"] + (["printPageNumbers"] if book.page_breaks else [])
    if figures and all_alt:
        features.append("alternativeText")
    if book.formulas:  # MathML, each formula's TeX as its alttext
        features += ["MathML", "describedMath"]
    sufficient = ["textual"] if all_alt else ["textual,visual"]
    summary = (f"{len(book.chapters)} sections with headings and a table of contents; "
               f"{len(book.notes)} footnotes that link to their calls and back"
               + (f"; a timeline of {len(book.timeline)} events as an ordered list"
                  if book.timeline else "")
               + (f"; {len(figures)} figures with text alternatives" if figures else "")
               + (f"; {len(book.formulas)} formulas in MathML, each with its TeX as text"
                  if book.formulas else "")
               + (f"; the page numbers of the {book.metadata.paper.upper()} print edition "
                  "as a page list" if book.page_breaks else "")
               + ". No flashing, motion or sound.")
    properties = [("schema:accessMode", m) for m in modes]
    properties += [("schema:accessModeSufficient", s) for s in sufficient]
    properties += [("schema:accessibilityFeature", f) for f in features]
    properties += [("schema:accessibilityHazard", "none"),
                   ("schema:accessibilitySummary", summary)]
    if book.page_breaks:
        properties.append(("pageBreakSource", f"{book.metadata.title}, "
                           f"{book.metadata.paper.upper()} print edition ({book.metadata.uid})"))
    for prop, value in properties:
        package.add_metadata(None, "meta", value, {"property": prop})


def write_package(package, book: Book) -> bytes:
    """ebooklib writes the zip; it is then re-packed in a fixed order with fixed times."""
    stamp = _book_time(book)
    raw = io.BytesIO()
    epub.write_epub(raw, package, {"mtime": stamp, "epub3_pages": False, "epub3_landmark": False,
                                   "raise_exceptions": True})
    return repack(raw.getvalue(), stamp, lang=book.metadata.lang)


def repack(data: bytes, stamp: dt.datetime, lang: str | None = None) -> bytes:
    """Fixed entry order and times; with lang, the OPF's <package> declares its language."""
    out = io.BytesIO()
    when = (max(stamp.year, 1980), stamp.month, stamp.day, 0, 0, 0)
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = source.namelist()
        names = ["mimetype"] + sorted(n for n in names if n != "mimetype")
        opf = package_path(source.read) if lang else None
        for name in names:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            content = source.read(name)
            if name == opf:
                content = with_package_language(content, lang)
            target.writestr(info, content)
    return out.getvalue()


def _book_time(book: Book) -> dt.datetime:
    return book_datetime(book.metadata)
