"""Pandoc's MathML made ready for the editions: each formula's TeX kept as its alttext (what
a screen reader or a copy gives), pandoc's annotation taken out, and the formulas listed with
the line each was written at."""

from __future__ import annotations

from ..core.diagnostics import Location
from ..core.model import Formula


def prepare_formulas(root, found) -> tuple[Formula, ...]:
    """Every <math> of the body, in document order, as MathML Core with its TeX as alttext;
    found (the scan's math) gives each its place in the manuscript, matched by its TeX."""
    sites: dict[str, list[Location]] = {}
    for item in found:
        if item.kind == "math":
            sites.setdefault(" ".join(item.value.split()), []).append(item.location)
    formulas = []
    for math in root.iter("math"):
        tex = math_tex(math)
        math.set("alttext", tex)
        unwrap_semantics(math)
        places = sites.get(" ".join(tex.split()))
        formulas.append(Formula(tex, math.get("display") == "block",
                                places.pop(0) if places else None))
    return tuple(formulas)


def math_tex(math) -> str:
    """The TeX a formula was written as: pandoc's annotation, else an author's alttext."""
    for annotation in math.iter("annotation"):
        if annotation.get("encoding") == "application/x-tex":
            return " ".join((annotation.text or "").split())
    return math.get("alttext", "")


def unwrap_semantics(math) -> None:
    """<math><semantics>drawing<annotation/></semantics></math> to <math>drawing</math>:
    the annotation's text would be read, and copied, as a second copy of the formula."""
    for semantics in list(math.iter("semantics")):
        for annotation in semantics.findall("annotation"):
            semantics.remove(annotation)
        semantics.drop_tag()
