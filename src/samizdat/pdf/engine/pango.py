"""Text measured as WeasyPrint sets it: Pango's layouts of WeasyPrint's styles, read through
WeasyPrint's cffi bindings (`pango`, `ffi`), for the line planner.

Three declared reads (engine.change): the layout and log-attribute helpers of WeasyPrint's
text module, without which lines are left to WeasyPrint (MEASURING); and two structs read a
whole array at a time, as one field at a time is slow in Python: PangoGlyphInfo's widths
(GLYPHS) and PangoLogAttr's is_line_break bit (BREAK_FLAGS). Each struct read is guarded by
the fingerprint of the struct's layout in WeasyPrint's declarations; where that differs, the
fields are read one at a time through cffi (slower, the same figures).
"""

from __future__ import annotations

import itertools

from weasyprint.text import line_break
from weasyprint.text.ffi import FROM_UNITS, ffi, pango

from .change import Change, struct_layout

MEASURING = Change(
    "measuring", "text layout (text.line_break.Layout: __init__, setup, set_text; get_log_attrs)",
    "the planner measures text with WeasyPrint's own Pango layouts, so that its lines are "
    "WeasyPrint's", "paragraphs are broken into lines by WeasyPrint's greedy search, not "
    "planned", "276d7357a4a58b11",
    lambda: [line_break.Layout.__init__, line_break.Layout.setup, line_break.Layout.set_text,
             line_break.get_log_attrs])
GLYPHS = Change(
    "glyph-widths", "glyph record layout (PangoGlyphInfo)",
    "every glyph's width read in one go from the array of glyph records",
    "nothing: glyph widths are read one field at a time (slower)",
    "7a0b17f7b712b9dc", lambda: [struct_layout(ffi, "PangoGlyphInfo")])
BREAK_FLAGS = Change(
    "break-flags", "log attribute layout (PangoLogAttr)",
    "every character's is_line_break read in one go, a 32-bit word each, its lowest bit",
    "nothing: break opportunities are read one field at a time (slower)",
    "ed69e8af9bb19310", lambda: [struct_layout(ffi, "PangoLogAttr")])
# PangoGlyphInfo in 32-bit words: glyph, then the geometry's width, x and y offsets, then the
# attributes; the width is the second word of each record (as GLYPHS's fingerprint vouches)
GLYPH_FIELDS = ffi.sizeof("PangoGlyphInfo") // 4
GLYPH_WIDTH = ffi.offsetof("PangoGlyphInfo", "geometry", "width") // 4


def advances(text: str, style) -> list[float]:
    """x position (px) before each character and after the last, as Pango shapes the text."""
    layout = line_break.Layout(style)
    layout.set_text(text)
    line = pango.pango_layout_get_line_readonly(layout.layout, 0)
    encoded = text.encode()
    per_byte = [0] * (len(encoded) + 1)
    at_once = GLYPHS.matches()
    run = line.runs
    while run != ffi.NULL:
        item, glyphs = run.data.item, run.data.glyphs
        count = glyphs.num_glyphs
        clusters = ffi.unpack(glyphs.log_clusters, count)
        for width, cluster in zip(_widths(glyphs, count, at_once), clusters, strict=True):
            per_byte[item.offset + cluster] += width
        run = run.next
    # a cluster's width sits on its first byte, which starts a character: the other bytes
    # of a character (0b10xxxxxx in UTF-8) carry none
    per_char = per_byte[:-1] if len(encoded) == len(text) else [
        width for width, byte in zip(per_byte[:-1], encoded, strict=True) if byte & 0xC0 != 0x80]
    return [x * FROM_UNITS for x in itertools.accumulate(per_char, initial=0)]


def _widths(glyphs, count: int, at_once: bool):
    if not at_once:
        return [glyphs.glyphs[k].geometry.width for k in range(count)]
    records = memoryview(ffi.buffer(glyphs.glyphs, count * GLYPH_FIELDS * 4)).cast("i")
    return records[GLYPH_WIDTH::GLYPH_FIELDS]


def line_breaks(text: str, lang: str | None) -> list[int]:
    """The indices before which Pango may break a line (0 to len(text))."""
    attrs = line_break.get_log_attrs(text, lang)
    if not BREAK_FLAGS.matches():
        return [i for i in range(len(text) + 1) if attrs[i].is_line_break]
    flags = memoryview(ffi.buffer(attrs)).cast("I")
    return [i for i, flag in enumerate(flags) if flag & 1]
