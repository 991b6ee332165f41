"""How deeply the manuscript nests lists, quotes, fenced divs and raw HTML elements, found
with its lines: too deep is refused before pandoc runs, since every later walk of the book
recurses (and lxml's parser quietly cuts a document deeper than 256 elements)."""

from __future__ import annotations

import re

from ..core.diagnostics import Location, Report
from .rawhtml import prose_only

# WeasyPrint lays out a list about 60 levels deep before Python's recursion limit; no
# handout needs a tenth of that.
MAX_DEPTH = 32

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
QUOTE = re.compile(r"^ {0,3}> ?")
ITEM = re.compile(r"^( *)([-+*]|\d{1,9}[.)]|#\.)( +|$)")
DIV = re.compile(r"^ {0,3}(:{3,})\s*(\S)?")
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
# Elements that open nothing to close (void), or whose end tag may be left out: never counted,
# so that an author's unclosed <p> or <li> is no depth
UNCOUNTED = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                       "meta", "source", "track", "wbr", "p", "li", "dt", "dd", "tr", "td",
                       "th", "thead", "tbody", "tfoot", "option", "optgroup", "rt", "rp",
                       "colgroup", "caption", "html", "head", "body"})


def check_nesting(rel: str, text: str, report: Report) -> None:
    """An error at the first line nested deeper than MAX_DEPTH, once per file."""
    html = _html_depths(prose_only(text) if "<" in text else "")
    for number, depth in _depths(text):
        depth += html.get(number, 0)
        if depth > MAX_DEPTH:
            report.error("SZ236", f"lists, quotes, divs or HTML elements nested {depth} deep "
                         f"here: more than {MAX_DEPTH} levels cannot be laid out (split the "
                         "list, or flatten its levels)", Location(rel, number, 1))
            return


def _html_depths(text: str) -> dict[int, int]:
    """{line: the most raw HTML elements open at once on it}, for lines that open any. A blank
    line ends the count, as it ends a paragraph (this may count too few, never too many)."""
    depths, open_now = {}, 0
    for number, line in enumerate(text.split("\n"), 1):
        open_now = open_now if line.strip() else 0
        deepest = open_now
        for closing, name, rest in TAG.findall(line):
            if closing:
                open_now = max(open_now - 1, 0)
            elif name.lower() not in UNCOUNTED and not rest.rstrip().endswith("/"):
                open_now += 1
                deepest = max(deepest, open_now)
        if deepest:
            depths[number] = deepest
    return depths


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
