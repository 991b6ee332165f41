"""Notes set a page after their calls brought back, by moving page breaks with looseness."""

from __future__ import annotations

from weasyprint.formatting_structure import boxes

from ..boxes import note_layout, walk
from ..engine import page_box
from .paragraphs import PLANNED
from .planner import Planner
from .settings import Settings


def lay_out_planned(html: str, lay_out, score, settings: Settings = Settings()):
    """The planned HTML and its layout. Notes set a page after their calls (too long for the
    room left, engine/notes_with_calls.py keeping the rest) are brought back all at once, with one
    more layout at most however long the book, all computed from the first: the call's line
    is carried over to its note's page by setting a paragraph before it a line longer (TeX's
    \\looseness), and one on the next page a line shorter where it can be. The new layout
    is kept only if it scores better."""
    planner = Planner(html, lay_out, settings)
    planned = planner.planned()
    for para in planner.paras:  # made again for the few a note may move: room for the layout
        para.prepared.clear()
    first = lay_out(planned)
    moves = note_moves(first, planner)
    if not moves:
        return planned, first
    candidate = planner.planned(moves)
    if candidate == planned:
        return planned, first
    second = lay_out(candidate)
    if score(second) < score(first):
        return candidate, second
    return planned, first


LOOSENESS_TOLERANCES = (800, 3000)  # a fair line first; a note on its page comes first


def note_moves(document, planner: Planner) -> dict[str, tuple[int, float]]:
    """Paragraphs (data-b) to set a line longer (+1) or shorter (-1), each with the tolerance
    that allows it: for every note set a page late, one paragraph on the call's page, computed
    from this one layout. A line more before the call pushes the call's line over to its
    note's page; failing that, a line less in the call's paragraph makes room for the note.
    A line less on the next page keeps the pages after as they were."""
    pages = [_body_lines(page_box(page)) for page in document.pages]
    moves: dict[str, tuple[int, float]] = {}
    for note, page in late_calls(document).items():
        lines = pages[page]
        at = next((k for k, (_, line) in enumerate(lines) if _calls(line, note)), None)
        if at is None:
            continue
        own = lines[at][0]
        before = [*dict.fromkeys(key for key, _ in reversed(lines[:at]) if key != own), own]
        found = _pick(planner, before, moves, +1) or _pick(planner, [own], moves, -1)
        moves.update(found)
        following = pages[page + 1] if page + 1 < len(pages) else []
        if found and next(iter(found.values()))[0] > 0 and following:
            after = [key for key, _ in following if key not in (own, following[0][0])]
            moves.update(_pick(planner, list(dict.fromkeys(after)), moves, -1))
    return moves


def _pick(planner: Planner, keys: list, taken: dict, looseness: int) -> dict:
    """The first paragraph that can take the looseness, at the lowest tolerance that allows
    it."""
    for tolerance in LOOSENESS_TOLERANCES:
        for key in keys:
            if key is not None and key not in taken \
                    and planner.can_change(key, looseness, tolerance):
                return {key: (looseness, tolerance)}
    return {}


def _body_lines(box, para=None) -> list[tuple[str | None, object]]:
    """The page's line boxes outside the notes, each with its planned paragraph's data-b."""
    if isinstance(box, (boxes.FootnoteAreaBox, boxes.MarginBox)):
        return []
    element = getattr(box, "element", None)
    if isinstance(box, boxes.BlockBox) and getattr(box, "element_tag", None) == "p":
        para = element.get("data-b") if element.get(PLANNED) else None
    if isinstance(box, boxes.LineBox):
        return [(para, box)]
    return [line for child in getattr(box, "children", None) or ()
            for line in _body_lines(child, para)]


def _calls(line, note: str) -> bool:
    return any((getattr(box, "element_tag", "") or "").endswith("::footnote-call")
               and box.element.get("id") == note for box in walk(line))


def late_calls(document) -> dict[str, int]:
    """Notes set on a later page than their calls, with the call's page index (from 0)."""
    return {note: layout.call - 1 for note, layout in note_layout(document).items()
            if layout.call and layout.body and layout.body > layout.call}
