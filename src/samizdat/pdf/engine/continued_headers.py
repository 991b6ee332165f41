"""One change to WeasyPrint's table layout: a table broken over pages repeats, on each page
after its first, a header that says it is continued.

WeasyPrint repeats a table's header group (its first thead) on every page the table runs on
to, the same on each. The print HTML gives such a table a second thead, of the class
CONTINUED, that says "Table 2 (continued)" above the header row. WeasyPrint builds it as an
ordinary row group; on the table's first layout it is taken out of the rows, and whenever the
table is laid out from a break (skip_stack set) it stands in for the header. Where this
WeasyPrint differs, the print HTML has no second thead (html.py asks CHANGE.matches()).
"""

from __future__ import annotations

from weasyprint.formatting_structure import build
from weasyprint.layout import block, table

from .change import Change, swap

CONTINUED = "continued-header"
_original = table.table_layout


def _continued_header(box):
    """The table's continued header, taken out of its rows the first time it is seen."""
    if not hasattr(box, "samizdat_continued"):
        box.samizdat_continued = None
        for index, group in enumerate(box.children):
            element = getattr(group, "element", None)
            if element is not None and CONTINUED in (element.get("class") or "").split():
                box.samizdat_continued = box.children.pop(index)
                box.samizdat_continued.is_header = True
                break
    return box.samizdat_continued


def table_layout(context, box, bottom_space, skip_stack, *args):
    """WeasyPrint's table layout, with the continued header in the header's place on every
    page after the table's first."""
    continued = _continued_header(box)
    if skip_stack is None or continued is None or not box.children \
            or not box.children[0].is_header:
        return _original(context, box, bottom_space, skip_stack, *args)
    header = box.children[0]
    box.children[0] = continued
    try:
        return _original(context, box, bottom_space, skip_stack, *args)
    finally:
        box.children[0] = header


CHANGE = Change(
    "continued-headers", "the repeated header of a table broken over pages "
    "(layout.block's table_layout)",
    "WeasyPrint repeats the same header on every page; the header of a continued table says "
    "it is continued, as Chicago's tables do",
    "a table broken over pages repeats its header without '(continued)'",
    "2624235a7cfdbb5b",
    lambda: [table.table_layout, build.wrap_table],
    lambda: swap(block, {"table_layout": table_layout}))
