"""The blocks samizdat generates where the author placed them: the timeline and the reading
list. One markup for both outputs, so the PDF and the EPUB cannot drift apart."""

from __future__ import annotations

import re
from html import escape

import lxml.html

from .model import Book, Chapter, group_id
from .urls import make_breakable


def fill_timeline(section, book: Book) -> list:
    """Replace each '::: timeline' placeholder; returns the lists put in."""
    lists = []
    for placeholder in section.xpath('.//div[@class="timeline"]'):
        rows = "".join(
            f'<li class="timeline-event" data-b="tl{i}"><p class="timeline-when">'
            f"{render_when(e.when, e.when_display)}</p>"
            f'<p class="timeline-text">{escape(e.text)}</p></li>'
            for i, e in enumerate(book.timeline, 1))
        lists.append(replace_placeholder(placeholder, f'<ol class="timeline">{rows}</ol>'))
    return lists


def render_when(when: str, shown: str) -> str:
    """A machine-readable <time> only where the date is one exact year; '1980s' is not."""
    if re.fullmatch(r"\d{4}", when):
        return f'<time datetime="{when}">{escape(shown)}</time>'
    return f'<span class="date">{escape(shown)}</span>'


def fill_reading_list(section, book: Book, chapter: Chapter, demote: int = 0) -> None:
    """Replace '::: reading-list' with the grouped entries; demote shifts heading levels."""
    levels = {h.id: h.level + demote for h in chapter.subheadings}
    for placeholder in section.xpath('.//div[@class="reading-list"]'):
        groups = []
        for group in book.reading_list:
            entries = "".join(f'<p class="reference" id="ref-{escape(r.key)}" '
                              f'data-b="ref-{escape(r.key)}">{r.html}</p>'
                              for r in group.references)
            tag, title = f"h{levels.get(group_id(group.title), 2 + demote)}", escape(group.title)
            heading = f'<{tag} data-title="{title}">{title}</{tag}>' if group.title else ""
            groups.append(f'<section class="reading-group" id="{group_id(group.title)}">'
                          f'{heading}{entries}</section>')
        element = replace_placeholder(
            placeholder, f'<div class="reading-list">{"".join(groups)}</div>')
        for link in element.iter("a"):
            make_breakable(link)


def replace_placeholder(placeholder, html: str):
    element = lxml.html.fragment_fromstring(html)
    element.tail = placeholder.tail
    placeholder.getparent().replace(placeholder, element)
    return element
