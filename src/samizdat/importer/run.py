"""One import: the file checked and read, pandoc's reading converted, the folder written."""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..core.diagnostics import Location, fail
from ..core.metadata import slugify
from ..source.csl import bundled_style
from .container import Document, open_document
from .convert import Converted, Converter
from .fields import Fields, replace_fields
from .keys import assign_keys
from .markers import apply_marks
from .tree import text
from .writer import bibliography_json, chapter_markdown, check_target, render_metadata, write_folder

BIBLIOGRAPHY = "manuscript/bibliography.json"


@dataclass
class Imported:
    """What one import read and wrote, for the report."""
    document: Document
    fields: Fields
    converted: Converted
    metadata: dict
    origins: dict[str, str]
    files: list[str]
    notes: list[str] = field(default_factory=list)   # what the report adds in words


def import_document(source: Path, target: Path, accept_changes: bool = False) -> Imported:
    """Read the file and write the book folder; nothing is written on an error."""
    check_target(target)
    document = open_document(source)
    _check_changes(document, accept_changes)
    patched, found = replace_fields(document)
    if accept_changes and document.kind == "odt":
        patched = _accept_odt(patched)
    ast = _read(document, patched)
    if document.kind == "odt":
        ast["blocks"] = apply_marks(ast["blocks"], ast["meta"])
    keys = assign_keys(found.works)
    converted = Converter(found, keys, document.media).convert(ast["blocks"])
    values, origins, notes = _metadata(document, ast["meta"], bool(found.works))
    files = {"metadata.yaml": render_metadata(values, origins).encode("utf-8")}
    for chapter in converted.chapters:
        files[f"manuscript/{chapter.file}"] = chapter_markdown(
            chapter, ast["pandoc-api-version"]).encode("utf-8")
    if found.works:
        files[BIBLIOGRAPHY] = bibliography_json(found.works, keys).encode("utf-8")
    for name, (_, data) in converted.images.items():
        files[f"manuscript/{name}"] = data
    write_folder(target, files)
    return Imported(document, found, converted, values, origins, list(files), notes)


def _check_changes(document: Document, accept: bool) -> None:
    if accept or not (document.changes or document.comments):
        return
    what = [f"{n} tracked change{'s' if n != 1 else ''}" for n in [document.changes] if n]
    what += [f"{n} comment{'s' if n != 1 else ''}" for n in [document.comments] if n]
    raise fail("SZ706", f"{document.path} still has {' and '.join(what)}: accept or reject "
               "them in Word or LibreOffice first (Review > Accept / Reject, delete the "
               "comments), or import with --accept-changes to accept every change and drop "
               "the comments", Location(str(document.path)))


def _accept_odt(data: bytes) -> bytes:
    """Every tracked change accepted: the deleted text and the change marks go, as do
    comments."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "content.xml":
                text_ = content.decode("utf-8")
                text_ = re.sub(r"<text:tracked-changes\b.*?</text:tracked-changes>", "", text_,
                               flags=re.S)
                text_ = re.sub(r"<text:change(?:-start|-end)?\b[^>]*/>", "", text_)
                text_ = re.sub(r"<office:annotation\b.*?</office:annotation>", "", text_,
                               flags=re.S)
                text_ = re.sub(r"<office:annotation-end\b[^>]*/>", "", text_)
                content = text_.encode("utf-8")
            archive.writestr(info, content)
    return out.getvalue()


def _read(document: Document, data: bytes) -> dict:
    """Pandoc's reading of the (patched) file, as its JSON AST."""
    from ..pandoc.run import pandoc_path

    with tempfile.TemporaryDirectory(prefix="samizdat-import-") as folder:
        path = Path(folder) / f"document.{document.kind}"
        path.write_bytes(data)
        done = subprocess.run(
            [pandoc_path(), f"--from={document.kind}", "--to=json",
             "--track-changes=accept", str(path)],
            capture_output=True, timeout=300)
    if done.returncode:
        raise fail("SZ704", f"{document.path} could not be read: pandoc said "
                   f"{done.stderr.decode('utf-8', 'replace').strip()[:300]}",
                   Location(str(document.path)))
    return json.loads(done.stdout)


def _meta_text(meta: dict, name: str) -> str:
    value = meta.get(name)
    if value is None:
        return ""
    if value["t"] == "MetaList":
        return "; ".join(text(v["c"]) for v in value["c"])
    return text(value["c"]).strip() if value["t"] in ("MetaInlines", "MetaBlocks") else str(
        value["c"])


def _metadata(document: Document, meta: dict, cited: bool):
    """metadata.yaml's values and where each came from."""
    props, values, origins, notes = document.properties, {}, {}, []
    for name, style in (("title", "Title"), ("subtitle", "Subtitle"), ("author", "Author")):
        found = _meta_text(meta, name)
        if found:
            values[name], origins[name] = found, f"the {style} paragraph"
        elif props.get(name):
            values[name], origins[name] = props[name], "the document's properties"
    if "title" not in values:
        values["title"], origins["title"] = document.path.stem, "the file's name"
    date = _date(_meta_text(meta, "date")) or _date(props.get("date", ""))
    if date:
        values["date"] = date
        origins["date"] = ("the Date paragraph" if _date(_meta_text(meta, "date"))
                           else "the document's creation date")
    if props.get("lang"):
        values["lang"], origins["lang"] = props["lang"], "the document's language"
    if props.get("description"):
        values["description"], origins["description"] = props["description"], \
            "the document's properties"
    values["output"] = slugify(values["title"])[:60].strip("-") or "handout"
    if cited:
        values["bibliography"] = BIBLIOGRAPHY
        origins["bibliography"] = "the citation fields' data"
    if document.style:
        if bundled_style(document.style):
            values["csl"], origins["csl"] = document.style, "the document's Zotero preferences"
        else:
            notes.append(f"citation style '{document.style}' (Zotero's preferences) is not in "
                         "the bundled collection: the default style is used (put its .csl "
                         "file in the book and name it in metadata.yaml's csl)")
    return values, origins, notes


def _date(value: str) -> str | None:
    """YYYY-MM-DD from a date as Word or a person writes it."""
    value = value.strip()
    if re.match(r"\d{4}-\d{2}-\d{2}", value):
        return value[:10]
    for pattern in ("%d %B %Y", "%B %d, %Y", "%d.%m.%Y", "%d/%m/%Y", "%B %Y"):
        try:
            return datetime.strptime(value, pattern).strftime("%Y-%m-%d")
        except ValueError:
            continue
    return None
