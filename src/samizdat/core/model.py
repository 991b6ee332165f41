"""The frozen book model that both renderers read. No stage mutates it."""

from __future__ import annotations

import dataclasses
import hashlib
import posixpath
import re
from dataclasses import dataclass

from .diagnostics import Location
from .manuscript_blocks import KINDS, Content
from .metadata import Metadata


@dataclass(frozen=True)
class Note:
    """A footnote as the reader sees it: its number, its text, where it is called."""

    number: int
    html: str            # the note's content, inline HTML (paragraphs joined by <br>)
    text: str            # the same as plain text, for checks and parity
    kind: str            # "citation" or "footnote"
    context: str         # the words just before the call, plain text
    location: Location | None = None  # the call in the manuscript

    @property
    def id(self) -> str:
        return f"fn{self.number}"


@dataclass(frozen=True)
class Heading:
    """A heading as the contents show it: its level, anchor and title."""

    level: int
    id: str
    title: str
    block: str = ""      # the heading element's data-b ("" for generated headings)
    location: Location | None = None


@dataclass(frozen=True)
class Chapter:
    """A top-level section: one EPUB page, one run of the PDF."""

    id: str
    title: str           # without note calls
    html: str            # section content as pandoc wrote it (note calls as a.footnote-ref)
    notes: tuple[int, ...]
    source: str          # the manuscript file the heading came from
    subheadings: tuple[Heading, ...] = ()
    location: Location | None = None  # the chapter's heading in the manuscript
    opening: bool = False  # the text before the first heading: titled after the book in the
    #                        navigation, with no heading of its own on the page


@dataclass(frozen=True)
class Event:
    """A timeline event: its date as written, its start for ordering, its text."""

    when: str            # as written, e.g. "1989-1990", "20–21 August 1968"
    start: str           # ISO: "1968", "1948-02" or "1968-08-20" (startdate.start_key sorts)
    text: str            # plain text, quotes made smart
    location: Location | None = None
    html: str = ""       # the text as inline HTML from the pandoc pass (smart quotes, emphasis)
    id: str = ""         # its label (id: tl-final-act), the anchor references lead to

    @property
    def when_display(self) -> str:
        """Ranges with an en dash, as typeset."""
        return self.when.replace("-", "\u2013")


@dataclass(frozen=True)
class Reference:
    """A reading-list entry as the citation style sets it."""

    key: str
    html: str
    text: str


@dataclass(frozen=True)
class ReadingGroup:
    """A heading of the reading list and its entries."""

    title: str
    references: tuple[Reference, ...]


@dataclass(frozen=True)
class Figure:
    """An image whose file exists, with its caption and alt text."""

    src: str             # relative to the manuscript folder
    caption: str
    alt: str
    location: Location | None = None


@dataclass(frozen=True)
class CrossRef:
    """A reference as every edition prints it: "Figure 2", "Figures 2 and 3", a section's
    title; a page reference's text depends on the edition (its pages), so it has none."""

    keys: str            # as written: "fig-map", "fig-a fig-b", "page-tbl-x"
    text: str            # as printed, "" for a page reference
    targets: tuple[str, ...]  # the ids its links lead to
    location: Location | None = None
    links: tuple[tuple[str, str], ...] = ()  # (id, text) of each link; a page's text is ""


@dataclass(frozen=True)
class Numbered:
    """A figure or a table with its number, as its caption prints it."""

    id: str              # its label, or "" when it has none
    label: str           # "Figure 2."
    caption: str


@dataclass(frozen=True)
class PageBreak:
    """Where a printed page begins: in block data-b, after this many letters and digits."""

    page: int
    block: str
    offset: int


@dataclass(frozen=True)
class Question:
    """A numbered '::: question' block: "Question 3", its anchor (qst-...) for references."""

    id: str
    number: int
    label: str           # as printed: "Question 3"


@dataclass(frozen=True)
class Formula:
    """One TeX formula as written: the PDF draws it, the EPUB and the web page show MathML."""

    tex: str
    display: bool        # $$...$$: on a line of its own
    location: Location | None = None


@dataclass(frozen=True)
class Book:
    """Everything the renderers need, from one pandoc pass; no stage changes it."""

    metadata: Metadata
    chapters: tuple[Chapter, ...]
    notes: tuple[Note, ...]
    timeline: tuple[Event, ...]
    reading_list: tuple[ReadingGroup, ...]
    figures: tuple[Figure, ...]
    root: str            # the book folder, for images
    page_breaks: tuple[PageBreak, ...] = ()  # set from the PDF's layout, for the EPUB
    target_pages: tuple[tuple[str, int], ...] = ()  # (label, page) in that layout
    crossrefs: tuple[CrossRef, ...] = ()
    numbered: tuple[Numbered, ...] = ()
    content: Content = Content()  # what each output must show, checked by each renderer
    edition: str = "student"  # or "teacher": with the answers and the teaching notes
    questions: tuple[Question, ...] = ()
    formulas: tuple[Formula, ...] = ()  # in document order (notes last, as pandoc writes them)
    # what the students' edition must not show (source.classroom_blocks.Withheld), for the leak
    # check after the build; no renderer reads it
    withheld: tuple = ()
    # the CSL data of every work this edition cites or lists, for a course reader's combined
    # bibliography; no renderer reads it
    works: tuple[dict, ...] = ()

    def note(self, number: int) -> Note:
        return self.notes[number - 1]

    @property
    def headings(self) -> tuple[Heading, ...]:
        """Chapter titles, section headings and reading-list group titles in reading order,
        each at the level the PDF bookmarks and the EPUB contents both show it."""
        written = []
        for chapter in self.chapters:
            written.append(Heading(1, chapter.id, chapter.title, f"{chapter.id}-title",
                                   chapter.location))
            written.extend(chapter.subheadings)
        shown = outline([h.level for h in written])
        return tuple(dataclasses.replace(h, level=level) for h, (level, _) in zip(
            written, shown, strict=True))


def outline(levels: list[int]) -> list[tuple[int, int | None]]:
    """For headings of these written levels: the level each is shown at, and the index of
    the heading it is shown under. A skipped level (# then ###) nests one step, not two."""
    shown, open_ = [], []  # open_: indexes of the headings that hold the current one
    for index, level in enumerate(levels):
        while open_ and levels[open_[-1]] >= level:
            open_.pop()
        shown.append((len(open_) + 1, open_[-1] if open_ else None))
        open_.append(index)
    return shown


def group_id(title: str) -> str:
    """The anchor of a reading-list group, the same in both outputs."""
    return "reading-" + (re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "list")


# The image formats every EPUB reader must show (EPUB 3 core media types) and WeasyPrint reads.
IMAGE_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
               ".gif": "image/gif", ".svg": "image/svg+xml", ".webp": "image/webp"}


def image_path(src: str) -> str:
    """The file an image's src names, relative to the manuscript folder: its URL escapes
    decoded (pandoc and HTML serialisers write fotka-Václav.png as fotka-V%C3%A1clav.png)."""
    from urllib.parse import unquote

    return src if src.startswith("data:") else unquote(src)


def image_file(src: str) -> str:
    """Where an image (given relative to the manuscript folder) lives in the EPUB: a name
    of letters, digits and . _ - alone, which EPUBCheck accepts without a warning (a space
    becomes -, with a digest of the real name so that two names never meet)."""
    path = posixpath.normpath(image_path(src))
    plain = "".join(c if c.isalnum() or c in "._/-" else "-" for c in path)
    if plain == path:
        return path
    stem, suffix = posixpath.splitext(plain)
    return f"{stem}-{hashlib.sha1(path.encode()).hexdigest()[:8]}{suffix}"


def squash(text: str) -> str:
    """Text as compared across outputs: no whitespace, no hyphens (line-end hyphenation)."""
    return re.sub(r"[\s\-\u2010\u00ad\u2060]+", "", text)


PAGE_MARK = "\ufffc"  # where a page reference stands in a note's text: each edition its own


def same_text(expected: str, shown: str | None) -> bool:
    """Whether an output shows a text of the book, its page references (PAGE_MARK)
    printed as that output prints them."""
    return shown is not None and text_pattern(expected).fullmatch(squash(shown)) is not None


def text_pattern(expected: str):
    """The squashed text as a pattern in which a page reference is any few characters."""
    return re.compile(".{0,40}?".join(re.escape(part) for part in
                                      squash(expected).split(PAGE_MARK)))


def note_number(ref) -> int:
    """The number of the note a call (an <a href="#fnN">) points at."""
    return int(ref.get("href").rsplit("fn", 1)[1])


# The blocks of running text: each gets a data-b mark, the same in the PDF and the EPUB,
# so the page list can find a printed page's first words again.
TEXT_BLOCKS = tuple(KINDS)  # the blocks whose words the content check follows


def chapter_file(index: int) -> str:
    """The EPUB file of the index-th chapter (from 1)."""
    return f"text/ch{index:02d}.xhtml"
