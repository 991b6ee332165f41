"""samizdat new DIR: a book folder that builds at once, showing every part of the format."""

from __future__ import annotations

import shutil
from dataclasses import fields
from pathlib import Path

import yaml

from ..core.diagnostics import fail
from ..core.metadata import DEFAULT_CSL, Metadata, slugify
from ..source.paths import inside
from ..source.stylesheet import packaged_stylesheet

CHAPTER = """\
# Introduction

Write the handout in pandoc Markdown, one file per section, named in reading order.
A citation is a key into the bibliography with a page, and becomes a numbered note in
the style of the book: the first citation in full, later ones short.[@garton-ash2002, 45]
Citing the same work again right away gives “Ibid.” and the page.[@garton-ash2002, 46]

![A figure: its image lives in manuscript/images/](images/sample-figure.svg)

An explanatory note is a footnote with a meaningful label.[^labels] A later citation of
the same work, after other notes, gets the short form.[@garton-ash2002, 112]

[^labels]: Labels such as `[^labels]` keep notes readable in the source; the outputs number
    every note in order.

# Timeline

::: timeline
:::

# Learn More

::: reading-list
:::
"""

BIBLIOGRAPHY = """\
# CSL YAML: one entry per work. A .bib file from Zotero (Better BibTeX), CSL JSON or RIS
# works as well: point 'bibliography' in metadata.yaml at it. An entry with a 'group' is
# listed in the reading list under that heading (groups appear in the order they first
# occur here); or name the groups in the manuscript, inside the '::: reading-list' block.
- id: garton-ash2002
  type: book
  author: [{family: Garton Ash, given: Timothy}]
  title: "The Polish Revolution: Solidarity"
  title-short: Polish Revolution
  publisher: Yale University Press
  publisher-place: New Haven
  issued: {date-parts: [[2002]]}
  group: Books
- id: final-act
  type: webpage
  title: Helsinki Final Act
  container-title: Organization for Security and Co-[operation]{.nocase} in Europe
  issued: {date-parts: [[1975, 8, 1]]}
  URL: https://www.osce.org/helsinki-final-act
  group: Sources online
"""

TIMELINE = """\
# One event per item: 'when' as it should read, 'start' the year it begins (for order).
- when: "1975"
  start: 1975
  text: The Helsinki Final Act is signed.
- when: "1980s"
  start: 1980
  text: Independent movements grow across the region.
- when: "1989-1991"
  start: 1989
  text: Communist rule ends in Central and Eastern Europe.
"""

FIGURE = """\
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 600 160" width="600" height="160">
  <title>A sample figure: three dates on a line</title>
  <line x1="40" y1="80" x2="560" y2="80" stroke="black" stroke-width="3"/>
  <g font-family="serif" font-size="22" text-anchor="middle">
    <circle cx="80" cy="80" r="9"/><text x="80" y="130">1975</text>
    <circle cx="300" cy="80" r="9"/><text x="300" y="130">1980s</text>
    <circle cx="520" cy="80" r="9"/><text x="520" y="130">1989</text>
  </g>
</svg>
"""

SAMPLE = {"title": "A New Handout", "subtitle": "Written with samizdat", "author": "Your Name",
          "date": "2026-01-01", "lang": "en-US", "course": "Your Course",
          "institution": "Your School",
          "rights": "For classroom use.", "description": "What the handout is about.",
          "keywords": ["history"], "paper": "a4",
          "bibliography": "manuscript/bibliography.yaml", "csl": None,
          "timeline": "manuscript/timeline.yaml", "chapters": None, "identifier": None}


def render_metadata(folder: Path) -> str:
    """Every key, described; the ones a new book needs are set, the rest commented out."""
    values = {**SAMPLE, "output": slugify(folder.name) or "handout"}
    lines = ["# The book's metadata. Every key samizdat knows is listed; '#' lines are off."]
    for f in fields(Metadata):
        lines.append(f"\n# {f.metadata['help']}")
        value = values.get(f.name)
        text = yaml.safe_dump({f.name: value if value is not None else _example(f)},
                              allow_unicode=True, default_flow_style=False).strip()
        lines.append(text if value is not None else "# " + text.replace("\n", "\n# "))
    return "\n".join(lines) + "\n"


def _example(f):
    """A value that is valid once its line is uncommented: the key's default where it has
    one of its own kind (justify: true), else an example."""
    examples = {"csl": DEFAULT_CSL, "chapters": ["manuscript/01-introduction.md"],
                "identifier": "urn:uuid:00000000-0000-0000-0000-000000000000",
                "publisher": "Example School Press"}
    if f.name in examples:
        return examples[f.name]
    return f.default if f.default not in (None, (), "") else ""


def create_book(folder: Path, with_styles: bool = False) -> list[Path]:
    """Write the new book; refuse to touch a folder that already holds one."""
    folder = Path(folder)
    if (folder / "metadata.yaml").exists() or (folder / "manuscript").exists():
        raise fail("SZ001", f"{folder} already holds a book: choose a new folder")
    files = {
        "metadata.yaml": render_metadata(folder),
        "manuscript/01-introduction.md": CHAPTER,
        "manuscript/bibliography.yaml": BIBLIOGRAPHY,
        "manuscript/timeline.yaml": TIMELINE,
        "manuscript/images/sample-figure.svg": FIGURE,
    }
    written = []
    for name, text in files.items():
        path = _inside(folder, name)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    if with_styles:
        for name in ("print.css", "epub.css"):
            target = _inside(folder, f"styles/{name}")
            target.parent.mkdir(exist_ok=True)
            shutil.copyfile(packaged_stylesheet(name), target)
            written.append(target)
    return written


def _inside(folder: Path, name: str) -> Path:
    """A file of the new book; a symbolic link in the folder must not send it elsewhere."""
    if inside(folder / name, folder) is None:
        raise fail("SZ112", f"{folder / name} leads outside {folder} through a symbolic link: "
                   "nothing was written there")
    return folder / name

