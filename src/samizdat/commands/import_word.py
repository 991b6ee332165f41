"""samizdat import FILE DIR: a .docx or .odt becomes a book folder, which is then built
(PDF, EPUB, web page: the build's content check finds every paragraph, note, cell and
caption in each), and the report says what was kept, what was not, and the counts."""

from __future__ import annotations

from pathlib import Path

from ..build.pipeline import build
from ..core.diagnostics import BookError, Report
from ..importer.run import Imported, import_document

FORMATS = ("pdf", "epub", "html")


def import_and_build(source: Path, target: Path, report: Report, *,
                     accept_changes: bool = False, build_book: bool = True) -> tuple[str, int]:
    """The report's text and the exit status: 0 imported and built, 1 the book was written
    but does not build (the errors are in report)."""
    imported = import_document(source, target, accept_changes=accept_changes)
    lines = import_report(imported, target)
    status = 0
    if build_book:
        try:
            written = build(target, FORMATS, report)
        except BookError as error:
            for diagnostic in error.report.diagnostics:
                report.add(diagnostic)
            lines.append(f"the book is in {target}/ but does not build yet: fix the errors "
                         "below, then make all BOOK=" + str(target))
            return "\n".join(lines), 1
        names = ", ".join(p.name for p in written.values())
        lines.append(f"built {names}: the content check found every paragraph, note, "
                     "table cell and caption in each")
    for line in mismatches(imported):
        report.warning("SZ710", line)
    return "\n".join(lines), status


def import_report(imported: Imported, target: Path) -> list[str]:
    """What was made: the metadata's sources, the chapters, bibliography and images."""
    doc, converted, found = imported.document, imported.converted, imported.fields
    manager = f", citations from {' and '.join(sorted(found.manager))}" if found.manager else ""
    kind = "Word" if doc.kind == "docx" else "OpenDocument"
    lines = [f"imported {doc.path.name} ({kind}{manager}) into {target}/"]
    by_origin: dict[str, list[str]] = {}
    for key, origin in imported.origins.items():
        by_origin.setdefault(origin, []).append(
            f"csl: {imported.metadata['csl']}" if key == "csl" else key)
    lines.append("  metadata.yaml  " + "; ".join(
        f"{', '.join(keys)} ({origin})" for origin, keys in by_origin.items()))
    files = [c.file for c in converted.chapters]
    lines.append(f"  chapters       {len(files)}: manuscript/" + ", ".join(files))
    if found.works:
        keys = [converted.keys[w] for w in found.works]
        lines.append(f"  bibliography   manuscript/bibliography.json, {len(keys)} works: "
                     + ", ".join(keys))
    for name in converted.images:
        lines.append(f"  image          manuscript/{name}")
    lines += kept(imported)
    lines += not_kept(imported)
    lines += counts_table(imported)
    return lines


def kept(imported: Imported) -> list[str]:
    """The report's 'kept:' lines."""
    c, changes = imported.converted, imported.converted.changes
    out = ["kept:"]
    if c.counts.notes:
        first = next(label for chapter in c.chapters for label in chapter.labels)
        out.append(f"  {c.counts.notes} footnote{'s' * (c.counts.notes != 1)} with labels from "
                   f"their first words ([^{first}])")
    if changes["citation notes"]:
        out.append(f"  {changes['citation notes']} notes that were only a citation are now the "
                   "citation, [@key, page] (the style sets each as a note again)")
    if c.counts.citations:
        out.append(f"  {c.counts.citations} citations with their page locators")
    if c.counts.tables:
        grid = changes["grid tables"]
        out.append(f"  {c.counts.tables} table{'s' * (c.counts.tables != 1)} with captions "
                   f"({c.counts.tables - grid} pipe, {grid} grid)")
    out.append("  lists, block quotes, emphasis, small caps, super- and subscripts, links")
    return out


def not_kept(imported: Imported) -> list[str]:
    """The report's 'not kept:' lines, and the hand-typed references to link."""
    doc, c = imported.document, imported.converted
    changes = c.changes
    items = [
        (changes["line breaks"], "manual line break", "manual line breaks", "now a space"),
        (doc.empty_paragraphs, "empty paragraph used as spacing",
         "empty paragraphs used as spacing", "dropped: the styles space the text"),
        (doc.direct_formatting, "run with a font, colour or size of its own",
         "runs with a font, colour or size of their own", "dropped: the styles set the type"),
        (changes["headings that skipped a level"], "heading that skipped a level",
         "headings that skipped a level", "now one level below the heading before it"),
        (changes["merged cells"], "merged table cell", "merged table cells",
         "kept in a grid table: check it"),
        (changes["tables given a header row"], "table without a header row",
         "tables without a header row", "its first row is now the header"),
        (changes["text before the first heading"] and 1, "chapter 'Introduction'", "",
         "made for the text before the first heading"),
        (changes["bibliographies"], "bibliography written by the reference manager",
         "bibliographies written by the reference manager",
         "replaced by the reading list samizdat makes (::: reading-list)"),
        (imported.fields.unreadable, "citation field whose data could not be read",
         "citation fields whose data could not be read", "left out: cite the works again"),
        (len(c.dropped_images), "image in a format e-readers do not show (EMF, WMF)",
         "images in formats e-readers do not show (EMF, WMF)",
         "left out: save them as PNG and add them"),
        (doc.changes, "tracked change", "tracked changes", "accepted (--accept-changes)"),
        (doc.comments, "comment", "comments", "dropped (--accept-changes)"),
    ]
    out = ["not kept:"] + [f"  {n} {one if n == 1 else many}: {outcome}"
                           for n, one, many, outcome in items if n]
    out += [f"  {note}" for note in imported.notes]
    if c.hand_typed:
        out.append(f"to link: {len(c.hand_typed)} hand-typed reference"
                   f"{'s' * (len(c.hand_typed) != 1)} in notes, left as text (write "
                   "[@key, page] to cite from the bibliography):")
        out += [f"  “{words[:90]}”" for words in c.hand_typed]
    return out if len(out) > 1 else []


def counts_table(imported: Imported) -> list[str]:
    """Paragraphs, notes, citations, images and tables: in the file, in the book."""
    file, book = imported.document.counts, imported.converted.counts
    citation_notes = imported.converted.changes["citation notes"]
    rows = [("paragraphs", file.paragraphs, book.paragraphs, ""),
            ("notes", file.notes, book.notes + citation_notes,
             f"({book.notes} footnotes, {citation_notes} citations)" if citation_notes else ""),
            ("citations", file.citations, book.citations, ""),
            ("images", file.images, book.images, ""),
            ("tables", file.tables, book.tables, "")]
    out = ["                in the file  in the book"]
    out += [f"  {name:<14}{a:>9}{b:>13}  {extra}".rstrip() for name, a, b, extra in rows]
    return out


def mismatches(imported: Imported) -> list[str]:
    """A sentence for each count the book does not match."""
    file, book = imported.document.counts, imported.converted.counts
    notes = book.notes + imported.converted.changes["citation notes"]
    images = book.images + len(imported.converted.dropped_images)
    out = []
    for name, a, b in (("paragraphs", file.paragraphs, book.paragraphs),
                       ("notes", file.notes, notes), ("citations", file.citations, book.citations),
                       ("images", file.images, images),
                       ("tables", file.tables, book.tables)):
        if a != b:
            out.append(f"the file has {a} {name}, the book {b}: compare them before handing "
                       "it out")
    return out
