"""How deeply the manuscript nests lists, quotes and fenced divs, found with its lines:
too deep is refused before pandoc runs, since every later walk of the book recurses."""

from __future__ import annotations

import re

from ..core.diagnostics import Location, Report

# WeasyPrint lays out a list about 60 levels deep before Python's recursion limit; no
# handout needs a tenth of that.
MAX_DEPTH = 32

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
QUOTE = re.compile(r"^ {0,3}> ?")
ITEM = re.compile(r"^( *)([-+*]|\d{1,9}[.)]|#\.)( +|$)")
DIV = re.compile(r"^ {0,3}(:{3,})\s*(\S)?")


def check_nesting(rel: str, text: str, report: Report) -> None:
    """An error at the first line nested deeper than MAX_DEPTH, once per file."""
    for number, depth in _depths(text):
        if depth > MAX_DEPTH:
            report.error("SZ236", f"lists, quotes or divs nested {depth} deep here: more than "
                         f"{MAX_DEPTH} levels cannot be laid out (split the list, or flatten "
                         "its levels)", Location(rel, number, 1))
            return


def _depths(text: str):
    """(line number, depth) of each line outside code blocks: the open fenced divs, the
    quote markers, and the list items whose content the line's indentation continues."""
    fence, divs, items = None, 0, []  # items: the content column of each open list item
    for number, line in enumerate(text.split("\n"), 1):
        if fence:
            fence = None if line.strip().startswith(fence) else fence
            continue
        opened = FENCE.match(line)
        if opened:
            fence = opened.group(1)[0] * 3
            continue
        div = DIV.match(line)
        if div:
            divs = divs + 1 if div.group(2) else max(divs - 1, 0)
            yield number, divs + len(items)
            continue
        quotes = 0
        while QUOTE.match(line):
            line, quotes = QUOTE.sub("", line, count=1), quotes + 1
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        while items and items[-1] > indent:
            items.pop()
        item = ITEM.match(line)
        if item:
            items.append(len(item.group(0)) if item.group(3) else indent + 2)
        yield number, divs + quotes + len(items)
