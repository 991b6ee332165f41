"""Pandoc's HTML through the allow-list, before the Book is made of it.

Everything any edition shows passes here: chapters, notes, timeline texts and the
bibliography as citeproc set them. The manuscript check has already said at its line what
goes; this pass is what makes it go, and it refuses what the check could not see (a
reference-style link whose definition holds a javascript: target) at the line that holds it.
"""

from __future__ import annotations

import re
from collections import Counter
from html import escape

import lxml.html

from ..core.diagnostics import Location, Report
from .allowlist import URL_ATTRIBUTES, clean_html, clean_mathml, dangerous_scheme
from .rawhtml import offset_place, refuse_scheme


def sanitise_html(html: str, chapters, report: Report) -> str:
    """The allowed part of pandoc's HTML, ids made unique; refused URLs reported."""
    if not html.strip():
        return html
    refuse_hidden_schemes(html, chapters, report)
    html, formulas = take_formulas(html)
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    cleaned = clean_html(escape(tree.text or "")) + "".join(clean_block(c) for c in tree)
    return unique_ids(put_formulas(cleaned, formulas), chapters, report)


# pandoc's formulas as formulas.lua marks them; an author's raw <math> has no such span, and
# one who writes the span gets MathML alone out of it (clean_mathml)
PANDOC_FORMULA = re.compile(r'<span data-samizdat-math="">(<math\b.*?</math>)</span>', re.S)
SLOT = re.compile(r'<span data-samizdat-formula="(\d+)"></span>')


def take_formulas(html: str) -> tuple[str, list[str]]:
    """Pandoc's formulas out of the HTML, each cleaned as MathML alone, a slot in its place."""
    formulas: list[str] = []

    def slot(match) -> str:
        formulas.append(clean_mathml(match.group(1)))
        return f'<span data-samizdat-formula="{len(formulas) - 1}"></span>'

    return PANDOC_FORMULA.sub(slot, html), formulas


def put_formulas(html: str, formulas: list[str]) -> str:
    """The formulas back in their slots (a slot the author wrote, out of range, goes)."""
    if not formulas and "data-samizdat-formula" not in html:
        return html
    return SLOT.sub(lambda m: formulas[int(m.group(1))] if int(m.group(1)) < len(formulas)
                    else "", html)


def clean_block(element) -> str:
    """One block cleaned on its own, so that raw HTML a browser would read as never closed
    (an <svg> or <math> that swallows what follows) takes nothing beyond its own block;
    pandoc's sections are walked into, their own attributes judged like any other."""
    if not isinstance(element.tag, str) or element.tag != "section":
        return clean_html(lxml.html.tostring(element, encoding="unicode"))
    inner = list(element)
    tail, text = element.tail or "", element.text or ""
    element.tail = element.text = None
    for child in inner:
        element.remove(child)
    shell = clean_html(lxml.html.tostring(element, encoding="unicode"))
    opening = shell[:-len("</section>")] if shell.endswith("</section>") else "<section>"
    body = clean_html(escape(text)) + "".join(clean_block(c) for c in inner)
    return f"{opening}{body}</section>{clean_html(escape(tail))}"


def refuse_hidden_schemes(html: str, chapters, report: Report) -> None:
    """A javascript:, vbscript: or data: URL that reached pandoc's HTML."""
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag == "img":
            continue  # a data: image is the image checks' to judge
        for name, value in element.attrib.items():
            scheme = dangerous_scheme(value) if name.lower() in URL_ATTRIBUTES else None
            if scheme:
                where = locate(value, chapters)
                refuse_scheme(scheme, f"link '{value}'", where, report)


def locate(text: str, chapters, nth: int = 0) -> Location | None:
    """Where text is written in the chapters (its nth occurrence), or None."""
    return next(iter(locate_all(re.escape(text[:40]), chapters)[nth:]), None)


def locate_all(pattern: str, chapters) -> list[Location]:
    """Every place a pattern matches in the chapters, in reading order."""
    found = []
    for chapter in chapters:
        place = offset_place(chapter.rel, chapter.text)
        found += [place(m.start()) for m in re.finditer(pattern, chapter.text)]
    return found


def unique_ids(html: str, chapters, report: Report) -> str:
    """An id given twice (raw HTML repeats itself: <hr id="bar"> three times) is kept on its
    first element and taken off the others, which no link could reach anyway."""
    written = Counter(re.findall(r'\sid="([^"]*)"', html))  # the cleaner quotes every value
    if all(n == 1 for name, n in written.items() if name != "footnotes"):
        return html
    tree = lxml.html.fragment_fromstring(html, create_parent="div")
    # pandoc's own notes section leaves the book (assemble numbers the notes): its id is no
    # rival to a chapter called "Footnotes"
    own = set(tree.xpath('./section[@role="doc-endnotes"]'))
    counts = Counter(e.get("id") for e in tree.iter()
                     if isinstance(e.tag, str) and e.get("id") and e not in own)
    if all(n == 1 for n in counts.values()):
        return html
    seen: Counter = Counter()
    for element in tree.iter():
        ident = element.get("id") if isinstance(element.tag, str) else None
        if not ident or counts[ident] == 1 or element in own:
            continue
        seen[ident] += 1
        if seen[ident] > 1:
            del element.attrib["id"]
            places = locate_all(r"""\bid\s*=\s*["']?""" + re.escape(ident) + r"""(?=["'\s/>])""",
                                chapters)
            where = places[seen[ident] - 1] if len(places) >= seen[ident] else None
            report.warning("SZ234", f"the id '{ident}' is given more than once: it stays on "
                           "its first element and is removed here (give each its own)", where)
    inner = (tree.text or "") + "".join(
        lxml.html.tostring(child, encoding="unicode") for child in tree)
    return inner
