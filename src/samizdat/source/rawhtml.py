"""Raw HTML in the manuscript, found with its line and judged by the allow-list.

The sanitiser (allowlist.clean_html) decides what the editions keep; this check says, at
the line the author wrote, what it removes (a warning) and which link targets would run a
script or carry a document of their own (an error). A tag may span lines; code blocks,
code spans and comments hold no HTML.
"""

from __future__ import annotations

import bisect
import re
from html.parser import HTMLParser

from ..core.diagnostics import Location, Report
from .allowlist import (
    CONTENT_TAGS,
    TAGS,
    URL_ATTRIBUTES,
    allowed_attribute,
    dangerous_scheme,
    removed_style,
)

# a start tag: its name ends at a space, a slash or '>' (<http://x> and <a@b.c> are autolinks)
TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
CLOSE = "</{}"
COMMENT = re.compile(r"<!--.*?-->", re.S)
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.S)
LIST_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s")
# a link's or an image's target in angle brackets, ](<images/a b.png>): a path, no tag
ANGLE_TARGET = re.compile(r"\]\(\s*<[^<>\n]*>")


def blank(text: str, start: int, end: int) -> str:
    """The text with [start, end) replaced by spaces, its newlines kept (lines stay lines)."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def prose_only(text: str) -> str:
    """The chapter with code blocks, code spans and comments blanked out."""
    lines, out, fence, in_code, previous = text.split("\n"), [], None, False, ""
    for line in lines:
        marker = FENCE.match(line)
        if fence or marker:
            if fence and marker and marker.group(1)[0] == fence[0] and len(
                    marker.group(1)) >= len(fence):
                fence = None
            elif not fence:
                fence = marker.group(1)
            out.append(" " * len(line))
            continue
        indented = line.startswith(("    ", "\t"))
        if indented and (in_code or (not previous.strip() and _code_may_start(out))):
            in_code = True
            out.append(" " * len(line))
            continue
        in_code = in_code and not line.strip()
        out.append(line)
        previous = line
    text = "\n".join(out)
    for pattern in (COMMENT, CODE_SPAN, ANGLE_TARGET):
        for match in reversed(list(pattern.finditer(text))):
            text = blank(text, match.start(), match.end())
    return text


def _code_may_start(lines_so_far: list[str]) -> bool:
    """An indented line after a blank one is code unless it continues a list item."""
    for line in reversed(lines_so_far):
        if line.strip():
            return not (LIST_ITEM.match(line) or line.startswith((" ", "\t")))
    return True


class _Attributes(HTMLParser):
    """The attributes of one start tag, character references decoded as a browser does."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.attributes = [(name, value or "") for name, value in attrs]

    handle_startendtag = handle_starttag


def attributes_of(tag_text: str) -> list[tuple[str, str]]:
    """[(name, value)] of a start tag as written."""
    parser = _Attributes()
    parser.feed(tag_text.replace("\n", " "))
    parser.close()
    return parser.attributes


VOID = frozenset({"embed", "frame", "portal"})  # removed whole: they hold nothing


def raw_tags(text: str):
    """(name, tag text, offset, closed) of every start tag in the prose of a chapter; the
    insides of <script>, <style> and the like are skipped, as a browser would not read them
    as tags; closed is False for one of those never closed."""
    prose = prose_only(text)
    position = 0
    while True:
        match = TAG.search(prose, position)
        if match is None:
            return
        name, position = match.group(1).lower(), match.end()
        closed = True
        if name in CONTENT_TAGS and name not in VOID and not match.group(0).endswith("/>"):
            end = prose.lower().find(CLOSE.format(name), position)
            closed = end >= 0
            position = end if closed else len(prose)
        yield name, match.group(0), match.start(), closed


# pandoc's attributes: [text]{...}, ![](x){...}, # Heading {...}, ::: {...}
ATTRIBUTE_BLOCK = re.compile(r"\{([^{}\n]*=[^{}\n]*)\}")
ATTRIBUTE = re.compile(r"""(?:^|\s)([A-Za-z_][\w:.-]*)\s*=\s*("[^"]*"|'[^']*'|[^\s}]+)""")


def check_attribute_blocks(text: str, place, report: Report) -> None:
    """Event handlers and styles given as pandoc attributes ({onclick=...}), which pandoc
    writes into the HTML as they are: the allow-list removes them, said at their line."""
    for block in ATTRIBUTE_BLOCK.finditer(prose_only(text)):
        for match in ATTRIBUTE.finditer(block.group(1)):
            name, value = match.group(1).lower(), match.group(2).strip("\"'")
            where = place(block.start())
            if name.startswith("on"):
                report.warning("SZ214", f"the attribute {{{name}=...}} is an event handler: it is "
                               "removed (no edition runs a script)", where)
            elif name == "style":
                for declaration in removed_style(value):
                    report.warning("SZ232", f"the style '{declaration}' is removed: a style may "
                                   "set the text's colour, size and alignment, and nothing that "
                                   "fetches or runs anything", where)


def blank_code_elements(text: str) -> str:
    """The text with what <script>, <style>... hold blanked: no citation, note or link in
    there reaches any edition."""
    prose = prose_only(text)
    for name, written, offset, _ in list(raw_tags(text)):
        if name in CONTENT_TAGS and name not in VOID:
            end = prose.lower().find(CLOSE.format(name), offset + len(written))
            text = blank(text, offset + len(written), len(text) if end < 0 else end)
    return text


def check_raw_html_text(text: str, place, report: Report, on_url=None,
                        skip=frozenset()) -> None:
    """Every raw tag of a text: place(offset) gives the Location of an offset in it;
    on_url(tag, attribute, value, where) checks the URLs that are neither refused nor removed
    (a file of the book, a page elsewhere)."""
    for name, written, offset, closed in raw_tags(text):
        if name in skip and name not in TAGS:  # <sc>: citeproc's own, set as small caps
            continue
        if not closed:
            report.error("SZ235", f"raw HTML <{name}> is never closed: a browser would take "
                         f"everything after it for its content; close it (</{name}>) or "
                         "delete it", place(offset))
            continue
        judge_tag(name, written, place(offset), report, on_url)


def judge_tag(name: str, written: str, where: Location, report: Report, on_url=None) -> None:
    """One start tag: what the allow-list removes of it, and the link targets refused."""
    if name in CONTENT_TAGS:
        report.warning("SZ213", f"raw HTML <{name}> is removed with everything inside it: "
                       "no edition runs a script or embeds another document", where)
        return
    if name not in TAGS:
        report.warning("SZ213", f"raw HTML <{name}> is not an element samizdat keeps: the tag "
                       "is removed and its text stays", where)
    for attribute, value in attributes_of(written):
        kept = judge_attribute(name, attribute.lower(), value, where, report)
        if kept and on_url and attribute.lower() in URL_ATTRIBUTES:
            on_url(name, attribute.lower(), value, where)


def judge_attribute(tag: str, name: str, value: str, where: Location, report: Report) -> bool:
    """One attribute of a raw tag; whether the editions keep it."""
    if name in URL_ATTRIBUTES:
        scheme = dangerous_scheme(value)
        if scheme == "data" and tag == "img" and name == "src":
            refuse_data_image("raw HTML <img> src", visible(value), where, report)
        elif scheme:
            refuse_scheme(scheme, f"raw HTML <{tag}> {name} '{visible(value)}'", where, report)
            return False
    if name.startswith("on"):
        report.warning("SZ214", f"raw HTML <{tag}> {name}= is an event handler: it is removed "
                       "(no edition runs a script)", where)
        return False
    if tag in TAGS and not allowed_attribute(tag, name):
        report.warning("SZ231", f"raw HTML <{tag}> attribute '{name}' is not one samizdat "
                       "keeps: it is removed", where)
        return False
    if name == "style":
        for declaration in removed_style(value):
            report.warning("SZ232", f"raw HTML <{tag}> style '{declaration}' is removed: a "
                           "style may set the text's colour, size and alignment, and nothing "
                           "that fetches or runs anything", where)
    return tag in TAGS


def visible(value: str) -> str:
    """A value as a message can show it: controls and tabs as escapes."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in value)


def refuse_scheme(scheme: str, what: str, where: Location, report: Report) -> None:
    """A link target that would run a script (javascript:, vbscript:) or open a document
    the book does not hold (data:): an error, whatever the spelling."""
    if scheme == "data":
        report.error("SZ230", f"{what} is a data: URL: a link must lead to a page or a file, "
                     "not carry a document of its own (put the file in the book and link to it)",
                     where)
    else:
        report.error("SZ212", f"{what} runs a script: {scheme}: links are not allowed", where)


def refuse_data_image(what: str, value: str, where: Location, report: Report) -> None:
    """An image written into the manuscript as a data: URL: the editions take images only
    as files, which the checks can open, measure and clean."""
    shown = value if len(value) <= 32 else value[:32] + "…"
    report.error("SZ238", f"{what} '{shown}' is a data: URL: images are not accepted written into "
                 "the text; save the image as a file (manuscript/images/NAME.png) and give "
                 "its path", where)


def offset_place(rel: str, text: str, first_line: int = 1):
    """place(offset) for a text that begins at first_line of file rel."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def place(offset: int) -> Location:
        line = bisect.bisect_right(starts, offset) - 1
        return Location(rel, first_line + line, offset - starts[line] + 1)

    return place
