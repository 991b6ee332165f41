"""How a URL shown as text may break across lines: where the Chicago Manual allows, only."""

from __future__ import annotations

import re

from lxml import etree

# after "//"; before / . , _ ? # % ~ and -; before and after = and &
BREAK = re.compile(r"(?<=//)(?=[^/])|(?<=[^/:])(?=/)|(?<=.)(?=[.,_?#%~=&-])|(?<=[=&])(?=.)")
SCHEME_HOST = re.compile(r"((?:https?|ftp)://)([^/?#]*)")
LONG_HOST = 30  # characters; a longer host may break before its dots


def url_pieces(text: str) -> list[str]:
    """The URL cut where a line may break. The scheme, its '//' and the host's first label
    are one piece ('https://' never ends a line alone); a host of up to LONG_HOST characters
    is whole, so the line breaks after the host rather than inside it
    ('http://www.parallelarchive.org' / '/document'), and a longer one only before its dots."""
    match = SCHEME_HOST.match(text)
    if not match:
        return [p for p in BREAK.split(text) if p]
    scheme, host = match.groups()
    rest = text[match.end():]
    if len(host) <= LONG_HOST:
        head = [scheme + host]
    else:
        labels = [p for p in re.split(r"(?=\.)", host) if p]
        head = [scheme + labels[0], *labels[1:]]
    return head + [p for p in BREAK.split(rest) if p]


def make_breakable(link) -> None:
    """Insert <wbr> at the allowed places. Pieces holding a slash or a hyphen are kept whole,
    since line breaking would otherwise also break after those characters."""
    text = link.text or ""
    if len(link) or not re.match(r"(https?|ftp)://", text):
        return
    pieces = url_pieces(text)
    link.text = None
    previous = None
    for i, piece in enumerate(pieces):
        if i:
            previous = etree.SubElement(link, "wbr")
        if "-" in piece or "/" in piece or "." in piece:
            previous = etree.SubElement(link, "span", {"class": "nobreak"})
            previous.text = piece
        elif previous is None:
            link.text = piece
        else:
            previous.tail = (previous.tail or "") + piece
