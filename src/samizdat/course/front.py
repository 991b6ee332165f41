"""The reader's own pages, as print HTML: the title page, its blank verso and the contents
(every handout and its sections with the page each begins on); and the folio layer, one
empty page per page of the reader with only its number at the foot."""

from __future__ import annotations

from html import escape

from ..core.language import language
from ..core.model import Book
from ..core.output_date import iso_timestamp
from ..render.generated_blocks import shown_date
from .schema import Course

PLACEHOLDER = "000"  # the widest folio while the contents are measured


def title_lines(course: Course) -> list[tuple[str, str]]:
    """(class, text) of the title page's lines after the title."""
    lines = [("subtitle", course.subtitle), ("author", ", ".join(course.author)),
             ("course", course.course), ("institution", course.institution),
             ("term", course.term), ("date", shown_date(course.date, course.lang))]
    return [(part, text) for part, text in lines if text]


def front_html(course: Course, books: list[Book], starts: list[int] | None,
               anchors: list[dict[str, int]]) -> str:
    """The title page and the contents; starts None: every number a placeholder."""
    lines = "".join(f'<p class="{part}">{escape(text)}</p>' for part, text in title_lines(course))
    title = (f'<section class="reader-title-page"><h1>{escape(course.title)}</h1>{lines}'
             '</section>')
    entries = "".join(contents_entry(i, book, starts, anchors[i]) for i, book in enumerate(books))
    contents = (f'<nav class="reader-contents" role="doc-toc"><h1 id="reader-contents">'
                f'{escape(language(course.lang).contents)}</h1><ol>{entries}</ol></nav>')
    return (f'<!DOCTYPE html>\n<html lang="{escape(course.lang)}"><head><meta charset="utf-8">'
            f"<title>{escape(course.title)}</title>"
            f'<meta name="author" content="{escape(", ".join(course.author))}">'
            f'<meta name="generator" content="samizdat">{stamps(course)}</head>'
            f'<body class="paper-{course.paper}">{title}{contents}</body></html>')


def stamps(course: Course | None) -> str:
    """The dates WeasyPrint writes into the PDF: the course's, never the clock."""
    stamp = iso_timestamp(course) if course is not None else "1980-01-01T00:00:00Z"
    return "".join(f'<meta name="dcterms.{n}" content="{stamp}">' for n in ("created", "modified"))


def contents_entry(index: int, book: Book, starts, anchors: dict[str, int]) -> str:
    """One handout's line and its sections' lines, each a link to its page."""
    def folio(page: int) -> str:
        return PLACEHOLDER if starts is None else str(starts[index] + page - 1)

    meta = book.metadata
    subtitle = (f'<span class="handout-subtitle">{escape(meta.subtitle)}</span>'
                if meta.subtitle else "")
    sections = "".join(
        f'<li class="section" id="h{index + 1}-{chapter.id}">'
        f'<a href="#h{index + 1}-{chapter.id}"><span class="entry">'
        f'{escape(chapter.title)}</span><span class="folio">'
        f"{folio(anchors.get(chapter.id, 1))}</span></a></li>"
        for chapter in book.chapters if not chapter.opening)
    return (f'<li class="handout" lang="{escape(meta.lang)}" id="h{index + 1}-start">'
            f'<a href="#h{index + 1}-start">'
            f'<span class="entry">{escape(meta.title)}{subtitle}</span>'
            f'<span class="folio">{folio(1)}</span></a><ol>{sections}</ol></li>')


def folio_html(lang: str, paper: str, pages: int) -> str:
    """The folio layer: as many empty pages as the reader has; the page counter numbers them."""
    return (f'<!DOCTYPE html>\n<html lang="{escape(lang)}"><head><meta charset="utf-8">'
            f'<title>folios</title>{stamps(None)}</head><body class="paper-{paper} reader-folios">'
            f'{"<div></div>" * pages}</body></html>')
