"""The cross-reference rules over the sources, before pandoc runs: every reference names a
label that exists, no label is defined twice, timeline ids and bibliography keys keep to
their prefixes. A label on something that cannot carry it is found in pandoc's HTML
(resolve.py), where what carries it is known."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.diagnostics import Location, Report
from ..core.labels import KINDS, LABEL, RESERVED, parse_key, reserved_prefix
from .rules import did_you_mean
from .scan import CITATION, Found


@dataclass(frozen=True)
class Label:
    """A label where it is written: {#fig-map} in a chapter, id: tl-x in the timeline."""

    name: str
    location: Location


def timeline_ids(sources) -> list[Label]:
    """The events' id keys, each where it is written."""
    data = sources.timeline.data if sources.timeline else None
    if not isinstance(data, list):
        return []
    return [Label(str(item["id"]), sources.timeline.place(i, "id"))
            for i, item in enumerate(data) if isinstance(item, dict) and item.get("id")]


def timeline_references(sources) -> list[Found]:
    """The cross-references inside the events' texts, at the event's text."""
    data = sources.timeline.data if sources.timeline else None
    found = []
    for i, item in enumerate(data if isinstance(data, list) else []):
        if not isinstance(item, dict):
            continue
        for m in CITATION.finditer(str(item.get("text") or "")):
            key = m.group(1) or m.group(2)
            if parse_key(key):
                found.append(Found("xref", key, sources.timeline.place(i, "text"), "timeline"))
    return found


def check_cross_references(sources, bibliography, found: list[Found], report: Report) -> None:
    """Every rule, in order."""
    labels = [Label(f.value, f.location) for f in found if f.kind == "label"]
    events = timeline_ids(sources)
    check_timeline_ids(events, report)
    defined = check_defined_once(labels + [e for e in events if reserved_prefix(e.name)], report)
    references = [f for f in found if f.kind == "xref"] + timeline_references(sources)
    check_references(references, defined, report)
    check_bibliography_keys(bibliography, report)
    check_mixed_brackets(sources, report)


def check_timeline_ids(events: list[Label], report: Report) -> None:
    """A timeline event's id starts with tl-, so that @tl-x is read as a reference."""
    for event in events:
        if reserved_prefix(event.name) != "tl" or not LABEL.fullmatch("{#" + event.name + "}"):
            report.error("SZ316", f"timeline id '{event.name}' must start with 'tl-' and hold "
                         "only letters, digits and dashes (id: tl-final-act), so that "
                         "@tl-final-act refers to the event", event.location)


def check_defined_once(labels: list[Label], report: Report) -> dict[str, Label]:
    """Each label names one thing: a second definition is an error at its line."""
    defined: dict[str, Label] = {}
    for label in labels:
        first = defined.get(label.name)
        if first is not None:
            report.error("SZ241", f"label '#{label.name}' is defined twice (first at "
                         f"{first.location}): give each its own name", label.location)
            continue
        defined[label.name] = label
    return defined


def check_references(references: list[Found], defined: dict[str, Label],
                     report: Report) -> None:
    """Every @fig-x, @tbl-x, @sec-x, @tl-x and @page-... names a label of the book."""
    for item in references:
        key = parse_key(item.value)
        if key.label in defined:
            continue
        kind = KINDS.get(key.prefix)
        same = [name for name in defined if name.split("-", 1)[0] == key.prefix] or defined
        what = f"no {kind} is labelled '#{key.label}'" if kind else (
            f"'@{item.value}' names no label (a page reference is @page- and a label: "
            "@page-fig-map)")
        report.error("SZ240", f"cross-reference '@{item.value}': {what}"
                     f"{did_you_mean(key.label, same) if kind else ''}", item.location)


def check_bibliography_keys(files, report: Report) -> None:
    """A bibliography key with a reserved prefix could never be cited: @fig-x is a figure."""
    for entry in (e for f in files for e in f.entries or ()):
        prefix = reserved_prefix(entry.key or "")
        if prefix:
            kept = ", ".join(p + "-" for p in RESERVED)
            report.error("SZ317", f"bibliography key '{entry.key}' starts with '{prefix}-', "
                         f"which samizdat keeps for cross-references ({kept}): it could never "
                         "be cited; rename the key", entry.location)


BRACKET = re.compile(r"(?<![!\]])\[([^\[\]]*@[^\[\]]*)\](?![(\[{])")


def check_mixed_brackets(sources, report: Report) -> None:
    """[@fig-map; @smith2020] would set a reference and a note as one: they go apart."""
    for chapter in sources.chapters:
        for number, line in enumerate(chapter.lines, 1):
            for bracket in BRACKET.finditer(line):
                keys = [m.group(1) or m.group(2) for m in CITATION.finditer(bracket.group(1))]
                if any(parse_key(k) for k in keys) and not all(parse_key(k) for k in keys):
                    report.error("SZ246", "a bracket holds both cross-references and "
                                 "citations: write them apart, as in 'the map (@fig-map) "
                                 "shows it.[@smith2020]'",
                                 Location(chapter.rel, number, bracket.start() + 1))
