"""Where things sit on the laid-out pages: text printed over text, boxes outside the page's
text area, and figures that leave a page half empty. Read from WeasyPrint's boxes."""

from __future__ import annotations

from dataclasses import dataclass

from weasyprint.formatting_structure import boxes

from .engine import page_box

TOLERANCE = 1.0   # CSS px: anti-aliasing and rounding, not a visible overlap
MAX_GAP = 0.25    # a hole before a float this share of the text area is warned of (SZ412)


@dataclass(frozen=True)
class Rect:
    """A rectangle on a page, in CSS pixels."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Rect) -> bool:
        return (min(self.right, other.right) - max(self.left, other.left) > TOLERANCE
                and min(self.bottom, other.bottom) - max(self.top, other.top) > TOLERANCE)


@dataclass(frozen=True)
class Line:
    """A line of text as printed: the rectangle its glyphs cover, its block, its words."""

    rect: Rect
    block: object
    text: str


def content_rect(page) -> Rect:
    """The page's text area: the page box less its margins (the running heads sit outside)."""
    box = page_box(page)
    left, top = box.content_box_x(), box.content_box_y()
    return Rect(left, top, left + box.width, top + box.height)


def printed_lines(page) -> list[Line]:
    """The lines of the page's text and notes, each as wide as its glyphs (not its box)."""
    found: list[Line] = []

    def walk(box, block):
        if isinstance(box, boxes.MarginBox):
            return
        if isinstance(box, boxes.LineBox):
            line = _line(box, block)
            if line is not None:
                found.append(line)
            return
        if isinstance(box, boxes.BlockContainerBox):
            block = box
        for child in getattr(box, "children", None) or ():
            walk(child, block)

    walk(page_box(page), None)
    return found


def _line(box, block) -> Line | None:
    parts = [b for b in box.descendants()
             if isinstance(b, boxes.TextBox | boxes.InlineReplacedBox) and
             (not isinstance(b, boxes.TextBox) or b.text.strip())]
    if not parts:
        return None
    left = min(b.position_x for b in parts)
    right = max(b.position_x + b.margin_width() for b in parts)
    top = min(b.position_y for b in parts)
    bottom = max(b.position_y + b.margin_height() for b in parts)
    text = " ".join(b.text for b in parts if isinstance(b, boxes.TextBox))
    return Line(Rect(left, top, right, bottom), block, " ".join(text.split()))


def overprinted(document) -> list[tuple[int, str, str]]:
    """Lines of different blocks that cover each other: (page, one line, the other)."""
    found = []
    for number, page in enumerate(document.pages, 1):
        lines = sorted(printed_lines(page), key=lambda line: line.rect.top)
        for i, line in enumerate(lines):
            for other in lines[i + 1:]:
                if other.rect.top >= line.rect.bottom - TOLERANCE:
                    break
                if other.block is not line.block and line.rect.overlaps(other.rect):
                    found.append((number, line.text, other.text))
    return found


def outside_text_area(document) -> list[tuple[int, str]]:
    """Text or images drawn past the page's text area (the margin boxes aside)."""
    found = []
    for number, page in enumerate(document.pages, 1):
        area = content_rect(page)
        for line in printed_lines(page):
            rect = line.rect
            if (rect.left < area.left - TOLERANCE or rect.right > area.right + TOLERANCE
                    or rect.bottom > area.bottom + TOLERANCE or rect.top < area.top - TOLERANCE):
                found.append((number, line.text or "an image"))
        for image in _images(page_box(page)):
            right = image.position_x + image.margin_width()
            if right > area.right + TOLERANCE or image.position_x < area.left - TOLERANCE:
                found.append((number, f"the image {image.element.get('src', '')}"))
    return found


def _images(box):
    if isinstance(box, boxes.MarginBox):
        return
    if isinstance(box, boxes.ReplacedBox):
        yield box
    for child in getattr(box, "children", None) or ():
        yield from _images(child)


@dataclass(frozen=True)
class Gap:
    """Empty space at the foot of a page before a figure."""

    page: int          # the page left partly empty
    share: float       # of its text area
    figure: str        # data-b of the figure that begins the next page
    room: float = 0.0  # the empty height at the foot of the page, in CSS px
    height: float = 0.0  # the figure's height where it was set (image and caption)
    image: float = 0.0   # its image's height


def figure_gaps(document) -> list[Gap]:
    """Pages that end more than MOST_EMPTY_LINES short because the figure or table after
    them did not fit the rest of the page."""
    found = []
    for number, page in enumerate(document.pages[:-1], 1):
        figure = _first_flow_block(page_box(document.pages[number]))
        if figure is None or figure.element_tag not in ("figure", "table"):
            continue
        area = content_rect(page)
        bottom = flow_bottom(page_box(page))
        notes = next((b for b in page_box(page).descendants()
                      if isinstance(b, boxes.FootnoteAreaBox) and b.children), None)
        limit = notes.position_y if notes is not None else area.bottom
        share = (limit - bottom) / (area.bottom - area.top)
        if bottom and whole_lines((limit - bottom) / body_line_height(document)) \
                > MOST_EMPTY_LINES:
            image = next(_images(figure), None)
            key = _float_key(figure)
            found.append(Gap(number, share, key, limit - bottom,
                             figure.margin_height(),
                             image.margin_height() if image is not None else 0.0))
    return found


def split_tables(document) -> list[str]:
    """The tables broken over pages that would fit whole on one page (their data-float):
    the height of their pieces (caption and margins included), less the header each piece
    after the first repeats, within the page's text area."""
    pieces: dict[str, list] = {}
    for page in document.pages:
        for box in page_box(page).descendants():
            if getattr(box, "is_table_wrapper", False) and box.element.get("data-float"):
                pieces.setdefault(box.element.get("data-float"), []).append((page, box))
    found = []
    for key, parts in pieces.items():
        if len(parts) < 2:
            continue
        area = content_rect(parts[0][0])
        height = sum(wrapper.margin_height() - _repeated_header(wrapper)
                     for _, wrapper in parts[1:])
        if parts[0][1].margin_height() + height < area.bottom - area.top:
            found.append(key)
    return found


def _repeated_header(wrapper) -> float:
    """The height of the header a piece of a broken table repeats (0 without one)."""
    table = next((c for c in wrapper.children if isinstance(c, boxes.TableBox)), None)
    header = table.children[0] if table is not None and table.children else None
    return header.margin_height() if header is not None and header.is_header else 0.0


def _first_flow_block(box):
    """The first block of the page's running text that is a figure, a table or holds a line."""
    if isinstance(box, boxes.MarginBox | boxes.FootnoteAreaBox):
        return None
    if getattr(box, "element_tag", None) == "figure" or getattr(box, "is_table_wrapper", False) \
            or isinstance(box, boxes.LineBox):
        return box
    for child in getattr(box, "children", None) or ():
        found = _first_flow_block(child)
        if found is not None:
            return found
    return None


def flow_bottom(box) -> float:
    """The lowest edge of the page's running text, lines and images (notes aside)."""
    if isinstance(box, boxes.MarginBox | boxes.FootnoteAreaBox):
        return 0.0
    if isinstance(box, boxes.LineBox | boxes.ReplacedBox):
        return box.position_y + box.margin_height()
    return max((flow_bottom(child) for child in getattr(box, "children", None) or ()),
               default=0.0)


FORCED = {"page", "left", "right", "recto", "verso"}
MOST_EMPTY_LINES = 2  # a page but the last may end with this many empty body lines, no more


@dataclass(frozen=True)
class Foot:
    """The empty space at the foot of a page's running text, above its notes."""

    page: int        # from 1
    lines: float     # empty height in lines of the body
    forced: bool     # the next page starts with a forced break: this one may end short
    next_block: str  # what begins the next page: figure, table, timeline, heading or text


def page_feet(document) -> list[Foot]:
    """Every page's empty foot but the last's, in the body's lines (its line-height)."""
    found = []
    pitch = body_line_height(document)
    for number, page in enumerate(document.pages[:-1], 1):
        area = content_rect(page)
        notes = next((b for b in page_box(page).descendants()
                      if isinstance(b, boxes.FootnoteAreaBox) and b.children), None)
        limit = notes.position_y if notes is not None else area.bottom
        bottom = flow_bottom(page_box(page)) or area.top
        following = page_box(document.pages[number])
        found.append(Foot(number, max(0.0, limit - bottom) / pitch, _forced(following),
                          _kind(_first_flow_block(following))))
    return found


def holes(document, most: float = MOST_EMPTY_LINES) -> list[Foot]:
    """The pages that end more than most body lines short, a forced break aside."""
    return [foot for foot in page_feet(document)
            if whole_lines(foot.lines) > most and not foot.forced]


def whole_lines(lines: float) -> int:
    """The lines of text an empty height holds: 2.9 lines' room holds two, not three (a
    hair of rounding aside)."""
    return int(lines + 0.02)


def body_line_height(document) -> float:
    """The body's line pitch in CSS px (the first page's body box)."""
    body = next((box for box in page_box(document.pages[0]).descendants()
                 if getattr(box, "element_tag", None) == "body"), None)
    height = body.style["line_height"] if body is not None else None
    return height.value if getattr(height, "unit", None) == "px" else 16.0


def _forced(box) -> bool:
    """Whether the page's first block, or a block it opens, was asked to start a page."""
    while box is not None:
        if box.style["break_before"] in FORCED:
            return True
        box = next(iter(getattr(box, "children", None) or ()), None)
    return False


def _kind(box) -> str:
    if box is None:
        return "nothing"
    if getattr(box, "is_table_wrapper", False):
        return "timeline" if "timeline" in (box.element.get("class") or "") else "table"
    if getattr(box, "element_tag", None) == "figure":
        return "figure"
    return "text"


RUNNING_TEXT = {"p", "ul", "ol", "dl", "blockquote", "pre"}
# what a deferred float may be moved past (html.defer_figures): running text and the headings
# of subsections (h2 heads a chapter: a float stays in its chapter), never another float
PASSABLE = RUNNING_TEXT | {"h3", "h4", "h5", "h6"}


def passable(box) -> bool:
    """A laid-out box a float may be moved past: running text or a subsection's heading, not
    the timeline."""
    element = getattr(box, "element", None)
    return (getattr(box, "element_tag", None) in PASSABLE and element is not None
            and "timeline" not in (element.get("class") or ""))


def blocks_to_fill(document, gap: Gap) -> tuple[int, tuple[str, ...]]:
    """How many blocks of running text after the gap's float, on the next page, would fill
    the room it left, and the floats that follow it straight on (they move with it, in their
    order, as LaTeX's queue of floats): the floats are set after the blocks
    (html.defer_figures), the last block perhaps broken over the page, and never straight
    after a heading."""
    page = page_box(document.pages[gap.page])
    first = _first_flow_block(page)
    items = list(_flow_items(page))
    if first not in items:
        return 0, ()
    rest = items[items.index(first) + 1:]
    followers = []
    while rest and _is_float(rest[0]):
        followers.append(_float_key(rest.pop(0)))
    count, height, heading = 0, 0.0, False
    for box in rest:
        if not passable(box) or (height >= gap.room and not heading):
            break
        height += box.margin_height()
        heading = box.element_tag.startswith("h")
        count += not heading  # a heading is passed with the block after it, as one
    return count, tuple(followers)


def _is_float(box) -> bool:
    return getattr(box, "element_tag", None) == "figure" or getattr(box, "is_table_wrapper", False)


def _float_key(box) -> str:
    return box.element.get("data-b") or box.element.get("data-float", "")


def _flow_items(box):
    """The page's blocks in reading order, sections opened and nothing else."""
    for child in getattr(box, "children", None) or ():
        if isinstance(child, boxes.MarginBox | boxes.FootnoteAreaBox):
            continue
        if getattr(child, "element_tag", None) in ("html", "body") or _subsection(child):
            yield from _flow_items(child)
        else:
            yield child


def _subsection(box) -> bool:
    """A section of the text (not a classroom block, which is set whole)."""
    element = getattr(box, "element", None)
    return (getattr(box, "element_tag", None) == "section" and element is not None
            and "classroom" not in (element.get("class") or ""))


def unkeepable(document) -> list[str]:
    """Blocks asked to stay whole (break-inside: avoid) that run over pages all the same,
    taller than a page (their data-b, else id): WeasyPrint still moves each to a fresh page first,
    leaving the page before it short, when it may as well start where it falls."""
    pages: dict[str, set[int]] = {}
    for number, page in enumerate(document.pages):
        for box in page_box(page).descendants():
            element = getattr(box, "element", None)
            key = element.get("data-b") or element.get("id") if element is not None else None
            if (isinstance(box, boxes.BlockBox) and key
                    and box.style["break_inside"] in ("avoid", "avoid-page")
                    and not (getattr(box, "element_tag", "") or "").startswith("::")):
                pages.setdefault(key, set()).add(number)
    return [key for key, on in pages.items() if len(on) > 1]
