"""The reader's combined bibliography: every work its handouts cite or list, each once
whichever bibliography file and format it came from, as one more part at the end of the
reader, set by the first handout's citation style. It is made as a book of its own (a
reading list and nothing else), so it is laid out, bound and tagged as a handout is."""

from __future__ import annotations

import json
import re
import shutil
import unicodedata
from pathlib import Path

import yaml

from ..core.model import Book
from .schema import Course

FOLDER = "bibliography"


def merged_works(works_of_handouts) -> list[dict]:
    """Each work once, the first handout's entry kept: one DOI, or one title, year and
    first name, is one work. Two works with one key: the later one gets a key of its own."""
    merged, seen, keys = [], set(), set()
    for works in works_of_handouts:
        for data in works:
            identity = work_identity(data)
            if identity in seen:
                continue
            seen.add(identity)
            entry = {k: v for k, v in data.items() if k != "group"}  # a handout's grouping
            entry["id"] = own_key(str(data.get("id", "work")), keys)
            merged.append(entry)
    return merged


def own_key(key: str, taken: set) -> str:
    new = next(k for n in range(1, len(taken) + 2)
               if (k := key if n == 1 else f"{key}-{n}") not in taken)
    taken.add(new)
    return new


def work_identity(data: dict) -> tuple:
    """What makes two entries one work: the DOI, else the title, year and first name."""
    doi = str(data.get("DOI") or "").strip().lower().removeprefix("https://doi.org/")
    if doi:
        return ("doi", doi)
    names = data.get("author") or data.get("editor") or [{}]
    first = names[0] if isinstance(names, list) and names else {}
    first = first if isinstance(first, dict) else {"literal": str(first)}
    name = first.get("family") or first.get("literal") or ""
    return ("work", folded(str(data.get("title") or "")), year(data), folded(str(name)))


def folded(text: str) -> str:
    """Case, accents, punctuation and spacing aside: 'The Road, to Serfdom' is
    'the road to serfdom'."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", plain).split())


def year(data: dict) -> str:
    issued = data.get("issued") or {}
    if isinstance(issued, dict):
        parts = issued.get("date-parts") or [[]]
        if parts and parts[0]:
            return str(parts[0][0])
        return str(issued.get("literal") or "")
    return str(issued)[:4]


def bibliography_book(folder: Path, course: Course, works: list[dict], first: Book) -> Path:
    """The book folder of the combined bibliography, made in folder."""
    book = folder / FOLDER
    (book / "manuscript").mkdir(parents=True)
    (book / "manuscript" / "works.json").write_text(
        json.dumps(works, ensure_ascii=False, indent=1), encoding="utf-8")
    (book / "manuscript" / "works.md").write_text("::: reading-list\n:::\n", encoding="utf-8")
    metadata = {"title": course.bibliography, "lang": course.lang, "paper": course.paper,
                "bibliography": "manuscript/works.json", "output": FOLDER,
                "csl": first_style(first, book)}
    if course.date:
        metadata["date"] = course.date
    (book / "metadata.yaml").write_text(yaml.safe_dump(metadata, allow_unicode=True),
                                        encoding="utf-8")
    return book


def first_style(first: Book, book: Path) -> str:
    """The first handout's citation style: its name, or its file copied beside the works."""
    style = first.metadata.csl
    if not style.lower().endswith(".csl"):
        return style
    (book / "styles").mkdir(exist_ok=True)
    shutil.copyfile(Path(first.root) / style, book / "styles" / Path(style).name)
    return f"styles/{Path(style).name}"
