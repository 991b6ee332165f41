"""One change to WeasyPrint's page breaking: a page's notes stay on the page of their calls.

WeasyPrint 70 (layout/block.py, `_linebox_layout`) sends a page's last notes to the next page
whenever that makes room for the line that completes the `orphans` of the paragraph at the
page's foot; in generated books of 86 and 400 pages every note set a page late was of this
kind. A book puts notes on their calls' pages before page fill, so here that choice is never
taken: the paragraph goes over to the next page whole, as `orphans` asks when the notes keep
their room, and the page ends a line or two short. The function is recompiled from its own
source with that one condition changed; a WeasyPrint whose source differs is left as it is,
and the notes it sets late are reported as before (SZ403).
"""

from __future__ import annotations

import inspect

from weasyprint.layout import block

from .patching import Patch

DEFERS_NOTES = "report = not context.in_column and can_break_now and not could_break_before"
KEEPS_NOTES = "report = False"


def install() -> bool:
    """Patch WeasyPrint (once); False, and WeasyPrint left as it is, for another release."""
    return PATCH.install()


def _patch() -> bool:
    try:
        source = inspect.getsource(block._linebox_layout)
    except (OSError, TypeError, AttributeError):
        return False
    if source.count(DEFERS_NOTES) != 1:
        return False
    code = compile(source.replace(DEFERS_NOTES, KEEPS_NOTES), block.__file__, "exec")
    exec(code, vars(block))  # noqa: S102 - WeasyPrint's own source, one condition changed
    return True


PATCH = Patch(_patch, "notes kept with their calls not applied: WeasyPrint's line "
              "layout is not the one this was written for; notes it sets late are reported")
