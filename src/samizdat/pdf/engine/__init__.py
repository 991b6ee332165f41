"""The one WeasyPrint boundary: every use of WeasyPrint beyond its public API (HTML, CSS,
Document, its pages and boxes, default_url_fetcher) lives here, each declared once
(engine.change.Change) with the fingerprint of the code it relies on. May import WeasyPrint
and pydyf, nothing of samizdat's.

    with patched():   # samizdat's patches in force for one render, WeasyPrint's own after
        ...
"""

from __future__ import annotations

from contextlib import AbstractContextManager

from . import change, continued_headers, formula_forms, notes_with_calls, planned_lines, tags
from .box_tree import PAGE_BOXES, page_box
from .pango import BREAK_FLAGS, GLYPHS, MEASURING

PATCHES = (tags.CHANGE, notes_with_calls.CHANGE, planned_lines.CHANGE, continued_headers.CHANGE,
           formula_forms.CHANGE)
READS = (MEASURING, GLYPHS, BREAK_FLAGS, PAGE_BOXES)
CHANGES = (*PATCHES, *READS)

__all__ = ["CHANGES", "PATCHES", "READS", "page_box", "patched", "subsets_with_harfbuzz"]


def patched() -> AbstractContextManager[None]:
    """samizdat's patches to WeasyPrint in force while the block runs (a WeasyPrint whose code
    differs left as it is, in one logged line each); WeasyPrint's own code again after."""
    return change.patched(PATCHES)


def subsets_with_harfbuzz() -> bool:
    """Whether WeasyPrint subsets fonts with HarfBuzz (else fontTools, which stamps each
    subset with the clock); False where this WeasyPrint does not say."""
    from weasyprint.pdf import fonts

    return bool(getattr(fonts, "harfbuzz_subset", None))
