"""The reading list as the author arranges it in the manuscript:

    ::: reading-list
    Primary sources
    : @navratil1998; @vaculik1968
    :::

A term line is a group's heading, a ': ' line lists its works in order. The div's body is
blanked (line for line) before pandoc reads the chapter, so the keys make no notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..core.diagnostics import Location
from .load import TextSource

OPEN = re.compile(r"^ {0,3}:{3,}\s*(?:\{\s*\.reading-list\s*\}|reading-list)\s*$")
CLOSE = re.compile(r"^ {0,3}:{3,}\s*$")
DEFINITION = re.compile(r"^ {0,3}[:~](\s+|$)")
KEY = re.compile(r"@(?:\{([^}]+)\}|(\w(?:[\w:.#$%&\-+?<>~/]*\w)?))")


@dataclass(frozen=True)
class Listed:
    """A work named in the reading list, with its place in the manuscript."""

    key: str
    location: Location


@dataclass(frozen=True)
class Group:
    """A reading-list heading named in the manuscript, with its works."""

    title: str                   # "" for works listed before any heading
    works: tuple[Listed, ...]


@dataclass(frozen=True)
class ReadingList:
    """One '::: reading-list' div: where it is, and its groups (none: the whole bibliography)."""

    location: Location
    groups: tuple[Group, ...]

    @property
    def keys(self) -> list[str]:
        return [w.key for g in self.groups for w in g.works]


def extract_reading_lists(chapters) -> tuple[tuple[TextSource, ...], tuple[ReadingList, ...]]:
    """The chapters with each reading-list body blanked, and the lists found in them."""
    out, lists = [], []
    for chapter in chapters:
        lines = chapter.lines
        found = _find_lists(chapter.rel, lines)
        for start, end, _ in found:
            lines[start:end] = [""] * (end - start)
        lists += [reading for _, _, reading in found]
        out.append(replace(chapter, text="\n".join(lines)) if found else chapter)
    return tuple(out), tuple(lists)


def _find_lists(rel: str, lines: list[str]) -> list[tuple[int, int, ReadingList]]:
    found, i = [], 0
    while i < len(lines):
        if not OPEN.match(lines[i]):
            i += 1
            continue
        end = next((j for j in range(i + 1, len(lines)) if CLOSE.match(lines[j])), len(lines))
        groups = _parse_body(rel, lines, i + 1, end)
        found.append((i + 1, end, ReadingList(Location(rel, i + 1, 1), groups)))
        i = end + 1
    return found


def _parse_body(rel: str, lines: list[str], start: int, end: int) -> tuple[Group, ...]:
    groups: list[Group] = []
    for number in range(start, end):
        line = lines[number]
        if not line.strip():
            continue
        if DEFINITION.match(line):
            if not groups:
                groups.append(Group("", ()))
            works = tuple(Listed(m.group(1) or m.group(2), Location(rel, number + 1, m.start() + 1))
                          for m in KEY.finditer(line))
            groups[-1] = Group(groups[-1].title, groups[-1].works + works)
        else:
            groups.append(Group(line.strip(), ()))
    return tuple(groups)


def last_entry_line(reading: ReadingList) -> int | None:
    """The line of the last entry of a reading list never closed: its groups run on while
    each heading has works (a heading without any is the text after the list)."""
    last = None
    for group in reading.groups:
        if not group.works:
            break
        last = group.works[-1].location.line
    return last


def nocite_keys(lists: tuple[ReadingList, ...], grouped: dict[str, str]) -> list[str]:
    """The works citeproc must render for the reading list ('*': the whole bibliography)."""
    named = next((rl for rl in lists if rl.groups), None)
    if named is not None:
        return list(dict.fromkeys(named.keys))
    if lists:
        return ["*"]
    return list(grouped)


def reading_plan(lists: tuple[ReadingList, ...], grouped: dict[str, str],
                 rendered: list[str]) -> list[tuple[str, list[str]]]:
    """Group titles and their keys in reading order; rendered is citeproc's order.

    Groups named in the manuscript win; else the `group` field of CSL entries; else an
    empty div lists every work, as one untitled group.
    """
    named = next((rl for rl in lists if rl.groups), None)
    if named is not None:
        return [(g.title, [w.key for w in g.works]) for g in named.groups]
    if grouped:
        plan: dict[str, list[str]] = {title: [] for title in grouped.values()}
        for key in rendered:
            if key in grouped:
                plan[grouped[key]].append(key)
        return list(plan.items())
    return [("", list(rendered))] if lists else []
