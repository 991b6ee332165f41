"""The reader's EPUB: each handout's own package (its page list on the reader's folios)
moved into a folder of its own (h2/), so its pages, notes, images and stylesheet keep their
relative links; one package document, one navigation with each handout a part and its
sections nested, one page list, and the reader's title page."""

from __future__ import annotations

import io
import posixpath
import uuid
import zipfile
from html import escape

import lxml.etree as etree

from ..core.language import language
from ..epub.package import repack
from ..source.stylesheet import packaged_stylesheet
from .front import title_lines
from .schema import Course

OPF = "{http://www.idpf.org/2007/opf}"
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_NS = "http://www.idpf.org/2007/ops"
LEFT_OUT = {"cover", "cover-img", "nav", "ncx"}  # the reader has its own


class Part:
    """One handout's package, read: its files, manifest, spine and navigation."""

    def __init__(self, data: bytes, prefix: str):
        self.prefix = prefix
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        container = etree.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf = container.find(".//{*}rootfile").get("full-path")
        self.base = posixpath.dirname(self.opf)
        package = etree.fromstring(self.zip.read(self.opf))
        self.items = [item for item in package.find(f"{OPF}manifest")
                      if item.get("id") not in LEFT_OUT]
        self.spine = [ref.get("idref") for ref in package.find(f"{OPF}spine")
                      if ref.get("idref") not in LEFT_OUT]
        self.nav = etree.fromstring(self.zip.read(posixpath.join(self.base, "nav.xhtml")))
        self.lang = package.findtext(".//{http://purl.org/dc/elements/1.1/}language") or ""
        self.visual = any(item.get("media-type").startswith("image/") for item in self.items)

    def href(self, href: str) -> str:
        return f"{self.prefix}/{href}"

    def files(self) -> dict[str, bytes]:
        return {f"EPUB/{self.href(item.get('href'))}":
                self.zip.read(posixpath.join(self.base, item.get("href")))
                for item in self.items}

    def nav_list(self, kind: str) -> list:
        """The li elements of one of its navigation lists, hrefs moved into its folder."""
        found = self.nav.find(f".//{XHTML}nav[@{{{EPUB_NS}}}type='{kind}']/{XHTML}ol")
        if found is None:
            return []
        for link in found.iter(f"{XHTML}a"):
            link.set("href", self.href(link.get("href")))
        return list(found)


def bind_epub(course: Course, handouts: list[tuple[str, bytes]], stamp: str,
              cover: bytes | None = None) -> bytes:
    """The reader's package from the handouts' (title, EPUB bytes), in reading order; cover:
    the course's cover image, if it has one."""
    parts = [Part(data, f"h{i}") for i, (_, data) in enumerate(handouts, 1)]
    files = {"mimetype": b"application/epub+zip",
             "META-INF/container.xml": CONTAINER.encode(),
             "EPUB/style/reader.css": packaged_stylesheet("epub.css").read_bytes(),
             "EPUB/titlepage.xhtml": title_page(course).encode(),
             "EPUB/nav.xhtml": navigation(course, handouts, parts, cover is not None).encode()}
    if cover is not None:
        files[f"EPUB/{cover_file(course)}"] = cover
        files["EPUB/cover.xhtml"] = xhtml(course, language(course.lang).cover, (
            f'<section epub:type="cover" class="cover"><img src="{cover_file(course)}" '
            f'alt="{escape(course.title)}"/></section>')).encode()
    for part in parts:
        files.update(part.files())
    files["EPUB/content.opf"] = package_document(course, parts, stamp,
                                                 cover is not None).encode()
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as target:
        for name, data in files.items():
            target.writestr(name, data)
    import datetime as dt

    return repack(raw.getvalue(), dt.datetime.fromisoformat(stamp.rstrip("Z")))


CONTAINER = ('<?xml version="1.0" encoding="UTF-8"?>\n<container version="1.0" '
             'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
             '<rootfile full-path="EPUB/content.opf" media-type="application/oebps-package+xml"/>'
             "</rootfiles></container>")


def xhtml(course: Course, title: str, body: str) -> str:
    """One of the reader's own XHTML pages, in the course's language."""
    lang = escape(course.lang)
    return ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n<html xmlns='
            f'"http://www.w3.org/1999/xhtml" xmlns:epub="{EPUB_NS}" lang="{lang}" '
            f'xml:lang="{lang}"><head><title>{escape(title)}</title><link href="style/reader.css" '
            f'rel="stylesheet" type="text/css"/></head><body>{body}</body></html>')


def title_page(course: Course) -> str:
    """The reader's title page: the course's title and its lines."""
    lines = "".join(f'<p class="{"imprint" if part not in ("subtitle", "author") else part}">'
                    f"{escape(text)}</p>" for part, text in title_lines(course))
    return xhtml(course, language(course.lang).title_page,
                 f'<section epub:type="titlepage" class="titlepage"><h1 class="title">'
                 f"{escape(course.title)}</h1>{lines}</section>")


def navigation(course: Course, handouts, parts: list[Part], cover: bool = False) -> str:
    """Contents (each handout a part, its sections nested), page list and landmarks."""
    words = language(course.lang)
    toc = []
    for (title, _), part in zip(handouts, parts, strict=True):
        items = "".join(etree.tostring(li, encoding="unicode") for li in part.nav_list("toc"))
        lang = escape(part.lang)
        toc.append(f'<li lang="{lang}" xml:lang="{lang}"><a href="{part.href("titlepage.xhtml")}">'
                   f"{escape(title)}</a>"
                   f"<ol>{items}</ol></li>")
    pages = "".join(etree.tostring(li, encoding="unicode")
                    for part in parts for li in part.nav_list("page-list"))
    page_list = (f'<nav epub:type="page-list" id="page-list" role="doc-pagelist" hidden="">'
                 f"<h2>{escape(words.print_pages)}</h2><ol>{pages}</ol></nav>") if pages else ""
    first = parts[0].href("titlepage.xhtml")
    cover_landmark = (f'<li><a epub:type="cover" href="cover.xhtml">{escape(words.cover)}</a>'
                      "</li>") if cover else ""
    body = (f'<nav epub:type="toc" id="toc" role="doc-toc"><h1>{escape(words.contents)}</h1>'
            f'<ol>{"".join(toc)}</ol></nav>{page_list}'
            f'<nav epub:type="landmarks" id="landmarks" hidden=""><h2>{escape(words.landmarks)}'
            f'</h2><ol>{cover_landmark}<li><a epub:type="titlepage" href="titlepage.xhtml">'
            f'{escape(words.title_page)}</a></li><li><a epub:type="toc" href="nav.xhtml#toc">'
            f'{escape(words.contents)}</a></li><li><a epub:type="bodymatter" href="{first}">'
            f"{escape(course.title)}</a></li></ol></nav>")
    # the handouts' lists are XHTML: their namespace declarations go once, on the root
    body = body.replace(' xmlns="http://www.w3.org/1999/xhtml"', "").replace(
        f' xmlns:epub="{EPUB_NS}"', "")
    return xhtml(course, words.contents, body)


def cover_file(course: Course) -> str:
    """Where the cover image lives in the package."""
    suffix = posixpath.splitext(course.cover or "")[1].lower()
    return "images/cover" + (".png" if suffix == ".png" else ".jpg")


def package_document(course: Course, parts: list[Part], stamp: str, cover: bool = False) -> str:
    """The OPF: metadata with the accessibility claims, every handout's files, the spine."""
    identifier = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'samizdat-course:' + course.title)}"
    manifest = ['<item href="style/reader.css" id="reader-style" media-type="text/css"/>',
                '<item href="titlepage.xhtml" id="titlepage" '
                'media-type="application/xhtml+xml"/>',
                '<item href="nav.xhtml" id="nav" media-type="application/xhtml+xml" '
                'properties="nav"/>']
    spine = ['<itemref idref="titlepage"/>', '<itemref idref="nav"/>']
    if cover:
        media = "image/png" if cover_file(course).endswith(".png") else "image/jpeg"
        manifest += [f'<item href="{cover_file(course)}" id="cover-img" media-type="{media}" '
                     'properties="cover-image"/>', '<item href="cover.xhtml" id="cover" '
                     'media-type="application/xhtml+xml"/>']
        spine.insert(0, '<itemref idref="cover" linear="no"/>')
    for part in parts:
        for item in part.items:
            props = f' properties="{item.get("properties")}"' if item.get("properties") else ""
            manifest.append(f'<item href="{escape(part.href(item.get("href")))}" '
                            f'id="{part.prefix}-{item.get("id")}" '
                            f'media-type="{item.get("media-type")}"{props}/>')
        spine += [f'<itemref idref="{part.prefix}-{idref}"/>' for idref in part.spine]
    creators = "".join(f'<dc:creator id="creator{i}">{escape(name)}</dc:creator>'
                       for i, name in enumerate(course.author))
    visual = any(part.visual for part in parts)
    access = ["accessMode:textual", *(["accessMode:visual"] if visual else []),
              "accessModeSufficient:textual", "accessibilityFeature:structuralNavigation",
              "accessibilityFeature:tableOfContents", "accessibilityFeature:readingOrder",
              "accessibilityFeature:displayTransformability",
              "accessibilityFeature:printPageNumbers", "accessibilityHazard:none"]
    metas = "".join(f'<meta property="schema:{a.split(":")[0]}">{a.split(":")[1]}</meta>'
                    for a in access)
    summary = (f"{len(parts)} handouts, each a part of the navigation with its sections "
               "nested; footnotes that link to their calls and back; the page numbers of the "
               f"{course.paper.upper()} print edition as a page list. No flashing, motion or "
               "sound.")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<package xmlns="http://www.idpf.org/2007/'
            f'opf" unique-identifier="id" version="3.0" xml:lang="{escape(course.lang)}">'
            '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<meta property="dcterms:modified">{stamp}</meta>'
            f'<dc:identifier id="id">{identifier}</dc:identifier>'
            f"<dc:title>{escape(course.title)}</dc:title>"
            f"<dc:language>{escape(course.lang)}</dc:language>{creators}"
            + (f"<dc:date>{course.date}</dc:date>" if course.date else "")
            + f'{metas}<meta property="schema:accessibilitySummary">{escape(summary)}</meta>'
            f'<meta property="pageBreakSource">{escape(course.title)}, '
            f"{course.paper.upper()} print edition ({identifier})</meta></metadata>"
            f'<manifest>{"".join(manifest)}</manifest><spine>{"".join(spine)}</spine></package>')
