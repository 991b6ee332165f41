"""Read the built files back: what a reader of the PDF, the EPUB and the web page gets.

Only real readers of the formats are used (pypdf, pikepdf, the EPUB's and the page's own
markup), so the checks in check.py test the files, not samizdat's intentions.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import pikepdf
import pypdf
from lxml import etree

from ..core.model import note_number
from ..render.list_numbers import local, numbered_items

# An ordered list's label ("2.", "B.", "ii."), not a bulleted list's ("–")
ORDERED_LABEL = re.compile(r"^\(?[0-9A-Za-z]{1,8}[.)]$")

XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
NS = {"x": XHTML[1:-1], "opf": "http://www.idpf.org/2007/opf",
      "dc": "http://purl.org/dc/elements/1.1/", "epub": EPUB_TYPE[1:].split("}")[0]}


MATHML = "{http://www.w3.org/1998/Math/MathML}"


def _text(element) -> str:
    """An element's text without its formulas' (a formula is drawn in the PDF, not text)."""
    return "".join(element.xpath(".//text()[not(ancestor::*[local-name()='math'])]"))


def flat(element) -> str:
    """An element's text, spaces folded."""
    return " ".join(_text(element).split())


@dataclass
class PdfFacts:
    """What a reader of the PDF gets: page texts, bookmarks, tags, language, title."""

    pages: list[str]
    headings: list[tuple[int, str]]
    figures_alt: list[str]
    tagged: bool
    lang: str
    title: str
    shows_title: bool
    links: list[tuple[str, str]] = field(default_factory=list)  # (destination, text)
    destinations: dict[str, int] = field(default_factory=dict)  # id -> page
    formulas: list[str] = field(default_factory=list)  # each /Formula's /Alt: its TeX
    list_numbers: list[str] = field(default_factory=list)  # "2.", "B.", "ii." in page order


@dataclass
class EpubFacts:
    """What a reader of the EPUB gets: contents, notes, timeline, images, metadata, page list."""

    headings: list[tuple[int, str]]
    notes: dict[int, str]
    note_files: dict[int, str]
    timeline: list[tuple[str, str]]
    images_alt: list[str]
    meta: dict[str, list[str]] = field(default_factory=dict)
    page_list: list[str] = field(default_factory=list)
    links: list[tuple[str, str, bool]] = field(default_factory=list)  # (id, text, it lands)
    captions: list[str] = field(default_factory=list)  # numbered captions, "Figure 2. ..."
    formulas: list[str] = field(default_factory=list)  # each <math>'s alttext: its TeX
    list_numbers: list[str] = field(default_factory=list)  # every ordered list's, in order


def read_pdf(path: Path) -> PdfFacts:
    """The PDF as pypdf and pikepdf read it."""
    reader = pypdf.PdfReader(path)
    root = reader.trailer["/Root"]

    def outline(items, level=1):
        for item in items:
            if isinstance(item, list):
                yield from outline(item, level + 1)
            else:
                yield level, item.title

    with pikepdf.open(path) as pdf:
        nodes = list(_structure(pdf))
        alts = [str(node.get("/Alt", "")) for node in nodes if node.get("/S") == "/Figure"]
        formulas = [str(node.get("/Alt", "")) for node in nodes if node.get("/S") == "/Formula"]
        labels = [label for label in list_labels(path, pdf) if ORDERED_LABEL.match(label)]
    return PdfFacts(
        pages=[page.extract_text() for page in reader.pages],
        list_numbers=labels,
        headings=list(outline(reader.outline)),
        figures_alt=alts,
        tagged="/StructTreeRoot" in root and bool(root.get("/MarkInfo", {}).get("/Marked")),
        lang=str(root.get("/Lang", "")),
        title=str((reader.metadata or {}).get("/Title", "")),
        shows_title=bool(root.get("/ViewerPreferences", {}).get("/DisplayDocTitle")),
        links=[(dest, text) for _, dest, text in pdf_links(path)],
        destinations={str(name): reader.get_destination_page_number(dest) + 1
                      for name, dest in reader.named_destinations.items()},
        formulas=formulas)


def list_labels(path: Path, pdf) -> list[str]:
    """The text of every list item's label (an LI's Lbl) in the PDF's structure tree, in reading
    order: the numbers a reader of the tagged PDF hears, read from the marked content each
    label's structure element names (pdfium gives each text object's MCID)."""
    pages = {page.objgen: n for n, page in enumerate(pdf.pages)}
    marked = _marked_texts(path)
    labels = []
    for node in _structure(pdf):
        if node.get("/S") != "/LI":
            continue  # a note's number is a label too, of a Note
        for kid in node.K if isinstance(node.get("/K"), pikepdf.Array) else [node.get("/K")]:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/S") == "/Lbl":
                parts = [marked.get(key, "") for key in _content_ids(kid, pages)]
                labels.append("".join(parts).strip())
    return labels


def _content_ids(node, pages, page=None):
    """(page, MCID) of the marked content under a structure element."""
    if "/Pg" in node:
        page = pages.get(node.Pg.objgen, page)
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int):
            yield page, kid
        elif isinstance(kid, pikepdf.Dictionary):
            if "/MCID" in kid:
                yield pages.get(kid.Pg.objgen, page) if "/Pg" in kid else page, int(kid.MCID)
            else:
                yield from _content_ids(kid, pages, page)


def _marked_texts(path: Path) -> dict[tuple[int, int], str]:
    """(page, MCID) -> the text its text objects show."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as raw

    texts: dict[tuple[int, int], str] = {}
    document = pypdfium2.PdfDocument(str(path))
    for number, page in enumerate(document):
        textpage = page.get_textpage()
        for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT]):
            mcid = raw.FPDFPageObj_GetMarkedContentID(obj.raw)
            size = raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
            buffer = (ctypes.c_ushort * (size // 2))()
            raw.FPDFTextObj_GetText(obj.raw, textpage.raw, buffer, size)
            text = bytes(buffer).decode("utf-16-le").rstrip("\x00")
            texts[number, mcid] = texts.get((number, mcid), "") + text
    document.close()
    return texts


def pdf_links(path: Path) -> list[tuple[int, str, str]]:
    """(page, destination, text inside its rectangles) of every internal link: pypdf reads
    the annotations, pdfium the text. WeasyPrint gives a link one annotation per line it
    runs over (joined here: one that ends the line, then the same destination on the next)
    and a link holding generated text a second one over the same place (left out)."""
    import pypdfium2

    reader = pypdf.PdfReader(path)
    document = pypdfium2.PdfDocument(str(path))
    links, seen, last = [], set(), None
    for number, page in enumerate(reader.pages, 1):
        text = document[number - 1].get_textpage()
        line_end = max((text.get_rect(i)[2] for i in range(text.count_rects())), default=0)
        for annot in page.get("/Annots", []):
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link" or "/Dest" not in annot:
                continue
            x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
            left, bottom, right, top = min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
            if (number, round(left), round(top)) in seen:
                continue
            seen.add((number, round(left), round(top)))
            inside = " ".join(text.get_text_bounded(left, bottom, right, top).split())
            dest = str(annot["/Dest"])
            if last and last[:2] == (number, dest) and last[2] >= line_end - 1 and (
                    top <= last[3] + 1):
                links[-1] = (number, dest, f"{links[-1][2]} {inside}".strip())
            else:
                links.append((number, dest, inside))
            last = (number, dest, right, bottom)
    document.close()
    return links


def _structure(pdf):
    """The structure tree's elements in reading order."""
    def visit(node):
        if isinstance(node, pikepdf.Array):
            for kid in node:
                yield from visit(kid)
        elif isinstance(node, pikepdf.Dictionary):
            yield node
            if "/K" in node:
                yield from visit(node.K)

    if "/StructTreeRoot" in pdf.Root:
        yield from visit(pdf.Root.StructTreeRoot)


def read_epub(path: Path) -> EpubFacts:
    """The EPUB as its own XHTML and package document say."""
    with zipfile.ZipFile(path) as package:
        xml = {n: etree.fromstring(package.read(n)) for n in package.namelist()
               if n.endswith((".xhtml", ".opf"))}
    opf = next(tree for name, tree in xml.items() if name.endswith(".opf"))
    nav = next(tree for name, tree in xml.items() if name.endswith("nav.xhtml"))
    chapters = sorted(name for name in xml if "/text/" in name)
    facts = EpubFacts(headings=_nav_entries(nav, "toc"), notes={}, note_files={}, timeline=[],
                      images_alt=[], page_list=[a for _, a in _nav_entries(nav, "page-list")])
    for name in chapters:
        for aside in xml[name].iter(f"{XHTML}aside"):
            number, _, text = flat(aside).partition(". ")
            if number.isdigit():
                facts.notes[int(number)] = text
                facts.note_files[int(number)] = name
        for row in xml[name].iterfind(".//x:li[@class='timeline-event']", NS):
            when = row.find(".//x:p[@class='timeline-when']", NS)
            text = row.find(".//x:p[@class='timeline-text']", NS)
            facts.timeline.append((flat(when), flat(text)))
        facts.images_alt += [img.get("alt", "") for img in xml[name].iter(f"{XHTML}img")]
        facts.links += reference_links(xml, name)
        facts.captions += numbered_captions(xml[name], NS)
        facts.formulas += [m.get("alttext", "") for m in xml[name].iter(f"{MATHML}math")]
        facts.list_numbers += list_numbers(xml[name])
    for meta in opf.iterfind(".//opf:meta[@property]", NS):
        facts.meta.setdefault(meta.get("property"), []).append((meta.text or "").strip())
    return facts


def list_numbers(tree) -> list[str]:
    """The numbers of the author's ordered lists, as their markup numbers them: not the
    contents', the timeline's or those inside a note."""
    return [number for number, _ in numbered_items(tree, skip=not_the_authors)]


def not_the_authors(ol) -> bool:
    """Whether an ordered list is samizdat's own (contents, timeline) or inside a note."""
    return "timeline" in (ol.get("class") or "").split() or any(
        local(a) in ("nav", "aside") or a.get("role") == "doc-footnote"
        or "contents" in (a.get("class") or "").split() for a in ol.iterancestors())


def reference_links(xml: dict, name: str) -> list[tuple[str, str, bool]]:
    """The cross-references' links in one EPUB page: the id each leads to, its text, and
    whether the file it names holds that id."""
    folder = name.rsplit("/", 1)[0]
    links = []
    for a in xml[name].iter(f"{XHTML}a"):
        if a.get("class") not in ("xref", "pageref"):
            continue
        file, _, target = a.get("href", "").partition("#")
        holder = xml.get(f"{folder}/{file}" if file else name)
        lands = holder is not None and bool(holder.xpath(f'//*[@id="{target}"]'))
        links.append((target, flat(a), lands))
    return links


def numbered_captions(tree, namespaces=None) -> list[str]:
    """Each numbered figure's and table's caption, its number first."""
    prefix = "x:" if namespaces else ""
    found = tree.xpath(f'//{prefix}span[@class="figure-number" or @class="table-number"]/..',
                       namespaces=namespaces) if namespaces else tree.xpath(
        '//span[@class="figure-number" or @class="table-number"]/..')
    return [flat(caption) for caption in found]


def _nav_entries(nav, kind: str) -> list[tuple[int, str]]:
    element = next((n for n in nav.iter(f"{XHTML}nav") if n.get(EPUB_TYPE) == kind), None)
    if element is None:
        return []
    return [(len(list(a.iterancestors(f"{XHTML}ol"))), flat(a)) for a in element.iter(f"{XHTML}a")]


def flat_page(element) -> str:
    """An element's text as the web page shows it: word joiners gone, spaces folded."""
    return " ".join(_text(element).replace("\u2060", "").split())


@dataclass
class WebFacts:
    """What a reader of the web page gets: contents, notes, timeline, images, what it fetches."""

    lang: str
    title: str
    headings: list[tuple[int, str]]   # the contents, nested as in the page
    notes: dict[int, str]             # number -> text, without the number that links back
    calls: list[int]                  # the note calls in reading order
    timeline: list[tuple[str, str]]
    images_alt: list[str | None]
    external: list[str]               # anything the page would fetch from elsewhere
    scripts: int
    links: list[tuple[str, str, bool]] = field(default_factory=list)  # (id, text, it lands)
    captions: list[str] = field(default_factory=list)
    runs: list[str] = ()              # event handlers and script links, as written
    policy: str = ""                  # its Content-Security-Policy
    formulas: list[str] = field(default_factory=list)  # each <math>'s alttext
    list_numbers: list[str] = field(default_factory=list)


def read_web(path: Path) -> WebFacts:
    """The web page as its HTML says."""
    tree = lxml.html.fromstring(path.read_bytes())
    notes = {}
    for note in tree.xpath('//*[@role="doc-footnote"]'):
        number = int(re.sub(r"\D", "", note.get("id", "")) or 0)
        for back in note.xpath('.//a[@role="doc-backlink"]'):
            _drop(back)
        notes[number] = flat_page(note)
    contents = tree.xpath('//nav[contains(@class, "contents")]')
    headings = []
    if contents:
        headings = [(len(list(a.iterancestors("ol"))), flat_page(a)) for a in contents[0].iter("a")]
    timeline = [(flat_page(row.xpath('.//*[@class="timeline-when"]')[0]),
                 flat_page(row.xpath('.//*[@class="timeline-text"]')[0]))
                for row in tree.xpath('//li[@class="timeline-event"]')]
    fetched = [e.get(a) for a in ("src", "href") for e in tree.xpath(f"//*[@{a}]")
               if e.tag != "a" or a != "href"]
    external = [url for url in fetched if url and not url.startswith(("data:", "#"))]
    external += re.findall(r"url\((?![\"']?data:)[^)]*\)", "".join(tree.xpath("//style/text()")))
    return WebFacts(
        lang=tree.get("lang", ""), title=flat_page(tree.find(".//title")),
        headings=headings, notes=notes,
        calls=[note_number(a) for a in tree.xpath('//a[@role="doc-noteref"]')],
        timeline=timeline, images_alt=[img.get("alt") for img in tree.iter("img")],
        external=external, scripts=len(tree.xpath("//script")), runs=script_sites(tree),
        policy=" ".join(tree.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')),
        links=[(a.get("href", "")[1:], flat_page(a), bool(tree.get_element_by_id(
            a.get("href", "")[1:], None) is not None))
               for a in tree.xpath('//a[@class="xref" or @class="pageref"]')],
        captions=numbered_captions(tree),
        formulas=[m.get("alttext", "") for m in tree.iter("math")],
        list_numbers=list_numbers(tree))


def script_sites(tree) -> list[str]:
    """Every event handler (on...=) and script link (javascript:, vbscript:) of a page."""
    from ..source.allowlist import URL_ATTRIBUTES, url_scheme

    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            scheme = url_scheme(value) if name.lower() in URL_ATTRIBUTES else None
            if name.lower().startswith("on") or scheme in ("javascript", "vbscript"):
                found.append(f"<{element.tag} {name}=\"{value[:40]}\">")
    return found


def _drop(element) -> None:
    parent, previous, tail = element.getparent(), element.getprevious(), element.tail or ""
    parent.remove(element)
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
