"""Pandoc's HTML in, the frozen Book out: chapters, numbered notes, reading list, figures."""

from __future__ import annotations

import dataclasses
from copy import deepcopy
from html import escape

import lxml.html
from lxml import etree

from ..assemble.block_elements import shape_blocks
from ..core.classroom_words import words
from ..core.diagnostics import Location, Report
from ..core.language import language
from ..core.manuscript_blocks import KINDS, Block, Content, own_text
from ..core.model import (
    PAGE_MARK,
    TEXT_BLOCKS,
    Book,
    Chapter,
    Event,
    Figure,
    Heading,
    Note,
    ReadingGroup,
    Reference,
    group_id,
    note_number,
)
from ..core.timeline_dates import parse_start
from ..pandoc.run import TIMELINE_DIV
from ..source.csl import citation_format
from ..source.label_rules import timeline_references
from ..source.load import Sources
from ..source.sanitise import sanitise_html
from ..source.scan import Found, note_sites
from .cross_references import resolve_cross_references
from .formulas import prepare_formulas
from .no_break import bind_no_break_places
from .typeset import decode_image_paths, mark_inline_images, mark_smallcaps, set_note_citations

# Where a note's call context (the words before the call) is taken from.
CONTEXT_BLOCKS = (*TEXT_BLOCKS, "figcaption", "h1", "div")


def assemble_book(sources: Sources, html: str, found: list[Found], report: Report,
                  reading_plan=lambda rendered: []) -> Book:
    """reading_plan maps citeproc's keys, in its order, to the reading list's groups."""
    html = sanitise_html(html, sources.chapters, report)  # only the allow-list's markup
    root = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
    close_citeproc_quotes(root, language(sources.metadata.lang).quotes)
    drop_empty_items(root)
    bind_no_break_places(root, sources.metadata.lang)  # before notes and events are taken out
    event_html = take_timeline_texts(root)
    decode_image_paths(root, *event_html)
    figures = collect_figures(root, sources, found, report)
    formulas = prepare_formulas(root, found)
    crossrefs, numbered = resolve_cross_references(
        root, [*found, *timeline_references(sources)], timeline_labels(sources),
        language(sources.metadata.lang).words, report, extra=event_html,
        question=(words(sources.metadata.lang).question, words(sources.metadata.lang).questions))
    figures = tuple(dataclasses.replace(f, alt=img.get("alt") or f.caption)  # as resolved
                    for f, img in zip(figures, root.iter("img"), strict=False))
    notes = collect_notes(root, note_sites(sources.chapters))
    reading_list = collect_reading_list(root, reading_plan, in_text_style(sources))
    if in_text_style(sources):
        space_citations(root)
    questions = shape_blocks(root, words(sources.metadata.lang))
    mark_inline_images(root, report, {f.value: f.location for f in found if f.kind == "image"})
    mark_smallcaps(root)
    opening = wrap_opening(root)
    chapters = collect_chapters(root, found, reading_list, opening, sources)
    timeline = collect_timeline(sources, event_html)
    return Book(
        metadata=sources.metadata,
        chapters=chapters,
        notes=notes,
        timeline=timeline,
        reading_list=reading_list,
        figures=figures,
        root=str(sources.root),
        content=collect_content(root, sources, chapters, notes, timeline),
        questions=questions,
        crossrefs=crossrefs,
        numbered=numbered,
        formulas=formulas,
    )


def timeline_labels(sources: Sources) -> list[tuple[str, str]]:
    """Each timeline event's id (or "") and its date as shown, which @tl-x prints."""
    data = sources.timeline.data if sources.timeline else None
    return [(str(item.get("id") or ""), str(item.get("when", "")).replace("-", "\u2013"))
            for item in (data if isinstance(data, list) else []) if isinstance(item, dict)]


def collect_notes(root, sites: list[Location]) -> tuple[Note, ...]:
    """Number the notes in reading order, with their texts and the places that call them."""
    section = next(iter(root.xpath('./section[@role="doc-endnotes"]')), None)
    if section is None:
        return ()
    items = {li.get("id"): li for li in section.iter("li")}
    section.drop_tree()
    notes = []
    refs = root.xpath('.//a[@class="footnote-ref"]')
    sites = sites if len(sites) == len(refs) else [None] * len(refs)
    for number, (ref, site) in enumerate(zip(refs, sites, strict=True), 1):
        li = items[ref.get("href").lstrip("#")]
        for back in li.xpath('.//a[@class="footnote-back"]'):
            _drop_keep_tail(back)
        set_note_citations(li)
        in_citation = ref.getparent() is not None and ref.getparent().get("class") == "citation"
        kind = "citation" if in_citation else "footnote"
        notes.append(Note(number=number, html=_inner_html(li), text=note_text(li), kind=kind,
                          context=_context(ref), location=site))
        ref.set("href", f"#fn{number}")
        ref.set("id", f"fnref{number}")
    return tuple(notes)


def note_text(item) -> str:
    """A note's or an event's plain text, a page reference in it as PAGE_MARK (each edition
    prints its own)."""
    copy = deepcopy(item)
    for pages in copy.xpath('.//span[@class="pages"]'):
        pages.tail = PAGE_MARK + (pages.tail or "")
        _drop_keep_tail(pages)
    return plain_text(copy)


def collect_reading_list(root, reading_plan, in_text: bool) -> tuple[ReadingGroup, ...]:
    """Citeproc writes the bibliography at the end; the entries the plan names become the
    reading list, which the renderers put where the author placed '::: reading-list'.

    In an author-date style no note gives a cited work in full, so the works the plan
    leaves out are listed too, under 'References'."""
    refs = root.find('.//div[@id="refs"]')
    if refs is None:
        return ()
    refs.drop_tree()
    rendered = {}
    for entry in refs.xpath('./div[contains(@class, "csl-entry")]'):
        key = entry.get("id", "").removeprefix("ref-")
        rendered[key] = Reference(key, _inner_html(entry), plain_text(entry))
    plan = reading_plan(list(rendered))
    groups = [(title, tuple(rendered[k] for k in keys if k in rendered)) for title, keys in plan]
    if in_text:
        placed = {k for _, keys in plan for k in keys}
        groups.append(("References", tuple(r for k, r in rendered.items() if k not in placed)))
    return tuple(ReadingGroup(title, refs) for title, refs in groups if refs)


def drop_empty_items(root) -> None:
    """A list item left empty (its raw LaTeX taken out, SZ222, or nothing written after its
    marker) has no line: in print its marker stands over the next item's. A bullet alone is
    dropped; a number keeps its own line, so the numbers after it stay as written."""
    for item in list(root.iter("li")):
        if "".join(item.itertext()).strip() or len(item.xpath(".//img|.//svg")):
            continue
        if item.getparent().tag == "ol":
            item.text = "\u00a0"
        else:
            _drop_keep_tail(item)


def close_citeproc_quotes(root, quotes: tuple[str, ...]) -> None:
    """Some of pandoc's CSL locales (cs) close a quotation with a straight '"': give each
    one the language's closing mark where the language's opening mark is open before it."""
    opening, closing = quotes[0].strip(), quotes[1].strip()
    if opening == closing:
        return
    state = {"open": False}

    def fix(text: str | None) -> str | None:
        if not text:
            return text
        out = []
        for char in text:
            if char == opening:
                state["open"] = True
            elif char == closing:
                state["open"] = False
            elif char == '"' and state["open"]:
                char, state["open"] = closing, False
            out.append(char)
        return "".join(out)

    def walk(element) -> None:
        element.text = fix(element.text)
        for child in element:
            walk(child)
            child.tail = fix(child.tail)

    for holder in root.xpath('.//div[@id="refs"]/div | ./section[@role="doc-endnotes"]//li'):
        state["open"] = False
        walk(holder)


def in_text_style(sources: Sources) -> bool:
    """Citations set in the text (author-date, numeric), not as notes."""
    return sources.csl is not None and citation_format(sources.csl) != "note"


def space_citations(root) -> None:
    """A citation written right after a word or a stop, as for a note ("end.[@key]"), gets
    the space an in-text citation needs: "end. (Smith, 2020)"."""
    for span in root.xpath('.//span[@class="citation"]'):
        previous = span.getprevious()
        if previous is not None:
            before = previous.tail or ""
            if before and not before[-1].isspace() and before[-1] not in "([":
                previous.tail = before + " "
        else:
            parent = span.getparent()
            before = parent.text or ""
            if before and not before[-1].isspace() and before[-1] not in "([":
                parent.text = before + " "


def collect_figures(root, sources: Sources, found: list[Found], report: Report):
    """Every image whose file exists. A pending one (its photo comes later) is left out of
    the book, with a note saying where its file is expected."""
    figures = []
    lines = {f.value: f.location for f in found if f.kind == "image"}
    for img in list(root.iter("img")):
        src = img.get("src", "")
        figure = next(img.iterancestors("figure"), None)
        caption = plain_text(figure.find("figcaption")) if figure is not None else ""
        if not sources.has_image(src):
            expected = f"{sources.manuscript_rel}/{src}"
            what = f"the figure '{caption}'" if caption else "the image"
            report.note("SZ215", f"photo not supplied: put the image at {expected} to print {what}",
                        lines.get(src))
            if figure is not None:
                figure.drop_tree()
            else:
                _drop_keep_tail(img)
            continue
        figures.append(Figure(src=src, caption=caption, alt=img.get("alt") or caption,
                              location=lines.get(src)))
    return tuple(figures)


LEVEL1 = './section[contains(concat(" ", @class, " "), " level1 ")]'


OPENING = "opening"


def wrap_opening(root) -> str | None:
    """What comes before the first chapter's heading (an epigraph, a note to students,
    sections under ## headings), as pandoc sets it: an untitled section before the first
    chapter. It becomes a section of its own; its id, or None when there is no such text."""
    first = next(iter(root.xpath(LEVEL1)), None)
    before = [e for e in root if e is not first and (first is None or e in
              first.itersiblings(preceding=True))]
    if not before or not any(_has_content(e) for e in before) and not (root.text or "").strip():
        return None
    taken = {e.get("id") for e in root.iter() if isinstance(e.tag, str)}
    ident = next(f"{OPENING}-{n}" if n else OPENING for n in range(len(taken) + 1)
                 if (f"{OPENING}-{n}" if n else OPENING) not in taken)
    section = etree.Element("section", {"id": ident, "class": f"level1 {OPENING}"})
    section.text, root.text = root.text, None
    for element in before:
        section.append(element)
    root.insert(0, section)
    return ident


# Empty in pandoc's HTML, filled by the renderers: a placeholder is content.
PLACEHOLDERS = 'descendant-or-self::div[@class="reading-list" or @class="timeline"]'


def _has_content(element) -> bool:
    return isinstance(element.tag, str) and (
        bool("".join(element.itertext()).strip()) or element.find(".//img") is not None
        or element.tag in ("img", "hr", "figure", "table") or bool(element.xpath(PLACEHOLDERS)))


def collect_chapters(root, found: list[Found], reading_list, opening: str | None = None,
                     sources: Sources | None = None) -> tuple[Chapter, ...]:
    """Each level-1 section of pandoc's HTML as a Chapter, with its notes and subheadings.
    The opening (wrap_opening) is a chapter with the book's title in the navigation only."""
    files = iter([f.location.path for f in found if f.kind == "heading" and f.value == "1"])
    chapters = []
    mark_blocks(root)
    where = heading_locations(root, found)
    for section in root.xpath(LEVEL1):
        if opening and section.get("id") == opening:
            chapters.append(opening_chapter(section, sources, reading_list, where))
            continue
        heading = section.find("h1")
        title = plain_text(heading) if heading is not None else ""
        location = where.get(heading)
        if heading is not None:
            heading.drop_tree()
        subheadings = collect_subheadings(section, reading_list, where)
        numbers = [note_number(a) for a in section.xpath('.//a[@class="footnote-ref"]')]
        chapters.append(Chapter(id=section.get("id"), title=title, html=_inner_html(section),
                                notes=tuple(numbers), source=next(files, ""),
                                subheadings=tuple(subheadings), location=location))
    return tuple(chapters)


def opening_chapter(section, sources: Sources, reading_list, where: dict) -> Chapter:
    """The untitled opening: the navigation names it after the book, no heading is printed."""
    first = sources.chapters[0] if sources.chapters else None
    line = next((n for n, text in enumerate(first.lines, 1) if text.strip()), 1) if first else 1
    numbers = [note_number(a) for a in section.xpath('.//a[@class="footnote-ref"]')]
    return Chapter(id=section.get("id"), title=sources.metadata.title, html=_inner_html(section),
                   notes=tuple(numbers), source=first.rel if first else "",
                   subheadings=tuple(collect_subheadings(section, reading_list, where)),
                   location=Location(first.rel, line, 1) if first else None, opening=True)


def heading_locations(root, found: list[Found]) -> dict:
    """Each heading of pandoc's HTML and the line it was written on: the scan's headings,
    in order, matched by their letters (a heading the scan missed gets none)."""
    written = [(f, _letters(f.extra)) for f in found if f.kind == "heading"]
    where, start = {}, 0
    for element in root.iter("h1", "h2", "h3", "h4", "h5", "h6"):
        letters = _letters(plain_text(element))
        for index in range(start, min(start + 3, len(written))):
            if letters and written[index][1].startswith(letters):
                where[element] = written[index][0].location
                start = index + 1
                break
    return where


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def mark_blocks(root) -> None:
    """Number the blocks of text: the same data-b in the PDF and the EPUB lets a printed
    page's first words be found again in the EPUB (its page-list)."""
    for number, element in enumerate(root.iter(*TEXT_BLOCKS), 1):
        element.set("data-b", f"b{number}")


def collect_subheadings(section, reading_list, where: dict) -> list[Heading]:
    """Headings inside a chapter in reading order; reading-list groups sit one level below
    the heading of the section that holds the list."""
    found = []
    for element in section.iter("h2", "h3", "h4", "h5", "h6", "div"):
        if element.tag != "div":
            found.append(Heading(int(element.tag[1]), element.getparent().get("id") or "",
                                 plain_text(element), element.get("data-b", ""),
                                 where.get(element)))
        elif element.get("class") == "reading-list":
            holder = element.getparent()
            level = int((holder.get("class") or "level1").split("level")[-1][:1] or 1) + 1
            found += [Heading(level, group_id(g.title), g.title) for g in reading_list
                      if g.title]
    return found


def collect_content(root, sources: Sources, chapters, notes, timeline) -> Content:
    """What each output must show: every block of text, note and timeline event, built once."""
    # a definition list inside '::: reading-list' names its groups and their works: it says
    # how to build the list, it is not text to show as written
    instructions = set(root.xpath('.//div[@class="reading-list"]//dl//*'))
    blocks = []
    sections = root.xpath(LEVEL1)
    for chapter, section in zip(chapters, sections, strict=False):
        if not chapter.opening:  # the opening prints no heading: the title block names it
            blocks.append(Block(f"{chapter.id}-title", "heading", chapter.title,
                                chapter.source, chapter.location))
        blocks += _blocks(section.iter(*KINDS), chapter.source, instructions)
    # text outside every chapter (before the first heading) must not vanish unnoticed either
    outside = root.xpath('./*[not(self::section[contains(concat(" ", @class, " "), " level1 ")])]')
    blocks += _blocks((e for top in outside for e in top.iter(*KINDS)),
                      chapters[0].source if chapters else "", instructions)
    blocks += [Block(note.id, "note", note.text.replace(PAGE_MARK, ""), location=note.location)
               for note in notes]
    blocks += [Block(f"tl{i}", "timeline event",
                     f"{e.when_display} {e.text}".replace(PAGE_MARK, ""),
                     location=e.location) for i, e in enumerate(timeline, 1)]
    return Content(tuple(blocks), tuple((c.rel, c.text) for c in sources.chapters))


def _blocks(elements, source: str, instructions: set) -> list[Block]:
    out = []
    for element in elements:
        text = " ".join(own_text(element).split())
        if text and element.get("data-b") and element not in instructions:
            out.append(Block(element.get("data-b"), KINDS[element.tag], text, source))
    return out


def take_timeline_texts(root) -> list:
    """The timeline's texts as the pandoc pass set them (pandoc.timeline_markdown), removed
    from the body: one element per event, in order."""
    holder = root.find(f'.//div[@id="{TIMELINE_DIV}"]')
    if holder is None:
        return []
    holder.drop_tree()
    events = holder.xpath('./div[@class="event"]')
    for event in events:  # one paragraph: its content is the event's inline HTML
        if len(event) == 1 and event[0].tag == "p" and not (event.text or "").strip():
            event.text, event[:] = event[0].text, list(event[0])
    return events


def collect_timeline(sources: Sources, texts: list = ()) -> tuple[Event, ...]:
    """The timeline's events from the data, their texts as the pandoc pass set them."""
    data = sources.timeline.data if sources.timeline else None
    if not isinstance(data, list):
        return ()
    texts = list(texts) if len(texts) == len(data) else [None] * len(data)
    events = []
    for i, (item, html) in enumerate(zip(data, texts, strict=True)):
        if isinstance(item, dict):
            raw = " ".join(str(item.get("text", "")).split())
            events.append(Event(
                when=str(item.get("when", "")), start=parse_start(item.get("start")) or "0",
                text=note_text(html) if html is not None else raw,
                html=_inner_html(html) if html is not None else escape(raw, quote=False),
                id=str(item.get("id") or ""),
                location=Location(sources.timeline.rel, sources.timeline.line(i))))
    return tuple(events)


def plain_text(element) -> str:
    """An element's text without note calls, spaces folded."""
    if element is None:
        return ""
    text = "".join(element.xpath(".//text()[not(ancestor::a[@class='footnote-ref'])"
                                 " and not(ancestor::math)]"))  # a formula is no text
    return " ".join(text.split())


def _context(ref, words: int = 8) -> str:
    block = ref.getparent()
    while block is not None and block.tag not in CONTEXT_BLOCKS:
        block = block.getparent()
    parts: list[str] = []

    def walk(element) -> bool:
        if element is ref:
            return True
        if element.get("class") != "footnote-ref":
            parts.append(element.text or "")
            for child in element:
                if walk(child):
                    return True
                parts.append(child.tail or "")
        return False

    if block is not None:
        walk(block)
    return " ".join(" ".join(parts).split()[-words:])


def _inner_html(element) -> str:
    text = escape(element.text or "", quote=False)
    return (text + "".join(etree.tostring(child, encoding="unicode", method="html")
                           for child in element)).strip()


def _drop_keep_tail(element) -> None:
    parent, tail = element.getparent(), element.tail
    previous = element.getprevious()
    parent.remove(element)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
