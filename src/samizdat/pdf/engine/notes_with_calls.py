"""One change to WeasyPrint's page breaking: a page's notes stay on the page of their calls.

WeasyPrint 70 (layout/block.py, `_linebox_layout`) sends a page's last notes to the next page
whenever that makes room for the line that completes the `orphans` of the paragraph at the
page's foot; in generated books of 86 and 400 pages every note set a page late was of this
kind. A book puts notes on their calls' pages before page fill, so here that choice is never
taken: the paragraph goes over to the next page whole, as `orphans` asks when the notes keep
their room, and the page ends a line or two short. The function is recompiled from its own
source with that one condition changed, and is WeasyPrint's only while samizdat renders; a
WeasyPrint whose source differs (CHANGE's fingerprint) is left as it is, and the notes it sets
late are reported as before (SZ403).
"""

from __future__ import annotations

import inspect

from weasyprint.layout import block

from .change import Change, swap

DEFERS_NOTES = "report = not context.in_column and can_break_now and not could_break_before"
KEEPS_NOTES = "report = False"
_compiled = {}


def _keeping_notes():
    """WeasyPrint's _linebox_layout with the one condition changed, compiled once in its
    module's namespace."""
    if "function" not in _compiled:
        source = inspect.getsource(block._linebox_layout)
        assert source.count(DEFERS_NOTES) == 1, "the fingerprint vouches for the source"
        original = block._linebox_layout
        code = compile(source.replace(DEFERS_NOTES, KEEPS_NOTES), block.__file__, "exec")
        exec(code, vars(block))  # noqa: S102 - WeasyPrint's own source, one condition changed
        _compiled["function"], block._linebox_layout = block._linebox_layout, original
    return _compiled["function"]


CHANGE = Change(
    "notes-with-calls", "page breaking (layout.block._linebox_layout)",
    "WeasyPrint sends a page's last notes on to keep the orphans of the paragraph at its "
    "foot; a book keeps notes on their calls' pages first",
    "a note may be set a page after its call (each one reported, SZ403)",
    "e07bbe000974787e", lambda: [block._linebox_layout],
    lambda: swap(block, {"_linebox_layout": _keeping_notes()}))
