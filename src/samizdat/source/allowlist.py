"""What HTML the editions keep: an allow-list of elements, attributes, style properties and
URL schemes, applied by nh3 (the Ammonia sanitiser) to pandoc's HTML.

Whatever an author writes as raw HTML, in a chapter, a note, a timeline text or a
bibliography field, reaches the PDF, the EPUB and the web page only through clean_html():
nothing outside these lists survives, so no edition can run a script. The manuscript check
(rawhtml.py) judges the same raw HTML by these lists to say, at its line, what is removed.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

import nh3

# Every element pandoc's HTML writer makes, and the harmless ones an author may write.
TAGS = frozenset({
    "a", "abbr", "address", "article", "aside", "b", "bdi", "bdo", "blockquote", "br",
    "caption", "cite", "code", "col", "colgroup", "data", "dd", "del", "dfn",
    "div", "dl", "dt", "em", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "i", "img", "ins", "kbd", "li", "main", "mark", "nav",
    "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section", "small", "span",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time",
    "tr", "u", "ul", "var", "wbr",
})
# MathML Core's presentation elements, as pandoc's --mathml writes TeX math: they draw
# symbols and nothing else (no links, no scripts, no outside resource). Only pandoc's own
# formulas are kept (sanitise.py takes them out before the cleaning and back after it,
# cleaned by clean_mathml, which keeps no HTML inside them); an author's raw <math> goes
# with its content, as the other CONTENT_TAGS do.
MATHML_TAGS = frozenset({
    "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "mtext", "mspace", "ms",
    "mfrac", "msqrt", "mroot", "msub", "msup", "msubsup", "munder", "mover", "munderover",
    "mmultiscripts", "mprescripts", "none", "mtable", "mtr", "mtd", "mstyle", "mpadded",
    "mphantom", "menclose", "merror",
})
MATHML_ATTRIBUTES = frozenset({
    "display", "displaystyle", "scriptlevel", "mathvariant", "stretchy", "symmetric",
    "largeop", "movablelimits", "accent", "accentunder", "form", "fence", "separator",
    "lspace", "rspace", "minsize", "maxsize", "linethickness", "columnalign", "rowalign",
    "columnspan", "rowspan", "columnlines", "rowlines", "frame", "columnspacing",
    "rowspacing", "width", "height", "depth", "voffset", "notation", "encoding", "alttext",
    "xmlns",
})
# Removed with everything inside them: what they hold is code, or markup a browser reads
# differently from a sanitiser (the classic ways to smuggle a script past one).
CONTENT_TAGS = frozenset({
    "script", "style", "template", "noscript", "iframe", "frame", "frameset", "object",
    "embed", "applet", "noembed", "noframes", "xmp", "plaintext", "title", "textarea",
    "select", "option", "svg", "math", "canvas", "audio", "video", "portal",
})
GLOBAL_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir", "role", "style",
                               "hidden", "translate"})
ATTRIBUTES = {
    "a": {"href", "hreflang", "type"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "ol": {"start", "type", "reversed"}, "li": {"value"},
    "td": {"colspan", "rowspan", "headers", "align"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr", "align"},
    "col": {"span", "width"}, "colgroup": {"span"}, "time": {"datetime"}, "data": {"value"},
    "del": {"datetime"}, "ins": {"datetime"},
}
PREFIXES = frozenset({"data-", "aria-"})
URL_ATTRIBUTES = frozenset({"href", "src", "xlink:href", "action", "formaction", "data",
                            "poster", "background", "cite", "longdesc", "lowsrc", "dynsrc",
                            "srcset", "codebase", "ping", "manifest", "icon", "profile"})
SCHEMES = frozenset({"http", "https", "mailto", "tel"})
SCRIPT_SCHEMES = ("javascript", "vbscript", "livescript", "mocha")
# Style properties that only place and colour text: none of them can fetch or run anything.
STYLE_PROPERTIES = frozenset({
    "text-align", "vertical-align", "width", "height", "max-width", "min-width", "color",
    "background-color", "font-style", "font-weight", "font-variant", "font-size",
    "text-decoration", "text-transform", "letter-spacing", "white-space", "list-style-type",
    "margin-left", "margin-right", "padding-left", "padding-right", "border-collapse",
})
# A value that reaches outside the page or runs code, in any property.
STYLE_DANGER = re.compile(r"url\s*\(|expression\s*\(|@import|\\|javascript:|behavior", re.I)


def allowed_attribute(tag: str, name: str) -> bool:
    """Whether the allow-list keeps this attribute on this element."""
    name = name.lower()
    return (name in GLOBAL_ATTRIBUTES or name in ATTRIBUTES.get(tag, ())
            or any(name.startswith(p) and len(name) > len(p) for p in PREFIXES))


def url_scheme(value: str) -> str | None:
    """The scheme a browser would read in a URL attribute, lower case, or None for a relative
    URL: character references decoded, and the tabs, newlines and controls a browser skips
    removed (so 'jav&#x09;ascript:' and ' javascript :' are both javascript)."""
    text = html.unescape(value)
    text = "".join(c for c in text if ord(c) > 32 and c not in "\u007f\u00a0\u2028\u2029")
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", text)
    return match.group(1).lower() if match else None


def dangerous_scheme(value: str) -> str | None:
    """'javascript', 'vbscript', 'data'... when a URL would run a script or carry a document
    of its own, else None."""
    scheme = url_scheme(value)
    if scheme in SCRIPT_SCHEMES or scheme == "data":
        return scheme
    return None


def removed_style(style: str) -> list[str]:
    """The declarations of a style attribute the allow-list removes."""
    removed = []
    for declaration in (d.strip() for d in style.split(";")):
        if not declaration:
            continue
        name, _, value = declaration.partition(":")
        if name.strip().lower() not in STYLE_PROPERTIES or STYLE_DANGER.search(value):
            removed.append(declaration)
    return removed


def clean_style(style: str) -> str:
    """The style attribute with only the allowed declarations."""
    gone = set(removed_style(style))
    kept = [d.strip() for d in style.split(";") if d.strip() and d.strip() not in gone]
    return "; ".join(kept)


def _filter(tag: str, name: str, value: str) -> str | None:
    """nh3's attribute filter: style declarations and srcset candidates judged one by one."""
    if name == "style" and removed_style(value):  # else as pandoc or the author wrote it
        return clean_style(value) or None
    return value


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    """The allow-list as one nh3 cleaner, built once (a build cleans block by block)."""
    attributes = {"*": set(GLOBAL_ATTRIBUTES)}
    for tag, names in ATTRIBUTES.items():
        attributes[tag] = set(names)
    return nh3.Cleaner(
        tags=set(TAGS), clean_content_tags=set(CONTENT_TAGS), attributes=attributes,
        attribute_filter=_filter, strip_comments=True, link_rel=None,
        generic_attribute_prefixes=set(PREFIXES), url_schemes=set(SCHEMES))


@lru_cache(maxsize=1)
def _mathml_cleaner() -> nh3.Cleaner:
    """MathML's presentation elements and attributes, nothing of HTML's."""
    return nh3.Cleaner(
        tags=set(MATHML_TAGS), clean_content_tags=set(CONTENT_TAGS - {"math"}),
        attributes={tag: set(MATHML_ATTRIBUTES) for tag in MATHML_TAGS},
        strip_comments=True, link_rel=None, url_schemes=set())


def clean_mathml(fragment: str) -> str:
    """One of pandoc's formulas with only MathML in it (an <mtext> may not hold HTML)."""
    return _mathml_cleaner().clean(fragment)


def clean_html(fragment: str) -> str:
    """The fragment with only the allowed markup: elements outside TAGS are unwrapped (their
    text stays), CONTENT_TAGS go with their content, attributes and URL schemes outside the
    lists are dropped, comments too. Relative URLs (images/x.png, #note-1) are kept."""
    return _cleaner().clean(fragment)
