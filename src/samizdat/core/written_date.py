"""The book's date written out, in the book's language or in English: "10 de febrero de
2025", "February 10, 2025", "10 February 2025", "10. Februar 2025", "février 2025". It is
read into YYYY-MM-DD (or YYYY-MM), the form the files' metadata carries."""

from __future__ import annotations

import datetime as dt
import re

from .language import language

# Spellings of a month the language rows do not print but an author may write.
ALSO = {"de": {"jänner": 1, "sept": 9}, "es": {"setiembre": 9}}
EXAMPLES = {"en-US": ("February 10, 2025", "February 2025"),
            "en": ("10 February 2025", "February 2025"),
            "de": ("10. Februar 2025", "Februar 2025"), "fr": ("10 février 2025", "février 2025"),
            "es": ("10 de febrero de 2025", "febrero de 2025"),
            "cs": ("10. února 2025", "únor 2025"), "pl": ("10 lutego 2025", "luty 2025")}
ISO = re.compile(r"\d{4}(-\d\d(-\d\d)?)?")
FILLER = re.compile(r"\b(?:de|del|le|der|den|the|of)\b|[.,]|(?<=\d)(?:er|st|nd|rd|th|º|°)\b")


def months(lang: str) -> dict[str, int]:
    """The month names a date in this language may use: its own, and English."""
    base = lang.split("-")[0].lower()
    names = {}
    for row in (language("en").words, language(lang).words):
        for written in (row.months, row.months_of):
            names.update({name.casefold(): i for i, name in enumerate(written, 1)})
    names.update(ALSO.get(base, {}))
    return names


def read_date(text: str, lang: str) -> str | None:
    """YYYY-MM-DD or YYYY-MM (or YYYY) for an ISO date or one written out; None otherwise."""
    text = text.strip()
    if ISO.fullmatch(text):
        return text if _valid(*(int(p) for p in text.split("-"))) else None
    words = FILLER.sub(" ", text.lower()).split()
    names = months(lang)
    day = month = year = None
    if len(words) == 3 and words[1] in names:          # 10 de febrero de 2025
        day, month, year = words[0], names[words[1]], words[2]
    elif len(words) == 3 and words[0] in names:        # February 10, 2025
        month, day, year = names[words[0]], words[1], words[2]
    elif len(words) == 2 and words[0] in names:        # febrero de 2025
        month, year = names[words[0]], words[1]
    if month is None or not re.fullmatch(r"\d{4}", year) or (
            day is not None and not re.fullmatch(r"\d{1,2}", day)):
        return None
    parts = (int(year), month) if day is None else (int(year), month, int(day))
    return "-".join([f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])]) if _valid(
        *parts) else None


def _valid(year: int, month: int = 1, day: int = 1) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def date_forms(lang: str) -> str:
    """The forms 'date' takes, as the message for a date that is none of them says them."""
    day, month = EXAMPLES.get(lang, EXAMPLES.get(lang.split("-")[0], EXAMPLES["en"]))
    return f"2025-02-10, 2025-02, '{day}' or '{month}'"
