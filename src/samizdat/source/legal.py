"""Legal entries published in a gazette, mended before citeproc sees them.

Notes styles print the legal types (legislation, legal_case, bill, regulation) in the form of
United States law, "Pub. L. No. 94-553, 90 Stat. 2541 (1976)": volume, reporter, first page.
A law or a judgment published in a gazette without volumes (the Boletín Oficial del Estado,
the Journal officiel) then prints "Boletín Oficial del Estado 170 (1977), en 170" and
"Legislation No. 4": its pages read as a volume, the type's name stays English. Such an
entry is printed as a document in its gazette, "«Ley 1/1977…», en Boletín Oficial del Estado,
n.º 4, 5 de enero de 1977, 170", as citation guides outside the United States give it.
read-bibliography.lua does the same for the files pandoc reads (BibLaTeX, BibTeX, RIS).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

HYPHEN = re.compile(r"(?<=\d)-(?=\d)")
LEGAL = frozenset({"legislation", "legal_case", "bill", "regulation"})
# BibLaTeX types that pandoc maps to the legal CSL types (they are known types, not misc)
LEGAL_SOURCE_TYPES = frozenset({"legislation", "jurisdiction", "legal"})


def gazetted(entry: dict) -> dict:
    """The entry as it is printed: a legal entry in a gazette without volumes becomes a
    document in that gazette, its number the gazette's issue; one in a reporter keeps its
    form, its number's hyphen made non-breaking (citeproc reads "Pub. L. 94-455" as a range
    of numbers and prints "Nos"); any other entry as it is."""
    if entry.get("type") not in LEGAL:
        return entry
    if entry.get("volume"):
        number = str(entry.get("number") or "")
        return dict(entry, number=HYPHEN.sub("\u2011", number)) if HYPHEN.search(number) \
            else entry
    if not entry.get("page") and not entry.get("number"):
        return entry
    mended = dict(entry, type="document")
    if mended.get("container-title") and mended.get("number") and not mended.get("issue"):
        mended["issue"] = mended.pop("number")
    return mended


def mended_copy(entries: list, fmt: str, folder: Path, name: str) -> Path | None:
    """A CSL YAML or JSON file of the mended entries for pandoc, when any entry changed."""
    mended = [gazetted(e) if isinstance(e, dict) else e for e in entries]
    if mended == entries:
        return None
    if fmt == "csljson":
        path = folder / f"{name}.json"
        path.write_text(json.dumps(mended, ensure_ascii=False), "utf-8")
    else:
        path = folder / f"{name}.yaml"
        path.write_text(yaml.safe_dump(mended, allow_unicode=True, sort_keys=False), "utf-8")
    return path
