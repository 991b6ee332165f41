"""Knuth and Plass's total-fit line breaking on boxes, glue and penalties."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

INFINITY = 10000  # a penalty this high forbids a break, this low forces one
FORBIDDEN = 1e12  # demerits of a hyphen before the last line: taken only when nothing else fits


class Box(NamedTuple):
    """Material of a fixed width: a word or part of one."""
    width: float


class Glue(NamedTuple):
    """A space that can stretch and shrink; a line may end at it."""
    width: float
    stretch: float
    shrink: float = 0.0


class Penalty(NamedTuple):
    """A place a line may end at a cost; flagged when it adds a hyphen."""
    width: float
    penalty: float
    flagged: bool = False


@dataclass(frozen=True)
class Params:
    """TeX's parameters; hyphen_run caps hyphenated line ends in a row."""
    tolerance: float = 2000  # no shrink below TeX's 1/3: a first pass at 400 fails too often
    line_penalty: float = 10
    double_hyphen_demerits: float = 10000
    final_hyphen_demerits: float = 5000
    adj_demerits: float = 10000
    looseness: int = 0
    loose_tolerance: float = 800  # a looseness only where every line stays under this badness
    hyphen_run: int = 2
    line_stretch: float = 0.0  # ragged right: TeX's \rightskip stretch, spaces stay fixed
    forbid_final_hyphen: bool = True
    merge_slack: float = 0.0  # how much wider than planned a line may be and still fit


@dataclass
class _Node:
    position: int
    line: int
    fitness: int
    hyphens: int  # hyphenated line ends in a row up to here
    totals: tuple[float, float, float]
    demerits: float
    previous: _Node | None


def fitness_class(ratio: float) -> int:
    """TeX's four classes: 0 tight, 1 decent, 2 loose, 3 very loose."""
    if ratio < -0.5:
        return 0
    if ratio <= 0.5:
        return 1
    return 2 if ratio <= 1 else 3


class Measure(NamedTuple):
    """The lines' width, and the first line's where an indent makes it differ."""
    width: float
    first: float | None = None

    def of(self, line: int) -> float:
        """Line n's width (0-based)."""
        return self.first if line == 0 and self.first is not None else self.width


def break_points(items: list, measure: Measure, params: Params = Params(),
                 lines: int | None = None, fallback: bool = True) -> Breaks | None:
    """Indices of the items where the lines end.
    lines: the best plan's line count, when known, saves planning it again for a looseness.
    Without fallback, None when nothing fits within the tolerance."""
    best = None
    if lines is None or not params.looseness:
        best = _best(items, measure, params, fallback)
        if not params.looseness:
            return best
        lines = len(best)
    # a line more or less only where no line gets looser than loose_tolerance allows
    target = lines + params.looseness
    finals = _search(items, measure, params, params.loose_tolerance) or []
    hits = [n for n in finals if n.line == target and n.demerits < FORBIDDEN]
    if hits:
        return _trace(min(hits, key=lambda n: n.demerits))
    return best or _best(items, measure, params)


def _best(items: list, measure: Measure, params: Params, fallback: bool = True) -> Breaks | None:
    for tolerance in (params.tolerance, 10 ** 6, float("inf"))[:None if fallback else 1]:
        # the last pass, the one without limits, is for emergencies: a word wider than a line
        finals = _search(items, measure, params, tolerance) or []
        if tolerance != float("inf"):
            finals = [n for n in finals if n.demerits < FORBIDDEN]
        if finals:
            return _trace(min(finals, key=lambda n: n.demerits))
    if fallback:
        raise ValueError("no feasible breaks")
    return None


def _search(items, measure: Measure, params: Params, tolerance: float) -> list[_Node] | None:
    """The nodes that end the paragraph, each the best way to its state; None if no way.

    Active nodes are grouped by position: a line's width, stretch and shrink, and so its
    ratio, depend only on where it starts and ends (and whether it is the first line, which
    only the nodes at 0 are), not on the path that led there. Positions are kept in order,
    so once a line from one is too loose, lines from every later one are too."""
    sums = _prefix_sums(items)
    limit = None if tolerance == float("inf") else (tolerance / 100) ** (1 / 3)
    active = {0: [_Node(0, 0, 1, 0, (0.0, 0.0, 0.0), 0.0, None)]}
    last = len(items) - 1
    for b, item in enumerate(items):
        if not _is_break(items, b):
            continue
        is_penalty = isinstance(item, Penalty)
        penalty = item.penalty if is_penalty else 0.0
        flagged = is_penalty and item.flagged
        extra = item.width if is_penalty else 0.0
        forced = penalty <= -INFINITY
        width, stretch, shrink = sums[b]
        new: dict[tuple, _Node] = {}
        before = [n for nodes in active.values() for n in nodes] if limit is None else ()
        for position in list(active):
            nodes = active[position]
            w0, y0, z0 = nodes[0].totals
            # a paragraph's last line is set at its natural spaces: it may not shrink
            ratio = _line_ratio(measure.of(nodes[0].line) - (width - w0 + extra),
                                stretch - y0 + params.line_stretch, 0.0 if forced else shrink - z0)
            if limit is not None and ratio > limit and not forced:
                if position or measure.first is None or measure.first <= measure.width:
                    break  # every later start makes a shorter, looser line
                continue
            if ratio < -1 or forced:
                del active[position]  # an overfull line or a forced break ends its lines
            if ratio < -1 or limit is not None and abs(ratio) > limit:
                continue
            for node in nodes:
                if flagged and node.hyphens >= params.hyphen_run:
                    continue
                if forced and _merges(sums[b], node, measure, params):
                    continue
                _consider(new, node, b, ratio, penalty, flagged, b == last, items, sums, params)
        if not active and not new and limit is None:
            # emergency: nothing fits, so the overfull line with the fewest demerits is taken
            node = min(before, key=lambda n: n.demerits)
            _consider(new, node, b, -1, penalty, flagged, b == last, items, sums, params)
        if new:
            active[b] = list(new.values())
        if not active:
            return None
    return active.get(last, [])


def _line_ratio(room: float, stretch: float, shrink: float) -> float:
    """TeX's adjustment ratio: how far the line's glue must stretch (> 0) or shrink (< 0)."""
    if room > 0:
        return room / stretch if stretch > 0 else 1e10
    if room < 0:
        return room / shrink if shrink > 0 else -1e10
    return 0.0


def _prefix_sums(items) -> list[tuple[float, float, float]]:
    """Width, stretch and shrink of all items before each index."""
    sums, w, y, z = [], 0.0, 0.0, 0.0
    for item in items:
        sums.append((w, y, z))
        if not isinstance(item, Penalty):  # a penalty's width counts only where a line ends
            w += item.width
        if isinstance(item, Glue):
            y, z = y + item.stretch, z + item.shrink
    sums.append((w, y, z))
    return sums


def _is_break(items, b: int) -> bool:
    item = items[b]
    if isinstance(item, Penalty):
        return item.penalty < INFINITY
    return isinstance(item, Glue) and b > 0 and isinstance(items[b - 1], Box)


def _after_break(items, b: int, sums) -> tuple[float, float, float]:
    """Totals where the next line starts: glue and penalties after a break vanish."""
    i = b
    while i < len(items) and not isinstance(items[i], Box):
        if isinstance(items[i], Penalty) and items[i].penalty <= -INFINITY and i > b:
            break
        i += 1
    return sums[i]


def _merges(total, node: _Node, measure: Measure, params: Params) -> bool:
    """A last line that would fit on the line before: a greedy layout would join the two."""
    before = node.previous
    if before is None:
        return False
    room = measure.of(before.line) + params.merge_slack - (total[0] - before.totals[0])
    # only the line before's spaces shrink: the last line's are set at their natural width
    ratio = _line_ratio(room, total[1] - before.totals[1] + params.line_stretch,
                        node.totals[2] - before.totals[2])
    return ratio >= -1


def _consider(new, node, b, ratio, penalty, flagged, final, items, sums, params: Params):
    demerits = _demerits(node, ratio, penalty, flagged, final, params)
    fitness = fitness_class(ratio)
    if abs(fitness - node.fitness) > 1:
        demerits += params.adj_demerits
    hyphens = node.hyphens + 1 if flagged else 0
    line = node.line + 1
    key = (fitness, hyphens, line if params.looseness else 0)
    total = node.demerits + demerits
    if key not in new or total < new[key].demerits:
        new[key] = _Node(b, line, fitness, hyphens, _after_break(items, b, sums), total, node)


def _demerits(node, ratio, penalty, flagged, final, params: Params) -> float:
    badness = min(100 * abs(ratio) ** 3, INFINITY)
    base = (params.line_penalty + badness) ** 2
    if penalty >= 0:
        base += penalty ** 2
    elif penalty > -INFINITY:
        base -= penalty ** 2
    if flagged and node.hyphens:
        base += params.double_hyphen_demerits
    if final and node.hyphens:
        base += FORBIDDEN if params.forbid_final_hyphen else params.final_hyphen_demerits
    return base


class Breaks(list):
    """Indices of the items where the lines end, and the demerits of that choice."""
    demerits: float = 0.0


def _trace(node: _Node) -> Breaks:
    breaks = Breaks()
    breaks.demerits = node.demerits
    while node.previous is not None:
        breaks.append(node.position)
        node = node.previous
    breaks.reverse()
    return breaks
