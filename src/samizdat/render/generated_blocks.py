"""The blocks samizdat generates where the author placed them: the timeline and the reading
list. One markup for both outputs, so the PDF and the EPUB cannot drift apart."""

from __future__ import annotations

import re
from html import escape

import lxml.html
from lxml import etree

from ..core.language import written_date
from ..core.model import Book, Chapter, group_id
from ..core.timeline_dates import machine_date, parse_start
from .urls import make_breakable


def title_block(meta) -> list[tuple[str, str]]:
    """The title block's lines, as (part, text): the title, the subtitle, the authors (the
    byline), then the imprint: the course, the institution (the publisher when no
    institution is named), the date. The PDF, the EPUB and the web page each set these.
    An imprint line another one already says (a course naming its school) is left out."""
    parts = [("title", meta.title), ("subtitle", meta.subtitle),
             ("byline", ", ".join(meta.author)), ("imprint", meta.course),
             ("imprint", meta.institution or meta.publisher),
             ("imprint", shown_date(meta.date, meta.lang))]
    lines = [(part, text) for part, text in parts if text]
    imprint = [text for part, text in lines if part == "imprint"]
    return [(part, text) for part, text in lines if part != "imprint" or not any(
        other != text and repeats(other, text) for other in imprint)]


def repeats(said: str | None, line: str | None) -> bool:
    """Whether line says nothing that said does not: 'Ashcombe Park School' in 'History,
    Ashcombe Park School', letter case and punctuation aside."""
    def words(text):
        return " ".join(re.findall(r"\w+", (text or "").casefold()))
    return bool(words(line)) and f" {words(line)} " in f" {words(said)} "


def keep_last_words(text: str, longest: int = 18) -> str:
    """The last two words bound by a no-break space when they are short enough to share a
    line anywhere, so that a reader without balanced lines never leaves one word alone."""
    head, space, last = text.rpartition(" ")
    before = head.rpartition(" ")[2]
    if not space or " " not in head or len(before) + 1 + len(last) > longest:
        return text
    return f"{head}\u00a0{last}"


def shown_date(date: str | None, lang: str) -> str | None:
    """A YYYY-MM-DD date as the book's language writes it: 'November 26, 2026' in American
    English, '26 November 2026' in other English, '26 de noviembre de 2026' in Spanish."""
    if not date:
        return None
    iso = parse_start(str(date))
    return written_date(iso, lang) if iso and iso.count("-") == 2 else str(date)


def fill_timeline(section, book: Book) -> list:
    """Replace each '::: timeline' placeholder; returns the lists put in."""
    lists = []
    for placeholder in section.xpath('.//div[@class="timeline"]'):
        timeline = etree.Element("ol", {"class": "timeline"})
        for i, event in enumerate(book.timeline, 1):
            item = etree.SubElement(timeline, "li", {"class": "timeline-event",
                                                     "data-b": f"tl{i}"})
            if event.id:  # the anchor of @tl-x and @page-tl-x
                item.set("id", event.id)
            when = etree.SubElement(item, "p", {"class": "timeline-when"})
            when.append(render_when(event.when, event.when_display))
            text = lxml.html.fragment_fromstring(event.html or event.text,
                                                 create_parent="p")
            text.set("class", "timeline-text")
            item.append(text)
        timeline.tail = placeholder.tail
        placeholder.getparent().replace(placeholder, timeline)
        lists.append(timeline)
    return lists


def render_when(when: str, shown: str):
    """A machine-readable <time> wherever the date names one year, month or day exactly
    ('1975', 'February 1948', '5 January 1968'); a range or '1980s' is a plain span."""
    iso = machine_date(when)
    element = (etree.Element("time", {"datetime": iso}) if iso
               else etree.Element("span", {"class": "date"}))
    parts = shown.split(" \u2013 ")  # a range of dates may break after its dash
    element.text = None
    for i, part in enumerate(parts):
        # a date of a few words stays on one line; a long description may wrap
        piece = etree.SubElement(element, "span", {"class": "nobreak"} if len(part) <= 20 else {})
        piece.text = part + (" \u2013" if i < len(parts) - 1 else "")
        piece.tail = " " if i < len(parts) - 1 else None
    return element


def fill_reading_list(section, book: Book, chapter: Chapter, demote: int = 0) -> None:
    """Replace '::: reading-list' with the grouped entries; demote shifts heading levels."""
    levels = {h.id: h.level + demote for h in chapter.subheadings}
    for placeholder in section.xpath('.//div[@class="reading-list"]'):
        element = etree.Element("div", {"class": "reading-list"})
        for group in book.reading_list:
            holder = etree.SubElement(element, "section", {"class": "reading-group",
                                                           "id": group_id(group.title)})
            if group.title:
                tag = f"h{levels.get(group_id(group.title), 2 + demote)}"
                heading = etree.SubElement(holder, tag, {"data-title": group.title})
                heading.text = group.title
            for reference in group.references:
                entry = lxml.html.fragment_fromstring(reference.html, create_parent="p")
                entry.attrib.update({"class": "reference", "id": f"ref-{reference.key}",
                                     "data-b": f"ref-{reference.key}"})
                holder.append(entry)
        element.tail = placeholder.tail
        placeholder.getparent().replace(placeholder, element)
        for link in element.iter("a"):
            make_breakable(link)


def contents_list(entries: list[tuple[int, str, str]]) -> str:
    """(level, href, title) entries as nested ordered lists, for every output's contents."""
    out, depth = [], 0
    for level, href, title in entries:
        level = min(level, depth + 1)  # the model's levels never skip; a guard all the same
        if level > depth:
            out.append("<ol>" * (level - depth))
        else:
            out.append("</li>" + "</ol></li>" * (depth - level))
        out.append(f'<li><a href="{escape(href)}">{escape(title)}</a>')
        depth = level
    out.append("</li></ol>" * depth)
    return "".join(out)
