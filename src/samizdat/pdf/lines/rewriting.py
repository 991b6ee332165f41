"""The planned paragraph rewritten so that WeasyPrint can break only where planned: a space
and U+2060 inside lines, a space or U+00AD at each planned break, U+2060 at every other
opportunity; and each line's own spacing."""

from __future__ import annotations

import bisect
import itertools

import lxml.html

from ..engine import planned_lines
from ..engine.pango import advances, line_breaks
from .measuring import Break, line_start
from .paragraphs import ATOM, LIGATURE, PLANNED, SHY, SPACED, WJ, Para, Run, run_owner
from .settings import Settings

# WeasyPrint's own search (where engine/planned_lines.py is not in force) lays out a text node's
# whole rest to find where each line ends when the text allows no break in its first lines,
# as planned text does: there a node of a few lines keeps that cost in bounds
NODE_LINES = 4


def impose(para: Para, plan: list[Break], settings: Settings) -> None:
    """Rewrite the runs so WeasyPrint's only break opportunities are the planned ones."""
    owner = run_owner(para)
    chars, ends = _planned_text(para, plan, owner)
    chars = _glue_other_breaks(para, chars, ends)
    shrink = settings.shrink * advances(" ", para.runs[0].style)[-1] if settings.justify else 0
    told = planned_lines.installed()
    pieces = _pieces(para, plan, shrink, told)
    nodes = _nodes(para, chars, pieces)
    spacing = _spacing(nodes, pieces) if told else {}
    if spacing is None:  # two text nodes alike, spaced unlike: spans tell them apart
        pieces = _pieces(para, plan, shrink, told=False)
        nodes = _nodes(para, chars, pieces)
    for n in reversed(range(len(para.runs))):
        text, cuts, _ = nodes[n]
        _split_run(para.runs[n], text, cuts)
    kept = {b.position for b in plan if b.kind == "wbr"}
    for at, wbr in zip(para.wbr, list(para.element.iter("wbr")), strict=False):
        if at not in kept:
            wbr.drop_tree()
    _add_style(para.element, f"{planned_lines.PLANNED}; hyphens: manual"
               + ("" if settings.justify else "; text-align: left")
               + (f"; {planned_lines.spacing(spacing)}" if spacing else ""))
    for note in para.atoms.values():  # laid out in the note area, by WeasyPrint's own search
        _add_style(note, planned_lines.FREE)
    para.element.set(PLANNED, str(len(plan) + 1))
    if getattr(plan, "tracking", None):
        para.element.set(SPACED, str(len(plan.tracking)))


def _nodes(para: Para, chars, pieces: Pieces) -> list[tuple[str, dict[int, str], list[int]]]:
    """Each run's new text, where it is cut into nodes (offset -> the node's style), and the
    text index of each of its characters (a soft hyphen's that of the letter before it: it
    ends that letter's line)."""
    texts = [[] for _ in para.runs]
    cuts: list[dict[int, str]] = [{} for _ in para.runs]
    where: list[list[int]] = [[] for _ in para.runs]
    last, previous, pending = 0, None, None
    for char, n, i in chars:
        last = n if n >= 0 else last
        if i != previous and i in pieces:
            pending = pieces[i]
        previous = i
        if char == ATOM:
            continue
        if pending is not None or not texts[last]:
            cuts[last][len(texts[last])] = pending if pending is not None else \
                pieces.style(i)
        pending = None
        texts[last].append(char)
        where[last].append(i - 1 if char == SHY else i)
    return [("".join(text), cut, at) for text, cut, at in zip(texts, cuts, where, strict=True)]


def _spacing(nodes, pieces: Pieces) -> dict[str, list] | None:
    """For planned_lines.spacing(): each text node's lines' own spacing, or None if two
    nodes with the same text need different spacing (one of them none: WeasyPrint names a
    node by its text). A node of word joiners alone, which the plan does not measure, keeps
    its own."""
    spacing = {}
    for text, cuts, where in nodes:
        bounds = sorted({0, len(text), *(c for c in cuts if 0 < c < len(text))})
        for a, b in itertools.pairwise(bounds):
            if not text[a:b].strip(WJ):
                continue
            lines = pieces.node_lines(text[a:b], where[a:b])
            if spacing.setdefault(text[a:b], lines) != lines:
                return None
    return {text: lines for text, lines in spacing.items() if lines}


def _add_style(element, style: str) -> None:
    old = element.get("style")
    element.set("style", f"{old}; {style}" if old else style)


class Pieces(dict):
    """Where the paragraph's text is cut into nodes (text index -> the node's style), and the
    spacing of its lines: a shrunk line's narrower spaces, a tracked line's letter-spacing.
    Told (engine/planned_lines.py in force), WeasyPrint takes the lines' spacing from
    --samizdat-spacing, and only a word that keeps a ligature in a tracked line is a node
    of its own; else each style is a span's."""

    def __init__(self, starts: list[int], tracking: dict[int, float], spaces: dict[int, float],
                 break_spaces: set[int], told: bool):
        super().__init__()
        self.starts, self.tracking, self.spaces = starts, tracking, spaces
        self.break_spaces, self.told = break_spaces, told
        self.shared: dict[int, float] = {}

    def style(self, i: int) -> str:
        """The style of a node that starts at text index i (a space a line ends at is the
        next line's: it is never shown)."""
        if self.told:
            return ""
        line = bisect.bisect_right(self.starts, i + (i in self.break_spaces)) - 1
        return self.line_style(line, self.shared.get(i))

    def spacing(self, line: int, shared: float | None = None) -> tuple:
        """The line's (word-spacing, letter-spacing) in px, None where it keeps its own."""
        letter = self.tracking.get(line, 0.0) if shared is None else shared
        return self.spaces.get(line), letter or None

    def line_style(self, line: int, spacing: float | None = None) -> str:
        word, letter = self.spacing(line, spacing)
        parts = [f"word-spacing: {word:.3f}px"] if word is not None else []
        if letter:
            parts.append(f"letter-spacing: {letter:.3f}px")
        return "; ".join(parts)

    def node_lines(self, text: str, where: list[int]) -> list[tuple]:
        """A node's (byte offset, word-spacing, letter-spacing) from each offset where its
        line's spacing changes; nothing where it keeps its own throughout."""
        first, last = (bisect.bisect_right(self.starts, i) - 1 for i in (where[0], where[-1]))
        shared = self.shared.get(where[0])
        lines, current = [], None
        for line in range(first, last + 1):
            spacing = self.spacing(line, shared)
            if spacing != current:
                k = bisect.bisect_left(where, self.starts[line]) if line > first else 0
                lines.append((len(text[:k].encode()), *spacing))
                current = spacing
        return lines if any(word is not None or letter for _, word, letter in lines) else []


def _pieces(para: Para, plan: list[Break], shrink: float, told: bool) -> Pieces:
    """The lines' spacing and where the text is cut into nodes. A line whose spaces are
    narrower than the font's has them narrowed by its word-spacing, so that it fits
    (WeasyPrint cannot shrink a space; justification stretches them back to fill the line);
    no other line has, as word-spacing slows WeasyPrint's text layout. In a letter-spaced
    line, a word set with a ligature is a node of its own, unspaced. Told, that is all:
    each line's box takes its own spacing; else the spans carry it (_span_cuts)."""
    starts = [0, *(line_start(b) for b in plan)]
    tracking = getattr(plan, "tracking", {})
    narrow = set(getattr(plan, "shrunk", ())) if shrink else set()
    break_spaces = {b.position for b in plan if b.kind == "space"}
    pieces = Pieces(starts, tracking, {j: -shrink for j in narrow}, break_spaces, told)
    cut = set() if told else _span_cuts(pieces, plan, para)
    for j in tracking:  # words with a ligature keep it: unspaced
        end = starts[j + 1] if j + 1 < len(starts) else len(para.text)
        for word in LIGATURE.finditer(para.text, starts[j], end):
            cut |= {word.start(), word.end()}
            pieces.shared[word.start()] = 0.0
    owner = run_owner(para)
    for i in cut:
        # a node that starts a line starts at the space before it: WeasyPrint ends the line
        # inside that node, at once; a line that ends where its node ends would have it lay
        # out the next node's first line too, find it overflows, and lay out the line again
        at = i - 1 if not told and i - 1 in break_spaces and owner[i - 1] == owner[i] else i
        pieces[at] = pieces.style(i)
    return pieces


def _span_cuts(pieces: Pieces, plan: list[Break], para: Para) -> set[int]:
    """Where spans start when they carry the lines' spacing: where a line's style changes,
    and every NODE_LINES lines, but never after a soft hyphen (WeasyPrint shows a soft
    hyphen only inside a node). A shrunk line's hyphenated line before it, in its node, is
    shrunk too; a word hyphenated between lines of different letter-spacing is a node of its
    own, at the smaller of the two, so that neither line outgrows its plan."""
    starts, tracking, narrow = pieces.starts, pieces.tracking, pieces.spaces
    for j in reversed(range(1, len(starts))):  # a node runs on over a hyphenated line end
        if j in narrow and plan[j - 1].kind == "hyphen":
            narrow[j - 1] = narrow[j]
    cut, node = set(), 0  # node: the line the current node starts at
    for j in range(1, len(starts)):
        if plan[j - 1].kind != "hyphen" and (j - node >= NODE_LINES
                                            or pieces.line_style(j) != pieces.line_style(node)):
            cut.add(starts[j])
            node = j
    for j, b in enumerate(plan):
        if b.kind == "hyphen" and (tracking.get(j) or tracking.get(j + 1)):
            word = para.text.rfind(" ", 0, b.position) + 1
            end = para.text.find(" ", b.position)
            cut |= {word, end if end >= 0 else len(para.text)}
            pieces.shared[word] = min(tracking.get(j, 0.0), tracking.get(j + 1, 0.0))
    return cut


def _split_run(run: Run, text: str, cuts: dict[int, str]) -> None:
    """The run's text cut at the given offsets into pieces, each with its style, that follow
    the run's own text node: the first piece stays in that node when it needs no style, and
    a piece with no style after one with a style is that span's tail."""
    edges = sorted(c for c in cuts if 0 < c < len(text))
    first = cuts.get(0, "")
    starts = ([0] if first else []) + edges
    setattr(run.element, run.attr, "" if first else text[:starts[0] if starts else len(text)])
    spans = []
    for start, end in zip(starts, [*starts[1:], len(text)][:len(starts)], strict=True):
        style = cuts.get(start, "")
        if not style and spans and spans[-1].get("style") and spans[-1].tail is None:
            spans[-1].tail = text[start:end]
            continue
        span = lxml.html.Element("span", {"style": style} if style else {})
        span.text = text[start:end]
        spans.append(span)
    if run.attr == "text":
        for k, span in enumerate(spans):
            run.element.insert(k, span)
    else:
        parent = run.element.getparent()
        at = parent.index(run.element) + 1
        for k, span in enumerate(spans):
            parent.insert(at + k, span)


def _planned_text(para: Para, plan: list[Break], owner: list[int]):
    """Characters with their run (-1 for a note call), and the indices after which lines end."""
    planned = {b.position: b.kind for b in plan}
    chars, ends = [], set()
    for i, char in enumerate(para.text):
        kind = planned.get(i)
        n = owner[i] if owner[i] >= 0 else -1
        if kind in ("hyphen", "explicit", "dash", "wbr"):
            if kind == "hyphen":
                chars.append((SHY, n, i))
            ends.add(len(chars))
        if char == " " and owner[i] >= 0 and para.runs[owner[i]].wrap:
            if kind == "space":
                chars.append((" ", n, i))
                ends.add(len(chars))
                continue
            # a space held by a word joiner: U+00A0 would do, but the PDF's text would then
            # carry no-break spaces everywhere, as the font maps both to one glyph
            chars += [(" ", n, i), (WJ, n, i)]
            continue
        chars.append((char, n, i))
    return chars, ends


def _glue_other_breaks(para: Para, chars, ends: set[int]):
    """A word joiner before every break opportunity Pango would find that the plan did not."""
    text = "".join("1" if c[0] == ATOM else c[0] for c in chars)
    out, last = [], 0
    for k in line_breaks(text, para.lang):
        if 0 < k < len(chars) and k not in ends and text[k - 1] != WJ:
            _, n, i = chars[k]
            out += chars[last:k]
            out.append((WJ, n if n >= 0 else chars[k - 1][1], i))
            last = k
    return out + chars[last:]
