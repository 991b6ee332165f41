"""Notes WeasyPrint defers to keep a paragraph's first lines together, brought back by styles.

WeasyPrint 70 (layout/block.py, _linebox_layout) sets a page's last notes on the next page
whenever the paragraph at the page's foot has exactly `orphans` lines on the page: its line
`orphans` overflows, breaking before it would leave too few lines, breaking after it is
allowed, and so the notes give up their room to that line. In generated books of 86 and
400 pages every late note was of this kind. One style on that paragraph keeps the notes
with their calls: orphans past the lines that fit send it over whole (with print.css's 2,
`orphans: 3`: the page ends a line short), orphans no more than those lines keep them
(`orphans: 1`: a first line stays at the foot).

The page after then holds those lines and not the notes: of the styles, the one with which
it still ends where it ended is taken, and the paragraph running over its foot keeps its
lines on the page after with its `widows`, so that the pages after are laid out as they
were and one more layout is enough. Where no style does, a paragraph of either page set a
line looser or tighter (TeX's \\looseness) may; or the page after gives a line on to the
next, or takes lines up from it, and that page holds its own foot. Where nothing keeps the
pages after as they were, the page is left as it is: its notes late, the rest unmoved.
All of it is computed from the first layout's boxes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from weasyprint.formatting_structure import boxes

GAP_LINES = 2  # the most lines a page may end short by, to keep a note on it
SLACK = 0.1  # px kept clear of each limit, for rounding


@dataclass
class Page:
    """A page's lines of running text (with their paragraphs' data-b), its notes' heights,
    and the room left between the text and the notes."""
    lines: list = field(default_factory=list)
    notes: dict = field(default_factory=dict)
    area: float = 0.0  # the note area's height beyond its notes': rule, padding, margin
    room: float = 0.0

    @property
    def keys(self) -> list:
        return [key for key, _ in self.lines]


def read_pages(document) -> list[Page]:
    """What the layout put on each page, as far as moving its foot needs."""
    return [_read(page._page_box) for page in document.pages]


def _read(page_box) -> Page:
    page = Page(lines=list(_lines(page_box)))
    bottom = page_box.content_box_y() + page_box.height
    for box in page_box.children:
        if isinstance(box, boxes.FootnoteAreaBox) and box.children:
            page.notes = {note.element.get("id"): note.margin_height() for note in box.children}
            page.area = box.margin_height() - sum(page.notes.values())
            bottom = box.position_y
    text = max((line.position_y + line.height for _, line in page.lines), default=bottom)
    page.room = bottom - text
    return page


def _lines(box, key=None):
    if isinstance(box, (boxes.FootnoteAreaBox, boxes.MarginBox)):
        return
    if isinstance(box, boxes.BlockBox) and getattr(box, "element_tag", None) == "p":
        key = box.element.get("data-b")
    if isinstance(box, boxes.LineBox):
        yield key, box
        return
    for child in getattr(box, "children", None) or ():
        yield from _lines(child, key)


Change = tuple[str, int, float]  # a paragraph (data-b), +1 or -1 line, the tolerance


@dataclass
class Fix:
    """What one page's fix does: its foot paragraph's style, a looseness on the page after,
    paragraphs pinned with their widows, and the content it sends over to the pages after
    beyond the notes it takes back (page index -> px)."""
    style: str | None  # None: the page is left as it is
    moves: list = field(default_factory=list)  # of Change
    pins: dict = field(default_factory=dict)  # data-b -> a style that holds its break
    sends: dict = field(default_factory=dict)


def orphan_styles(document, late: dict[str, int], change=None):
    """Styles by paragraph (data-b) that keep on their calls' pages the notes the layout
    deferred for a paragraph's first lines (late: note -> its call's page index), the
    looseness moves that let the page after end where it ended (data-b -> (+1 or -1,
    tolerance)), and the call pages so handled. change(key, looseness) is the lowest
    tolerance at which a paragraph can take a line more or less, or None."""
    pages = read_pages(document)
    fixed = {page for page in set(late.values()) if _foot_orphan(pages, page)}
    styles: dict[str, str] = {}
    moves: dict[str, tuple[int, float]] = {}
    deferred = {page: [note for note, at in late.items() if at == page] for page in fixed}
    incoming: dict[int, float] = {}

    def capacity(page: int) -> float:
        """What the page can take from the page before and still end where it ended; a page
        with a fix of its own takes nothing more than the fix before sends."""
        return float("-inf") if page in fixed else pages[page].room

    for page in sorted(fixed):
        onward = _onward(pages, page + 1, deferred[page + 1]) if page + 1 in fixed else None
        fix = _choose(pages, page, deferred[page], incoming.get(page, 0.0), onward,
                      change or _never, capacity)
        if fix.style:
            styles[pages[page].keys[-1]] = fix.style
        for key, looseness, tolerance in fix.moves:
            moves[key] = (looseness, tolerance)
        for key, style in fix.pins.items():
            styles.setdefault(key, style)
        for later, amount in fix.sends.items():
            incoming[later] = incoming.get(later, 0.0) + amount
    return styles, moves, fixed


def _never(key, looseness):
    return None


def _choose(pages: list[Page], page: int, deferred: list[str], incoming: float,
            onward: float | None, change, capacity) -> Fix:
    """The fix of one page, chosen so that the page after ends where it ended; failing
    that, none (the notes stay late, the pages after as they were). incoming is the content
    the fix of the page before sends over (px); onward, when the page after has a fix of its
    own, the most it can take."""
    here, after = pages[page], pages[page + 1]
    foot = here.keys[-1]
    lines = _paragraph_lines(pages, page, foot)
    height = lines[0].height
    # the room above the notes for the foot paragraph once its notes are back: the line
    # they gave way to and the one before it, less what the page before sends over
    base = here.room + 2 * height - _restored(here, after, deferred) - incoming
    pin = None if onward is not None else _pin(pages, page + 1)
    before = pages[page - 1].keys[-1:] if page else []
    for own in _options(lambda: _changes(here, {foot, *before}, change)):
        room = base - (own[1] * height if own else 0)  # a line less here is a line of room
        if room < 0:
            continue
        fix = _fit(pages, page, deferred, _breaks(lines, pages, room), own, pin, onward,
                   change, capacity)
        if fix:
            return fix
    return Fix(None)


def _options(later):
    """None (no looseness), then the looseness changes later() finds, found only if needed."""
    yield None
    yield from later()


def _fit(pages, page, deferred, breaks, own, pin, onward, change, capacity) -> Fix | None:
    """The first style of the foot paragraph (and looseness on the page after) with which
    the page after ends where it ended, or takes the change in its stride."""
    after, foot = pages[page + 1], pages[page].keys[-1]
    freed, height = _freed(after, deferred), pages[page].lines[-1][1].height
    limit = _pull_limit(pages, page + 1, pin, height)
    fallback = None
    for option in _options(lambda: _changes(after, {foot, pin[0] if pin else None}, change)):
        for style, stay in breaks:  # the style alone first, a looseness only when it must
            sent = _sent_lines(pages, page, foot, stay) - freed + (
                option[1] * height if option else 0)
            fix = Fix(style, [m for m in (own, option) if m], _widows(pin), {page + 1: sent})
            if onward is not None:
                if onward - sent >= SLACK:
                    return fix
                continue
            left = after.room - sent
            if SLACK <= left < limit - SLACK:
                return fix
            if fallback is None:
                fallback = (_push(pages, page + 1, fix, left, capacity) if left < SLACK
                            else _pull(pages, page + 1, fix, left))
        if fallback:
            return fallback
    return fallback


def _widows(pin) -> dict:
    return {pin[0]: f"widows: {pin[1]}"} if pin else {}


def _paragraph_lines(pages: list[Page], page: int, key: str) -> list:
    """The paragraph's lines on this page and the next two."""
    return [line for near in pages[page:page + 3] for other, line in near.lines if other == key]


def _sent_lines(pages: list[Page], page: int, key: str, stay: int) -> float:
    """What the page sends over (px, with the notes called) when the paragraph at its foot
    keeps stay lines on it, against the first layout (negative: taken back)."""
    lines = _paragraph_lines(pages, page, key)
    there = pages[page].keys.count(key)
    if stay <= there:
        return sum(line.height for line in lines[stay:there]) + _called(lines[stay:there], pages)
    back = lines[there:stay]
    return -sum(line.height for line in back) - _called(back, pages)


def _freed(page: Page, deferred: list[str]) -> float:
    """The room the deferred notes take on the page after, the note area's own if they go."""
    freed = sum(page.notes.get(note, 0.0) for note in deferred)
    if freed and all(note in deferred for note in page.notes):
        freed += page.area
    return freed


def _onward(pages: list[Page], page: int, deferred: list[str]) -> float:
    """The most a page with a fix of its own can take from the page before: its foot
    paragraph goes over whole and its deferred notes come back."""
    height = pages[page].lines[-1][1].height
    return pages[page].room + 2 * height - _restored(pages[page], pages[page + 1], deferred)


def _restored(page: Page, after: Page, deferred: list[str]) -> float:
    """The room the deferred notes take back on their calls' page: the note area's own too
    when they are its only notes (measured on the page after)."""
    return sum(after.notes.get(note, 0.0) for note in deferred) + (
        0.0 if page.notes else after.area)


def _breaks(lines: list, pages: list[Page], room: float) -> list[tuple[str, int]]:
    """The orphans that keep WeasyPrint from deferring notes for the foot paragraph, with the
    lines of it each keeps on the page: WeasyPrint defers them exactly when the paragraph's
    first overflowing line is its orphans-th, so the whole paragraph goes over with orphans
    past the lines that fit, or those lines stay with orphans no more than their count."""
    fits, used, style = 0, 0.0, lines[0].style
    for line in lines:
        used += line.height + _called([line], pages)
        if used > room:
            break
        fits += 1
    breaks = [(f"orphans: {fits + 2}", 0)]
    stay = min(fits, len(lines) - style["widows"])  # the widows go over together
    if stay > 0:
        breaks.append((f"orphans: {min(stay, style['orphans'])}", stay))
    # the page ends short by the lines that could have stayed: a line or two at most
    kept = sorted((b for b in breaks if fits - b[1] <= GAP_LINES), key=lambda b: fits - b[1] > 1)
    return kept or [(f"orphans: {style['orphans']}", fits)]  # left as it is


def _push(pages: list[Page], page: int, fix: Fix, room: float, capacity) -> Fix | None:
    """When the page after cannot hold what comes over, its foot paragraph gives a line to
    the page after it, held there with its widows (or goes over whole, when what is left
    would be less than its orphans), if that page can take it."""
    pin = _pin(pages, page)
    if pin is None or page + 1 >= len(pages):
        return None
    key, rest = pin
    lines = [line for k, line in pages[page].lines if k == key]
    orphans = lines[-1].style["orphans"]
    given = lines[-1:] if len(lines) - 1 >= orphans else lines
    if len(given) > GAP_LINES:
        return None
    pushed = sum(line.height for line in given) + _called(given, pages)
    if room + pushed < SLACK or capacity(page + 1) - pushed < SLACK:
        return None
    hold = f"widows: {rest + 1}" if len(given) == 1 else f"orphans: {len(lines) + 1}"
    return Fix(fix.style, fix.moves, {key: hold}, {page: fix.sends[page] - pushed,
                                                   page + 1: pushed})


def _pull(pages: list[Page], page: int, fix: Fix, room: float) -> Fix | None:
    """When the page after has room for lines of the page after it, they come up; that page
    then keeps its foot paragraph's break with its widows, if the room left allows."""
    if page + 2 >= len(pages):
        return None
    taken = _taken(pages[page + 1], room, pages, bool(fix.pins))
    pin = _pin(pages, page + 1)
    if not taken or pin is None or pin[0] in pages[page + 1].keys[:1]:
        return None
    height = pages[page + 1].lines[-1][1].height
    if pages[page + 1].room + taken >= _pull_limit(pages, page + 1, pin, height) - SLACK:
        return None
    return Fix(fix.style, fix.moves, {**fix.pins, **_widows(pin)}, fix.sends)


def _taken(page: Page, room: float, pages: list[Page], pinned: bool) -> float:
    """The height of the lines at the page's head (with their notes) that the page before
    takes up into this much room: whole paragraphs' ends, or a paragraph's first lines as
    its orphans and widows allow."""
    taken, k, lines = 0.0, 0, page.lines
    while k < len(lines):
        key = lines[k][0]
        run = [line for other, line in lines[k:] if other == key] if key else [lines[k][1]]
        fits = 0
        for n in range(1, len(run) + 1):
            if taken + sum(line.height for line in run[:n]) + _called(run[:n], pages) > room:
                break
            fits = n
        style = run[0].style
        if fits == len(run):
            taken += sum(line.height for line in run) + _called(run, pages)
            k += len(run)
            continue
        if k == 0 and pinned:
            return taken  # the page before keeps its foot paragraph's break
        if fits >= style["orphans"] and len(run) - fits >= style["widows"]:
            taken += sum(line.height for line in run[:fits]) + _called(run[:fits], pages)
        return taken
    return taken


def _changes(page: Page, skip: set, change) -> list[Change]:
    """Paragraphs wholly on the page that can be set a line looser, then tighter."""
    keys = [key for key in dict.fromkeys(page.keys) if key is not None and key not in skip]
    found = []
    for looseness in (1, -1):
        for key in keys:
            tolerance = change(key, looseness)
            if tolerance is not None:
                found.append((key, looseness, tolerance))
    return found


def _pull_limit(pages: list[Page], page: int, pin, height: float) -> float:
    """The room at which the page would take up lines from the page after: the pinned
    paragraph's last lines, or the next paragraph's first, with their notes."""
    if page + 1 >= len(pages):
        return float("inf")
    following = pages[page + 1]
    lines = [line for key, line in following.lines if pin and key == pin[0]]
    if not pin:
        first = [line for key, line in following.lines if key == following.keys[0]]
        lines = first[:first[0].style["orphans"]]
    return len(lines) * height + _called(lines, pages) if lines else height


def _called(lines: list, pages: list[Page]) -> float:
    """The height of the notes called from these lines, wherever the layout set them."""
    calls = {box.element.get("id") for line in lines for box in line.descendants()
             if (getattr(box, "element_tag", "") or "").endswith("::footnote-call")}
    return sum(page.notes.get(note, 0.0) for page in pages for note in calls)


def _foot_orphan(pages: list[Page], page: int) -> str | None:
    """The paragraph at the page's foot, when it has just its orphans there and runs on."""
    if page + 1 >= len(pages) or not pages[page].lines or not pages[page + 1].lines:
        return None
    keys, following = pages[page].keys, pages[page + 1].keys
    key, style = keys[-1], pages[page].lines[-1][1].style
    if key is None or following[0] != key:
        return None
    # WeasyPrint defers only when at least `widows` lines follow the overflowing one
    if keys.count(key) == style["orphans"] and following.count(key) >= style["widows"]:
        return key
    return None


def _pin(pages: list[Page], page: int) -> tuple[str, int] | None:
    """The paragraph that runs over the page's foot and its line count on the next page, when
    it ends there: as its widows, they keep the break where it is."""
    if page + 1 >= len(pages) or not pages[page].lines or not pages[page + 1].lines:
        return None
    keys, following = pages[page].keys, pages[page + 1].keys
    key = keys[-1]
    if key is None or following[0] != key or keys.count(key) == len(keys):
        return None
    rest = following.count(key)
    if rest == len(following) or page + 2 < len(pages) and key in pages[page + 2].keys:
        return None  # runs on over another page: no widows to keep
    return key, rest
