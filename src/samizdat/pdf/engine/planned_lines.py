"""Planned lines end where planned: WeasyPrint is told each line's end instead of searching.

The line planner (pdf/lines/) leaves a planned paragraph's text only its planned break
opportunities (the rest held by U+2060). WeasyPrint 70's `split_first_line` still searches
for the longest first line that fits: it shapes a guess of the text, then the line with the
next word added, then every soft hyphen's prefix. In planned text that search is wasted, and
where two planned lines would fit the measure together (a short line the plan chose), it
joins them.

Here, text whose style carries `--samizdat-lines: planned` (set on each planned paragraph,
and `free` on its notes, which WeasyPrint sets in the note area) is split at its first break
opportunity, found by Pango's own rules: one shaping of the line, no search. Any other text,
and min-content sizing, goes to WeasyPrint's function unchanged. CHANGE declares it, with the
fingerprint of the functions it replaces and calls; it is in force only while samizdat renders.
A WeasyPrint whose functions differ is left as it is, and planned text is then laid out by
WeasyPrint's search as before (slower, still as planned).

A planned line may also need its own spacing: narrower word spaces where it is a little too
long, letter-spacing where its word spaces would stand out. The paragraph's
`--samizdat-spacing` says, for each of its text nodes (named by the CRC-32 of its UTF-8 text),
from which byte on the node's lines take which word- and letter-spacing; `split_text_box`
gives a line's box a copy of its style with that spacing. A span a line would cost an element
to style and a box more a line; this costs a dictionary look-up. Where it is not in force, the
planner writes the spans.
"""

from __future__ import annotations

import bisect
import zlib
from functools import lru_cache

from weasyprint.layout import inline
from weasyprint.text import line_break
from weasyprint.text.ffi import FROM_UNITS, pango

from .change import Change, active, swap
from .pango import line_breaks

PROPERTY = "--samizdat-lines"  # on a planned paragraph "planned", on its notes "free"
PLANNED, FREE = f"{PROPERTY}: planned", f"{PROPERTY}: free"
SPACING = "--samizdat-spacing"  # on a planned paragraph: its lines' own spacing, see spacing()


def _key(prop: str) -> str:
    return "__" + prop[2:].replace("-", "_")  # how WeasyPrint's computed style names it


_KEY, _SPACING_KEY = _key(PROPERTY), _key(SPACING)
SHY = "\u00ad"
# the break opportunities of a window of the text, not the whole rest of a long text node;
# a break found this close to the window's end is checked against the whole text, as a
# rule of Unicode line breaking may look past it
WINDOW_LINES, WINDOW_MARGIN = 2, 8
_original = line_break.split_first_line
_original_box = inline.split_text_box


def installed() -> bool:
    """Whether WeasyPrint is told where planned lines end now (else it searches for them)."""
    return active(CHANGE)


def split_first_line(text, style, context, max_width, justification_spacing,
                     is_line_start=True, minimum=False):
    """WeasyPrint's split_first_line: the same result, for planned text without a search."""
    if minimum or max_width is None or style["white_space"] != "normal" or not is_planned(style):
        return _original(text, style, context, max_width, justification_spacing,
                         is_line_start, minimum)
    end = first_break(text, style["lang"], _window(style, max_width))
    line = text if end is None else text[:end]
    resume = None if end is None else len(line.encode())
    hyphenated = resume is not None and line.endswith(SHY)
    hyphen = style["hyphenate_character"]
    # a space at a line's end collapses, as in WeasyPrint's first_line_metrics
    shown = line if resume is None else line.rstrip(" ")
    if hyphenated:
        shown += hyphen
    layout = line_break.create_layout(shown, style, context, None, justification_spacing)
    first_line, _ = layout.get_first_line()
    length = first_line.length - (len(hyphen.encode()) if hyphenated else 0)
    width, height = line_break.line_size(first_line, style)
    baseline = pango.pango_layout_get_baseline(layout.layout) * FROM_UNITS
    layout.deactivate()
    return layout, length, resume, width, height, baseline


def split_text_box(context, box, available_width, skip, is_line_start=True):
    """WeasyPrint's split_text_box, the line's box given its planned spacing."""
    style = _line_style(box, skip)
    if style is None:
        return _original_box(context, box, available_width, skip, is_line_start)
    kept, box.style = box.style, style
    try:  # the line's box is a copy of this one: it keeps the style
        return _original_box(context, box, available_width, skip, is_line_start)
    finally:
        box.style = kept


def spacing(nodes: dict[str, list[tuple[int, float | None, float | None]]]) -> str:
    """The --samizdat-spacing declaration for a paragraph: nodes[text] lists (byte offset,
    word-spacing px, letter-spacing px) in order, None keeping the paragraph's own."""
    def number(value):
        return "" if value is None else f"{value:.3f}"
    value = " ".join(
        f"{_crc(text):x}:" + ";".join(f"{at},{number(ws)},{number(ls)}" for at, ws, ls in lines)
        for text, lines in nodes.items())
    return f'{SPACING}: "{value}"'


def _line_style(box, skip: int):
    """A copy of the box's style with the spacing planned for its line from byte skip on, or
    None where nothing is planned."""
    style = box.style
    tokens = style[_SPACING_KEY]
    if not tokens or getattr(tokens[0], "type", None) != "string" or not is_planned(style):
        return None
    lines = _spacings(tokens[0].value).get(_crc(box.text))
    if lines is None:
        return None
    offsets, spacings = lines
    word, letter = spacings[bisect.bisect_right(offsets, skip) - 1]
    if word is None and letter is None:
        return None
    style = style.copy()
    if word is not None:
        style["word_spacing"] = word
    if letter is not None:
        style["letter_spacing"] = letter
    return style


def _crc(text: str) -> int:
    return zlib.crc32(text.encode())


@lru_cache(maxsize=64)
def _spacings(value: str) -> dict[int, tuple[list[int], list[tuple]]]:
    """The declaration's value read: text node (CRC-32) -> (byte offsets, their spacings)."""
    def number(field):
        return float(field) if field else None
    table = {}
    for node in value.split():
        crc, _, lines = node.partition(":")
        entries = [line.split(",") for line in lines.split(";")]
        table[int(crc, 16)] = ([int(at) for at, _, _ in entries],
                               [(number(ws), number(ls)) for _, ws, ls in entries])
    return table


def is_planned(style) -> bool:
    """Whether text of this style is planned: its lines end where planned."""
    tokens = style[_KEY]
    return bool(tokens) and getattr(tokens[0], "value", None) == "planned"


def _window(style, max_width: float) -> int:
    """Characters that surely hold more than WINDOW_LINES lines: the narrowest glyph is
    wider than a fifth of the font size."""
    size = style["font_size"] or 1
    return int(WINDOW_LINES * 5 * max_width / size) + WINDOW_MARGIN


def first_break(text: str, lang: str | None, window: int) -> int | None:
    """The index where the text's first line ends (Pango's first break opportunity after its
    first character), or None when the text allows no break."""
    if len(text) > window:
        end = _first_break(text[:window], lang)
        if end is not None and end < window - WINDOW_MARGIN:
            return end
    return _first_break(text, lang)


def _first_break(text: str, lang: str | None) -> int | None:
    return next((i for i in line_breaks(text, lang) if 0 < i < len(text)), None)


CHANGE = Change(
    "planned-lines", "line splitting (layout.inline.split_first_line, split_text_box)",
    "WeasyPrint searches for the longest first line that fits; planned text says where each "
    "line ends, and how it is spaced",
    "nothing visible: planned lines are searched for (slower) and spaced by spans",
    "1692bbbbe98f801b",
    lambda: [inline.split_first_line, inline.split_text_box, line_break.create_layout,
             line_break.line_size],
    lambda: swap(inline, {"split_first_line": split_first_line,
                          "split_text_box": split_text_box}))
