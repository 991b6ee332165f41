"""Knuth and Plass's total-fit line breaking on boxes, glue and penalties."""

from __future__ import annotations

from dataclasses import dataclass

INFINITY = 10000  # a penalty this high forbids a break, this low forces one
LOOSE_DEMERITS = 2e7  # a line looser than Params.loose_badness: worse than two hyphens
FORBIDDEN = 1e12  # demerits of a hyphen before the last line: taken only when nothing else fits


@dataclass(frozen=True)
class Box:
    """Material of a fixed width: a word or part of one."""
    width: float


@dataclass(frozen=True)
class Glue:
    """A space that can stretch and shrink; a line may end at it."""
    width: float
    stretch: float
    shrink: float = 0.0


@dataclass(frozen=True)
class Penalty:
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
    # a line looser than this stands out on the page: as few of them as can be, then the
    # usual demerits, with the badness no longer capped (a line twice as loose costs more)
    loose_badness: float = float("inf")


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


def break_points(items: list, line_length, params: Params = Params(),
                 lines: int | None = None) -> list[int]:
    """Indices of the items where the lines end; line_length(n) is line n's width (0-based).
    lines: the best plan's line count, when known, saves planning it again for a looseness."""
    best = None
    if lines is None or not params.looseness:
        best = _best(items, line_length, params)
        if not params.looseness:
            return best
        lines = len(best)
    # a line more or less only where no line gets looser than loose_tolerance allows
    target = lines + params.looseness
    finals = _search(items, line_length, params, params.loose_tolerance) or []
    hits = [n for n in finals if n.line == target and n.demerits < FORBIDDEN]
    if hits:
        return _trace(min(hits, key=lambda n: n.demerits))
    return best or _best(items, line_length, params)


def _best(items: list, line_length, params: Params) -> list[int]:
    for tolerance in (params.tolerance, 10 ** 6, float("inf")):
        # the last pass, the one without limits, is for emergencies: a word wider than a line
        finals = _search(items, line_length, params, tolerance) or []
        if tolerance != float("inf"):
            finals = [n for n in finals if n.demerits < FORBIDDEN]
        if finals:
            return _trace(min(finals, key=lambda n: n.demerits))
    raise ValueError("no feasible breaks")


def _search(items, line_length, params: Params, tolerance: float) -> list[_Node] | None:
    sums = _prefix_sums(items)
    active = {(0, 0, 1, 0): _Node(0, 0, 1, 0, (0.0, 0.0, 0.0), 0.0, None)}
    for b in range(len(items)):
        if not _is_break(items, b):
            continue
        active = _try_break(items, b, sums, active, line_length, params, tolerance)
        if not active:
            return None
    return [n for n in active.values() if n.position == len(items) - 1]


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


def _try_break(items, b, sums, active, line_length, params: Params, tolerance):
    item = items[b]
    penalty = item.penalty if isinstance(item, Penalty) else 0
    flagged = isinstance(item, Penalty) and item.flagged
    extra = item.width if isinstance(item, Penalty) else 0
    new, keep = {}, {}
    for key, node in active.items():
        ratio = _ratio(sums[b], node, extra, line_length(node.line), params)
        if ratio >= -1 and penalty > -INFINITY:
            keep[key] = node  # an overfull line or a forced break ends this node's lines
        if not _feasible(ratio, tolerance) or flagged and node.hyphens >= params.hyphen_run:
            continue
        if penalty <= -INFINITY and _merges(sums[b], node, line_length, params):
            continue
        _consider(new, node, b, ratio, penalty, flagged, items, sums, params)
    if not keep and not new and tolerance == float("inf"):
        # emergency: nothing fits, so the overfull line with the fewest demerits is taken
        node = min(active.values(), key=lambda n: n.demerits)
        _consider(new, node, b, -1, penalty, flagged, items, sums, params)
    keep.update(new)
    return keep


def _merges(total, node: _Node, line_length, params: Params) -> bool:
    """A last line that would fit on the line before: a greedy layout would join the two."""
    before = node.previous
    if before is None:
        return False
    length = line_length(before.line) + params.merge_slack
    return _ratio(total, before, 0, length, params) >= -1


def _feasible(ratio: float, tolerance: float) -> bool:
    if ratio < -1:
        return False
    return tolerance == float("inf") or 100 * abs(ratio) ** 3 <= tolerance


def _ratio(total, node, extra, length, params: Params) -> float:
    width = total[0] - node.totals[0] + extra
    if width < length:
        stretch = total[1] - node.totals[1] + params.line_stretch
        return (length - width) / stretch if stretch > 0 else 1e10
    if width > length:
        shrink = total[2] - node.totals[2]
        return (length - width) / shrink if shrink > 0 else -1e10
    return 0.0


def _consider(new, node, b, ratio, penalty, flagged, items, sums, params: Params):
    demerits = _demerits(node, ratio, penalty, flagged, items, b, params)
    fitness = fitness_class(ratio)
    if abs(fitness - node.fitness) > 1:
        demerits += params.adj_demerits
    hyphens = node.hyphens + 1 if flagged else 0
    line = node.line + 1
    key = (b, fitness, hyphens, line if params.looseness else 0)
    total = node.demerits + demerits
    if key not in new or total < new[key].demerits:
        new[key] = _Node(b, line, fitness, hyphens, _after_break(items, b, sums), total, node)


def _demerits(node, ratio, penalty, flagged, items, b, params: Params) -> float:
    badness = 100 * abs(ratio) ** 3
    loose = badness > params.loose_badness
    badness = min(badness, 1e6 if params.loose_badness < INFINITY else INFINITY)
    base = (params.line_penalty + badness) ** 2
    if penalty >= 0:
        base += penalty ** 2
    elif penalty > -INFINITY:
        base -= penalty ** 2
    if flagged and node.hyphens:
        base += params.double_hyphen_demerits
    if loose:
        base += LOOSE_DEMERITS
    if b == len(items) - 1 and node.hyphens:
        base += FORBIDDEN if params.forbid_final_hyphen else params.final_hyphen_demerits
    return base


def _trace(node: _Node) -> list[int]:
    breaks = []
    while node.previous is not None:
        breaks.append(node.position)
        node = node.previous
    return breaks[::-1]
