"""Total-fit line breaks for the print HTML's running text, planned here and imposed on
WeasyPrint (Knuth and Plass, as TeX breaks paragraphs). May import samizdat's core, the rest
of pdf/ and, for Pango's measures, pdf/engine.

Each body paragraph's text (paragraphs.py) is measured with WeasyPrint's own Pango layouts,
its styles read from a probe layout of the same document with the paragraphs' text replaced
by markers (probe.py); its break candidates become Knuth-Plass items (measuring.py), broken
into a plan (paragraph_plan.py) with word spaces judged against the font's own, for every
paragraph (planner.py), and rewritten so that WeasyPrint can break only where planned
(rewriting.py). engine/planned_lines then has WeasyPrint end each line at its first
opportunity and give a line that needs them its own word- and letter-spacing. Notes that the
layout still sets a page late are brought back by looseness (late_notes.py).
"""

from .late_notes import lay_out_planned
from .settings import Settings

__all__ = ["Settings", "lay_out_planned"]
