"""Cross-reference rules over the sources, one small function per rule.

They run before pandoc, because pandoc forgives too much: an unknown citation key
becomes '???', an undefined [^9] is printed as text.
"""

from __future__ import annotations

from collections import Counter

from .diagnostics import Location, Report
from .load import Sources
from .scan import Found


def check_sources(sources: Sources, found: list[Found], report: Report) -> None:
    keys = check_bibliography(sources, report)
    check_citations(sources, found, keys, report)
    check_footnotes(found, report)
    check_timeline(sources, report)
    check_placeholders(sources, found, report)


def check_bibliography(sources: Sources, report: Report) -> set[str]:
    bib = sources.bibliography
    if bib is None:
        return set()
    if not isinstance(bib.data, list):
        report.error("the bibliography must be a list of CSL entries", Location(bib.rel, 1, 1))
        return set()
    keys: Counter = Counter()
    for i, entry in enumerate(bib.data):
        where = Location(bib.rel, bib.line(i), 1)
        if not isinstance(entry, dict) or not entry.get("id"):
            report.error("bibliography entry without an 'id'", where)
            continue
        key = str(entry["id"])
        keys[key] += 1
        if keys[key] == 2:
            report.error(f"bibliography key '{key}' is used for more than one entry", where)
        if not entry.get("type"):
            report.error(f"bibliography entry '{key}' has no 'type'", where)
        if not entry.get("title"):
            report.error(f"bibliography entry '{key}' has no 'title'", where)
    return set(keys)


def check_citations(sources: Sources, found: list[Found], keys: set[str], report: Report):
    for item in found:
        if item.kind != "citation":
            continue
        if sources.bibliography is None:
            report.error(f"citation '{item.value}' but the book has no bibliography "
                         "(set 'bibliography' in metadata.yaml)", item.location)
        elif item.value not in keys:
            report.error(f"citation '{item.value}' is not in the bibliography", item.location)


def check_footnotes(found: list[Found], report: Report) -> None:
    defined = {f.value: f for f in found if f.kind == "note-def"}
    used = {f.value for f in found if f.kind == "note-ref"}
    for item in found:
        if item.kind == "note-ref" and item.value not in defined:
            report.error(f"footnote '[^{item.value}]' is referenced but never defined",
                         item.location)
    for label, item in defined.items():
        if label not in used:
            report.warning(f"footnote '[^{label}]' is defined but never referenced",
                           item.location)


def check_timeline(sources: Sources, report: Report) -> None:
    tl = sources.timeline
    if tl is None:
        return
    if not isinstance(tl.data, list):
        report.error("the timeline must be a list of events", Location(tl.rel, 1, 1))
        return
    previous = None
    for i, event in enumerate(tl.data):
        where = Location(tl.rel, tl.line(i), 1)
        if not isinstance(event, dict):
            report.error("a timeline event must be a mapping with 'when', 'start' and 'text'",
                         where)
            continue
        for name in ("when", "text"):
            if not str(event.get(name) or "").strip():
                report.error(f"timeline event without '{name}'", where)
        start = event.get("start")
        if not isinstance(start, int) or isinstance(start, bool):
            report.error("timeline event needs 'start', the year it begins (a number)", where)
            continue
        if previous is not None and start < previous:
            report.error(f"timeline event {event.get('when', start)!s} is out of order: it "
                         f"starts before the event above it ({previous})", where)
        previous = start


def check_placeholders(sources: Sources, found: list[Found], report: Report) -> None:
    text = "\n".join(c.text for c in sources.chapters)
    if sources.timeline is not None and "timeline" not in _fenced_classes(text):
        report.warning("the timeline is never placed: add a '::: timeline' block",
                       Location(sources.timeline.rel))


def _fenced_classes(text: str) -> set[str]:
    classes = set()
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith(":::"):
            classes.update(stripped.strip(":{} ").replace(".", " ").split())
    return classes
