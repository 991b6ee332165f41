"""Cross-reference rules over the sources, one small function per rule.

They run before pandoc, because pandoc forgives too much: an unknown citation key
becomes '???', an undefined [^9] is printed as text.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from pathlib import PurePosixPath

from ..core.diagnostics import Location, Report
from ..core.model import IMAGE_TYPES, outline
from ..core.timeline_dates import parse_start, starts_before
from .allowlist import dangerous_scheme
from .bibliography import BibFile
from .css_urls import check_stylesheet_urls
from .footnotes import check_footnotes
from .images import image_problem
from .legal import LEGAL_SOURCE_TYPES
from .load import Sources, bibliography_groups
from .mapping import check_mapping
from .rawhtml import (
    check_attribute_blocks,
    check_raw_html_text,
    offset_place,
    refuse_data_image,
    refuse_scheme,
)
from .readinglist import ReadingList, last_entry_line
from .scan import IMAGE, Found, image_found
from .svgclean import clean_svg


def check_sources(sources: Sources, bibliography: tuple[BibFile, ...],
                  lists: tuple[ReadingList, ...], found: list[Found], report: Report) -> None:
    """Every rule, in order; each reports into the report."""
    keys = check_bibliography(bibliography, report)
    check_mapping(bibliography, report)
    if all(not f.problems for f in bibliography) and len(bibliography) == len(
            sources.bibliography):  # else every key would be reported missing
        check_citations(sources, found, keys, report)
        check_reading_lists(lists, keys, sources, report)
    check_footnotes(found, report, did_you_mean)
    check_timeline(sources, report)
    check_placeholders(sources, bibliography, lists, found, report)
    check_images(sources, [*found, *timeline_images(sources)], report)
    check_links(sources, found, report)
    check_raw_html(sources, report)
    check_stylesheet_urls(sources.root, report)
    check_bibliography_html(bibliography, report)
    check_fenced_divs(found, report, lists)
    check_headings(sources, found, report)
    check_raw_tex(found, report)


def check_bibliography(files: tuple[BibFile, ...], report: Report) -> set[str]:
    """Every entry of every file: a key, once in the whole bibliography, a type, its fields."""
    keys: Counter = Counter()
    for entry in (e for f in files for e in f.entries or ()):
        where = entry.location
        if not entry.key:
            report.error("SZ302", "bibliography entry without an 'id'", where)
            continue
        key = entry.key
        keys[key] += 1
        if keys[key] == 2:
            report.error(
                "SZ303", f"bibliography key '{key}' is used for more than one entry", where)
        if not entry.data.get("type"):
            report.error("SZ304", f"bibliography entry '{key}' has no 'type'", where)
        elif entry.source_type not in ("", "misc", *LEGAL_SOURCE_TYPES) and (
                entry.data["type"] == "document"):
            report.warning(
                "SZ308", f"@{entry.source_type} '{key}' is not an entry type pandoc knows: it "
                "is printed as a plain document (use @book, @article, @incollection, @online, "
                "@report or @misc)", where)
        missing = needed_fields(entry.data)
        if missing:
            fields = " and ".join(f"'{f}'" for f in missing)
            report.error(
                "SZ305", f"bibliography entry '{key}' ({entry.data.get('type', 'no type')}) "
                f"needs {fields} for its notes and reading-list entry", where)
    return set(keys)


def check_reading_lists(lists: tuple[ReadingList, ...], keys: set[str], sources: Sources,
                        report: Report) -> None:
    """Each work a reading-list group names must be in the bibliography."""
    for listed in (w for rl in lists for g in rl.groups for w in g.works):
        if not sources.bibliography:
            report.error("SZ202", f"reading list names '{listed.key}' but the book has no "
                         "bibliography (set 'bibliography' in metadata.yaml)", listed.location)
        elif listed.key not in keys:
            hint = difflib.get_close_matches(listed.key, sorted(keys), n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            report.error("SZ306", f"reading list names '{listed.key}', which is not in the "
                         f"bibliography{suggestion}", listed.location)


# What a notes-and-bibliography style prints for each kind of work; without these fields
# citeproc prints a bare or misleading note instead of failing.
NEEDED = {
    "book": ("author|editor", "title", "publisher", "issued"),
    "chapter": ("author", "title", "container-title", "publisher", "issued"),
    "article-journal": ("author", "title", "container-title", "issued"),
    "article-newspaper": ("title", "container-title", "issued"),
    "article-magazine": ("title", "container-title", "issued"),
    "webpage": ("title", "URL"),
    "post-weblog": ("title", "URL"),
    "motion_picture": ("title", "issued"),
}


def needed_fields(entry: dict) -> list[str]:
    """The fields an entry of this type lacks for a notes-and-bibliography style."""
    needed = NEEDED.get(str(entry.get("type")), ("title",))
    return [name for name in needed
            if not any(entry.get(alternative) for alternative in name.split("|"))]


def check_citations(sources: Sources, found: list[Found], keys: set[str], report: Report):
    """Every citation key is in the bibliography."""
    for item in found:
        if item.kind != "citation":
            continue
        if not sources.bibliography:
            report.error("SZ202", f"citation '{item.value}' but the book has no bibliography "
                         "(set 'bibliography' in metadata.yaml)", item.location)
        elif item.value not in keys:
            report.error("SZ201", f"citation '{item.value}' is not in the bibliography"
                         f"{did_you_mean(item.value, keys)}", item.location)


def did_you_mean(name: str, known) -> str:
    """' (did you mean 'x'?)' for the closest known name, or nothing."""
    hint = difflib.get_close_matches(name, sorted(known), n=1)
    return f" (did you mean '{hint[0]}'?)" if hint else ""


def check_timeline(sources: Sources, report: Report) -> None:
    """The timeline is a list of events, each with a date, a start and a text, in order."""
    tl = sources.timeline
    if tl is None:
        return
    if not isinstance(tl.data, list):
        report.error("SZ311", "the timeline must be a list of events", Location(tl.rel, 1, 1))
        return
    dated: list[tuple[str, str, Location]] = []  # (start, when, where) of each dated event
    for i, event in enumerate(tl.data):
        where = Location(tl.rel, tl.line(i), 1)
        if not isinstance(event, dict):
            report.error(
                "SZ312", "a timeline event must be a mapping with 'when', 'start' and 'text'",
                where)
            continue
        for name in ("when", "text"):
            if not str(event.get(name) or "").strip():
                meaning = {"when": "the date as written", "text": "what happened"}[name]
                report.error("SZ313", f"timeline event without '{name}' ({meaning})", where)
        start = parse_start(event.get("start"))
        if start is None:
            report.error(
                "SZ314", "timeline event needs 'start', when it begins: a year (1968), a "
                "year and month (\"1968-08\") or a date (1968-08-20)", where)
            continue
        dated.append((start, str(event.get("when", start)), where))
    check_timeline_order(dated, report)


def check_timeline_order(dated: list[tuple[str, str, Location]], report: Report) -> None:
    """The events that moved: all but the longest run of events in order, each reported at
    its own line (an event moved up is not blamed on every event after it)."""
    kept = set(in_order(dated))
    for i, (start, when, where) in enumerate(dated):
        if i in kept:
            continue
        above = [dated[k][0] for k in sorted(kept) if k < i and starts_before(start, dated[k][0])]
        below = [dated[k][0] for k in sorted(kept) if k > i and starts_before(dated[k][0], start)]
        side = (f"before an event above it ({above[-1]})" if above else
                f"after an event below it ({below[0]})")
        report.error("SZ315", f"timeline event {when} is out of order: it starts {side}", where)


def in_order(dated: list[tuple[str, str, Location]]) -> list[int]:
    """The longest subsequence of events in order of start, every pair compared (a year does
    not order the days in it); of runs as long, the one that keeps the earlier events."""
    chains: list[list[int]] = []
    for j, (start, _, _) in enumerate(dated):
        fitting = [c for c in chains if not any(starts_before(start, dated[k][0]) for k in c)]
        best = max(fitting, key=len, default=[])
        chains.append([*best, j])
    return max(chains, key=len, default=[])


def check_placeholders(sources: Sources, bibliography: tuple[BibFile, ...],
                       lists: tuple[ReadingList, ...], found: list[Found],
                       report: Report) -> None:
    """The timeline and the grouped reading list are placed somewhere."""
    text = "\n".join(c.text for c in sources.chapters)
    placed = _fenced_classes(text)
    if sources.timeline is not None and "timeline" not in placed:
        report.warning("SZ216", "the timeline is never placed: add a '::: timeline' block where it "
                       "belongs", Location(sources.timeline.rel))
    grouped = next((f for f in bibliography if bibliography_groups((f,))), None)
    if grouped is not None and "reading-list" not in placed and not lists:
        report.warning(
            "SZ217", "the bibliography has entries with a 'group' but the reading list is "
            "never placed: add a '::: reading-list' block where it belongs",
            Location(grouped.rel))


def _fenced_classes(text: str) -> set[str]:
    classes = set()
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith(":::"):
            classes.update(stripped.strip(":{} ").replace(".", " ").split())
    return classes


REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def check_images(sources: Sources, found: list[Found], report: Report) -> None:
    """Every image is a local file inside the manuscript, of a kind every reader shows."""
    for item in found:
        if item.kind != "image":
            continue
        if item.value.lower().startswith("data:"):
            refuse_data_image("image", item.value, item.location, report)
            continue
        check_local_file(sources, item.value, "image", item, report,
                         pending=".pending" in item.extra)
        suffix = PurePosixPath(item.value).suffix.lower()
        if not REMOTE.match(item.value) and suffix not in IMAGE_TYPES:
            kinds = ", ".join(sorted({k.lstrip(".") for k in IMAGE_TYPES}))
            report.error(
                "SZ206", f"image '{item.value}' is not a kind every e-reader shows: use {kinds}",
                item.location)
        path = sources.resolve(item.value)
        if path is not None and suffix == ".svg" and path.is_file():
            check_svg(item, path, report)
        elif path is not None and path.is_file():
            check_raster(item, path, report)
        if path is not None and sources.manuscript_dir.resolve() not in path.parents:
            report.error("SZ207", f"image '{item.value}' must be inside {sources.manuscript_rel}/ "
                         f"(for example {sources.manuscript_rel}/images/)", item.location)


def check_svg(item: Found, path, report: Report) -> None:
    """What the SVG allow-list removes from a drawing, said at the figure's line."""
    cleaned, removed = clean_svg(path.read_bytes())
    if not cleaned:
        report.error("SZ233", f"SVG image '{item.value}' cannot be used: {removed[0]}",
                     item.location)
    elif removed:
        report.warning("SZ233", f"SVG image '{item.value}': {', '.join(dict.fromkeys(removed))} "
                       "removed (no edition runs a script or fetches anything)", item.location)


def check_raster(item: Found, path, report: Report) -> None:
    """The image opened and decoded to its end, once, before any edition reads it."""
    problem = image_problem(path)
    if problem is not None:
        code, reason = problem
        report.error(code, f"image '{item.value}' cannot be used: {reason}", item.location)


def timeline_images(sources: Sources) -> list[Found]:
    """The images the timeline's texts name, each at its event's text."""
    found = []
    for index, text in timeline_texts(sources):
        where = sources.timeline.place(index, "text")
        found += [image_found(m, where) for m in IMAGE.finditer(text)]
    return found


def check_local_file(sources: Sources, target: str, what: str, item: Found, report: Report,
                     pending: bool = False) -> None:
    """An image must be a file in the book folder: no network, no way out, no symlink out."""
    if target.startswith("data:"):
        return
    if target.lower().startswith("file:"):
        report.error(
            "SZ208", f"{what} '{target}' is an absolute file URL: give the path relative to "
            f"{sources.manuscript_rel}/, inside the book folder", item.location)
        return
    if REMOTE.match(target):
        report.error(
            "SZ209", f"{what} '{target}' is a remote URL: samizdat reads no network resource; "
            f"save the file into {sources.manuscript_rel}/images/ and point to it",
            item.location)
        return
    path = sources.resolve(target)
    if path is None:
        report.error(
            "SZ210", f"{what} path '{target}' leads outside the book folder", item.location)
    elif not path.is_file() and not pending:
        hint = did_you_mean(target, image_names(sources))
        advice = hint or " (mark the figure {.pending} if the photo comes later)"
        report.error("SZ211", f"{what} '{target}' not found: expected at "
                     f"{sources.manuscript_rel}/{target}{advice}", item.location)


def image_names(sources: Sources) -> list[str]:
    """Every image file in the manuscript folder, as a chapter names it."""
    folder = sources.manuscript_dir
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.suffix.lower() in IMAGE_TYPES and p.is_file())


def check_links(sources: Sources, found: list[Found], report: Report) -> None:
    """No link runs a script or leads out of the book folder."""
    for item in found:
        if item.kind == "link":
            check_link_target(sources, item.value, "link", item, report)


def check_link_target(sources: Sources, target: str, what: str, item: Found,
                      report: Report) -> None:
    """One link's target: no javascript:, no file:, nothing outside the book."""
    lower = target.lower()
    scheme = dangerous_scheme(target)
    if scheme:
        refuse_scheme(scheme, f"{what} '{target}'", item.location, report)
    elif lower.startswith("file:") or (
            not REMOTE.match(target) and not target.startswith("#")
            and sources.resolve(target.split("#")[0] or ".") is None):
        report.error("SZ210", f"{what} '{target}' leads outside the book folder", item.location)


def check_raw_html(sources: Sources, report: Report) -> None:
    """What the sanitiser removes of the raw HTML in the chapters and timeline texts, at its
    line; link targets that would run a script are errors."""
    def check_url(tag: str, attribute: str, value: str, where: Location) -> None:
        item, what = Found("tag", tag, where), f"raw HTML <{tag}> {attribute}"
        if attribute in ("href", "action", "formaction"):
            check_link_target(sources, value, what, item, report)
        elif attribute in ("src", "srcset"):
            target = value.split()[0] if value.split() else value
            check_local_file(sources, target, what, item, report)
            path = sources.resolve(target) if tag == "img" and attribute == "src" else None
            if path is not None and path.is_file() and path.suffix.lower() != ".svg":
                check_raster(Found("image", target, where), path, report)

    for chapter in sources.chapters:
        place = offset_place(chapter.rel, chapter.text)
        check_raw_html_text(chapter.text, place, report, check_url)
        check_attribute_blocks(chapter.text, place, report)
    for index, text in timeline_texts(sources):
        line = sources.timeline.line(index)
        check_raw_html_text(text, lambda offset, line=line: Location(
            sources.timeline.rel, line, 1), report)


# The markup CSL itself gives a field (citeproc sets it), beside HTML's harmless elements.
CSL_MARKUP = {"i", "b", "sup", "sub", "sc", "span"}


def check_bibliography_html(files: tuple[BibFile, ...], report: Report) -> None:
    """Raw HTML in a bibliography field: what the sanitiser removes, at the entry's line."""
    for entry in (e for f in files for e in f.entries or ()):
        for value in entry.data.values():
            if isinstance(value, str) and "<" in value:
                check_raw_html_text(value, lambda _, where=entry.location: where, report,
                                    skip=CSL_MARKUP)


def timeline_texts(sources: Sources) -> list[tuple[int, str]]:
    """(index, text) of each timeline event with a text."""
    data = sources.timeline.data if sources.timeline else None
    if not isinstance(data, list):
        return []
    return [(i, str(e["text"])) for i, e in enumerate(data)
            if isinstance(e, dict) and e.get("text")]


def check_fenced_divs(found: list[Found], report: Report, lists: tuple[ReadingList, ...] = ()):
    """Every '::: name' closed by ':::' in the same chapter file. Pandoc reads the files as
    one text: left open, a div would take in everything after it, later chapters too."""
    open_: list[Found] = []
    for item in [*found, None]:
        if item is None or (open_ and item.location.path != open_[-1].location.path):
            for fence in open_:
                report.error("SZ218", unclosed_div(fence, lists), fence.location)
            open_ = []
        if item is None:
            break
        if item.kind == "div-open":
            open_.append(item)
        elif item.kind == "div-close" and open_:
            open_.pop()


def unclosed_div(fence: Found, lists: tuple[ReadingList, ...] = ()) -> str:
    """The message for a fenced div never closed. A reading list is closed after its last
    entry (closed right after its opening, it would list the whole bibliography instead)."""
    name = fence.value.strip("{}").lstrip(".").split()[0] if fence.value.strip("{} ") else "div"
    reading = next((rl for rl in lists if rl.location == fence.location), None)
    last = last_entry_line(reading) if reading and name == "reading-list" else None
    if last is not None:
        return (f"'{fence.extra}' is never closed: put a line ':::' after its last entry, "
                f"line {last} (left open, everything after it would be replaced by the "
                "reading list)")
    if name in ("timeline", "reading-list"):
        return (f"'{fence.extra}' is never closed: put a line ':::' right after it (left open, "
                f"everything after it would be replaced by the {name.replace('-', ' ')})")
    return (f"the fenced div '{fence.extra}' is never closed: add a line ':::' where the "
            f"{name} ends (left open, it would take in the rest of the book)")


def check_headings(sources: Sources, found: list[Found], report: Report) -> None:
    """Each chapter file starts with a level-1 heading; no heading skips a level."""
    headings = [f for f in found if f.kind == "heading"]
    shown = outline([int(h.value) for h in headings])
    firsts = {h.location.path: h for h in reversed(headings)}
    chapter = None  # the title of the chapter the current text belongs to
    for chapter_file in sources.chapters:
        first = _first_line(chapter_file)
        heading = firsts.get(chapter_file.rel)
        opens_with = heading if heading and first and heading.location.line == first else None
        if first and not (opens_with and opens_with.value == "1"):
            check_chapter_start(chapter_file.rel, first, opens_with, chapter, report)
        for index, h in enumerate(headings):
            if h.location.path != chapter_file.rel:
                continue
            if h.value == "1":
                chapter = h.extra
            level, parent = shown[index]
            if parent is not None and int(h.value) > int(headings[parent].value) + 1:
                report.warning("SZ219", heading_jump(h, headings[parent], level), h.location)


def heading_jump(h: Found, parent: Found, level: int) -> str:
    """The message for a heading that skips a level."""
    steps = int(h.value) - int(parent.value)
    return (f"heading '{h.extra}' skips a level ({'#' * int(h.value)} under "
            f"{'#' * int(parent.value)}): the contents will show it one level below "
            f"'{parent.extra}', not {_count(steps)}; write "
            f"'{'#' * (int(parent.value) + 1)} {h.extra}'")


def _count(n: int) -> str:
    return {2: "two", 3: "three", 4: "four", 5: "five"}.get(n, str(n))


def check_chapter_start(rel: str, line: int, heading: Found | None, chapter: str | None,
                        report: Report) -> None:
    """A chapter file starts with a level-1 heading."""
    where = Location(rel, line, 1)
    if chapter is None:  # the book's opening, before its first chapter (as pandoc sets it)
        return
    if heading is not None:
        report.warning(
            "SZ220", f"this chapter file starts with a level-{heading.value} heading: the "
            f"contents will show '{heading.extra}' inside the chapter before it, '{chapter}', "
            f"and its text joins that chapter; write '# {heading.extra}' to make it a chapter "
            "of its own", where)
    else:
        report.warning(
            "SZ220", f"this chapter file starts with text, not a heading: its text joins the "
            f"chapter before it, '{chapter}'; start the file with '# Title'", where)


def _first_line(source) -> int | None:
    """The line of the file's first block (blank lines and HTML comments aside)."""
    in_comment = False
    for number, line in enumerate(source.lines, 1):
        stripped = line.strip()
        if in_comment or stripped.startswith("<!--"):
            in_comment = "-->" not in stripped
            continue
        if stripped:
            return number
    return None


# What to write instead of common LaTeX commands, which pandoc leaves out of HTML.
TEX_INSTEAD = {"emph": "*{}*", "textit": "*{}*", "textbf": "**{}**", "textsc": "[{}]{{.smallcaps}}",
               "underline": "[{}]{{.underline}}", "footnote": "^[{}]", "cite": "[@{}]",
               "url": "<{}>", "texttt": "`{}`"}
PAGE_BREAKS = {"newpage", "clearpage", "pagebreak", "cleardoublepage", "vspace", "hspace",
               "noindent", "bigskip", "medskip", "smallskip", "linebreak"}


def check_raw_tex(found: list[Found], report: Report) -> None:
    """Raw LaTeX: pandoc reads it and then leaves it out of the PDF and the EPUB."""
    for item in found:
        if item.kind == "raw-tex":
            report.warning("SZ222", raw_tex_message(item.value, item.extra), item.location)


def raw_tex_message(command: str, written: str) -> str:
    """The message for raw LaTeX that the outputs leave out."""
    argument = re.match(r"[^{]*\{([^{}]*)\}", written)
    if command == "begin" and argument:
        return (f"raw LaTeX environment '\\begin{{{argument.group(1)}}}' is left out of the PDF "
                "and the EPUB, with everything in it: write it in Markdown")
    if command in TEX_INSTEAD and argument:
        instead = TEX_INSTEAD[command].format(argument.group(1))
        return f"raw LaTeX '{written}' is left out of the PDF and the EPUB: write {instead}"
    if command in PAGE_BREAKS:
        return (f"raw LaTeX '{written}' is left out of the PDF and the EPUB: samizdat sets "
                "the spacing and page breaks itself; delete it")
    return (f"raw LaTeX '{written}' is left out of the PDF and the EPUB: write it in Markdown "
            "(a literal backslash is written '\\\\')")
