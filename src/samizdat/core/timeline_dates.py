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


# A date as the book's language writes it: "5 January 1968", "January 5, 1968",
# "20 de noviembre de 1975", "20. listopadu 1975", "1er mai 1968", "junio de 1977"
NATURAL = re.compile(r"(?:(\d{1,2})(?:\.|er)?\s+(?:de\s+)?)?(\w+)\s+(?:(\d{1,2}),\s+)?"
                     r"(?:de\s+)?(\d{4})")


def month_numbers() -> dict[str, int]:
    """Every known language's month names, as written with a day and without, folded."""
    from .language import LANGUAGES

    names = {}
    for row in LANGUAGES.values():
        for months in (row.words.months, row.words.months_of):
            names.update({name.casefold(): number for number, name in enumerate(months, 1)})
    return names


def machine_date(when: str) -> str | None:
    """The ISO form of a date as written, when it names one year, month or day exactly:
    '1975', '1948-02', 'February 1948', '5 January 1968', '20 de noviembre de 1975'; a
    range or '1980s' has none."""
    iso = parse_start(when.strip())
    if iso is not None:
        return iso
    match = NATURAL.fullmatch(when.strip())
    month = month_numbers().get(match.group(2).casefold()) if match else None
    if month is None or (match.group(1) and match.group(3)):
        return None
    day, year = match.group(1) or match.group(3), match.group(4)
    return parse_start(f"{year}-{month:02d}" + (f"-{int(day):02d}" if day else ""))
