"""What a label is: its prefix says what it may stand on. Pure data and text, no I/O.

A key written as a citation (@fig-map) whose prefix is one of these is a cross-reference,
never a citation; so a bibliography key may not start with one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# prefix -> what carries such a label, as the messages name it
KINDS = {"fig": "figure", "tbl": "table", "sec": "section", "eq": "display equation",
         "qst": "question", "tl": "timeline event"}
PAGE = "page"  # @page-fig-map: the page the label is printed on
RESERVED = (*KINDS, PAGE)
# a label written in attributes: {#fig-map}, {#tbl-results .wide}, {width=50% #fig-x}
LABEL = re.compile(r"\{[^{}]*?(?<![\w-])#((?:" + "|".join(KINDS) + r")-[\w:.\-]*\w)[^{}]*\}")


@dataclass(frozen=True)
class Key:
    """A cross-reference key as written: @Fig-map is the label fig-map, capitalised."""

    label: str
    page: bool        # @page-fig-map: the page, not the number
    capital: bool     # written with a capital: the reference opens a sentence

    @property
    def prefix(self) -> str:
        return self.label.split("-", 1)[0]


def reserved_prefix(key: str) -> str | None:
    """The reserved prefix a key (a citation key, a bibliography id) starts with, or None."""
    head, dash, _ = key.partition("-")
    return head.lower() if dash and head.lower() in RESERVED else None


def parse_key(key: str) -> Key | None:
    """A cross-reference key, or None when the key is a citation's."""
    prefix = reserved_prefix(key)
    if prefix is None:
        return None
    capital, rest = key[:1].isupper(), key[len(prefix) + 1:]
    if prefix == PAGE and reserved_prefix(rest) not in (None, PAGE):
        inner = reserved_prefix(rest)
        return Key(inner + rest[len(inner):], True, capital)
    return Key(prefix + "-" + rest, False, capital)
