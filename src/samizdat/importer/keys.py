"""Readable citation keys for imported works, made as Better BibTeX makes them: the first
author's family name, the year and the first word of the title that is not a function word,
in ASCII lower case (thomas2001helsinki); works that would share a key get a, b, c."""

from __future__ import annotations

import re

from ..core.metadata import slugify

FUNCTION_WORDS = set("""a an the and or of on in at to for from with by about as into
over under de la le les der die das den el los las il lo un une ein eine""".split())


def base_key(item: dict) -> str:
    """thomas2001helsinki, from a CSL JSON item."""
    people = item.get("author") or item.get("editor") or []
    first = people[0] if people else {}
    first = first if isinstance(first, dict) else {}
    literal = (first.get("literal") or "").split()
    author = _word(first.get("family") or (literal[0] if literal else ""))
    year = _year(item)
    words = [_word(w) for w in re.split(r"[\s\-–—:;,.!?()\"'“”‘’]+", str(item.get("title", "")))]
    title = next((w for w in words if w and w not in FUNCTION_WORDS), "")
    return (author or title or "anon") + year + (title if author else "")


def _word(text: str) -> str:
    return slugify(text).replace("-", "")


def _year(item: dict) -> str:
    issued = item.get("issued") or {}
    if isinstance(issued, dict):
        parts = issued.get("date-parts") or [[]]
        if parts and parts[0]:
            return str(parts[0][0])[:4]
        found = re.search(r"\d{4}", str(issued.get("raw") or issued.get("literal") or ""))
        return found.group(0) if found else ""
    found = re.search(r"\d{4}", str(issued))
    return found.group(0) if found else ""


def assign_keys(works: dict[str, dict]) -> dict[str, str]:
    """Each work's key, in the order the works are first cited: the first of a clash keeps
    the plain key, later ones get a, b, c (as Better BibTeX does)."""
    keys, taken = {}, set()
    for work, item in works.items():
        base = key = base_key(item)
        suffix = 0
        while key in taken:
            key = base + _letters(suffix)
            suffix += 1
        taken.add(key)
        keys[work] = key
    return keys


def _letters(n: int) -> str:
    """0 -> a, 25 -> z, 26 -> aa."""
    out = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        out = chr(97 + rest) + out
    return out
