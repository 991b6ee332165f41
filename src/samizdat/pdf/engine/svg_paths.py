"""One change to WeasyPrint's SVG drawing: the plain paths a formula's drawing is made of
read at once and written at once.

WeasyPrint 70 (svg/path.py, `path`) reads a path's `d` number by number through its unit
parser, which costs about 14 ms for a formula's glyph outlines and made a page of 100
formulas a second slower to write. ziamath writes only absolute M, L, Q and Z commands with
plain numbers; such a path (and no marker on it: markers need the vertices WeasyPrint
collects) is drawn here with the same stream operations WeasyPrint would make (a quadratic
curve as the same cubic), every other path by WeasyPrint itself. CHANGE declares it with the
fingerprint of the function it stands in for.
"""

from __future__ import annotations

import re

import weasyprint.svg

from .change import Change, swap

PLAIN = re.compile(r"[MLQZ0-9.,\s-]*")
COMMAND = re.compile(r"([MLQZ])([^MLQZ]*)")
ARITY = {"M": 2, "L": 2, "Q": 4, "Z": 0}


def _commands(d: str) -> list[tuple[str, list[float]]] | None:
    """The path's commands with their numbers, or None where it is not this plain kind."""
    if not PLAIN.fullmatch(d):
        return None
    commands = []
    try:
        for letter, numbers in COMMAND.findall(d):
            values = [float(n) for n in numbers.replace(",", " ").split()]
            arity = ARITY[letter]
            if (arity == 0 and values) or (arity and (not values or len(values) % arity)):
                return None
            if arity == 0:
                commands.append((letter, values))
            for i in range(0, len(values), arity or 1):
                commands.append((letter if i == 0 or letter != "M" else "L",
                                 values[i:i + arity]))
    except ValueError:
        return None
    return commands


def _num(value: float) -> str:
    """A number as pydyf writes a float (pydyf._to_bytes), so the stream is byte for byte
    the one WeasyPrint would write."""
    return str(int(value)) if value.is_integer() else f"{value:f}".rstrip("0")


def _fast(path):
    def draw(svg, node, font_size):
        commands = None
        if not any(name.startswith("marker") for name in node.attrib):
            commands = _commands(node.get("d", ""))
        if commands is None:
            return path(svg, node, font_size)
        # the operators as pydyf writes them (Stream.data joins items with newlines), made
        # here as one item: pydyf's per-number conversion was most of a formula's cost
        ops = [b"0 0 m"]
        x = y = 0.0
        start, drawn = None, False
        for letter, v in commands:
            if letter == "M":
                x, y = v
                ops.append(f"{_num(x)} {_num(y)} m".encode())
                start, drawn = (x, y), False
            elif letter == "L":
                x, y = v
                ops.append(f"{_num(x)} {_num(y)} l".encode())
                drawn = True
            elif letter == "Q":
                x2, y2, x3, y3 = v
                ops.append(" ".join(map(_num, (
                    x2 * 2 / 3 + x / 3, y2 * 2 / 3 + y / 3,
                    x2 * 2 / 3 + x3 / 3, y2 * 2 / 3 + y3 / 3, x3, y3))).encode() + b" c")
                x, y, drawn = x3, y3, True
            elif drawn:  # Z, after something drawn: WeasyPrint's own condition
                ops.append(b"h")
                x, y = start or (0.0, 0.0)
                drawn = False
        svg.stream.stream.append(b"\n".join(ops))
    return draw


CHANGE = Change(
    "svg-plain-paths", "SVG path drawing (svg.path.path)",
    "a formula's glyph outlines are read number by number through the unit parser, a second "
    "for 100 formulas",
    "nothing but speed: formulas are drawn by WeasyPrint's own path reader",
    "194cd562b8d98251", lambda: [weasyprint.svg.TAGS["path"]],
    lambda: swap(weasyprint.svg, {"TAGS": {**weasyprint.svg.TAGS,
                                           "path": _fast(weasyprint.svg.TAGS["path"])}}))
