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
from .bibliography import BibFile
from .load import Sources, bibliography_groups
from .readinglist import ReadingList
from .scan import Found


def check_sources(sources: Sources, bibliography: tuple[BibFile, ...],
                  lists: tuple[ReadingList, ...], found: list[Found], report: Report) -> None:
    """Every rule, in order; each reports into the report."""
    keys = check_bibliography(bibliography, report)
    if all(not f.problems for f in bibliography) and len(bibliography) == len(
            sources.bibliography):  # else every key would be reported missing
        check_citations(sources, found, keys, report)
        check_reading_lists(lists, keys, sources, report)
    check_footnotes(found, report)
    check_timeline(sources, report)
    check_placeholders(sources, bibliography, lists, found, report)
    check_images(sources, found, report)
    check_links(sources, found, report)
    check_raw_html(sources, found, report)
    check_fenced_divs(found, report)
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
        elif entry.source_type not in ("", "misc") and entry.data["type"] == "document":
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


def check_footnotes(found: list[Found], report: Report) -> None:
    """Every footnote call has a definition, and every definition a call."""
    defined = {f.value: f for f in found if f.kind == "note-def"}
    used = {f.value for f in found if f.kind == "note-ref"}
    for item in found:
        if item.kind == "note-ref" and item.value not in defined:
            report.error("SZ203", f"footnote '[^{item.value}]' is referenced but never defined"
                         f"{did_you_mean(item.value, defined)}", item.location)
    for label, item in defined.items():
        if label not in used:
            report.warning("SZ204", f"footnote '[^{label}]' is defined but never referenced",
                           item.location)


def check_timeline(sources: Sources, report: Report) -> None:
    """The timeline is a list of events, each with a date, a start and a text, in order."""
    tl = sources.timeline
    if tl is None:
        return
    if not isinstance(tl.data, list):
        report.error("SZ311", "the timeline must be a list of events", Location(tl.rel, 1, 1))
        return
    earlier: list[str] = []  # a year does not order the days in it: each is compared
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
        later = [p for p in earlier if starts_before(start, p)]
        if later:
            report.error(
                "SZ315", f"timeline event {event.get('when', start)!s} is out of order: it "
                f"starts before an event above it ({later[-1]})", where)
        earlier.append(start)


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
FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "style", "link", "base", "frame",
                  "frameset", "applet", "meta", "form"}
URL_ATTRIBUTE = re.compile(
    r"""\b(src|href|data|srcset|poster|action)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
HANDLER = re.compile(r"\bon[a-z]+\s*=", re.I)


def check_images(sources: Sources, found: list[Found], report: Report) -> None:
    """Every image is a local file inside the manuscript, of a kind every reader shows."""
    for item in found:
        if item.kind != "image":
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
        if path is not None and sources.manuscript_dir.resolve() not in path.parents:
            report.error("SZ207", f"image '{item.value}' must be inside {sources.manuscript_rel}/ "
                         f"(for example {sources.manuscript_rel}/images/)", item.location)


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
        report.error("SZ211", f"{what} '{target}' not found: expected at "
                     f"{sources.manuscript_rel}/{target} (mark the figure {{.pending}} if the "
                     "photo comes later)", item.location)


def check_links(sources: Sources, found: list[Found], report: Report) -> None:
    """No link runs a script or leads out of the book folder."""
    for item in found:
        if item.kind == "link":
            check_link_target(sources, item.value, "link", item, report)


def check_link_target(sources: Sources, target: str, what: str, item: Found,
                      report: Report) -> None:
    """One link's target: no javascript:, no file:, nothing outside the book."""
    lower = target.lower()
    if lower.startswith("javascript:"):
        report.error("SZ212", f"{what} '{target}' runs a script: javascript: links are not allowed",
                     item.location)
    elif lower.startswith("file:") or (
            not REMOTE.match(target) and not target.startswith("#")
            and sources.resolve(target.split("#")[0] or ".") is None):
        report.error("SZ210", f"{what} '{target}' leads outside the book folder", item.location)


def check_raw_html(sources: Sources, found: list[Found], report: Report) -> None:
    """Harmless raw HTML passes; what runs code or fetches resources does not."""
    for item in found:
        if item.kind != "tag":
            continue
        name = item.value.lower()
        if name in FORBIDDEN_TAGS:
            report.error(
                "SZ213", f"raw HTML <{name}> is not allowed in the manuscript: it would run code "
                "or load resources in the EPUB and the PDF", item.location)
            continue
        if HANDLER.search(item.extra):
            report.error(
                "SZ214", f"raw HTML <{name}> has an event handler (on...=): scripts are not "
                "allowed", item.location)
        for attribute, value in URL_ATTRIBUTE.findall(item.extra):
            value, what = value.strip("\"'"), f"raw HTML <{name}> {attribute.lower()}"
            if attribute.lower() in ("href", "action"):
                check_link_target(sources, value, what, item, report)
            else:
                check_local_file(sources, value.split()[0] if value else value, what, item,
                                 report)


def check_fenced_divs(found: list[Found], report: Report) -> None:
    """Every '::: name' closed by ':::' in the same chapter file. Pandoc reads the files as
    one text: left open, a div would take in everything after it, later chapters too."""
    open_: list[Found] = []
    for item in [*found, None]:
        if item is None or (open_ and item.location.path != open_[-1].location.path):
            for fence in open_:
                report.error("SZ218", unclosed_div(fence), fence.location)
            open_ = []
        if item is None:
            break
        if item.kind == "div-open":
            open_.append(item)
        elif item.kind == "div-close" and open_:
            open_.pop()


def unclosed_div(fence: Found) -> str:
    """The message for a fenced div never closed."""
    name = fence.value.strip("{}").lstrip(".").split()[0] if fence.value.strip("{} ") else "div"
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
    if chapter is None:
        what = f"'{heading.extra}'" if heading else "its opening text"
        report.error("SZ220", f"the book's first chapter file must start with a level-1 heading "
                     f"('# Title'): {what} would belong to no chapter and be left out", where)
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
