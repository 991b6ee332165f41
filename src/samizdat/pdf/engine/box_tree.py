"""Each laid-out page's box tree, which WeasyPrint keeps private: the layout checks, the page
record and the line planner's probe read it."""

from __future__ import annotations

from weasyprint.document import Page

from .change import Change

PAGE_BOXES = Change(
    "page-boxes", "page (document.Page keeps its box tree as _page_box)",
    "the layout checks, the page record and the line planner's probe read the laid-out boxes",
    "nothing while its pages still hold _page_box: the boxes are read as before",
    "56afceec729bf2c1", lambda: [Page.__init__])


def page_box(page):
    """The page's laid-out box tree (WeasyPrint keeps it private, as Page._page_box)."""
    PAGE_BOXES.matches()
    try:
        return page._page_box
    except AttributeError:
        raise RuntimeError("this WeasyPrint's pages do not keep their boxes (Page._page_box): "
                           "samizdat cannot check its layout; install the WeasyPrint "
                           "pyproject.toml names") from None
