"""The classroom blocks in the print HTML: the string that names a block on the page it
runs on to, its end that clears it, and the students' answer lines."""

from __future__ import annotations

from html import escape

from lxml import etree

from ..core.classroom_words import words
from ..core.model import Book

NBSP = "\u00a0"


def prepare_print_blocks(section, book: Book) -> None:
    """Mark each block's continued title and end; rule a question's answer lines."""
    continued = words(book.metadata.lang).continued
    for block in list(section.xpath('.//*[contains(concat(" ", @class, " "), " classroom ")]')):
        title = block.find('p[@class="block-title"]')
        name = " ".join("".join(title.itertext()).split()) if title is not None else ""
        # the string is set after the title, not on the block: a block that begins a page
        # must not name itself "continued" there (string(continued, start) reads the first
        # assignment only when the page begins with it)
        after = title.getnext() if title is not None else None
        if after is not None and name:
            after.set("data-continued", f"{name} ({continued})")
        end = etree.Element("div", {"class": "block-end", "aria-hidden": "true"})
        end.tail, block.tail = block.tail, None
        block.addnext(end)
        lines = block.get("data-lines")
        if book.edition == "student" and lines and lines.isdigit():
            rule_answer_lines(block, int(lines))


def rule_answer_lines(question, count: int) -> None:
    """count lines to write on, each one line of text high (a no-break space sets it)."""
    holder = etree.SubElement(question, "div", {"class": "answer-lines", "aria-hidden": "true"})
    for _ in range(count):
        etree.SubElement(holder, "span", {"class": "answer-line"}).text = NBSP


def edition_attributes(book: Book) -> str:
    """The body's attributes that mark the teacher's edition on every page, and the title
    for the running heads without the mark (the foot of the page carries it)."""
    if book.edition != "teacher":
        return ""
    mark = words(book.metadata.lang).teachers_edition
    plain = book.metadata.title.removesuffix(f" ({mark})")
    return f' data-edition="{escape(mark)}" data-title="{escape(plain)}"'


def edition_mark(book: Book) -> str:
    """A line at the head of each EPUB page of the teacher's edition."""
    if book.edition != "teacher":
        return ""
    return f'<p class="edition-mark">{escape(words(book.metadata.lang).teachers_edition)}</p>'
