"""Read the built web page back, as a reader gets it, and hold it to the book: samizdat check
runs this beside its PDF and EPUB checks when build/NAME.html exists."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import lxml.html

from ..diagnostics import Report
from ..model import Book, note_number


def flat(element) -> str:
    return " ".join("".join(element.itertext()).replace("\u2060", "").split())


@dataclass
class WebFacts:
    lang: str
    title: str
    headings: list[tuple[int, str]]   # the contents, nested as in the page
    notes: dict[int, str]             # number -> text, without the number that links back
    calls: list[int]                  # the note calls in reading order
    timeline: list[tuple[str, str]]
    images_alt: list[str | None]
    external: list[str]               # anything the page would fetch from elsewhere
    scripts: int


def read_web(path: Path) -> WebFacts:
    tree = lxml.html.fromstring(path.read_bytes())
    notes = {}
    for note in tree.xpath('//*[@role="doc-footnote"]'):
        number = int(re.sub(r"\D", "", note.get("id", "")) or 0)
        for back in note.xpath('.//a[@role="doc-backlink"]'):
            _drop(back)
        notes[number] = flat(note)
    contents = tree.xpath('//nav[contains(@class, "contents")]')
    headings = []
    if contents:
        headings = [(len(list(a.iterancestors("ol"))), flat(a)) for a in contents[0].iter("a")]
    timeline = [(flat(row.xpath('.//*[@class="timeline-when"]')[0]),
                 flat(row.xpath('.//*[@class="timeline-text"]')[0]))
                for row in tree.xpath('//li[@class="timeline-event"]')]
    fetched = [e.get(a) for a in ("src", "href") for e in tree.xpath(f"//*[@{a}]")
               if e.tag != "a" or a != "href"]
    external = [url for url in fetched if url and not url.startswith(("data:", "#"))]
    external += re.findall(r"url\((?![\"']?data:)[^)]*\)", "".join(tree.xpath("//style/text()")))
    return WebFacts(
        lang=tree.get("lang", ""), title=flat(tree.find(".//title")),
        headings=headings, notes=notes,
        calls=[note_number(a) for a in tree.xpath('//a[@role="doc-noteref"]')],
        timeline=timeline, images_alt=[img.get("alt") for img in tree.iter("img")],
        external=external, scripts=len(tree.xpath("//script")))


def _drop(element) -> None:
    parent, previous, tail = element.getparent(), element.getprevious(), element.tail or ""
    parent.remove(element)
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail


def check_web_page(book: Book, report: Report) -> None:
    """The page beside the PDF and the EPUB: the same headings, notes, timeline and figures;
    self-contained; its language and title. Nothing to check when it is not built."""
    from ..build import output_path

    path = output_path(book, "html")
    if not path.exists():
        return
    web = read_web(path)
    where = path.name
    expected = [(h.level, h.title) for h in book.headings]
    if len(expected) > 1 and web.headings != expected:
        report.error("SZ506", f"the contents of {where} differ from the headings: "
                     f"{web.headings} != {expected}")
    for note in book.notes:
        got = web.notes.get(note.number)
        if got != note.text:
            report.error("SZ507", f"note {note.number} differs between {where} and the book: "
                         f"the page has “{got}”, the manuscript gives “{note.text}”",
                         note.location)
    if web.calls != [n.number for n in book.notes]:
        report.error("SZ507", f"the note calls of {where} are not 1 to {len(book.notes)} in order")
    rows = [(e.when_display, e.text) for e in book.timeline]
    if web.timeline != rows:
        report.error("SZ509", f"the timeline of {where} differs from the data")
    figures = [f.alt for f in book.figures]
    if web.images_alt != figures:
        report.error("SZ508", f"the images of {where} and their alt texts differ from the book's: "
                     f"{web.images_alt} != {figures}")
    if any(not (alt or "").strip() for alt in web.images_alt):
        report.error("SZ510", f"an image in {where} has no alt text")
    if web.lang != book.metadata.lang:
        report.error("SZ510", f"the language of {where} is '{web.lang}', the book's "
                     f"'{book.metadata.lang}'")
    if web.external:
        report.error("SZ512", f"{where} is not self-contained: it fetches {web.external[0]}")
