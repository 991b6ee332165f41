"""Cross-reference rules over the sources, one small function per rule.

They run before pandoc, because pandoc forgives too much: an unknown citation key
becomes '???', an undefined [^9] is printed as text.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import PurePosixPath

from ..diagnostics import Location, Report
from ..model import IMAGE_TYPES
from ..startdate import parse_start, starts_before
from .read import Sources
from .scan import Found


def check_sources(sources: Sources, found: list[Found], report: Report) -> None:
    keys = check_bibliography(sources, report)
    check_citations(sources, found, keys, report)
    check_footnotes(found, report)
    check_timeline(sources, report)
    check_placeholders(sources, found, report)
    check_images(sources, found, report)
    check_links(sources, found, report)
    check_raw_html(sources, found, report)


def check_bibliography(sources: Sources, report: Report) -> set[str]:
    bib = sources.bibliography
    if bib is None:
        return set()
    if not isinstance(bib.data, list):
        report.error(
            "SZ301", "the bibliography must be a list of CSL entries", Location(bib.rel, 1, 1))
        return set()
    keys: Counter = Counter()
    for i, entry in enumerate(bib.data):
        where = Location(bib.rel, bib.line(i), 1)
        if not isinstance(entry, dict) or not entry.get("id"):
            report.error("SZ302", "bibliography entry without an 'id'", where)
            continue
        key = str(entry["id"])
        keys[key] += 1
        if keys[key] == 2:
            report.error(
                "SZ303", f"bibliography key '{key}' is used for more than one entry", where)
        if not entry.get("type"):
            report.error("SZ304", f"bibliography entry '{key}' has no 'type'", where)
        missing = needed_fields(entry)
        if missing:
            fields = " and ".join(f"'{f}'" for f in missing)
            report.error(
                "SZ305", f"bibliography entry '{key}' ({entry.get('type', 'no type')}) needs "
                f"{fields} for its notes and reading-list entry", where)
    return set(keys)


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
    needed = NEEDED.get(str(entry.get("type")), ("title",))
    return [name for name in needed
            if not any(entry.get(alternative) for alternative in name.split("|"))]


def check_citations(sources: Sources, found: list[Found], keys: set[str], report: Report):
    for item in found:
        if item.kind != "citation":
            continue
        if sources.bibliography is None:
            report.error("SZ202", f"citation '{item.value}' but the book has no bibliography "
                         "(set 'bibliography' in metadata.yaml)", item.location)
        elif item.value not in keys:
            report.error(
                "SZ201", f"citation '{item.value}' is not in the bibliography", item.location)


def check_footnotes(found: list[Found], report: Report) -> None:
    defined = {f.value: f for f in found if f.kind == "note-def"}
    used = {f.value for f in found if f.kind == "note-ref"}
    for item in found:
        if item.kind == "note-ref" and item.value not in defined:
            report.error("SZ203", f"footnote '[^{item.value}]' is referenced but never defined",
                         item.location)
    for label, item in defined.items():
        if label not in used:
            report.warning("SZ204", f"footnote '[^{label}]' is defined but never referenced",
                           item.location)


def check_timeline(sources: Sources, report: Report) -> None:
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


def check_placeholders(sources: Sources, found: list[Found], report: Report) -> None:
    text = "\n".join(c.text for c in sources.chapters)
    placed = _fenced_classes(text)
    if sources.timeline is not None and "timeline" not in placed:
        report.warning("SZ216", "the timeline is never placed: add a '::: timeline' block where it "
                       "belongs", Location(sources.timeline.rel))
    bib = sources.bibliography
    grouped = bib is not None and isinstance(bib.data, list) and any(
        isinstance(e, dict) and e.get("group") for e in bib.data)
    if grouped and "reading-list" not in placed:
        report.warning(
            "SZ217", "the bibliography has entries with a 'group' but the reading list is "
            "never placed: add a '::: reading-list' block where it belongs",
            Location(bib.rel))


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
    for item in found:
        if item.kind == "link":
            check_link_target(sources, item.value, "link", item, report)


def check_link_target(sources: Sources, target: str, what: str, item: Found,
                      report: Report) -> None:
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
