"""How a URL shown as text may break across lines: where the Chicago Manual allows, only."""

from __future__ import annotations

import re

from lxml import etree

# after "//"; before / . , _ ? # % ~ and -; before and after = and &
BREAK = re.compile(r"(?<=//)(?=[^/])|(?<=[^/:])(?=/)|(?<=.)(?=[.,_?#%~=&-])|(?<=[=&])(?=.)")


def make_breakable(link) -> None:
    """Insert <wbr> at the allowed places. Pieces holding a slash or a hyphen are kept whole,
    since line breaking would otherwise also break after those characters."""
    text = link.text or ""
    if len(link) or not re.match(r"(https?|ftp)://", text):
        return
    pieces = [p for p in BREAK.split(text) if p]
    link.text = None
    previous = None
    for i, piece in enumerate(pieces):
        if i:
            previous = etree.SubElement(link, "wbr")
        if "-" in piece or "/" in piece:
            previous = etree.SubElement(link, "span", {"class": "nobreak"})
            previous.text = piece
        elif previous is None:
            link.text = piece
        else:
            previous.tail = (previous.tail or "") + piece
