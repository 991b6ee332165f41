"""A timeline event's 'start': a year, a year-month or a full date, ordered by its full value."""

from __future__ import annotations

import datetime as dt
import re

ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_start(value) -> str | None:
    """The start as ISO text ('1968', '1948-02', '1968-08-20'), or None when it is not one.

    YAML reads 1968 as a number and 1968-08-20 as a date; "1948-02" stays a string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return f"{value:04d}" if 0 < value < 10000 else None
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    match = ISO.fullmatch(str(value).strip()) if isinstance(value, str) else None
    if match is None:
        return None
    try:
        year, month, day = (int(g) if g else 1 for g in match.groups())
        dt.date(year, month, day)
    except ValueError:
        return None
    return match.group(0)


def start_key(start: str) -> tuple[int, int, int]:
    """Sortable: a year sorts with its January 1st, a month with its first day."""
    parts = [int(p) for p in start.split("-")] + [0, 0]
    return parts[0], parts[1], parts[2]


def starts_before(start: str, previous: str) -> bool:
    """Out of order: earlier at the precision both give ('1968' is not before '1968-08-20')."""
    common = min(start.count("-"), previous.count("-")) + 1
    return start_key(start)[:common] < start_key(previous)[:common]


MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
NATURAL = re.compile(r"(?:(\d{1,2})\s+)?([A-Za-z]+)\s+(\d{4})")


def machine_date(when: str) -> str | None:
    """The ISO form of a date as written, when it names one year, month or day exactly:
    '1975', '1948-02', 'February 1948', '5 January 1968'; a range or '1980s' has none."""
    iso = parse_start(when.strip())
    if iso is not None:
        return iso
    match = NATURAL.fullmatch(when.strip())
    if match is None or match.group(2).lower() not in MONTHS:
        return None
    day, month, year = match.group(1), MONTHS.index(match.group(2).lower()) + 1, match.group(3)
    return parse_start(f"{year}-{month:02d}" + (f"-{int(day):02d}" if day else ""))
